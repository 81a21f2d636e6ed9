//! Roles an account may hold (DOMAIN “Who uses it”).

use super::office::OfficeKind;

/// A role. Stored by its [`Role::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// 申请人 — also guardians and agents, who act for others through representations.
    Applicant,
    /// 村（社区）帮代办 helper.
    Helper,
    /// 县级残联办证员 county clerk (000 §三(四): township clerks may hold delegated authority).
    CountyClerk,
    /// 指定医院评残医生 assessing doctor.
    Doctor,
    /// 户籍地县级残联 clerk approving cross-region cases (001 §四(一)5).
    HukouClerk,
    /// 民政 / 人社 / 医保 / 市监 department officer.
    DepartmentOfficer,
    /// Member of a city's 残疾评定终评专家委员会 (001 §三): decides review requests.
    ExpertCommittee,
    /// 管理员 administrator.
    Admin,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 8] = [
        Role::Applicant,
        Role::Helper,
        Role::CountyClerk,
        Role::Doctor,
        Role::HukouClerk,
        Role::DepartmentOfficer,
        Role::ExpertCommittee,
        Role::Admin,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Helper => "helper",
            Role::CountyClerk => "county_clerk",
            Role::Doctor => "doctor",
            Role::HukouClerk => "hukou_clerk",
            Role::DepartmentOfficer => "department_officer",
            Role::ExpertCommittee => "expert_committee",
            Role::Admin => "admin",
        }
    }

    /// The role for a stored code.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// DOMAIN “Who uses it”: the roles that work certificate cases in a queue.
    pub fn works_cases(self) -> bool {
        matches!(
            self,
            Role::CountyClerk
                | Role::Doctor
                | Role::HukouClerk
                | Role::DepartmentOfficer
                | Role::ExpertCommittee
        )
    }

    /// DOMAIN “Who uses it”: the kind of office a staff post of this role is in — clerks at the
    /// disabled persons' federation, doctors at a designated institution, department officers at
    /// their department (or the federation, for employment help). `None` for non-staff roles.
    pub fn office_kinds(self) -> Option<&'static [OfficeKind]> {
        use OfficeKind as K;
        match self {
            // 000 §三(四): acceptance may be delegated to township (street) clerks.
            Role::CountyClerk => Some(&[K::Federation, K::Township]),
            // 000 §三(四)(五): village (community) helpers submit for people who cannot come,
            // posted at the township office that designates them (issue #21).
            Role::Helper => Some(&[K::Township]),
            Role::HukouClerk => Some(&[K::Federation]),
            Role::Doctor => Some(&[K::Institution]),
            Role::DepartmentOfficer => Some(&[K::Department, K::Federation]),
            // 001 §三: the committee is the city's (市（州）残联).
            Role::ExpertCommittee => Some(&[K::Committee]),
            _ => None,
        }
    }

    /// Whether this is a staff role (works in the back office).
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Applicant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
        assert!(!Role::Applicant.is_staff());
        assert!(Role::CountyClerk.is_staff());
    }
}
