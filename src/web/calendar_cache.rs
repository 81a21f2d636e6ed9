//! The official calendar, read from the database at most once a minute per process (it changes
//! only when an administrator adds a year; this process then forgets it at once, other instances
//! within the minute). Every deadline computation uses it instead of two reads per request.
//!
//! When the copy is older than a minute, one request reads it afresh while the others go on
//! with the copy they have: the requests in flight at that moment do not all read the calendar
//! (and take a pooled connection each) at once.

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::db::{DbError, DbPool, calendar};
use crate::domain::Calendar;

/// The cached calendar and when it was read.
pub struct CalendarCache {
    ttl: Duration,
    slot: Mutex<Slot>,
}

#[derive(Default)]
struct Slot {
    copy: Option<(Arc<Calendar>, Instant)>,
    /// A request is reading a stale copy afresh.
    refreshing: bool,
    /// Counts `forget`s: a read begun before one is not kept.
    generation: u64,
}

/// Ends a refresh however the reading request ends (a client that goes away drops it midway).
struct Refresh<'a> {
    cache: &'a CalendarCache,
    generation: u64,
}

impl Drop for Refresh<'_> {
    fn drop(&mut self) {
        let mut slot = self.cache.slot();
        if slot.generation == self.generation {
            slot.refreshing = false;
        }
    }
}

impl CalendarCache {
    /// A cache whose copy lives `ttl`.
    pub fn new(ttl: Duration) -> Self {
        CalendarCache {
            ttl,
            slot: Mutex::default(),
        }
    }

    fn slot(&self) -> MutexGuard<'_, Slot> {
        // The slot is left consistent at every step, so a panic elsewhere cannot spoil it.
        self.slot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The calendar, read afresh when the copy is older than the time to live.
    pub async fn get(&self, pool: &DbPool) -> Result<Arc<Calendar>, DbError> {
        self.get_or_read(async {
            let mut conn = pool.get().await?;
            Ok::<_, DbError>(calendar::load(&mut conn).await?)
        })
        .await
    }

    /// The copy if fresh, or if another request is already reading it afresh; otherwise `read`.
    async fn get_or_read<E>(
        &self,
        read: impl Future<Output = Result<Calendar, E>>,
    ) -> Result<Arc<Calendar>, E> {
        let refresh = {
            let mut slot = self.slot();
            if let Some((cal, at)) = &slot.copy
                && (at.elapsed() < self.ttl || slot.refreshing)
            {
                return Ok(cal.clone());
            }
            slot.refreshing = true;
            Refresh {
                cache: self,
                generation: slot.generation,
            }
        };
        let fresh = Arc::new(read.await?);
        let mut slot = self.slot();
        if slot.generation == refresh.generation {
            slot.copy = Some((fresh.clone(), Instant::now()));
        }
        drop(slot);
        drop(refresh);
        Ok(fresh)
    }

    /// Forgets the copy (an administrator changed the calendar).
    pub fn forget(&self) {
        let mut slot = self.slot();
        slot.copy = None;
        slot.refreshing = false;
        slot.generation += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::working_days::DayKind;
    use chrono::NaiveDate;

    /// A calendar whose one holiday is 2026-10-`holiday` (a weekday from the 5th to the 9th).
    fn calendar(holiday: u32) -> Calendar {
        let day = NaiveDate::from_ymd_opt(2026, 10, holiday).unwrap();
        Calendar::new([(day, DayKind::Holiday)], [2026])
    }

    /// Which copy a calendar is: its holiday in the week of 5–9 October 2026.
    fn holiday_of(cal: &Calendar) -> u32 {
        (5..=9)
            .find(|d| !cal.is_working_day(NaiveDate::from_ymd_opt(2026, 10, *d).unwrap()))
            .unwrap()
    }

    async fn read(holiday: u32) -> Result<Calendar, ()> {
        Ok(calendar(holiday))
    }

    #[tokio::test]
    async fn a_fresh_copy_is_used_and_a_stale_one_read_again() {
        let cache = CalendarCache::new(Duration::from_millis(50));
        assert_eq!(holiday_of(&cache.get_or_read(read(8)).await.unwrap()), 8);
        assert_eq!(holiday_of(&cache.get_or_read(read(9)).await.unwrap()), 8);
        tokio::time::sleep(Duration::from_millis(60)).await;
        assert_eq!(holiday_of(&cache.get_or_read(read(9)).await.unwrap()), 9);
    }

    #[tokio::test]
    async fn while_one_request_reads_a_stale_copy_the_others_use_it() {
        let cache = CalendarCache::new(Duration::ZERO);
        cache.get_or_read(read(8)).await.unwrap();
        let (release, wait) = tokio::sync::oneshot::channel::<()>();
        let slow = cache.get_or_read(async {
            wait.await.ok();
            read(9).await
        });
        let others = async {
            tokio::task::yield_now().await;
            let cal = cache.get_or_read(read(7)).await.unwrap();
            release.send(()).unwrap();
            holiday_of(&cal)
        };
        let (slow, other) = tokio::join!(slow, others);
        assert_eq!(other, 8, "the stale copy, without a second read");
        assert_eq!(holiday_of(&slow.unwrap()), 9);
    }

    #[tokio::test]
    async fn a_read_dropped_midway_lets_the_next_request_read() {
        let cache = CalendarCache::new(Duration::ZERO);
        cache.get_or_read(read(8)).await.unwrap();
        let never = cache.get_or_read(std::future::pending::<Result<Calendar, ()>>());
        assert!(
            tokio::time::timeout(Duration::from_millis(10), never)
                .await
                .is_err()
        );
        assert_eq!(holiday_of(&cache.get_or_read(read(9)).await.unwrap()), 9);
    }

    #[tokio::test]
    async fn a_copy_read_before_forget_is_not_kept() {
        let cache = CalendarCache::new(Duration::from_secs(60));
        let (release, wait) = tokio::sync::oneshot::channel::<()>();
        let before = cache.get_or_read(async {
            wait.await.ok();
            read(8).await
        });
        let change = async {
            tokio::task::yield_now().await;
            cache.forget();
            release.send(()).unwrap();
        };
        let (before, ()) = tokio::join!(before, change);
        assert_eq!(holiday_of(&before.unwrap()), 8);
        assert_eq!(holiday_of(&cache.get_or_read(read(9)).await.unwrap()), 9);
    }
}
