//! Rate limits kept in PostgreSQL (`rate_limits`), so that every app instance counts against the
//! same limit: the generic cell rate algorithm, one statement per batch of attempts.

use chrono::{DateTime, Utc};
use diesel::sql_types::{Array, BigInt, Integer, Text, Timestamptz};
use diesel::{QueryResult, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

#[derive(QueryableByName)]
struct Taken {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = Integer)]
    granted: i32,
    #[diesel(sql_type = Timestamptz)]
    tat: DateTime<Utc>,
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

/// Counts the attempts of many keys in one statement, in the order of `wanted` (each key once).
/// A key's `attempts` fit while `max(tat, now) + k * interval <= now + burst`; the first `k` are
/// granted and `tat` moves on by `k` intervals. Rows are written in the keys' sorted order, so
/// that two instances' batches never wait on each other in a circle; a row being written by
/// another batch is waited for and then counted from its new state.
pub async fn take(
    conn: &mut AsyncPgConnection,
    wanted: &[Wanted<'_>],
) -> QueryResult<Vec<Granted>> {
    let rows: Vec<Taken> = diesel::sql_query(
        "WITH asked AS (
              SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::int[])
                         AS a(key, iv, b, n))
         INSERT INTO rate_limits AS r (key, tat, granted)
              SELECT a.key, now() + LEAST(a.n, a.b / a.iv) * a.iv * interval '1 microsecond',
                     LEAST(a.n, a.b / a.iv)
                FROM asked a
            ORDER BY a.key
         ON CONFLICT (key) DO UPDATE
                 SET (tat, granted) = (
                     SELECT GREATEST(r.tat, now()) + x.g * a.iv * interval '1 microsecond', x.g
                       FROM asked a,
                            LATERAL (SELECT GREATEST(0, LEAST(a.n::bigint,
                                       ((extract(epoch FROM now() - GREATEST(r.tat, now()))
                                         * 1000000)::bigint + a.b) / a.iv))::int AS g) x
                      WHERE a.key = r.key)
           RETURNING r.key, r.granted, r.tat",
    )
    .bind::<Array<Text>, _>(wanted.iter().map(|w| w.key).collect::<Vec<_>>())
    .bind::<Array<BigInt>, _>(wanted.iter().map(|w| w.interval_us).collect::<Vec<_>>())
    .bind::<Array<BigInt>, _>(wanted.iter().map(|w| w.burst_us).collect::<Vec<_>>())
    .bind::<Array<Integer>, _>(wanted.iter().map(|w| w.attempts).collect::<Vec<_>>())
    .load(conn)
    .await?;
    let mut by_key: std::collections::HashMap<String, Taken> =
        rows.into_iter().map(|r| (r.key.clone(), r)).collect();
    wanted
        .iter()
        .map(|w| {
            let r = by_key
                .remove(w.key)
                .ok_or(diesel::result::Error::NotFound)?;
            Ok(Granted {
                granted: r.granted,
                // Allowed again once one more interval fits in the burst.
                again: r.tat + chrono::Duration::microseconds(w.interval_us - w.burst_us),
            })
        })
        .collect()
}

/// Forgets keys whose state is as fresh as a new one's.
pub async fn forget_idle(conn: &mut AsyncPgConnection) -> QueryResult<usize> {
    // Rows a batch is counting are skipped, never waited for.
    diesel::sql_query(
        "DELETE FROM rate_limits WHERE key IN (
              SELECT key FROM rate_limits WHERE tat < now() FOR UPDATE SKIP LOCKED)",
    )
    .execute(conn)
    .await
}
