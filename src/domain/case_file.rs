//! The case file: what each office reads of the one application form (DOMAIN “One form”; 003
//! 附件2 the form itself). Every office works from what the person submitted, and each sees
//! what its own step needs and no more (disability status is sensitive personal information):
//!
//! - the county federation accepts and reviews the whole application (001 §二 受理审核; 002 二
//!   审核申请信息及相关材料), and the hukou county approves it (001 §二), so their clerks see
//!   every part;
//! - the designated institution assesses the categories applied for (000 §三(二); 002 三), and
//!   goes to the person when they asked for a home visit (000 §三(五) 上门办; 001 §六 为行动不便
//!   的重度残疾人开展上门服务): its doctors and the final-assessment committee see the person,
//!   the matter, the needs and the contact person — the phone number and the residence address
//!   only for a home visit;
//! - a department grants a linked service and pays subsidies to the card given (004 附件3
//!   五(四)2 通过银行发放至…“一卡通”银行账户): its officers see the person with the hukou
//!   address, the grade, the services with their answers, the benefits received and the bank
//!   card — the phone number only for employment help, where they contact the person (004
//!   附件1 十(三) 县级残联…通知残疾人).
//!
//! The bank card number is always shown masked; showing it in full is a separate, audited step.

use crate::domain::matter::LinkedService;
use crate::domain::role::Role;

/// A part of the case file, in the order the offices work through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The person: name, sex, age, ethnic group, marital status, education, addresses, phone.
    Person,
    /// Who applied and in what capacity (self, guardian, helper).
    Applicant,
    /// The certificate held and the matter with its details.
    Matter,
    /// The assessment needs (home visit, sign language, step-free access).
    Needs,
    /// The grade of the certificate the services build on.
    Grade,
    /// The guardian or contact person.
    Contact,
    /// The linked services chosen, with their answers.
    Services,
    /// The benefits already received (003 附件2 “其他待遇”).
    Benefits,
    /// The bank card for subsidies (004 附件3 五(四)2).
    BankCard,
    /// How the person wants to receive the card and where (000 §三(三)).
    Delivery,
}

/// What one office sees of the case file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// The parts, in order.
    pub parts: &'static [Part],
    /// The person's phone number in full (else masked).
    pub phone: bool,
    /// The residence address (the hukou address is always part of the person).
    pub residence: bool,
}

/// Every part, in order (the federation's clerks).
const ALL: [Part; 10] = [
    Part::Person,
    Part::Applicant,
    Part::Matter,
    Part::Needs,
    Part::Grade,
    Part::Contact,
    Part::Services,
    Part::Benefits,
    Part::BankCard,
    Part::Delivery,
];

/// The institution's doctors and the committee.
const ASSESSMENT: [Part; 5] = [
    Part::Person,
    Part::Needs,
    Part::Matter,
    Part::Contact,
    Part::Applicant,
];

/// A department's officers.
const SERVICE: [Part; 5] = [
    Part::Person,
    Part::Grade,
    Part::Services,
    Part::Benefits,
    Part::BankCard,
];

/// An assessment need the person asked for (003 附件2; DOMAIN “One form”).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// 上门评残: the institution comes to the person (000 §三(五); 001 §六).
    HomeVisit,
    /// A sign-language interpreter at the assessment.
    SignLanguage,
    /// A step-free site.
    StepFree,
}

impl Need {
    /// Every need, in the order of the form.
    pub const ALL: [Need; 3] = [Need::HomeVisit, Need::SignLanguage, Need::StepFree];

    /// Stable code (answers, locale keys `apply-needs-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Need::HomeVisit => "home_visit",
            Need::SignLanguage => "sign_language",
            Need::StepFree => "step_free",
        }
    }

    /// The needs named by `codes` (unknown codes and `none` are left out).
    pub fn of(codes: &[String]) -> Vec<Need> {
        Need::ALL
            .into_iter()
            .filter(|n| codes.iter().any(|c| c == n.code()))
            .collect()
    }
}

/// What `role` sees of a case file (`None`: the role has no case pages). `home_visit`: the
/// person asked for one; `service`: the item is this linked service.
pub fn view_for(role: Role, home_visit: bool, service: Option<LinkedService>) -> Option<View> {
    match role {
        Role::CountyClerk | Role::HukouClerk => Some(View {
            parts: &ALL,
            phone: true,
            residence: true,
        }),
        Role::Doctor | Role::ExpertCommittee => Some(View {
            parts: &ASSESSMENT,
            phone: home_visit,
            residence: home_visit,
        }),
        Role::DepartmentOfficer => Some(View {
            parts: &SERVICE,
            phone: matches!(
                service,
                Some(LinkedService::EmploymentTraining | LinkedService::EmploymentReferral)
            ),
            residence: false,
        }),
        Role::Applicant | Role::Helper | Role::Admin => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_federation_sees_everything_with_the_phone_in_full() {
        for role in [Role::CountyClerk, Role::HukouClerk] {
            let v = view_for(role, false, None).unwrap_or_else(|| panic!("{role:?}"));
            assert_eq!(v.parts, &ALL);
            assert!(v.phone && v.residence);
        }
    }

    #[test]
    fn the_institution_sees_needs_and_categories_and_where_to_go_only_for_a_home_visit() {
        let at_site = view_for(Role::Doctor, false, None);
        let visit = view_for(Role::Doctor, true, None);
        for v in [&at_site, &visit] {
            let parts = v.as_ref().map(|v| v.parts).unwrap_or_default();
            assert!(parts.contains(&Part::Needs) && parts.contains(&Part::Matter));
            assert!(!parts.contains(&Part::BankCard) && !parts.contains(&Part::Benefits));
            assert!(!parts.contains(&Part::Delivery));
        }
        assert_eq!(
            at_site.map(|v| (v.phone, v.residence)),
            Some((false, false))
        );
        assert_eq!(visit.map(|v| (v.phone, v.residence)), Some((true, true)));
        assert_eq!(
            view_for(Role::ExpertCommittee, false, None).map(|v| v.parts),
            Some(&ASSESSMENT[..])
        );
    }

    #[test]
    fn a_department_sees_grade_benefits_and_card_and_the_phone_only_for_employment_help() {
        let subsidy = view_for(
            Role::DepartmentOfficer,
            true,
            Some(LinkedService::LivingSubsidy),
        );
        let parts = subsidy.as_ref().map(|v| v.parts).unwrap_or_default();
        for p in [Part::Grade, Part::Benefits, Part::BankCard, Part::Services] {
            assert!(parts.contains(&p), "{p:?}");
        }
        assert!(!parts.contains(&Part::Needs) && !parts.contains(&Part::Contact));
        assert_eq!(
            subsidy.map(|v| (v.phone, v.residence)),
            Some((false, false))
        );
        let employment = view_for(
            Role::DepartmentOfficer,
            false,
            Some(LinkedService::EmploymentReferral),
        );
        assert_eq!(employment.map(|v| v.phone), Some(true));
    }

    #[test]
    fn applicants_and_administrators_have_no_case_file() {
        for role in [Role::Applicant, Role::Helper, Role::Admin] {
            assert_eq!(view_for(role, true, None), None);
        }
    }

    #[test]
    fn needs_are_read_from_their_codes() {
        let codes = vec![
            "step_free".to_owned(),
            "home_visit".to_owned(),
            "x".to_owned(),
        ];
        assert_eq!(Need::of(&codes), vec![Need::HomeVisit, Need::StepFree]);
        assert_eq!(Need::of(&["none".to_owned()]), vec![]);
    }
}
