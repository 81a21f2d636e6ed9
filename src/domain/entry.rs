//! Rules at entry: what an application may ask for, given who applies, for whom, and the
//! certificate the person holds. Every problem says what to do instead (issue #4, seeds 001, 004).

use chrono::NaiveDate;

use super::certificate::{
    self, CertificateStatus, RenewalKind, may_apply_after_cancellation,
    new_application_possible_from, renewal_opens,
};
use super::materials::ApplyingAs;
use super::matter::{CertificateMatter, GuardianReason, MatterKind, guardian_required};

/// The certificate the person holds now, as far as entry rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldCertificate {
    /// Its state.
    pub status: CertificateStatus,
    /// Issue date (start of validity).
    pub issued: NaiveDate,
    /// When it was cancelled, if it was.
    pub cancelled_on: Option<NaiveDate>,
}

/// Everything the entry rules look at.
#[derive(Debug, Clone)]
pub struct EntryFacts<'a> {
    /// The person's age today.
    pub age: u32,
    /// Who fills in the form.
    pub applying_as: ApplyingAs,
    /// The matter asked for, if any.
    pub matter: Option<&'a CertificateMatter>,
    /// The person's latest certificate, if any.
    pub held: Option<HeldCertificate>,
    /// Whether linked services were chosen.
    pub wants_services: bool,
    /// Today (Asia/Shanghai).
    pub today: NaiveDate,
}

/// A reason the application cannot go ahead as asked, with what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryProblem {
    /// 001 §四(一)1: a minor, or an intellectual or mental category, needs a guardian to apply.
    GuardianRequired(GuardianReason),
    /// 001 §四(一): a valid certificate is already held; apply for a change or a renewal instead.
    AlreadyHoldsValid,
    /// 001 §四(一)1, 004 附件2 六1: cancelled less than a year ago; possible from this date.
    CancelledRecently {
        /// First day a new application is possible.
        possible_from: NaiveDate,
    },
    /// 001 §四(二)1: renewal by expiry opens on this date (9 years after issue).
    RenewalNotYetOpen {
        /// First day renewal by expiry is possible.
        opens: NaiveDate,
    },
    /// 001 §四(二)–(六): this matter needs a certificate the person does not hold.
    NeedsExistingCertificate,
    /// 004 附件3 五(四)2: linked services need a valid certificate or a certificate matter in the
    /// same application.
    ServicesNeedCertificate,
}

impl EntryProblem {
    /// Stable code (locale keys `entry-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            EntryProblem::GuardianRequired(GuardianReason::Minor) => "guardian-minor",
            EntryProblem::GuardianRequired(GuardianReason::IntellectualOrMental) => {
                "guardian-category"
            }
            EntryProblem::AlreadyHoldsValid => "already-valid",
            EntryProblem::CancelledRecently { .. } => "cancelled-recently",
            EntryProblem::RenewalNotYetOpen { .. } => "renewal-not-open",
            EntryProblem::NeedsExistingCertificate => "needs-certificate",
            EntryProblem::ServicesNeedCertificate => "services-need-certificate",
        }
    }

    /// The date the message names, if any.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            EntryProblem::CancelledRecently { possible_from } => Some(possible_from),
            EntryProblem::RenewalNotYetOpen { opens } => Some(opens),
            _ => None,
        }
    }
}

/// Checks every entry rule and returns all problems at once (empty = may go ahead).
pub fn check(facts: &EntryFacts<'_>) -> Vec<EntryProblem> {
    let mut problems = vec![];
    let category = facts
        .matter
        .is_some_and(CertificateMatter::involves_guardian_category);
    if facts.applying_as != ApplyingAs::Guardian {
        problems.extend(
            guardian_required(facts.age, category)
                .into_iter()
                .map(EntryProblem::GuardianRequired),
        );
    }
    let held_valid = facts.held.filter(|h| {
        h.status == CertificateStatus::Valid
            || (h.status == CertificateStatus::Frozen
                && facts.matter.map(CertificateMatter::kind) == Some(MatterKind::Migration))
    });
    match facts.matter.map(|m| (m.kind(), m)) {
        Some((MatterKind::New, _)) => {
            if facts
                .held
                .is_some_and(|h| h.status == CertificateStatus::Valid)
            {
                problems.push(EntryProblem::AlreadyHoldsValid);
            }
            if let Some(cancelled) = facts.held.and_then(|h| h.cancelled_on)
                && !may_apply_after_cancellation(cancelled, facts.today)
            {
                problems.push(EntryProblem::CancelledRecently {
                    possible_from: new_application_possible_from(cancelled),
                });
            }
        }
        Some((MatterKind::Renewal, CertificateMatter::Renewal(kind))) => match facts.held {
            Some(h)
                if matches!(
                    h.status,
                    CertificateStatus::Valid | CertificateStatus::Expired
                ) =>
            {
                if *kind == RenewalKind::Expiry
                    && !certificate::may_renew_by_expiry(h.issued, facts.today)
                {
                    problems.push(EntryProblem::RenewalNotYetOpen {
                        opens: renewal_opens(h.issued),
                    });
                }
            }
            _ => problems.push(EntryProblem::NeedsExistingCertificate),
        },
        // 004 附件2 六6 “死亡的，应及时将残疾人证注销” and 001 §四(五) set no status condition: a
        // card that has expired or was frozen can be cancelled too (a family cancelling a deceased
        // relative's card).
        Some((MatterKind::Cancellation, _))
            if !facts
                .held
                .is_some_and(|h| h.status != CertificateStatus::Cancelled) =>
        {
            problems.push(EntryProblem::NeedsExistingCertificate);
        }
        Some((MatterKind::Cancellation, _)) => {}
        Some((_, _)) if held_valid.is_none() => {
            problems.push(EntryProblem::NeedsExistingCertificate);
        }
        Some(_) => {}
        None => {}
    }
    let certificate_coming = facts
        .matter
        .is_some_and(|m| m.kind() != MatterKind::Cancellation);
    if facts.wants_services
        && !certificate_coming
        && !facts
            .held
            .is_some_and(|h| h.status == CertificateStatus::Valid)
    {
        problems.push(EntryProblem::ServicesNeedCertificate);
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::certificate::Category;
    use crate::domain::matter::CancellationReason;
    use crate::domain::test_support::{TODAY, d};

    fn facts<'a>(
        matter: Option<&'a CertificateMatter>,
        held: Option<HeldCertificate>,
    ) -> EntryFacts<'a> {
        EntryFacts {
            age: 40,
            applying_as: ApplyingAs::Themself,
            matter,
            held,
            wants_services: false,
            today: TODAY,
        }
    }

    fn valid(issued: NaiveDate) -> Option<HeldCertificate> {
        Some(HeldCertificate {
            status: CertificateStatus::Valid,
            issued,
            cancelled_on: None,
        })
    }

    fn new(categories: Vec<Category>) -> CertificateMatter {
        CertificateMatter::New { categories }
    }

    #[test]
    fn a_first_application_by_an_adult_goes_ahead() {
        let m = new(vec![Category::Physical]);
        assert_eq!(check(&facts(Some(&m), None)), vec![]);
    }

    #[test]
    fn minors_and_intellectual_or_mental_categories_need_a_guardian() {
        let m = new(vec![Category::Physical]);
        let mut f = facts(Some(&m), None);
        f.age = 17;
        assert_eq!(
            check(&f),
            vec![EntryProblem::GuardianRequired(GuardianReason::Minor)]
        );
        f.applying_as = ApplyingAs::Guardian;
        assert_eq!(check(&f), vec![]);
        let m = new(vec![Category::Intellectual]);
        let f = facts(Some(&m), None);
        assert_eq!(
            check(&f),
            vec![EntryProblem::GuardianRequired(
                GuardianReason::IntellectualOrMental
            )]
        );
        let mut helper = facts(Some(&m), None);
        helper.applying_as = ApplyingAs::Helper;
        assert_eq!(check(&helper)[0].code(), "guardian-category");
    }

    #[test]
    fn no_new_certificate_while_holding_a_valid_one() {
        let m = new(vec![Category::Physical]);
        assert_eq!(
            check(&facts(Some(&m), valid(d(2020, 1, 1)))),
            vec![EntryProblem::AlreadyHoldsValid]
        );
    }

    #[test]
    fn a_cancellation_less_than_a_year_ago_blocks_a_new_one_with_the_date() {
        let m = new(vec![Category::Physical]);
        let cancelled = |on| {
            Some(HeldCertificate {
                status: CertificateStatus::Cancelled,
                issued: d(2015, 1, 1),
                cancelled_on: Some(on),
            })
        };
        let p = check(&facts(Some(&m), cancelled(d(2025, 11, 23))));
        assert_eq!(
            p,
            vec![EntryProblem::CancelledRecently {
                possible_from: d(2026, 11, 23)
            }]
        );
        assert_eq!(p[0].date(), Some(d(2026, 11, 23)));
        assert_eq!(
            check(&facts(Some(&m), cancelled(d(2025, 11, 22)))),
            vec![],
            "exactly one year ago"
        );
    }

    #[test]
    fn renewal_by_expiry_opens_after_nine_years() {
        let m = CertificateMatter::Renewal(RenewalKind::Expiry);
        assert_eq!(
            check(&facts(Some(&m), valid(d(2017, 11, 23)))),
            vec![EntryProblem::RenewalNotYetOpen {
                opens: d(2026, 11, 23)
            }]
        );
        assert_eq!(check(&facts(Some(&m), valid(d(2017, 11, 22)))), vec![]);
        let expired = Some(HeldCertificate {
            status: CertificateStatus::Expired,
            issued: d(2015, 1, 1),
            cancelled_on: None,
        });
        assert_eq!(check(&facts(Some(&m), expired)), vec![]);
        let damaged = CertificateMatter::Renewal(RenewalKind::Damaged);
        assert_eq!(check(&facts(Some(&damaged), valid(d(2024, 1, 1)))), vec![]);
        assert_eq!(
            check(&facts(Some(&damaged), None)),
            vec![EntryProblem::NeedsExistingCertificate]
        );
    }

    #[test]
    fn other_matters_need_a_certificate_and_a_frozen_one_may_migrate() {
        for m in [
            CertificateMatter::Replacement,
            CertificateMatter::Change,
            CertificateMatter::Migration,
            CertificateMatter::Cancellation {
                categories: vec![],
                reason: CancellationReason::Other,
            },
        ] {
            assert_eq!(
                check(&facts(Some(&m), None)),
                vec![EntryProblem::NeedsExistingCertificate],
                "{m:?}"
            );
            assert_eq!(
                check(&facts(Some(&m), valid(d(2020, 1, 1)))),
                vec![],
                "{m:?}"
            );
        }
        let frozen = Some(HeldCertificate {
            status: CertificateStatus::Frozen,
            issued: d(2020, 1, 1),
            cancelled_on: None,
        });
        assert_eq!(
            check(&facts(Some(&CertificateMatter::Migration), frozen)),
            vec![]
        );
        assert_eq!(
            check(&facts(Some(&CertificateMatter::Replacement), frozen)),
            vec![EntryProblem::NeedsExistingCertificate]
        );
    }

    #[test]
    fn a_card_can_be_cancelled_whatever_its_status_unless_already_cancelled() {
        // 004 附件2 六6, 001 §四(五): no status condition (a deceased relative's expired card).
        let cancel = CertificateMatter::Cancellation {
            categories: vec![],
            reason: CancellationReason::Death,
        };
        for (status, ok) in [
            (CertificateStatus::Valid, true),
            (CertificateStatus::Expired, true),
            (CertificateStatus::Frozen, true),
            (CertificateStatus::Cancelled, false),
        ] {
            let held = HeldCertificate {
                status,
                issued: d(2012, 1, 1),
                cancelled_on: None,
            };
            let problems = check(&facts(Some(&cancel), Some(held)));
            assert_eq!(problems.is_empty(), ok, "{status:?}: {problems:?}");
        }
        assert_eq!(
            check(&facts(Some(&cancel), None)),
            vec![EntryProblem::NeedsExistingCertificate]
        );
    }

    #[test]
    fn linked_services_need_a_valid_certificate_or_a_certificate_matter() {
        let mut f = facts(None, None);
        f.wants_services = true;
        assert_eq!(check(&f), vec![EntryProblem::ServicesNeedCertificate]);
        f.held = valid(d(2020, 1, 1));
        assert_eq!(check(&f), vec![]);
        let m = new(vec![Category::Hearing]);
        let mut f = facts(Some(&m), None);
        f.wants_services = true;
        assert_eq!(check(&f), vec![]);
        let cancel = CertificateMatter::Cancellation {
            categories: vec![],
            reason: CancellationReason::Recovery,
        };
        let mut f = facts(Some(&cancel), valid(d(2020, 1, 1)));
        f.wants_services = true;
        assert_eq!(
            check(&f),
            vec![],
            "services ride on the certificate still held"
        );
    }
}
