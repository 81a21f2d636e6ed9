//! Identical reads asked for at the same moment share one statement (issue #22): on the day
//! results are published many people open their county's first announcement page at once, and a
//! request that finds the same read (same page, filters and day) already under way waits for its
//! answer instead of sending a statement of its own. Nothing is kept once a read has answered: a
//! request arriving after that reads anew, so a page can miss only a change committed while the
//! statement it shared was running — as it would have, had it come a moment earlier.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

/// The reads under way, by what they read.
pub struct Flights<K, V> {
    in_flight: Mutex<HashMap<K, Arc<OnceCell<V>>>>,
}

impl<K, V> Default for Flights<K, V> {
    fn default() -> Self {
        Flights {
            in_flight: Mutex::new(HashMap::new()),
        }
    }
}

/// One caller's part in a read: takes the read off the list when it has answered, or when its
/// last caller has gone (a cancelled caller's read is taken over by the next one waiting).
struct Part<'a, K: Eq + Hash, V> {
    flights: &'a Flights<K, V>,
    key: K,
    read: Arc<OnceCell<V>>,
}

impl<K: Eq + Hash, V> Drop for Part<'_, K, V> {
    fn drop(&mut self) {
        let mut in_flight = self.flights.lock();
        // Only the list and this part hold it: nobody else waits.
        let alone = Arc::strong_count(&self.read) <= 2;
        if let Some(read) = in_flight.get(&self.key)
            && Arc::ptr_eq(read, &self.read)
            && (self.read.initialized() || alone)
        {
            in_flight.remove(&self.key);
        }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Flights<K, V> {
    /// The answer of `read` for `key`: of the read for `key` already under way, if there is one,
    /// else of this one (which others asking meanwhile then share).
    pub async fn share<F>(&self, key: K, read: impl FnOnce() -> F) -> V
    where
        F: Future<Output = V>,
    {
        let shared = self.lock().entry(key.clone()).or_default().clone();
        let part = Part {
            flights: self,
            key,
            read: shared,
        };
        part.read.get_or_init(read).await.clone()
    }
}

impl<K, V> Flights<K, V> {
    /// How many reads are under way.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no read is under way.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Arc<OnceCell<V>>>> {
        // A panic while the lock was held leaves the map as consistent as before it.
        self.in_flight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use futures_util::FutureExt;

    use super::*;

    #[tokio::test]
    async fn reads_asked_for_at_once_run_once_and_a_later_one_runs_again() {
        let flights: Flights<&str, u32> = Flights::default();
        let runs = AtomicUsize::new(0);
        let (open, gate) = tokio::sync::watch::channel(false);
        let read = || {
            let mut gate = gate.clone();
            let runs = &runs;
            async move {
                runs.fetch_add(1, Ordering::SeqCst);
                gate.wait_for(|open| *open).await.unwrap();
                7
            }
        };
        let callers = (0..10).map(|_| flights.share("page 1", read));
        // Every caller is polled (and waits) before the gate opens.
        let opener = async {
            tokio::task::yield_now().await;
            assert_eq!(flights.len(), 1);
            open.send(true).unwrap();
        };
        let (answers, ()) = tokio::join!(futures_util::future::join_all(callers), opener);
        assert_eq!(answers, vec![7; 10]);
        assert_eq!(runs.load(Ordering::SeqCst), 1, "one read for ten callers");
        assert!(flights.is_empty(), "nothing kept once answered");
        assert_eq!(flights.share("page 1", read).await, 7);
        assert_eq!(runs.load(Ordering::SeqCst), 2, "a later caller reads anew");
    }

    #[tokio::test]
    async fn different_reads_do_not_share() {
        let flights: Flights<u32, u32> = Flights::default();
        let (a, b) = tokio::join!(
            flights.share(1, || async { 1 }),
            flights.share(2, || async { 2 })
        );
        assert_eq!((a, b), (1, 2));
    }

    #[tokio::test]
    async fn a_caller_that_goes_takes_its_read_along_unless_another_waits() {
        let flights: Flights<&str, u32> = Flights::default();
        // Alone: dropped while reading, nothing is left behind.
        {
            let mut pending = std::pin::pin!(flights.share("page", std::future::pending::<u32>));
            assert!(pending.as_mut().now_or_never().is_none());
            assert_eq!(flights.len(), 1);
        }
        assert!(flights.is_empty());
        // With another waiting: the read stays, and the one waiting reads it itself.
        let mut first = Box::pin(flights.share("page", std::future::pending::<u32>));
        let mut second = std::pin::pin!(flights.share("page", || async { 9 }));
        assert!(first.as_mut().now_or_never().is_none());
        assert!(second.as_mut().now_or_never().is_none());
        drop(first);
        assert_eq!(flights.len(), 1, "the second still waits");
        assert_eq!(second.await, 9);
        assert!(flights.is_empty());
    }
}
