//! Bounded work (issue #22): at most a few of one kind of heavy work at once — password hashes,
//! card renders — each waiting at most a set time for its turn, then refused (answered 503 with
//! `Retry-After`), so that a rush of it cannot take every core from the pages that need none.

use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

/// At most `parallel` at once; the rest wait in line at most `queue`.
pub struct Gate {
    permits: Semaphore,
    queue: Duration,
}

impl Gate {
    /// At most `parallel` (at least 1) at once, each waiting at most `queue`.
    pub fn new(parallel: usize, queue: Duration) -> Self {
        Gate {
            permits: Semaphore::new(parallel.max(1)),
            queue,
        }
    }

    /// A turn, held until the permit is dropped; `None` when none came within the queue time.
    pub async fn enter(&self) -> Option<SemaphorePermit<'_>> {
        match tokio::time::timeout(self.queue, self.permits.acquire()).await {
            Ok(Ok(permit)) => Some(permit),
            _ => None,
        }
    }
}
