//! Attempts counted in PostgreSQL in batches (issue #22). One task per app instance sends the
//! attempts that arrived while its previous statement ran, all in one statement
//! (`db::rate_limits::take`): a limit that every request shares (one address behind a proxy, or a
//! load generator) costs one row update per batch instead of one per request waiting on the
//! row's lock, and the count stays exact across instances, since each batch is counted in one
//! transaction on the shared table.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot};

use crate::db::DbPool;
use crate::db::rate_limits::{Granted, Wanted};

/// At most this many attempts in one statement.
const MOST: usize = 512;

/// What an attempt learns: `Ok(None)` allowed, `Ok(Some(when))` refused until `when`, `Err` the
/// database did not answer.
type Answer = Result<Option<DateTime<Utc>>, String>;

struct Attempt {
    key: String,
    interval_us: i64,
    burst_us: i64,
    answer: oneshot::Sender<Answer>,
}

/// Sends attempts to this instance's batching task.
#[derive(Clone)]
pub struct Batches(mpsc::Sender<Attempt>);

impl Batches {
    /// Starts the task (on the current Tokio runtime); it ends when every `Batches` is dropped.
    pub fn spawn(pool: DbPool) -> Self {
        let (send, receive) = mpsc::channel(8 * MOST);
        tokio::spawn(run(pool, receive));
        Batches(send)
    }

    /// Counts one attempt for `key` (see `db::rate_limits::take`).
    pub async fn attempt(&self, key: String, interval_us: i64, burst_us: i64) -> Answer {
        let (answer, told) = oneshot::channel();
        let attempt = Attempt {
            key,
            interval_us,
            burst_us,
            answer,
        };
        self.0
            .send(attempt)
            .await
            .map_err(|_| "the rate-limit task has stopped".to_owned())?;
        told.await
            .map_err(|_| "the rate-limit task has stopped".to_owned())?
    }
}

async fn run(pool: DbPool, mut receive: mpsc::Receiver<Attempt>) {
    let mut attempts = Vec::with_capacity(MOST);
    while receive.recv_many(&mut attempts, MOST).await > 0 {
        answer(&pool, std::mem::take(&mut attempts)).await;
    }
}

/// Counts one batch and tells each attempt: per key, the first `granted` in arrival order are
/// allowed.
async fn answer(pool: &DbPool, attempts: Vec<Attempt>) {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut wanted: Vec<Wanted<'_>> = Vec::new();
    for a in &attempts {
        let i = *index.entry(a.key.as_str()).or_insert_with(|| {
            wanted.push(Wanted {
                key: &a.key,
                interval_us: a.interval_us,
                burst_us: a.burst_us,
                attempts: 0,
            });
            wanted.len() - 1
        });
        wanted[i].attempts += 1;
    }
    let counted = count(pool, &wanted).await;
    let slots: Vec<usize> = attempts.iter().map(|a| index[a.key.as_str()]).collect();
    drop(wanted);
    match counted {
        Ok(mut granted) => {
            for (a, i) in attempts.into_iter().zip(slots) {
                let g: &mut Granted = &mut granted[i];
                let told = if g.granted > 0 {
                    g.granted -= 1;
                    None
                } else {
                    Some(g.again)
                };
                // The request may have gone (its client left): nothing to tell.
                let _ = a.answer.send(Ok(told));
            }
        }
        Err(e) => {
            for a in attempts {
                let _ = a.answer.send(Err(e.clone()));
            }
        }
    }
}

async fn count(pool: &DbPool, wanted: &[Wanted<'_>]) -> Result<Vec<Granted>, String> {
    let mut conn = pool.get().await.map_err(|e| e.to_string())?;
    crate::db::rate_limits::take(&mut conn, wanted)
        .await
        .map_err(|e| e.to_string())
}
