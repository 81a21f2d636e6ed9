//! Failed sign-in counting per key (a hash of the identifier typed, or of the client address).
//!
//! Counting by the identifier *typed* (not by account) throttles unknown and known identifiers
//! alike, so the answer never tells whether an account exists.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::login_throttle;

/// How many failures within `window` lock a key, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleRule {
    /// Failures allowed within the window; the next locks the key.
    pub max_failures: i32,
    /// Counting window.
    pub window: Duration,
    /// Lock length once the limit is reached.
    pub lock_for: Duration,
}

/// The latest moment the key is locked until, if it is locked at `now`.
pub async fn locked_until(
    conn: &mut AsyncPgConnection,
    keys: &[String],
    now: DateTime<Utc>,
) -> QueryResult<Option<DateTime<Utc>>> {
    let until: Option<Option<DateTime<Utc>>> = login_throttle::table
        .filter(login_throttle::key.eq_any(keys))
        .filter(login_throttle::locked_until.gt(now))
        .select(diesel::dsl::max(login_throttle::locked_until))
        .first(conn)
        .await
        .optional()?;
    Ok(until.flatten())
}

/// Records one failure for `key` at `now`; returns the lock end if this failure locked it.
pub async fn record_failure(
    conn: &mut AsyncPgConnection,
    key: &str,
    rule: ThrottleRule,
    now: DateTime<Utc>,
) -> QueryResult<Option<DateTime<Utc>>> {
    let window_cut = now - rule.window;
    let lock_until = now + rule.lock_for;
    // One statement: start a new window when the old one has passed, lock on reaching the limit.
    let sql = "INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
               VALUES ($1, 1, $2, CASE WHEN 1 >= $4 THEN $5 ELSE NULL END)
               ON CONFLICT (key) DO UPDATE SET
                 failures = CASE WHEN t.window_start < $3 THEN 1 ELSE t.failures + 1 END,
                 window_start = CASE WHEN t.window_start < $3 THEN $2 ELSE t.window_start END,
                 locked_until = CASE
                   WHEN (CASE WHEN t.window_start < $3 THEN 1 ELSE t.failures + 1 END) >= $4 THEN $5
                   ELSE t.locked_until END
               RETURNING locked_until";
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>)]
        locked_until: Option<DateTime<Utc>>,
    }
    let row: Row = diesel::sql_query(sql)
        .bind::<diesel::sql_types::Text, _>(key)
        .bind::<diesel::sql_types::Timestamptz, _>(now)
        .bind::<diesel::sql_types::Timestamptz, _>(window_cut)
        .bind::<diesel::sql_types::Integer, _>(rule.max_failures)
        .bind::<diesel::sql_types::Timestamptz, _>(lock_until)
        .get_result(conn)
        .await?;
    Ok(row.locked_until.filter(|t| *t > now))
}

/// Forgets the failures of `key` (after a successful sign-in).
pub async fn clear(conn: &mut AsyncPgConnection, key: &str) -> QueryResult<()> {
    diesel::delete(login_throttle::table.find(key))
        .execute(conn)
        .await
        .map(|_| ())
}
