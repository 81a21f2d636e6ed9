//! The official calendar, read from the database at most once a minute per process (it changes
//! only when an administrator adds a year; this process then forgets it at once, other instances
//! within the minute). Every deadline computation uses it instead of two reads per request.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::db::{DbError, DbPool, calendar};
use crate::domain::Calendar;

/// The cached calendar and when it was read.
pub struct CalendarCache {
    ttl: Duration,
    slot: Mutex<Option<(Arc<Calendar>, Instant)>>,
}

impl CalendarCache {
    /// A cache whose copy lives `ttl`.
    pub fn new(ttl: Duration) -> Self {
        CalendarCache {
            ttl,
            slot: Mutex::new(None),
        }
    }

    /// The calendar, read afresh when the copy is older than the time to live.
    pub async fn get(&self, pool: &DbPool) -> Result<Arc<Calendar>, DbError> {
        if let Ok(slot) = self.slot.lock()
            && let Some((cal, at)) = slot.as_ref()
            && at.elapsed() < self.ttl
        {
            return Ok(cal.clone());
        }
        let mut conn = pool.get().await?;
        let fresh = Arc::new(calendar::load(&mut conn).await?);
        if let Ok(mut slot) = self.slot.lock() {
            *slot = Some((fresh.clone(), Instant::now()));
        }
        Ok(fresh)
    }

    /// Forgets the copy (an administrator changed the calendar).
    pub fn forget(&self) {
        if let Ok(mut slot) = self.slot.lock() {
            *slot = None;
        }
    }
}
