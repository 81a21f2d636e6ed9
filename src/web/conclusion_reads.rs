//! The personal lookup's reads, in batches (issue #22): one task per app instance reads the
//! conclusions of the lookups that arrived while its previous statement ran, all in one statement
//! (`db::publications::conclusions_of`), from the read replica while it is usable, else from the
//! primary. A rush of lookups then costs the database one statement per batch instead of one per
//! lookup — most of a lookup's statement is the round trip, not the row.

use std::collections::HashMap;

use tokio::sync::{mpsc, oneshot};

use crate::db::DbPool;
use crate::db::publications::{self, Conclusion};
use crate::db::replica::Replica;

/// At most this many ID numbers in one statement.
const MOST: usize = 256;

/// What a read learns: the conclusion (if any), or why the database did not answer.
type Answer = Result<Option<Conclusion>, String>;

/// Sends reads to this instance's batching task.
#[derive(Clone)]
pub struct ConclusionReads(mpsc::Sender<(String, oneshot::Sender<Answer>)>);

/// The conclusions could not be read.
#[derive(Debug, thiserror::Error)]
#[error("conclusion reads: {0}")]
pub struct ReadError(String);

impl ConclusionReads {
    /// Starts the task (on the current Tokio runtime), reading from `replica` while it is usable
    /// and from `pool` otherwise; it ends when every `ConclusionReads` is dropped.
    pub fn spawn(pool: DbPool, replica: Option<Replica>) -> Self {
        let (send, receive) = mpsc::channel(8 * MOST);
        tokio::spawn(run(pool, replica, receive));
        ConclusionReads(send)
    }

    /// The latest conclusion for the person with `id_number` (as `conclusion_of` reads it).
    pub async fn read(&self, id_number: &str) -> Result<Option<Conclusion>, ReadError> {
        let (answer, told) = oneshot::channel();
        let stopped = || ReadError("the reading task has stopped".to_owned());
        self.0
            .send((id_number.to_owned(), answer))
            .await
            .map_err(|_| stopped())?;
        told.await.map_err(|_| stopped())?.map_err(ReadError)
    }
}

async fn run(
    pool: DbPool,
    replica: Option<Replica>,
    mut receive: mpsc::Receiver<(String, oneshot::Sender<Answer>)>,
) {
    let mut asked = Vec::with_capacity(MOST);
    while receive.recv_many(&mut asked, MOST).await > 0 {
        let batch = std::mem::take(&mut asked);
        let mut ids: Vec<String> = batch.iter().map(|(id, _)| id.clone()).collect();
        ids.sort_unstable();
        ids.dedup();
        match read(&pool, replica.as_ref(), &ids).await {
            Ok(found) => {
                for (id, answer) in batch {
                    // The request may have gone (its client left): nothing to tell.
                    let _ = answer.send(Ok(found.get(&id).cloned()));
                }
            }
            Err(e) => {
                for (_, answer) in batch {
                    let _ = answer.send(Err(e.clone()));
                }
            }
        }
    }
}

async fn read(
    pool: &DbPool,
    replica: Option<&Replica>,
    ids: &[String],
) -> Result<HashMap<String, Conclusion>, String> {
    let mut conn = crate::db::replica::read_conn(replica, pool)
        .await
        .map_err(|e| e.to_string())?;
    let rows = publications::conclusions_of(&mut conn, ids)
        .await
        .map_err(|e| e.to_string())?;
    Ok(rows.into_iter().collect())
}
