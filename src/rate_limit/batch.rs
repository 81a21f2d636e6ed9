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
use crate::db::rate_limits::{Chained, Granted, Wanted};

/// At most this many attempts in one statement.
const MOST: usize = 512;

/// What an attempt learns: `Ok(None)` allowed, `Ok(Some(when))` refused until `when`, `Err` the
/// database did not answer.
type Answer = Result<Option<DateTime<Utc>>, String>;

struct Attempt {
    key: String,
    interval_us: i64,
    burst_us: i64,
    /// A second key counted only if `key` allows the attempt: the key, interval and burst.
    then: Option<(String, i64, i64)>,
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

    /// Counts one attempt for `key` and, if `key` allows it, for `then`'s key (interval and
    /// burst with it) in the same statement (see `db::rate_limits::take`).
    pub async fn attempt(
        &self,
        key: String,
        interval_us: i64,
        burst_us: i64,
        then: Option<(String, i64, i64)>,
    ) -> Answer {
        let (answer, told) = oneshot::channel();
        let attempt = Attempt {
            key,
            interval_us,
            burst_us,
            then,
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
/// allowed; of those with a second key, per second key the first `granted` there.
async fn answer(pool: &DbPool, attempts: Vec<Attempt>) {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut wanted: Vec<Wanted<'_>> = Vec::new();
    let mut chained: Vec<Chained<'_>> = Vec::new();
    let mut slots = Vec::with_capacity(attempts.len());
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
        if let Some((key, interval_us, burst_us)) = &a.then {
            chained.push(Chained {
                first: &a.key,
                rank: wanted[i].attempts,
                key,
                interval_us: *interval_us,
                burst_us: *burst_us,
            });
        }
        wanted[i].attempts += 1;
        slots.push(i);
    }
    let counted = count(pool, &wanted, &chained).await;
    drop((wanted, chained));
    match counted {
        Ok((mut granted, mut seconds)) => {
            for (a, i) in attempts.into_iter().zip(slots) {
                let g: &mut Granted = &mut granted[i];
                let told: Answer = if g.granted > 0 {
                    g.granted -= 1;
                    // Passed the first key: the second decides, in the same arrival order.
                    match &a.then {
                        None => Ok(None),
                        Some((key, ..)) => match seconds.get_mut(key) {
                            Some(second) if second.granted > 0 => {
                                second.granted -= 1;
                                Ok(None)
                            }
                            Some(second) => Ok(Some(second.again)),
                            None => Err("a second key was not counted".to_owned()),
                        },
                    }
                } else {
                    Ok(Some(g.again))
                };
                // The request may have gone (its client left): nothing to tell.
                let _ = a.answer.send(told);
            }
        }
        Err(e) => {
            for a in attempts {
                let _ = a.answer.send(Err(e.clone()));
            }
        }
    }
}

/// How `wanted` was counted, in order, and the second keys of `chained`, by key.
type Counted = (Vec<Granted>, HashMap<String, Granted>);

async fn count(
    pool: &DbPool,
    wanted: &[Wanted<'_>],
    chained: &[Chained<'_>],
) -> Result<Counted, String> {
    let mut conn = pool.get().await.map_err(|e| e.to_string())?;
    crate::db::rate_limits::take(&mut conn, wanted, chained)
        .await
        .map_err(|e| e.to_string())
}
