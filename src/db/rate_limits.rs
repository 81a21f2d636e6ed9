//! Rate limits kept in PostgreSQL (`rate_limits`), so that every app instance counts against the
//! same limit: the generic cell rate algorithm, one statement per check.

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Text, Timestamptz};
use diesel::{QueryResult, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

#[derive(QueryableByName)]
struct Tat {
    #[diesel(sql_type = Timestamptz)]
    at: DateTime<Utc>,
}

/// Counts one attempt for `key` where one is allowed every `interval_us` microseconds with a
/// burst of `burst_us / interval_us`: `Ok(None)` when allowed (and counted), `Ok(Some(when))`
/// when refused (not counted) and allowed again at `when`.
pub async fn check(
    conn: &mut AsyncPgConnection,
    key: &str,
    interval_us: i64,
    burst_us: i64,
) -> QueryResult<Option<DateTime<Utc>>> {
    let counted: Vec<Tat> = diesel::sql_query(
        "INSERT INTO rate_limits AS r (key, tat)
              VALUES ($1, now() + $2 * interval '1 microsecond')
         ON CONFLICT (key) DO UPDATE
                 SET tat = GREATEST(r.tat, now()) + $2 * interval '1 microsecond'
               WHERE GREATEST(r.tat, now()) + $2 * interval '1 microsecond'
                     <= now() + $3 * interval '1 microsecond'
           RETURNING tat AS at",
    )
    .bind::<Text, _>(key)
    .bind::<BigInt, _>(interval_us)
    .bind::<BigInt, _>(burst_us)
    .load(conn)
    .await?;
    if !counted.is_empty() {
        return Ok(None);
    }
    let again: Tat = diesel::sql_query(
        "SELECT tat - ($2 - $1) * interval '1 microsecond' AS at FROM rate_limits WHERE key = $3",
    )
    .bind::<BigInt, _>(interval_us)
    .bind::<BigInt, _>(burst_us)
    .bind::<Text, _>(key)
    .get_result(conn)
    .await?;
    Ok(Some(again.at))
}

/// Forgets keys whose state is as fresh as a new one's.
pub async fn forget_idle(conn: &mut AsyncPgConnection) -> QueryResult<usize> {
    diesel::sql_query("DELETE FROM rate_limits WHERE tat < now()")
        .execute(conn)
        .await
}
