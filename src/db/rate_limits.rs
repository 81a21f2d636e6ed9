//! Rate limits kept in PostgreSQL (`rate_limits`), so that every app instance counts against the
//! same limit: the generic cell rate algorithm, one statement per batch of attempts.

use std::collections::HashMap;

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
    /// 1: a first key; 2: a chained attempt's second key.
    #[diesel(sql_type = Integer)]
    phase: i32,
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

/// An attempt counted against a second key only if its first key allows it (the personal
/// lookup: per ID number only when the address is within its limit, so that nobody past their own
/// limit spends someone else's).
pub struct Chained<'a> {
    /// The first key (also among the batch's `Wanted`, with this attempt counted there).
    pub first: &'a str,
    /// The attempt's place among the first key's attempts in this batch (0 for the first): it
    /// passes the first key when `rank < granted` there.
    pub rank: i32,
    /// The second key: a limit of its own, never a first key in any batch.
    pub key: &'a str,
    /// The second limit's interval...
    pub interval_us: i64,
    /// ...and burst.
    pub burst_us: i64,
}

/// The GCRA upsert of one set of keys, `$asked` a CTE of `(key, iv, b, n)`: a key's `n` attempts
/// fit while `max(tat, now) + k * interval <= now + burst`; the first `k` are granted and `tat`
/// moves on by `k` intervals. Rows are written in the keys' sorted order.
macro_rules! upsert {
    ($asked:literal) => {
        concat!(
            "INSERT INTO rate_limits AS r (key, tat, granted)
                  SELECT a.key, now() + LEAST(a.n, a.b / a.iv) * a.iv * interval '1 microsecond',
                         LEAST(a.n, a.b / a.iv)
                    FROM ", $asked, " a
                ORDER BY a.key
             ON CONFLICT (key) DO UPDATE
                     SET (tat, granted) = (
                         SELECT GREATEST(r.tat, now()) + x.g * a.iv * interval '1 microsecond', x.g
                           FROM ", $asked, " a,
                                LATERAL (SELECT GREATEST(0, LEAST(a.n::bigint,
                                           ((extract(epoch FROM now() - GREATEST(r.tat, now()))
                                             * 1000000)::bigint + a.b) / a.iv))::int AS g) x
                          WHERE a.key = r.key)
               RETURNING r.key, r.granted, r.tat"
        )
    };
}

/// The statement of [`take`], its parameters in the order they appear. A type of its own (not
/// `sql_query`, which diesel never prepares) so that each connection prepares it once: planning
/// it took longer than running it (0.25 ms against 0.23 ms for one of its two upserts).
struct Take<'a> {
    keys: Vec<&'a str>,
    intervals: Vec<i64>,
    bursts: Vec<i64>,
    attempts: Vec<i32>,
    chained_first: Vec<&'a str>,
    chained_rank: Vec<i32>,
    chained_key: Vec<&'a str>,
    chained_interval: Vec<i64>,
    chained_burst: Vec<i64>,
}

impl diesel::query_builder::QueryId for Take<'_> {
    type QueryId = Take<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl diesel::query_builder::Query for Take<'_> {
    type SqlType = diesel::sql_types::Untyped;
}

impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for Take<'_> {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        out.push_sql("WITH asked AS (SELECT * FROM unnest(");
        out.push_bind_param::<Array<Text>, _>(&self.keys)?;
        out.push_sql("::text[], ");
        out.push_bind_param::<Array<BigInt>, _>(&self.intervals)?;
        out.push_sql("::bigint[], ");
        out.push_bind_param::<Array<BigInt>, _>(&self.bursts)?;
        out.push_sql("::bigint[], ");
        out.push_bind_param::<Array<Integer>, _>(&self.attempts)?;
        out.push_sql(concat!(
            "::int[]) AS a(key, iv, b, n)),
              first AS (",
            upsert!("asked"),
            "),
              chained AS (SELECT * FROM unnest("
        ));
        out.push_bind_param::<Array<Text>, _>(&self.chained_first)?;
        out.push_sql("::text[], ");
        out.push_bind_param::<Array<Integer>, _>(&self.chained_rank)?;
        out.push_sql("::int[], ");
        out.push_bind_param::<Array<Text>, _>(&self.chained_key)?;
        out.push_sql("::text[], ");
        out.push_bind_param::<Array<BigInt>, _>(&self.chained_interval)?;
        out.push_sql("::bigint[], ");
        out.push_bind_param::<Array<BigInt>, _>(&self.chained_burst)?;
        out.push_sql(concat!(
            "::bigint[]) AS c(first_key, rank, key, iv, b)),
              passed AS (
              SELECT c.key, min(c.iv) AS iv, min(c.b) AS b, count(*)::int AS n
                FROM chained c JOIN first f ON f.key = c.first_key
               WHERE c.rank < f.granted
            GROUP BY c.key),
              second AS (",
            upsert!("passed"),
            ")
         SELECT key, granted, tat, 1 AS phase FROM first
          UNION ALL
         SELECT key, granted, tat, 2 AS phase FROM second",
        ));
        Ok(())
    }
}

/// Counts the attempts of many keys in one statement: `wanted` (each key once), then the
/// `chained` attempts that their first key allowed against their second keys. Returns how each
/// of `wanted` was counted, in order, and how each second key was (by key). A second key's row is
/// written after every first key's, each set in sorted order, and the two sets never share a key:
/// so two instances' batches never wait on each other in a circle; a row being written by
/// another batch is waited for and then counted from its new state.
pub async fn take(
    conn: &mut AsyncPgConnection,
    wanted: &[Wanted<'_>],
    chained: &[Chained<'_>],
) -> QueryResult<(Vec<Granted>, HashMap<String, Granted>)> {
    let rows: Vec<Taken> = Take {
        keys: wanted.iter().map(|w| w.key).collect(),
        intervals: wanted.iter().map(|w| w.interval_us).collect(),
        bursts: wanted.iter().map(|w| w.burst_us).collect(),
        attempts: wanted.iter().map(|w| w.attempts).collect(),
        chained_first: chained.iter().map(|c| c.first).collect(),
        chained_rank: chained.iter().map(|c| c.rank).collect(),
        chained_key: chained.iter().map(|c| c.key).collect(),
        chained_interval: chained.iter().map(|c| c.interval_us).collect(),
        chained_burst: chained.iter().map(|c| c.burst_us).collect(),
    }
    .load(conn)
    .await?;
    let (first, second): (Vec<Taken>, Vec<Taken>) = rows.into_iter().partition(|r| r.phase == 1);
    let mut by_key: HashMap<String, Taken> =
        first.into_iter().map(|r| (r.key.clone(), r)).collect();
    let counted = wanted
        .iter()
        .map(|w| {
            let r = by_key
                .remove(w.key)
                .ok_or(diesel::result::Error::NotFound)?;
            Ok(r.granted_with(w.interval_us, w.burst_us))
        })
        .collect::<QueryResult<Vec<_>>>()?;
    let limits: HashMap<&str, &Chained<'_>> = chained.iter().map(|c| (c.key, c)).collect();
    let mut seconds = HashMap::new();
    for r in second {
        let c = limits
            .get(r.key.as_str())
            .ok_or(diesel::result::Error::NotFound)?;
        seconds.insert(r.key.clone(), r.granted_with(c.interval_us, c.burst_us));
    }
    Ok((counted, seconds))
}

impl Taken {
    fn granted_with(&self, interval_us: i64, burst_us: i64) -> Granted {
        Granted {
            granted: self.granted,
            // Allowed again once one more interval fits in the burst.
            again: self.tat + chrono::Duration::microseconds(interval_us - burst_us),
        }
    }
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
