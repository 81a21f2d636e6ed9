//! Deadlines counted again once the official holiday notice of their year is known. A deadline in
//! a year without a notice is counted on weekends alone and shown as provisional (working_days);
//! when an administrator loads the notice, every open item's deadline is counted again from the
//! event it counts from, with the same rule that set it.

use chrono::NaiveDate;

use super::matter::LinkedService;
use super::policy::ProvincePolicy;
use super::review::{self, ReviewState};
use super::service_flow;
use super::workflow::{self, ItemState, MatterFlow};
use super::working_days::Calendar;

/// What an open item's deadline is counted from.
#[derive(Debug, Clone, Copy)]
pub struct OpenItem<'a> {
    /// `matter`, `service` or `review`.
    pub kind: &'a str,
    /// The service's code (for services).
    pub code: &'a str,
    /// The state's code.
    pub status: &'a str,
    /// When the state began.
    pub since: NaiveDate,
    /// Working days of the acceptance clock already used (a case returned for correction; what
    /// acceptance took, where issue shares its budget).
    pub used_days: u32,
    /// The matter's flow.
    pub flow: MatterFlow,
    /// The residence province's rules (the certificate and reviews).
    pub policy: &'a ProvincePolicy,
    /// The hukou province's rules (linked services).
    pub service_policy: &'a ProvincePolicy,
    /// The day the applicant came for assessment, once recorded.
    pub attended: Option<NaiveDate>,
}

/// The item's deadline on `calendar`, by the rule of its step (none when the step has no limit).
pub fn recount(item: &OpenItem<'_>, calendar: &Calendar) -> Option<NaiveDate> {
    match item.kind {
        "matter" => {
            let state = ItemState::from_code(item.status)?;
            if state == ItemState::Accepted {
                return workflow::assessment_deadline(
                    item.policy,
                    calendar,
                    item.since,
                    item.attended,
                )
                .map(|d| d.date);
            }
            workflow::deadline(
                item.policy,
                calendar,
                state,
                item.flow,
                item.since,
                item.used_days,
            )
        }
        "review" => review::deadline(
            item.policy,
            calendar,
            ReviewState::from_code(item.status)?,
            item.since,
        ),
        "service" => service_flow::deadline(
            item.service_policy,
            calendar,
            LinkedService::from_code(item.code)?,
            item.since,
        ),
        _ => None,
    }
    .map(|d| d.date)
}

/// The year whose official holiday notice administrators should load now: from 1 November, the
/// next year's, while it is missing (the State Council publishes it late in the year).
pub fn notice_due(calendar: &Calendar, today: NaiveDate) -> Option<i32> {
    use chrono::Datelike;
    let next = today.year() + 1;
    (today.month() >= 11 && !calendar.is_official(next)).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::HUNAN;
    use crate::domain::test_support::d;

    fn calendar() -> Calendar {
        Calendar::from_csv(include_str!("../../tests/fixtures/holidays_cn.csv")).expect("fixture")
    }

    #[test]
    fn a_deadline_counted_without_the_notice_moves_when_the_notice_is_loaded() {
        // Submitted Wed 30 Dec 2026: 3 working days. Without 2027's notice, 1 Jan is a Friday
        // like any other → Mon 4 Jan (provisional). With the notice (1 Jan a holiday) → Tue 5 Jan.
        let item = OpenItem {
            kind: "matter",
            code: "new",
            status: "submitted",
            since: d(2026, 12, 30),
            used_days: 0,
            flow: MatterFlow::Assessment,
            policy: &HUNAN,
            service_policy: &HUNAN,
            attended: None,
        };
        let before = calendar();
        assert!(!before.is_official(2027));
        assert_eq!(recount(&item, &before), Some(d(2027, 1, 4)));
        assert!(before.add(d(2026, 12, 30), 3).provisional);
        let mut csv = include_str!("../../tests/fixtures/holidays_cn.csv").to_owned();
        csv.push_str("2027-01-01,holiday,元旦,2027,元旦,Fri\n");
        let after = Calendar::from_csv(&csv).expect("with 2027");
        assert!(after.is_official(2027));
        assert_eq!(recount(&item, &after), Some(d(2027, 1, 5)));
    }

    #[test]
    fn administrators_are_warned_from_november_while_next_years_notice_is_missing() {
        let cal = calendar();
        assert_eq!(notice_due(&cal, d(2026, 10, 31)), None);
        assert_eq!(notice_due(&cal, d(2026, 11, 1)), Some(2027));
        assert_eq!(notice_due(&cal, d(2026, 12, 31)), Some(2027));
        assert_eq!(notice_due(&cal, d(2025, 11, 1)), None, "2026's is loaded");
    }
}
