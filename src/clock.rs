//! The app's clock, shared by every handler, job and query: the real time, or — for training
//! environments and the tests — a time that starts at a set instant and runs on from it
//! (`--clock-start`). The database reads the same clock: every connection of the app's pools
//! carries the offset (`portal.clock_offset`), and the columns that record when something
//! happened default to `portal_now()`, which adds it.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// Real time plus a fixed offset (zero in service).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    offset: TimeDelta,
}

impl Clock {
    /// The real time.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `start` now and runs on at the real pace from it.
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        Self {
            offset: start - Utc::now(),
        }
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }

    /// Today in China Standard Time, the day every deadline and window counts from.
    pub fn today(&self) -> NaiveDate {
        crate::domain::working_days::local_date(self.now())
    }

    /// Whether this clock differs from the real time.
    pub fn is_shifted(&self) -> bool {
        self.offset != TimeDelta::zero()
    }

    /// The statement that gives a database connection this clock's offset (read by the
    /// database's `portal_now()`), in whole microseconds.
    pub fn session_setting(&self) -> String {
        let micros = self.offset.num_microseconds().unwrap_or(0);
        format!("SET portal.clock_offset = '{micros}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_started_clock_reads_its_start_and_runs_on() {
        let start = DateTime::parse_from_rfc3339("2026-06-10T10:00:00+08:00")
            .unwrap()
            .to_utc();
        let clock = Clock::starting_at(start);
        let read = clock.now();
        assert!(
            read >= start && read - start < TimeDelta::seconds(5),
            "{read}"
        );
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 6, 10).unwrap());
        assert!(clock.is_shifted());
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(clock.now() > read, "the clock runs on");
    }

    #[test]
    fn the_system_clock_is_the_real_time_and_sets_no_offset() {
        let clock = Clock::system();
        assert!((clock.now() - Utc::now()).abs() < TimeDelta::seconds(1));
        assert!(!clock.is_shifted());
        assert_eq!(clock.session_setting(), "SET portal.clock_offset = '0'");
    }

    #[test]
    fn the_offset_reaches_the_database_in_microseconds() {
        let clock = Clock {
            offset: TimeDelta::seconds(-90),
        };
        assert_eq!(
            clock.session_setting(),
            "SET portal.clock_offset = '-90000000'"
        );
    }
}
