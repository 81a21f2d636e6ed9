//! Rate limits kept in PostgreSQL (`rate_limits`), so that every app instance counts against the
//! same limit: the generic cell rate algorithm, one statement per batch of attempts.

use chrono::{DateTime, Utc};
use diesel::sql_types::{Array, BigInt, Integer, Text, Timestamptz};
use diesel::{QueryResult, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

#[derive(QueryableByName)]
struct Taken {
    #[diesel(sql_type = Text)]
    limit_key: String,
    #[diesel(sql_type = Integer)]
    granted: i32,
    #[diesel(sql_type = Timestamptz)]
    again: DateTime<Utc>,
}

/// One key's attempts in a batch.
pub struct Wanted<'a> {
    /// The key (a hash, with the limit's name).
    pub key: &'a str,
    /// One attempt is allowed every this many microseconds...
    pub interval_us: i64,
    /// ...with a burst of `burst_us / interval_us`.
    pub burst_us: i64,
    /// How many attempts arrived.
    pub attempts: i32,
}

/// How one key's attempts were counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Granted {
    /// The first this many attempts are allowed (and counted); the rest are refused.
    pub granted: i32,
    /// When the next attempt would be allowed.
    pub again: DateTime<Utc>,
}

/// Counts the attempts of many keys in one statement (`rate_limit_take`, migration 029), in
/// the order of `wanted`. Each key must appear once.
pub async fn take(
    conn: &mut AsyncPgConnection,
    wanted: &[Wanted<'_>],
) -> QueryResult<Vec<Granted>> {
    let rows: Vec<Taken> =
        diesel::sql_query("SELECT limit_key, granted, again FROM rate_limit_take($1, $2, $3, $4)")
            .bind::<Array<Text>, _>(wanted.iter().map(|w| w.key).collect::<Vec<_>>())
            .bind::<Array<BigInt>, _>(wanted.iter().map(|w| w.interval_us).collect::<Vec<_>>())
            .bind::<Array<BigInt>, _>(wanted.iter().map(|w| w.burst_us).collect::<Vec<_>>())
            .bind::<Array<Integer>, _>(wanted.iter().map(|w| w.attempts).collect::<Vec<_>>())
            .load(conn)
            .await?;
    let mut by_key: std::collections::HashMap<String, Granted> = rows
        .into_iter()
        .map(|r| {
            let g = Granted {
                granted: r.granted,
                again: r.again,
            };
            (r.limit_key, g)
        })
        .collect();
    wanted
        .iter()
        .map(|w| by_key.remove(w.key).ok_or(diesel::result::Error::NotFound))
        .collect()
}

/// Forgets keys whose state is as fresh as a new one's.
pub async fn forget_idle(conn: &mut AsyncPgConnection) -> QueryResult<usize> {
    diesel::sql_query("DELETE FROM rate_limits WHERE tat < now()")
        .execute(conn)
        .await
}
