//! Linked-service items (联办事项): they wait for the certificate, then run in parallel at their
//! departments, each with its own time limit (003 三(三), 004 附件2 十, 附件3 (四)2; DOMAIN
//! “Linked services”). Pure, like [`super::workflow`].

use chrono::NaiveDate;

use super::eligibility::Eligibility;
use super::matter::{Department, LinkedService};
use super::policy::{ProvincePolicy, Step};
use super::workflow::{Actor, ItemState, WorkflowError};
use super::working_days::{Calendar, Dated};

/// Where a linked-service item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceState {
    /// 等待残疾人证办结: waits for the certificate matter of the same application.
    Waiting,
    /// 部门审核中: at its department.
    AtDepartment,
    /// 已办结（通过）: granted by the department.
    Approved,
    /// 不予办理: refused with a reason.
    Refused,
    /// 不再办理: the certificate was not issued (rejected, abandoned, not meeting the standard …).
    Lapsed,
    /// 已撤回: withdrawn by the applicant before it reached the department.
    Withdrawn,
    /// 不符合条件: the certificate was issued, but the eligibility rules exclude the service
    /// (003 二(二): checked when the certificate exists; the reasons are stored with the event).
    NotEligible,
}

impl ServiceState {
    /// Every state.
    pub const ALL: [ServiceState; 7] = [
        ServiceState::Waiting,
        ServiceState::AtDepartment,
        ServiceState::Approved,
        ServiceState::Refused,
        ServiceState::Lapsed,
        ServiceState::Withdrawn,
        ServiceState::NotEligible,
    ];

    /// Stable code (storage, locale keys `state-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            ServiceState::Waiting => "waiting",
            ServiceState::AtDepartment => "at_department",
            ServiceState::Approved => "approved",
            ServiceState::Refused => "refused",
            ServiceState::Lapsed => "lapsed",
            ServiceState::Withdrawn => "withdrawn",
            ServiceState::NotEligible => "not_eligible",
        }
    }

    /// The state with this code.
    pub fn from_code(code: &str) -> Option<ServiceState> {
        ServiceState::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A command on a linked-service item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceCommand {
    /// The certificate exists: pass the item to its department (003 二(二)).
    Forward,
    /// The department grants it, with what it recorded.
    Approve {
        /// What was decided (start month, contribution tier …).
        note: String,
    },
    /// The department refuses it, with the reason.
    Refuse {
        /// Why.
        reason: String,
    },
    /// The certificate matter ended without a certificate.
    Lapse,
    /// Employment help records a contact made (004 附件2 十(三)); the item stays at the
    /// department until the contacts owed are made.
    RecordContact {
        /// What was done (a consultation, a job recommendation), in words.
        text: String,
    },
}

impl ServiceCommand {
    /// The code of a contact employment help records (`RecordContact`), as its events carry it.
    pub const RECORD_CONTACT: &'static str = "record_contact";

    /// Every command's code.
    pub const CODES: [&'static str; 6] = [
        "forward_to_department",
        "approve",
        "refuse",
        "lapse",
        Self::RECORD_CONTACT,
        CHECK_ELIGIBILITY,
    ];

    /// Stable code (events, locale keys `command-<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            ServiceCommand::Forward => "forward_to_department",
            ServiceCommand::Approve { .. } => "approve",
            ServiceCommand::Refuse { .. } => "refuse",
            ServiceCommand::Lapse => "lapse",
            ServiceCommand::RecordContact { .. } => Self::RECORD_CONTACT,
        }
    }
}

/// What the certificate matter's new state means for the services waiting on it: forwarded once
/// the certificate is issued (000 §三(六): issuing completes the matter), lapsed when the matter
/// ends without one.
pub fn follows(matter: ItemState) -> Option<ServiceCommand> {
    match matter {
        ItemState::Issued => Some(ServiceCommand::Forward),
        ItemState::Rejected
        | ItemState::Abandoned
        | ItemState::Closed
        | ItemState::Cancelled
        | ItemState::Withdrawn => Some(ServiceCommand::Lapse),
        _ => None,
    }
}

/// Checks authority and state: forwarding and lapsing are the system's (or the residence county's
/// clerk's); only an officer of the service's own department in the residence county decides.
pub fn decide_service(
    state: ServiceState,
    service: LinkedService,
    handling_county: &str,
    actor: &Actor,
    command: &ServiceCommand,
) -> Result<ServiceState, WorkflowError> {
    use ServiceCommand as C;
    use ServiceState as S;
    let allowed = match command {
        C::Forward | C::Lapse => {
            matches!(actor, Actor::System)
                || matches!(actor, Actor::CountyClerk { county } if county == handling_county)
        }
        C::Approve { .. } | C::Refuse { .. } | C::RecordContact { .. } => matches!(
            actor,
            Actor::DepartmentOfficer { county, department }
                if county == handling_county && *department == service.department()
        ),
    };
    if !allowed {
        return Err(WorkflowError::NotAllowed);
    }
    match (state, command) {
        (S::Waiting, C::Forward) => Ok(S::AtDepartment),
        (S::Waiting, C::Lapse) => Ok(S::Lapsed),
        (S::AtDepartment, C::Approve { .. }) => Ok(S::Approved),
        (S::AtDepartment, C::Refuse { reason }) if reason.trim().is_empty() => {
            Err(WorkflowError::ReasonRequired)
        }
        (S::AtDepartment, C::Refuse { .. }) => Ok(S::Refused),
        (S::AtDepartment, C::RecordContact { text })
            if matches!(
                service,
                LinkedService::EmploymentTraining | LinkedService::EmploymentReferral
            ) =>
        {
            if text.trim().is_empty() {
                Err(WorkflowError::ReasonRequired)
            } else {
                Ok(S::AtDepartment)
            }
        }
        _ => Err(WorkflowError::IllegalTransition {
            state: state.code(),
            command: command.code(),
        }),
    }
}

/// The event code of a service found not eligible when the certificate was issued.
pub const CHECK_ELIGIBILITY: &str = "check_eligibility";

/// 003 二(二): where a waiting service goes once the certificate is issued — to its department
/// when the rules find the person eligible (or need facts only the department can check), or to
/// “not eligible” with every reason.
pub fn at_issue(eligibility: &Eligibility) -> (ServiceState, Vec<&'static str>) {
    match eligibility {
        Eligibility::NotEligible(reasons) => (
            ServiceState::NotEligible,
            reasons.iter().map(|r| r.code).collect(),
        ),
        Eligibility::Eligible(_) | Eligibility::NeedsInformation(_) => {
            (ServiceState::AtDepartment, vec![])
        }
    }
}

/// The step whose time limit a service has at its department: the two subsidies are reviewed
/// within 10 working days (004 附件3 (四)2), employment help starts within 5 working days of the
/// certificate (004 附件2 十(三)); the others have no limit of their own in the seeds.
pub fn step(service: LinkedService) -> Option<Step> {
    match service {
        LinkedService::LivingSubsidy | LinkedService::NursingSubsidy => Some(Step::SubsidyReview),
        LinkedService::EmploymentTraining | LinkedService::EmploymentReferral => {
            Some(Step::EmploymentContact)
        }
        _ => None,
    }
}

/// The department's deadline for a service that reached it on `since`, when the policy sets one.
pub fn deadline(
    policy: &ProvincePolicy,
    calendar: &Calendar,
    service: LinkedService,
    since: NaiveDate,
) -> Option<Dated> {
    Some(policy.limit(step(service)?)?.due(calendar, since, 0))
}

/// Whether an officer of `department` works items of `service`.
pub fn handles(department: Department, service: LinkedService) -> bool {
    service.department() == department
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{HENAN, HUNAN, ZHEJIANG};
    use crate::domain::test_support::d;

    fn officer(department: Department) -> Actor {
        Actor::DepartmentOfficer {
            county: "430102".into(),
            department,
        }
    }

    #[test]
    fn services_wait_for_the_certificate_then_their_department_decides() {
        let civil = officer(Department::CivilAffairs);
        let s = LinkedService::LivingSubsidy;
        let forward = decide_service(
            ServiceState::Waiting,
            s,
            "430102",
            &Actor::System,
            &ServiceCommand::Forward,
        );
        assert_eq!(forward, Ok(ServiceState::AtDepartment));
        let approve = ServiceCommand::Approve {
            note: String::new(),
        };
        assert_eq!(
            decide_service(ServiceState::AtDepartment, s, "430102", &civil, &approve),
            Ok(ServiceState::Approved)
        );
        // Not before it reached the department, and not twice.
        for state in [ServiceState::Waiting, ServiceState::Approved] {
            assert!(matches!(
                decide_service(state, s, "430102", &civil, &approve),
                Err(WorkflowError::IllegalTransition { .. })
            ));
        }
        let refuse = |reason: &str| ServiceCommand::Refuse {
            reason: reason.into(),
        };
        assert_eq!(
            decide_service(
                ServiceState::AtDepartment,
                s,
                "430102",
                &civil,
                &refuse(" ")
            ),
            Err(WorkflowError::ReasonRequired)
        );
        assert_eq!(
            decide_service(
                ServiceState::AtDepartment,
                s,
                "430102",
                &civil,
                &refuse("特困供养人员")
            ),
            Ok(ServiceState::Refused)
        );
    }

    #[test]
    fn only_the_services_own_department_in_the_residence_county_decides() {
        let approve = ServiceCommand::Approve {
            note: String::new(),
        };
        let at = ServiceState::AtDepartment;
        let pension = LinkedService::ResidentPension;
        for actor in [
            officer(Department::CivilAffairs),
            Actor::DepartmentOfficer {
                county: "410105".into(),
                department: Department::HumanResources,
            },
            Actor::CountyClerk {
                county: "430102".into(),
            },
            Actor::Applicant,
            Actor::System,
        ] {
            assert_eq!(
                decide_service(at, pension, "430102", &actor, &approve),
                Err(WorkflowError::NotAllowed),
                "{actor:?}"
            );
        }
        assert_eq!(
            decide_service(
                at,
                pension,
                "430102",
                &officer(Department::HumanResources),
                &approve
            ),
            Ok(ServiceState::Approved)
        );
        // Applicants do not forward their own services.
        assert_eq!(
            decide_service(
                ServiceState::Waiting,
                pension,
                "430102",
                &Actor::Applicant,
                &ServiceCommand::Forward
            ),
            Err(WorkflowError::NotAllowed)
        );
    }

    #[test]
    fn the_matter_decides_whether_waiting_services_go_on_or_lapse() {
        assert_eq!(follows(ItemState::Issued), Some(ServiceCommand::Forward));
        for end in [
            ItemState::Rejected,
            ItemState::Abandoned,
            ItemState::Closed,
            ItemState::Withdrawn,
        ] {
            assert_eq!(follows(end), Some(ServiceCommand::Lapse), "{end:?}");
        }
        for s in [
            ItemState::Submitted,
            ItemState::Published,
            ItemState::CardDelivered,
        ] {
            assert_eq!(follows(s), None);
        }
        assert_eq!(
            decide_service(
                ServiceState::Approved,
                LinkedService::LivingSubsidy,
                "430102",
                &Actor::System,
                &ServiceCommand::Lapse
            ),
            Err(WorkflowError::IllegalTransition {
                state: "approved",
                command: "lapse"
            })
        );
    }

    #[test]
    fn each_service_has_its_departments_deadline_where_the_policy_sets_one() {
        let cal = Calendar::from_csv(include_str!("../../tests/fixtures/holidays_cn.csv")).unwrap();
        // Certificate issued Wed 30 Sep 2026: 10 working days skip National Day and count the
        // adjusted working Saturday 10 Oct → Tue 20 Oct; employment: 5 → Tue 13 Oct.
        let issued = d(2026, 9, 30);
        let subsidy = deadline(&HENAN, &cal, LinkedService::NursingSubsidy, issued).unwrap();
        assert_eq!(subsidy.date, d(2026, 10, 20));
        let work = deadline(&HENAN, &cal, LinkedService::EmploymentReferral, issued).unwrap();
        assert_eq!(work.date, d(2026, 10, 13));
        // Hunan's 003 sets no department limits: none is promised (the 10 and 5 working days
        // are Henan's, 004 附件3 五(四)2–3).
        for s in LinkedService::ALL {
            assert_eq!(deadline(&HUNAN, &cal, s, issued), None, "{s:?}");
        }
        // Zhejiang bundles no services and sets no limit.
        assert_eq!(
            deadline(&ZHEJIANG, &cal, LinkedService::LivingSubsidy, issued),
            None
        );
    }

    #[test]
    fn codes_round_trip_and_departments_know_their_services() {
        for s in ServiceState::ALL {
            assert_eq!(ServiceState::from_code(s.code()), Some(s));
        }
        assert_eq!(
            Department::CivilAffairs.services(),
            vec![LinkedService::LivingSubsidy, LinkedService::NursingSubsidy]
        );
        for d in Department::ALL {
            assert_eq!(Department::from_code(d.code()), Some(d));
            for s in d.services() {
                assert!(handles(d, s));
            }
        }
    }
}
