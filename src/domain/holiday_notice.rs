//! A year's official schedule of public holidays and adjusted working days (国务院办公厅关于
//! 部分节假日安排的通知), as an administrator enters it when it is published: one line per day,
//! `YYYY-MM-DD, holiday|workday, name` (DOMAIN “Time limits”: working days skip official holidays
//! and count adjusted working weekends).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use super::working_days::DayKind;

/// One day of a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeDay {
    /// The date.
    pub date: NaiveDate,
    /// Rest day or adjusted working day.
    pub kind: DayKind,
    /// The holiday it belongs to (春节, 国庆节 …).
    pub name: String,
}

/// What is wrong with a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeProblem {
    /// Not three comma-separated fields.
    Format,
    /// Not a `YYYY-MM-DD` date.
    Date,
    /// Neither `holiday` nor `workday`.
    Kind,
    /// No holiday name.
    Name,
    /// The date is not in the notice's year or next to it (a notice may start on 31 December or end
    /// in early January).
    OutsideYear,
    /// The date was already listed.
    Duplicate,
    /// No day at all.
    Empty,
}

impl NoticeProblem {
    /// Stable code (locale keys `calendar-problem-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            NoticeProblem::Format => "format",
            NoticeProblem::Date => "date",
            NoticeProblem::Kind => "kind",
            NoticeProblem::Name => "name",
            NoticeProblem::OutsideYear => "outside-year",
            NoticeProblem::Duplicate => "duplicate",
            NoticeProblem::Empty => "empty",
        }
    }
}

/// A problem on a 1-based line (0 for the whole text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeError {
    /// The line.
    pub line: usize,
    /// What is wrong.
    pub problem: NoticeProblem,
}

/// Reads the days of the notice for `year`: every line checked, every problem reported at once.
pub fn parse_notice(year: i32, text: &str) -> Result<Vec<NoticeDay>, Vec<NoticeError>> {
    let mut days = vec![];
    let mut errors = vec![];
    let mut seen = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let err = |problem| NoticeError {
            line: i + 1,
            problem,
        };
        let fields: Vec<&str> = line.split([',', '，']).map(str::trim).collect();
        let [date, kind, name] = fields[..] else {
            errors.push(err(NoticeProblem::Format));
            continue;
        };
        let Ok(date) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
            errors.push(err(NoticeProblem::Date));
            continue;
        };
        let kind = match kind {
            "holiday" | "休" | "放假" => DayKind::Holiday,
            "workday" | "班" | "上班" => DayKind::Workday,
            _ => {
                errors.push(err(NoticeProblem::Kind));
                continue;
            }
        };
        if name.is_empty() {
            errors.push(err(NoticeProblem::Name));
        } else if (date.year() - year).abs() > 1 {
            errors.push(err(NoticeProblem::OutsideYear));
        } else if !seen.insert(date) {
            errors.push(err(NoticeProblem::Duplicate));
        } else {
            days.push(NoticeDay {
                date,
                kind,
                name: name.to_owned(),
            });
        }
    }
    if days.is_empty() && errors.is_empty() {
        errors.push(NoticeError {
            line: 0,
            problem: NoticeProblem::Empty,
        });
    }
    if errors.is_empty() {
        days.sort_by_key(|d| d.date);
        Ok(days)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::d;

    #[test]
    fn a_notice_is_read_line_by_line_with_chinese_or_english_words() {
        let text = "2027-02-06, holiday, 春节\n\n2027-02-14，班，春节\n2026-12-31,休,元旦";
        let days = parse_notice(2027, text).unwrap();
        assert_eq!(days.len(), 3);
        assert_eq!(days[0].date, d(2026, 12, 31));
        assert_eq!(days[2].kind, DayKind::Workday);
        assert_eq!(days[1].name, "春节");
    }

    #[test]
    fn every_bad_line_is_reported_at_once() {
        let text = "2027-02-06,holiday\n2027-13-01,holiday,春节\n2027-02-07,rest,春节\n\
                    2027-02-08,holiday,\n2025-02-08,holiday,春节\n2027-02-09,holiday,春节\n\
                    2027-02-09,holiday,春节";
        let problems: Vec<(usize, NoticeProblem)> = parse_notice(2027, text)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.line, e.problem))
            .collect();
        assert_eq!(
            problems,
            vec![
                (1, NoticeProblem::Format),
                (2, NoticeProblem::Date),
                (3, NoticeProblem::Kind),
                (4, NoticeProblem::Name),
                (5, NoticeProblem::OutsideYear),
                (7, NoticeProblem::Duplicate),
            ]
        );
        assert_eq!(
            parse_notice(2027, " \n").unwrap_err(),
            vec![NoticeError {
                line: 0,
                problem: NoticeProblem::Empty
            }]
        );
    }
}
