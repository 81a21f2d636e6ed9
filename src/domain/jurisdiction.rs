//! Whose items a staff member works: their scope, from their role and the office that posts
//! them (DOMAIN “Who uses it”). The same scope selects a queue (`db::cases::queue`, in SQL) and
//! decides whether one item may be opened ([`Scope::covers`]), so both say the same thing.

use super::item::{ItemKind, ItemStatus};
use super::matter::{Department, LinkedService};
use super::office::OfficeKind;
use super::role::Role;
use super::workflow::ItemState;

/// The office a staff member is posted to, as far as their scope depends on it.
#[derive(Debug, Clone, Copy)]
pub struct Post<'a> {
    /// The office's id.
    pub office_id: i64,
    /// The division it serves (a county's code, or a township's for a township office).
    pub division_code: &'a str,
    /// What the office is.
    pub kind: OfficeKind,
    /// The department a department officer works for.
    pub department: Department,
}

/// Whose items a staff member works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The residence county's matters and review requests (county clerk, 001 §五).
    County(String),
    /// A township's matters and review requests (a clerk posted at a township office with
    /// delegated authority, 000 §三(四)).
    Township(String),
    /// The matters sent to a designated institution (doctor, 000 §三(二)).
    Institution(i64),
    /// The review requests forwarded to a city's expert committee (001 §三).
    Committee(i64),
    /// The hukou county's part of cross-region matters, once the residence county passed them
    /// on (hukou clerk, 001 §四(一)5).
    Approving(String),
    /// A department's linked services in a county (department officer, 003 三(三)).
    Department(String, Vec<LinkedService>),
}

/// What an item shows of itself for a scope to judge.
#[derive(Debug, Clone, Copy)]
pub struct ItemPlace<'a> {
    /// Its state (and so its kind).
    pub status: ItemStatus,
    /// The matter kind's or service's code.
    pub code: &'a str,
    /// The county handling it.
    pub handling_county: &'a str,
    /// The hukou county approving it.
    pub approving_county: &'a str,
    /// The residence township of its application.
    pub handling_township: Option<&'a str>,
    /// The designated institution (or, for a review request, committee).
    pub institution_id: Option<i64>,
}

impl Scope {
    /// The scope of `role` at `post`.
    pub fn of(role: Role, post: &Post<'_>) -> Self {
        let division = post.division_code.to_owned();
        match role {
            Role::Doctor => Scope::Institution(post.office_id),
            // A committee's reviews carry it as their institution.
            Role::ExpertCommittee => Scope::Committee(post.office_id),
            Role::HukouClerk => Scope::Approving(division),
            Role::DepartmentOfficer => Scope::Department(division, post.department.services()),
            _ if post.kind == OfficeKind::Township => Scope::Township(division),
            _ => Scope::County(division),
        }
    }

    /// Whether `item` lies in this scope.
    pub fn covers(&self, item: &ItemPlace<'_>) -> bool {
        let kind = item.status.kind();
        match self {
            Scope::County(county) => {
                ItemKind::CLERKS.contains(&kind) && item.handling_county == county
            }
            Scope::Township(township) => {
                ItemKind::CLERKS.contains(&kind) && item.handling_township == Some(township)
            }
            Scope::Institution(id) => kind == ItemKind::Matter && item.institution_id == Some(*id),
            Scope::Committee(id) => kind == ItemKind::Review && item.institution_id == Some(*id),
            Scope::Approving(county) => {
                item.approving_county == county
                    && item.handling_county != item.approving_county
                    && item
                        .status
                        .matter()
                        .is_some_and(ItemState::is_hukou_county_business)
            }
            Scope::Department(county, services) => {
                kind == ItemKind::Service
                    && item.handling_county == county
                    && services.iter().any(|s| s.code() == item.code)
            }
        }
    }
}

/// The states (codes) a role works on: what its queue lists, counts and the daily digest
/// reports.
pub fn open_states(role: Role) -> Vec<&'static str> {
    use crate::domain::review::ReviewState;
    use crate::domain::service_flow::ServiceState;
    use crate::domain::workflow::ItemState as S;
    let matter = |states: &[ItemState]| states.iter().map(|s| s.code()).collect();
    match role {
        Role::Doctor => matter(&[S::Accepted]),
        Role::HukouClerk => matter(&[S::AwaitingHukouApproval]),
        Role::DepartmentOfficer => vec![ServiceState::AtDepartment.code()],
        Role::ExpertCommittee => vec![
            ReviewState::WithCommittee.code(),
            ReviewState::Scheduled.code(),
        ],
        _ => matter(&[
            S::Submitted,
            S::ReturnedForCorrection,
            S::Accepted,
            S::Assessed { meets: true },
            S::Assessed { meets: false },
            S::Published,
            S::Notified { meets: true },
            S::Notified { meets: false },
            S::FinalConclusion { meets: true },
            S::FinalConclusion { meets: false },
            S::ReturnedByHukouCounty,
            S::Issued,
        ])
        .into_iter()
        .chain([ReviewState::Requested.code()])
        .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::review::ReviewState;
    use crate::domain::service_flow::ServiceState;

    fn post(kind: OfficeKind, division_code: &str) -> Post<'_> {
        Post {
            office_id: 7,
            division_code,
            kind,
            department: Department::CivilAffairs,
        }
    }

    fn matter(state: ItemState) -> ItemPlace<'static> {
        ItemPlace {
            status: ItemStatus::Matter(state),
            code: "new",
            handling_county: "430102",
            approving_county: "430103",
            handling_township: Some("430102001"),
            institution_id: Some(7),
        }
    }

    /// A county clerk works their county's matters; at a township office only that
    /// township's (000 §三(四)); never linked services.
    #[test]
    fn clerks_see_their_county_or_township() {
        let county = Scope::of(Role::CountyClerk, &post(OfficeKind::Federation, "430102"));
        assert_eq!(county, Scope::County("430102".into()));
        assert!(county.covers(&matter(ItemState::Submitted)));
        let township = Scope::of(Role::CountyClerk, &post(OfficeKind::Township, "430102002"));
        assert!(!township.covers(&matter(ItemState::Submitted)));
        let service = ItemPlace {
            status: ItemStatus::Service(ServiceState::AtDepartment),
            code: "living_subsidy",
            ..matter(ItemState::Submitted)
        };
        assert!(!county.covers(&service));
        let civil = Scope::of(
            Role::DepartmentOfficer,
            &post(OfficeKind::Department, "430102"),
        );
        assert!(civil.covers(&service));
        let medical = ItemPlace {
            code: "resident_medical_insurance",
            ..service
        };
        assert!(!civil.covers(&medical));
    }

    /// The hukou county sees a cross-region matter only once it is passed on (001 §四(一)5);
    /// a doctor only matters, a committee only review requests, each its own.
    #[test]
    fn approving_institution_and_committee_scopes() {
        let hukou = Scope::of(Role::HukouClerk, &post(OfficeKind::Federation, "430103"));
        assert!(!hukou.covers(&matter(ItemState::Submitted)));
        assert!(hukou.covers(&matter(ItemState::AwaitingHukouApproval)));
        let doctor = Scope::of(Role::Doctor, &post(OfficeKind::Institution, "430102"));
        assert!(doctor.covers(&matter(ItemState::Accepted)));
        let review = ItemPlace {
            status: ItemStatus::Review(ReviewState::Requested),
            ..matter(ItemState::Accepted)
        };
        assert!(!doctor.covers(&review));
        let committee = Scope::of(Role::ExpertCommittee, &post(OfficeKind::Committee, "4301"));
        assert!(committee.covers(&review));
        assert!(!committee.covers(&matter(ItemState::Accepted)));
    }
}
