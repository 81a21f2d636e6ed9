//! The read replica (issue #22): a PostgreSQL streaming standby that the public pages — the
//! announcement listing and feed, the personal lookup and certificate verification — read from,
//! so that a rush on them costs the primary nothing. A job checks the standby every quarter of a
//! second: it is used while it answers, is a standby, and has replayed what the primary had
//! written at the check — or lags by no more than the bound. Otherwise, and whenever it fails to
//! give a connection, the pages read from the primary. While the primary cannot be reached, a
//! standby that answers is used however far behind, so that the public pages stay up.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use diesel::QueryableByName;
use diesel::sql_types::{Bool, Double, Text};

use super::{DbConn, DbError, DbPool};

/// A connection for reads that may come from the standby: from `replica` while it is usable and
/// gives one, else from `primary`. Nothing may be written through it.
pub async fn read_conn(replica: Option<&Replica>, primary: &DbPool) -> Result<DbConn, DbError> {
    if let Some(replica) = replica
        && let Some(conn) = replica.conn().await
    {
        return Ok(conn);
    }
    Ok(primary.get().await?)
}

/// The standby's pool and whether it may be read now (shared by every worker's pool).
#[derive(Clone)]
pub struct Replica {
    pool: DbPool,
    usable: Arc<AtomicBool>,
}

#[derive(QueryableByName)]
struct PrimaryPosition {
    #[diesel(sql_type = Text)]
    lsn: String,
}

#[derive(QueryableByName)]
struct StandbyState {
    #[diesel(sql_type = Bool)]
    in_recovery: bool,
    #[diesel(sql_type = Bool)]
    caught_up: bool,
    #[diesel(sql_type = Double)]
    lag_ms: f64,
}

impl Replica {
    /// The standby reached through `pool`, not used until its first check.
    pub fn new(pool: DbPool) -> Self {
        Replica {
            pool,
            usable: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The same standby through another pool (each server worker has its own).
    pub fn with_pool(&self, pool: DbPool) -> Self {
        Replica {
            pool,
            usable: self.usable.clone(),
        }
    }

    /// Whether the public pages read from the standby now.
    pub fn usable(&self) -> bool {
        self.usable.load(Ordering::Relaxed)
    }

    /// A connection to the standby if it is usable and gives one.
    pub async fn conn(&self) -> Option<DbConn> {
        if !self.usable() {
            return None;
        }
        match self.pool.get().await {
            Ok(conn) => Some(conn),
            Err(_) => {
                self.usable.store(false, Ordering::Relaxed);
                None
            }
        }
    }

    /// Checks the standby against `primary` once and records whether it may be read.
    pub async fn check(&self, primary: &DbPool, max_lag: Duration) -> bool {
        let usable = self.judge(primary, max_lag).await.unwrap_or(false);
        self.usable.store(usable, Ordering::Relaxed);
        usable
    }

    async fn judge(&self, primary: &DbPool, max_lag: Duration) -> Result<bool, DbError> {
        use diesel_async::RunQueryDsl;
        let position = match primary.get().await {
            Ok(mut conn) => diesel::sql_query("SELECT pg_current_wal_lsn()::text AS lsn")
                .get_result::<PrimaryPosition>(&mut conn)
                .await
                .ok(),
            Err(_) => None,
        };
        let mut standby = self.pool.get().await?;
        let state: StandbyState = diesel::sql_query(
            "SELECT pg_is_in_recovery() AS in_recovery,
                    COALESCE(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS caught_up,
                    COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000,
                             'Infinity')::float8 AS lag_ms",
        )
        .bind::<Text, _>(position.as_ref().map_or("0/0", |p| p.lsn.as_str()))
        .get_result(&mut standby)
        .await?;
        // Nothing replayed since the standby started: how far behind it is is unknown.
        let within = state.lag_ms <= max_lag.as_secs_f64() * 1000.0;
        Ok(state.in_recovery && (position.is_none() || state.caught_up || within))
    }

    /// Checks the standby every `every` until the process ends.
    pub fn watch(self, primary: DbPool, max_lag: Duration, every: Duration) {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            let mut was = false;
            loop {
                tick.tick().await;
                let now = self.check(&primary, max_lag).await;
                if now != was {
                    tracing::info!(usable = now, "read replica");
                    was = now;
                }
            }
        });
    }
}
