//! The staff workbench: queues scoped to the staff member's jurisdiction and the case page with
//! its actions. Every route checks the role and the office (jurisdiction); items outside it
//! answer 404, non-staff 403. Every view of a person's data and every action is audited.

pub mod attendance;
pub mod card;
pub mod case_file;
pub mod claims;
pub mod counter;
pub mod counter_review;
pub mod decide;
pub mod identity;
pub mod item;
pub mod objections;
pub mod old_card;
pub mod proposals;
pub mod queue;
pub mod sessions;

use crate::cases::act::StaffActor;
use crate::db::accounts::Account;
use crate::db::cases::ItemRow;
use crate::db::offices::{self, Office};
use crate::domain::Role;
use crate::domain::jurisdiction::{Post, Scope};
use crate::domain::matter::Department;
use crate::domain::office::OfficeKind;
use crate::domain::workflow::Actor;
use crate::web::ctx::Ctx;
use crate::web::error::AppError;

/// The staff roles that work cases, in the order a person holding several sees them.
const CASE_ROLES: [Role; 5] = [
    Role::CountyClerk,
    Role::Doctor,
    Role::HukouClerk,
    Role::DepartmentOfficer,
    Role::ExpertCommittee,
];

/// A signed-in staff member with the office that gives them their jurisdiction.
pub struct Staff {
    /// The account.
    pub account: Account,
    /// The role acted in.
    pub role: Role,
    /// The office.
    pub office: Office,
}

impl Staff {
    /// The signed-in account's first case role with an office; 403 for everyone else.
    pub async fn load(ctx: &Ctx) -> Result<Staff, AppError> {
        let account = ctx.require_account()?.clone();
        let mut conn = ctx.state.conn().await?;
        for role in CASE_ROLES {
            if account.has_role(role)
                && let Some(office) =
                    offices::assignment(&mut conn, account.id, role.code()).await?
            {
                return Ok(Staff {
                    account,
                    role,
                    office,
                });
            }
        }
        Err(AppError::Forbidden)
    }

    /// A township clerk with delegated authority (000 §三(四)): a county clerk posted at a
    /// township office.
    pub fn is_township(&self) -> bool {
        self.office.kind == OfficeKind::Township
    }

    /// The county the staff member's office serves (a township's county for township clerks).
    pub fn county(&self) -> String {
        self.office.division_code.chars().take(6).collect()
    }

    /// The staff member as the use cases see them.
    pub fn acting(&self) -> StaffActor {
        StaffActor {
            account_id: self.account.id,
            role: self.role,
            office_id: self.office.id,
            county: self.county(),
            actor: self.actor(),
        }
    }

    /// The actor the workflow sees: township clerks act as clerks of their county.
    pub fn actor(&self) -> Actor {
        match self.role {
            Role::Doctor => Actor::Doctor {
                institution: self.office.id,
            },
            Role::HukouClerk => Actor::HukouClerk {
                county: self.office.division_code.clone(),
            },
            Role::ExpertCommittee => Actor::ExpertCommittee {
                committee: self.office.id,
            },
            Role::DepartmentOfficer => Actor::DepartmentOfficer {
                county: self.office.division_code.clone(),
                department: self.department(),
            },
            _ => Actor::CountyClerk {
                county: self.county(),
            },
        }
    }

    /// The department a department officer works for: their office's, or the federation's own
    /// employment service when placed at a federation.
    pub fn department(&self) -> Department {
        self.office
            .department
            .as_deref()
            .and_then(Department::from_code)
            .unwrap_or(Department::DisabledPersonsFederation)
    }

    /// Whose items the staff member works.
    pub fn scope(&self) -> Scope {
        Scope::of(
            self.role,
            &Post {
                office_id: self.office.id,
                division_code: &self.office.division_code,
                kind: self.office.kind,
                department: self.department(),
            },
        )
    }

    /// Whether the item lies in this staff member's jurisdiction.
    pub fn may_see(&self, item: &ItemRow) -> bool {
        self.scope().covers(&item.place())
    }
}
