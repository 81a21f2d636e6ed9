//! The whole bundle's time limit (004 一, 八, 附件3 二3: “从受理到办结全过程，应在13个工作日内完成
//! （不含残疾等级评定、公示和城乡居民基本养老保险费代缴时间）”): the working days on which some office
//! had the case, counted over every item of the application and shown to the applicant and staff.

use chrono::NaiveDate;

use super::matter::LinkedService;
use super::policy::{ProvincePolicy, TimeLimit};
use super::service_flow::ServiceState;
use super::workflow::ItemState;
use super::working_days::Calendar;

/// Whether the bundle's clock runs while an item is in a state.
pub fn matter_counts(state: ItemState) -> bool {
    // Excluded: assessment (accepted → conclusion), publication, the applicant's correction,
    // and everything after the certificate matter ends.
    matches!(
        state,
        ItemState::Submitted
            | ItemState::Assessed { .. }
            | ItemState::Notified { .. }
            | ItemState::FinalConclusion { .. }
            | ItemState::AwaitingHukouApproval
            | ItemState::ReturnedByHukouCounty
    )
}

/// Whether the bundle's clock runs while a linked service is in a state: at its department,
/// except the resident pension, whose payment time (代缴) is excluded.
pub fn service_counts(service: LinkedService, state: ServiceState) -> bool {
    state == ServiceState::AtDepartment && service != LinkedService::ResidentPension
}

/// A stretch of one item's history: in a state from `from` to `to` (today while it lasts), and
/// whether the bundle's clock runs in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stretch {
    /// The state began.
    pub from: NaiveDate,
    /// The state ended (or today).
    pub to: NaiveDate,
    /// The clock runs.
    pub counts: bool,
}

/// How the bundle stands against its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BundleClock {
    /// Working days counted so far.
    pub used: u32,
    /// The limit.
    pub limit: TimeLimit,
}

impl BundleClock {
    /// More working days counted than the limit allows.
    pub fn broken(&self) -> bool {
        self.used > self.limit.days
    }
}

/// The working days on which at least one item's clock ran (a stretch counts the working days
/// after its first day up to its last, as deadlines do; parallel items count once), against the
/// policy's bundle limit — `None` where the province sets none.
pub fn bundle_clock(
    policy: &ProvincePolicy,
    calendar: &Calendar,
    stretches: &[Stretch],
) -> Option<BundleClock> {
    let limit = policy.bundle_limit?;
    let mut running: Vec<(NaiveDate, NaiveDate)> = stretches
        .iter()
        .filter(|s| s.counts && s.to > s.from)
        .map(|s| (s.from, s.to))
        .collect();
    running.sort();
    // Merge overlapping stretches, then count each merged one's working days.
    let mut merged: Vec<(NaiveDate, NaiveDate)> = vec![];
    for (from, to) in running {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    let used = merged
        .iter()
        .map(|(from, to)| u32::try_from(calendar.between(*from, *to).days.max(0)).unwrap_or(0))
        .sum();
    Some(BundleClock { used, limit })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{HENAN, HUNAN};
    use crate::domain::test_support::d;

    fn calendar() -> Calendar {
        Calendar::from_csv(include_str!("../../tests/fixtures/holidays_cn.csv")).expect("fixture")
    }

    fn s(from: NaiveDate, to: NaiveDate, counts: bool) -> Stretch {
        Stretch { from, to, counts }
    }

    /// 004 附件2 八: 13 working days, without assessment, publication and pension payment time.
    #[test]
    fn henan_counts_thirteen_working_days_without_assessment_publication_and_pension() {
        let cal = calendar();
        // Mon 2 Nov – Wed 4 Nov review (2 WD); assessment until Mon 9 Nov (excluded); published
        // until Mon 23 Nov (excluded); issue on Tue 24 (1 WD); the subsidy at its department
        // Tue 24 Nov – Tue 1 Dec (5 WD) while the pension (excluded) runs beside it.
        let history = [
            s(d(2026, 11, 2), d(2026, 11, 4), true),
            s(d(2026, 11, 4), d(2026, 11, 9), false),
            s(d(2026, 11, 9), d(2026, 11, 23), false),
            s(d(2026, 11, 23), d(2026, 11, 24), true),
            s(d(2026, 11, 24), d(2026, 12, 1), true),
            s(d(2026, 11, 24), d(2026, 12, 30), false),
        ];
        let clock = bundle_clock(&HENAN, &cal, &history).unwrap();
        assert_eq!(clock.used, 8);
        assert_eq!(clock.limit.days, 13);
        assert_eq!(clock.limit.seed, "004 附件2 八");
        assert!(!clock.broken());
        // Two services at their departments at once count once; three more weeks break it.
        let mut late = history.to_vec();
        late.push(s(d(2026, 11, 24), d(2026, 12, 22), true));
        let clock = bundle_clock(&HENAN, &cal, &late).unwrap();
        assert_eq!(clock.used, 23);
        assert!(clock.broken());
        // Hunan sets no bundle limit (003 sets none).
        assert_eq!(bundle_clock(&HUNAN, &cal, &history), None);
    }

    #[test]
    fn which_states_count() {
        assert!(matter_counts(ItemState::Submitted));
        assert!(!matter_counts(ItemState::Accepted), "assessment");
        assert!(!matter_counts(ItemState::Published), "publication");
        assert!(
            !matter_counts(ItemState::ReturnedForCorrection),
            "the applicant's time"
        );
        assert!(matter_counts(ItemState::Notified { meets: true }));
        assert!(service_counts(
            LinkedService::LivingSubsidy,
            ServiceState::AtDepartment
        ));
        assert!(!service_counts(
            LinkedService::ResidentPension,
            ServiceState::AtDepartment
        ));
        assert!(!service_counts(
            LinkedService::LivingSubsidy,
            ServiceState::Waiting
        ));
    }
}
