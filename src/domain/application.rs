//! A submitted application (申请): its reference number, where it goes, its first deadline, and
//! how long an unfinished draft is kept.

use chrono::{Days, NaiveDate};

use super::answers::Answers;
use super::item::ItemStatus;
use super::matter::{AssessmentNeed, CertificateMatter};
use super::policy::{self, ProvincePolicy, Step};
use super::service_flow::{self, ServiceState};
use super::workflow::ItemState;
use super::working_days::{Calendar, Dated};

/// Data minimisation: a draft not saved for this many days is deleted (issue #4, “drafts older
/// than 30 days expire”).
pub const DRAFT_LIFETIME_DAYS: u64 = 30;

/// The warning (inbox and email) goes out this many days before a draft expires.
pub const DRAFT_WARNING_DAYS: u64 = 7;

/// The last day a draft saved on `last_saved` is kept (003 附件2 is filled in once; an abandoned
/// draft of sensitive data is not kept for ever).
pub fn draft_expires_on(last_saved: NaiveDate) -> NaiveDate {
    last_saved + Days::new(DRAFT_LIFETIME_DAYS)
}

/// 001 §四(一)4–5: the residence county accepts and handles the case; the hukou county approves
/// (and prints the card) when the two differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routing {
    /// 受理地: the residence county (6-digit code).
    pub handling_county: String,
    /// 审批地: the hukou county; the same as the handling county when both places agree.
    pub approving_county: String,
}

impl Routing {
    /// 001 §四(一)4–5: routes by residence county and hukou county.
    pub fn new(residence_county: &str, hukou_county: &str) -> Self {
        Routing {
            handling_county: residence_county.to_owned(),
            approving_county: hukou_county.to_owned(),
        }
    }

    /// Whether the case crosses regions (the hukou county must approve, 001 §四(一)5).
    pub fn is_cross_region(&self) -> bool {
        self.handling_county != self.approving_county
    }
}

/// A human-readable application reference: submission date, handling county and a serial,
/// e.g. `20261123-430102-000042` (read aloud in groups; no letters to confuse).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceNumber(String);

impl ReferenceNumber {
    /// Builds the reference from the submission date (Beijing time), county and serial.
    pub fn new(submitted: NaiveDate, county: &str, serial: i64) -> Self {
        ReferenceNumber(format!(
            "{}-{}-{:06}",
            submitted.format("%Y%m%d"),
            county,
            serial
        ))
    }

    /// The reference as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The step a new application waits in first: 受理审核 for matters that (may) need assessment
/// (000 §三(二), 001 §五), the short non-assessment flow otherwise (000 §三(一)).
pub fn first_step(matter: Option<&CertificateMatter>) -> Step {
    match matter.map(CertificateMatter::assessment) {
        Some(AssessmentNeed::Never) => Step::NonAssessmentMatter,
        _ => Step::AcceptanceReview,
    }
}

/// The first deadline: the first step's limit counted from the submission day in working days on
/// the official calendar (000 §三, 001 §五); a same-day limit on a rest day falls on the next
/// working day. Falls back to the acceptance-review limit when the policy has none for the step.
#[expect(
    clippy::expect_used,
    reason = "every province profile limits acceptance review (policy tests check each)"
)]
pub fn first_deadline(
    policy: &ProvincePolicy,
    calendar: &Calendar,
    matter: Option<&CertificateMatter>,
    submitted: NaiveDate,
) -> (Step, Dated) {
    let step = first_step(matter);
    let (step, limit) = match policy.limit(step) {
        Some(l) => (step, l),
        None => (
            Step::AcceptanceReview,
            policy
                .limit(Step::AcceptanceReview)
                .expect("every profile limits acceptance review"),
        ),
    };
    (step, limit.due(calendar, submitted, 0))
}

/// An item a new application opens: what it asks for, its first state and deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItem {
    /// The matter's or service's code.
    pub code: &'static str,
    /// Its first state.
    pub status: ItemStatus,
    /// The first state's deadline.
    pub deadline: Option<NaiveDate>,
}

/// What submitting an application opens (DOMAIN “States of a certificate item”, “Linked
/// services”): who handles and approves it, the first deadline, and its items.
#[derive(Debug, Clone)]
pub struct Opening {
    /// The counties that handle and approve it (001 §四(一)).
    pub routing: Routing,
    /// The residence township, for a township clerk with delegated authority (000 §三(四)) —
    /// only when it lies in the handling county.
    pub handling_township: Option<String>,
    /// The first deadline (000 §三, 001 §五).
    pub first_deadline: Dated,
    /// The matter (when one is applied for), then the linked services.
    pub items: Vec<OpenItem>,
}

/// What submitting `answers` on `today` opens. The matter follows the handling province's
/// rules; linked services the hukou province's (003 附件3–5, 004 附件2 六7–10). Linked services
/// wait for the certificate; with one already held (no matter applied for) they go to their
/// departments at once, each with its department's deadline.
pub fn open(answers: &Answers, calendar: &Calendar, today: NaiveDate) -> Opening {
    let routing = Routing::new(answers.residence_county(), &answers.hukou[2]);
    let policy = policy::for_province(&routing.handling_county).policy;
    let service_policy = policy::for_province(&routing.approving_county).policy;
    let (_, first_deadline) = first_deadline(policy, calendar, answers.matter().as_ref(), today);
    let mut items: Vec<OpenItem> = vec![];
    if let Some(k) = answers.matter_kind() {
        items.push(OpenItem {
            code: k.code(),
            status: ItemStatus::Matter(ItemState::Submitted),
            deadline: Some(first_deadline.date),
        });
    }
    let matter_applied_for = !items.is_empty();
    for s in answers.services() {
        let (status, deadline) = if matter_applied_for {
            (ServiceState::Waiting, None)
        } else {
            (
                ServiceState::AtDepartment,
                service_flow::deadline(service_policy, calendar, s, today).map(|d| d.date),
            )
        };
        items.push(OpenItem {
            code: s.code(),
            status: ItemStatus::Service(status),
            deadline,
        });
    }
    Opening {
        handling_township: answers
            .residence_township()
            .filter(|t| t.starts_with(routing.handling_county.as_str()))
            .map(str::to_owned),
        routing,
        first_deadline,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::LinkedService;
    use crate::domain::certificate::{Category, RenewalKind};
    use crate::domain::policy::{HENAN, HUNAN, NATIONAL};
    use crate::domain::test_support::d;

    fn calendar() -> Calendar {
        Calendar::from_csv(include_str!("../../tests/fixtures/holidays_cn.csv")).expect("fixture")
    }

    fn henan_answers(matter: &str) -> Answers {
        Answers {
            matter: matter.into(),
            renewal_kind: "damaged".into(),
            hukou: [
                "41".into(),
                "4101".into(),
                "410105".into(),
                "410105001".into(),
            ],
            same_residence: "yes".into(),
            services: vec![LinkedService::LivingSubsidy.code().into()],
            ..Answers::default()
        }
    }

    /// Services wait for the certificate applied for; with none applied for they go to their
    /// department at once, with the department's deadline (DOMAIN “Linked services”).
    #[test]
    fn services_wait_for_the_matter_applied_for() {
        let cal = calendar();
        let today = d(2026, 3, 2);
        let with = open(&henan_answers("renewal"), &cal, today);
        assert_eq!(with.routing.handling_county, "410105");
        assert_eq!(with.handling_township.as_deref(), Some("410105001"));
        assert_eq!(
            with.items,
            vec![
                OpenItem {
                    code: "renewal",
                    status: ItemStatus::Matter(ItemState::Submitted),
                    deadline: Some(with.first_deadline.date),
                },
                OpenItem {
                    code: LinkedService::LivingSubsidy.code(),
                    status: ItemStatus::Service(ServiceState::Waiting),
                    deadline: None,
                },
            ]
        );
        let without = open(&henan_answers("none"), &cal, today);
        let due = service_flow::deadline(&HENAN, &cal, LinkedService::LivingSubsidy, today)
            .map(|d| d.date);
        assert!(due.is_some());
        assert_eq!(
            without.items,
            vec![OpenItem {
                code: LinkedService::LivingSubsidy.code(),
                status: ItemStatus::Service(ServiceState::AtDepartment),
                deadline: due,
            }]
        );
    }

    /// A township clerk sees only cases of their own county's townships (000 §三(四)).
    #[test]
    fn a_township_outside_the_handling_county_is_not_kept() {
        let mut a = henan_answers("renewal");
        a.same_residence = "no".into();
        a.residence = [
            "41".into(),
            "4101".into(),
            "410102".into(),
            "410105001".into(),
        ];
        let opening = open(&a, &calendar(), d(2026, 3, 2));
        assert_eq!(opening.routing.handling_county, "410102");
        assert_eq!(opening.handling_township, None);
    }

    #[test]
    fn drafts_expire_thirty_days_after_the_last_save_with_a_warning_a_week_before() {
        assert_eq!(draft_expires_on(d(2026, 11, 1)), d(2026, 12, 1));
        assert_eq!(
            draft_expires_on(d(2026, 11, 1)) - Days::new(DRAFT_WARNING_DAYS),
            d(2026, 11, 24)
        );
    }

    #[test]
    fn routing_sends_cross_region_cases_to_the_hukou_county_for_approval() {
        let same = Routing::new("430102", "430102");
        assert!(!same.is_cross_region());
        let cross = Routing::new("430102", "410105");
        assert!(cross.is_cross_region());
        assert_eq!(cross.handling_county, "430102");
        assert_eq!(cross.approving_county, "410105");
    }

    #[test]
    fn reference_numbers_group_date_county_and_serial() {
        let r = ReferenceNumber::new(d(2026, 11, 23), "430102", 42);
        assert_eq!(r.as_str(), "20261123-430102-000042");
    }

    #[test]
    fn a_new_certificate_waits_three_working_days_for_acceptance_across_new_year() {
        let new = CertificateMatter::New {
            categories: vec![Category::Physical],
        };
        // Wed 2025-12-31 + 3 working days: 1 Jan is a holiday, 2 Jan Fri, 5 Jan Mon, 6 Jan Tue.
        let (step, due) = first_deadline(&HUNAN, &calendar(), Some(&new), d(2025, 12, 31));
        assert_eq!(step, Step::AcceptanceReview);
        assert_eq!(due.date, d(2026, 1, 6));
        assert!(!due.provisional);
    }

    #[test]
    fn a_same_day_matter_submitted_on_sunday_is_due_on_monday() {
        let damaged = CertificateMatter::Renewal(RenewalKind::Damaged);
        let (step, due) = first_deadline(&HUNAN, &calendar(), Some(&damaged), d(2026, 11, 22));
        assert_eq!(step, Step::NonAssessmentMatter);
        assert_eq!(due.date, d(2026, 11, 23));
        let (_, weekday) = first_deadline(&HUNAN, &calendar(), Some(&damaged), d(2026, 11, 24));
        assert_eq!(weekday.date, d(2026, 11, 24));
    }

    #[test]
    fn a_policy_without_a_same_day_limit_uses_the_acceptance_review_limit() {
        let replacement = CertificateMatter::Replacement;
        let (step, due) =
            first_deadline(&NATIONAL, &calendar(), Some(&replacement), d(2026, 11, 23));
        assert_eq!(step, Step::AcceptanceReview);
        assert_eq!(due.date, d(2026, 11, 26));
        let (_, services_only) = first_deadline(&NATIONAL, &calendar(), None, d(2026, 11, 23));
        assert_eq!(services_only.date, d(2026, 11, 26));
    }
}
