//! Working days (工作日) on the official calendar: Monday–Friday except holidays, plus the
//! adjusted working weekends (调休). All time limits in the seeds are counted this way.
//!
//! Built once from the `calendar_days` table (seeded from the State Council notices 2023–2026,
//! editable by administrators); answers in O(log n) from a prefix count, so `add` and `between`
//! cost a few nanoseconds. Years without an official schedule are counted on weekends only and the
//! answer is marked *provisional* — never silently.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};

/// What the notice says of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// 放假: a rest day (even if it is Monday–Friday).
    Holiday,
    /// 调休上班: a working day (even if it is a weekend).
    Workday,
}

/// A computed date, and whether it rests on a year without official data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    /// The date.
    pub date: NaiveDate,
    /// True when a year in the counted span has no official schedule (weekends only were used).
    pub provisional: bool,
}

/// A count of working days, and whether it is provisional (see [`Dated`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// Working days `d` with `from < d <= to` (negative when `to` is before `from`).
    pub days: i64,
    /// True when a year in the span has no official schedule.
    pub provisional: bool,
}

/// Why calendar data could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A line of the CSV could not be read.
    #[error("line {line}: {what}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        what: String,
    },
}

/// First day covered by the prefix count.
const BASE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("valid date"),
};
/// Number of days covered (2000-01-01 … 2100-12-31).
const SPAN: usize = 36_890;

/// The official working-day calendar.
#[derive(Debug, Clone)]
pub struct Calendar {
    days: HashMap<NaiveDate, DayKind>,
    official_years: BTreeSet<i32>,
    /// `cumulative[i]` = working days in `[BASE, BASE + i]`.
    cumulative: Vec<u32>,
}

impl Calendar {
    /// 000/001/002/004 “工作日”: builds the calendar from holiday and adjusted-workday entries and
    /// the years whose official notice they come from.
    pub fn new(
        entries: impl IntoIterator<Item = (NaiveDate, DayKind)>,
        official_years: impl IntoIterator<Item = i32>,
    ) -> Self {
        let days: HashMap<NaiveDate, DayKind> = entries.into_iter().collect();
        let mut cal = Calendar {
            days,
            official_years: official_years.into_iter().collect(),
            cumulative: Vec::with_capacity(SPAN),
        };
        let mut total = 0u32;
        let mut day = BASE;
        for _ in 0..SPAN {
            if cal.compute_is_working_day(day) {
                total += 1;
            }
            cal.cumulative.push(total);
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
        cal
    }

    /// Reads `date,kind,…,notice_year,…` lines (the header names the columns), as in the project's
    /// copy of the official schedule.
    pub fn from_csv(text: &str) -> Result<Self, CalendarError> {
        let mut lines = text.lines().enumerate();
        let (_, header) = lines.next().ok_or(CalendarError::Line {
            line: 1,
            what: "empty".into(),
        })?;
        let cols: Vec<&str> = header.split(',').map(str::trim).collect();
        let col = |name: &str| {
            cols.iter()
                .position(|c| *c == name)
                .ok_or(CalendarError::Line {
                    line: 1,
                    what: format!("no {name} column"),
                })
        };
        let (date_col, kind_col, year_col) = (col("date")?, col("kind")?, col("notice_year")?);
        let mut entries = vec![];
        let mut years = BTreeSet::new();
        for (i, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split(',').map(str::trim).collect();
            let bad = |what: &str| CalendarError::Line {
                line: i + 1,
                what: what.to_owned(),
            };
            let date = f
                .get(date_col)
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .ok_or_else(|| bad("bad date"))?;
            let kind = match f.get(kind_col).copied() {
                Some("holiday") => DayKind::Holiday,
                Some("workday") => DayKind::Workday,
                _ => return Err(bad("kind must be holiday or workday")),
            };
            let year: i32 = f
                .get(year_col)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| bad("bad notice_year"))?;
            entries.push((date, kind));
            years.insert(year);
        }
        Ok(Calendar::new(entries, years))
    }

    /// Years with an official schedule.
    pub fn official_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.official_years.iter().copied()
    }

    /// Whether `year` has an official schedule.
    pub fn is_official(&self, year: i32) -> bool {
        self.official_years.contains(&year)
    }

    fn compute_is_working_day(&self, day: NaiveDate) -> bool {
        match self.days.get(&day) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// A working day is Mon–Fri and not a holiday, or an adjusted working weekend.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match index(day) {
            Some(0) => self.cumulative[0] == 1,
            Some(i) => self.cumulative[i] > self.cumulative[i - 1],
            None => self.compute_is_working_day(day),
        }
    }

    fn provisional_between(&self, a: NaiveDate, b: NaiveDate) -> bool {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        (lo.year()..=hi.year()).any(|y| !self.is_official(y))
    }

    /// The date of the `n`-th working day after `event` (day 1 is the first working day after it;
    /// `n = 0` is the event day itself).
    pub fn add(&self, event: NaiveDate, n: u32) -> Dated {
        let date = match index(event) {
            Some(i) => {
                let target = self.cumulative[i] + n;
                let j = self.cumulative.partition_point(|c| *c < target);
                if n == 0 {
                    Some(event)
                } else if j < SPAN {
                    Some(BASE + Duration::days(j as i64))
                } else {
                    None
                }
            }
            None => None,
        };
        let date = date.unwrap_or_else(|| self.add_slowly(event, n));
        Dated {
            date,
            provisional: self.provisional_between(event, date),
        }
    }

    fn add_slowly(&self, event: NaiveDate, n: u32) -> NaiveDate {
        let mut day = event;
        let mut left = n;
        while left > 0 {
            day = match day.succ_opt() {
                Some(d) => d,
                None => return day,
            };
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days `d` with `from < d <= to`; the inverse of [`Calendar::add`]:
    /// `between(e, add(e, n)) == n`.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> Counted {
        let days = match (index(from), index(to)) {
            (Some(a), Some(b)) => i64::from(self.cumulative[b]) - i64::from(self.cumulative[a]),
            _ => self.between_slowly(from, to),
        };
        Counted {
            days,
            provisional: self.provisional_between(from, to),
        }
    }

    fn between_slowly(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = lo
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= hi)
            .filter(|d| self.is_working_day(*d))
            .count();
        sign * count as i64
    }

    /// Whether a deadline (the last allowed day) has passed at `now`, judged on the date in
    /// Asia/Shanghai: it passes when that day is over.
    pub fn deadline_passed(&self, deadline: NaiveDate, now: DateTime<Utc>) -> bool {
        local_date(now) > deadline
    }
}

/// The calendar date in China (Asia/Shanghai) at `now`.
pub fn local_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
}

fn index(day: NaiveDate) -> Option<usize> {
    let i = (day - BASE).num_days();
    (0..SPAN as i64).contains(&i).then_some(i as usize)
}

/// `working_days::add` — the `n`-th working day after `event` on `calendar`.
pub fn add(calendar: &Calendar, event: NaiveDate, n: u32) -> Dated {
    calendar.add(event, n)
}

/// `working_days::between` — working days after `from` up to and including `to`.
pub fn between(calendar: &Calendar, from: NaiveDate, to: NaiveDate) -> Counted {
    calendar.between(from, to)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::test_support::d;
    use proptest::prelude::*;

    /// The project's copy of the official schedule (the same rows the reference-data migration
    /// loads; `tests/api` checks the two agree).
    pub(crate) fn official() -> Calendar {
        Calendar::from_csv(include_str!("../../tests/fixtures/holidays_cn.csv")).unwrap()
    }

    #[test]
    fn day_kinds_follow_the_notice() {
        let cal = official();
        assert!(
            cal.is_working_day(d(2026, 10, 10)),
            "adjusted working Saturday"
        );
        assert!(
            cal.is_working_day(d(2026, 2, 14)),
            "Spring Festival working Saturday"
        );
        assert!(
            cal.is_working_day(d(2026, 2, 28)),
            "Spring Festival working Saturday"
        );
        assert!(cal.is_working_day(d(2026, 1, 4)), "New Year working Sunday");
        assert!(!cal.is_working_day(d(2026, 10, 1)), "National Day");
        assert!(
            !cal.is_working_day(d(2026, 2, 16)),
            "Spring Festival Monday"
        );
        assert!(!cal.is_working_day(d(2026, 11, 21)), "plain Saturday");
        assert!(cal.is_working_day(d(2026, 11, 23)), "plain Monday");
        assert!(cal.is_working_day(d(2000, 1, 3)), "first covered Monday");
        assert!(
            !cal.is_working_day(d(2000, 1, 1)),
            "first covered day, a Saturday"
        );
    }

    #[test]
    fn deadlines_across_holidays() {
        let cal = official();
        // (event, n, expected) — counted by hand on the 2026 notice.
        let cases = [
            // National Day: 10-01..07 off, Sat 10-10 worked.
            (d(2026, 9, 30), 1, d(2026, 10, 8)),
            (d(2026, 9, 30), 3, d(2026, 10, 10)),
            (d(2026, 9, 30), 4, d(2026, 10, 12)),
            (d(2026, 9, 28), 10, d(2026, 10, 16)),
            // Spring Festival: Sat 02-14 worked, 02-15..23 off, Sat 02-28 worked.
            (d(2026, 2, 12), 1, d(2026, 2, 13)),
            (d(2026, 2, 12), 2, d(2026, 2, 14)),
            (d(2026, 2, 12), 3, d(2026, 2, 24)),
            (d(2026, 2, 24), 4, d(2026, 2, 28)),
            (d(2026, 2, 13), 13, d(2026, 3, 10)),
            // New Year: 01-01..03 off, Sun 01-04 worked.
            (d(2025, 12, 31), 1, d(2026, 1, 4)),
            (d(2025, 12, 31), 2, d(2026, 1, 5)),
            // An ordinary week.
            (d(2026, 11, 20), 3, d(2026, 11, 25)),
            (d(2026, 11, 20), 0, d(2026, 11, 20)),
        ];
        for (event, n, expected) in cases {
            let r = cal.add(event, n);
            assert_eq!(r.date, expected, "{event} + {n}");
            assert!(!r.provisional, "{event} + {n}");
            assert_eq!(cal.between(event, expected).days, i64::from(n));
        }
    }

    #[test]
    fn a_year_without_data_is_counted_on_weekends_and_marked_provisional() {
        let cal = official();
        // 2027 has no notice yet: 2027-01-01 is a Friday, counted as a working day.
        let r = cal.add(d(2026, 12, 30), 2);
        assert_eq!(r.date, d(2027, 1, 1));
        assert!(r.provisional);
        let r = cal.add(d(2026, 12, 28), 2);
        assert_eq!(r.date, d(2026, 12, 30));
        assert!(!r.provisional);
        assert!(cal.between(d(2026, 12, 1), d(2027, 1, 4)).provisional);
        // Outside the dense range the slow path gives the same kind of answer.
        let far = cal.add(d(2101, 1, 1), 5);
        assert_eq!(far.date, d(2101, 1, 7));
        assert!(far.provisional);
        assert_eq!(cal.between(d(2101, 1, 1), d(2101, 1, 7)).days, 5);
        assert_eq!(cal.between(d(2101, 1, 7), d(2101, 1, 1)).days, -5);
    }

    #[test]
    fn a_deadline_passes_when_its_day_is_over_in_china() {
        let cal = official();
        let deadline = d(2026, 10, 14);
        // 2026-10-14 23:59 in Shanghai is 15:59 UTC.
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert!(!cal.deadline_passed(deadline, at("2026-10-14T15:59:59Z")));
        assert!(cal.deadline_passed(deadline, at("2026-10-14T16:00:00Z")));
        assert_eq!(local_date(at("2026-10-14T16:00:00Z")), d(2026, 10, 15));
    }

    #[test]
    fn bad_csv_is_refused() {
        assert!(Calendar::from_csv("").is_err());
        assert!(Calendar::from_csv("date,kind\n").is_err());
        assert!(Calendar::from_csv("date,kind,notice_year\n2026-13-01,holiday,2026\n").is_err());
        assert!(Calendar::from_csv("date,kind,notice_year\n2026-10-01,rest,2026\n").is_err());
        let ok = Calendar::from_csv("date,kind,notice_year\n2026-10-01,holiday,2026\n").unwrap();
        assert!(ok.is_official(2026) && !ok.is_official(2025));
    }

    proptest! {
        #[test]
        fn add_and_between_are_inverse_and_monotonic(
            offset in 0i64..12_000, n in 0u32..400, m in 0u32..400,
        ) {
            let cal = official();
            let event = d(2000, 1, 1) + Duration::days(offset);
            let a = cal.add(event, n).date;
            prop_assert_eq!(cal.between(event, a).days, i64::from(n));
            prop_assert!(n == 0 || cal.is_working_day(a));
            let b = cal.add(event, n + m).date;
            prop_assert!(b >= a);
            prop_assert_eq!(cal.between(a, b).days, i64::from(m));
            prop_assert_eq!(cal.between(b, a).days, -i64::from(m));
        }
    }
}
