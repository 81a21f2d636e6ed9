//! What a person can apply for: the six certificate matters (001 §四) and the linked services
//! (003 二, 004 附件2 二).

use super::certificate::{Category, RenewalKind};

/// 001 §四: the six certificate matters (残疾人证事项).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificateMatter {
    /// 新办 — with the categories applied for.
    New {
        /// Categories the person asks to be assessed for.
        categories: Vec<Category>,
    },
    /// 换领 (001 §四(二)).
    Renewal(RenewalKind),
    /// 迁移 (001 §四(三)) — after the hukou moved.
    Migration,
    /// 挂失补办 (001 §四(四)).
    Replacement,
    /// 注销 (001 §四(五)) — whole certificate or some categories.
    Cancellation {
        /// Categories to cancel; empty means the whole certificate.
        categories: Vec<Category>,
        /// Why.
        reason: CancellationReason,
    },
    /// 残疾类别/等级变更 (001 §四(六)) — same flow as a new certificate.
    Change,
}

/// 001 §四(五), 004 附件2 六6: reasons for cancellation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancellationReason {
    /// 康复 — no longer meets the standard.
    Recovery,
    /// 死亡.
    Death,
    /// 其他.
    Other,
}

/// Whether a matter needs a disability assessment (004 附件3 (四)1 注).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssessmentNeed {
    /// Always assessed (new, change).
    Always,
    /// Only when the old certificate was issued before 2018 by visual inspection, or when the
    /// county finds the condition changed (001 §四(二)1, §四(三)).
    Conditional,
    /// Never assessed.
    Never,
}

/// A matter's stable code (for storage, URLs and locale keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatterKind {
    /// 新办.
    New,
    /// 换领.
    Renewal,
    /// 迁移.
    Migration,
    /// 挂失补办.
    Replacement,
    /// 注销.
    Cancellation,
    /// 类别/等级变更.
    Change,
}

impl MatterKind {
    /// The six matters in the order of 001 §四.
    pub const ALL: [MatterKind; 6] = [
        MatterKind::New,
        MatterKind::Renewal,
        MatterKind::Migration,
        MatterKind::Replacement,
        MatterKind::Cancellation,
        MatterKind::Change,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            MatterKind::New => "new",
            MatterKind::Renewal => "renewal",
            MatterKind::Migration => "migration",
            MatterKind::Replacement => "replacement",
            MatterKind::Cancellation => "cancellation",
            MatterKind::Change => "change",
        }
    }
}

impl CertificateMatter {
    /// The matter's kind.
    pub fn kind(&self) -> MatterKind {
        match self {
            CertificateMatter::New { .. } => MatterKind::New,
            CertificateMatter::Renewal(_) => MatterKind::Renewal,
            CertificateMatter::Migration => MatterKind::Migration,
            CertificateMatter::Replacement => MatterKind::Replacement,
            CertificateMatter::Cancellation { .. } => MatterKind::Cancellation,
            CertificateMatter::Change => MatterKind::Change,
        }
    }

    /// 004 附件3 (四)1 注, 001 §四(二)–(三): only new and change always need assessment; expiry
    /// renewal and migration sometimes; damaged or data-update renewal, replacement and
    /// cancellation never.
    pub fn assessment(&self) -> AssessmentNeed {
        match self {
            CertificateMatter::New { .. } | CertificateMatter::Change => AssessmentNeed::Always,
            CertificateMatter::Renewal(RenewalKind::Expiry) | CertificateMatter::Migration => {
                AssessmentNeed::Conditional
            }
            CertificateMatter::Renewal(_)
            | CertificateMatter::Replacement
            | CertificateMatter::Cancellation { .. } => AssessmentNeed::Never,
        }
    }

    /// 001 §四(一)1: new applications apply for categories; they need a guardian when any is
    /// intellectual or mental.
    pub fn involves_guardian_category(&self) -> bool {
        match self {
            CertificateMatter::New { categories } => categories.iter().any(|c| c.needs_guardian()),
            _ => false,
        }
    }
}

/// Why a guardian (监护人) must apply (001 §四(一)1, 003 附件1 #9–10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardianReason {
    /// The person is under 18.
    Minor,
    /// The categories involve an intellectual or mental disability.
    IntellectualOrMental,
}

/// Age of majority (民法典 第十七条): 18.
pub const ADULT_AGE: u32 = 18;

/// 001 §四(一)1: a guardian's proof is needed for minors and for intellectual or mental
/// categories; returns every reason that applies.
pub fn guardian_required(age: u32, involves_intellectual_or_mental: bool) -> Vec<GuardianReason> {
    let mut reasons = vec![];
    if age < ADULT_AGE {
        reasons.push(GuardianReason::Minor);
    }
    if involves_intellectual_or_mental {
        reasons.push(GuardianReason::IntellectualOrMental);
    }
    reasons
}

/// The linked services (联办事项) of 003 二 and 004 附件2 二.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkedService {
    /// 困难残疾人生活补贴 (民政).
    LivingSubsidy,
    /// 重度残疾人护理补贴 (民政).
    NursingSubsidy,
    /// 城乡居民基本养老保险登记 / 补助 (人社).
    ResidentPension,
    /// 城乡居民基本医疗保险登记 (医保).
    ResidentMedicalInsurance,
    /// 残疾人就业培训登记 (残联).
    EmploymentTraining,
    /// 残疾人就业咨询与职业介绍 (残联 / 人社).
    EmploymentReferral,
    /// 个体工商户登记 (市监).
    IndividualBusiness,
}

impl LinkedService {
    /// All services in the order of the 003 附件2 form.
    pub const ALL: [LinkedService; 7] = [
        LinkedService::LivingSubsidy,
        LinkedService::NursingSubsidy,
        LinkedService::ResidentPension,
        LinkedService::ResidentMedicalInsurance,
        LinkedService::EmploymentTraining,
        LinkedService::EmploymentReferral,
        LinkedService::IndividualBusiness,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            LinkedService::LivingSubsidy => "living_subsidy",
            LinkedService::NursingSubsidy => "nursing_subsidy",
            LinkedService::ResidentPension => "resident_pension",
            LinkedService::ResidentMedicalInsurance => "resident_medical_insurance",
            LinkedService::EmploymentTraining => "employment_training",
            LinkedService::EmploymentReferral => "employment_referral",
            LinkedService::IndividualBusiness => "individual_business",
        }
    }

    /// The service for a code.
    pub fn from_code(code: &str) -> Option<LinkedService> {
        LinkedService::ALL.into_iter().find(|s| s.code() == code)
    }

    /// 003 附件1 row 11: the two subsidies pay into a bank card.
    pub fn pays_into_bank_card(self) -> bool {
        matches!(
            self,
            LinkedService::LivingSubsidy | LinkedService::NursingSubsidy
        )
    }

    /// The department that handles it (003 三(三)).
    pub fn department(self) -> Department {
        match self {
            LinkedService::LivingSubsidy | LinkedService::NursingSubsidy => {
                Department::CivilAffairs
            }
            LinkedService::ResidentPension => Department::HumanResources,
            LinkedService::ResidentMedicalInsurance => Department::MedicalSecurity,
            LinkedService::EmploymentTraining | LinkedService::EmploymentReferral => {
                Department::DisabledPersonsFederation
            }
            LinkedService::IndividualBusiness => Department::MarketRegulation,
        }
    }
}

/// The offices that handle matters and services (003 三(三)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Department {
    /// 残联 — certificates and employment help.
    DisabledPersonsFederation,
    /// 民政 — the two subsidies.
    CivilAffairs,
    /// 人社 — resident pension.
    HumanResources,
    /// 医保 — resident medical insurance.
    MedicalSecurity,
    /// 市监 — individual-business registration.
    MarketRegulation,
}

impl Department {
    /// Every department.
    pub const ALL: [Department; 5] = [
        Department::DisabledPersonsFederation,
        Department::CivilAffairs,
        Department::HumanResources,
        Department::MedicalSecurity,
        Department::MarketRegulation,
    ];

    /// Stable code (offices, locale keys `department-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Department::DisabledPersonsFederation => "disabled_persons_federation",
            Department::CivilAffairs => "civil_affairs",
            Department::HumanResources => "human_resources",
            Department::MedicalSecurity => "medical_security",
            Department::MarketRegulation => "market_regulation",
        }
    }

    /// The department with this code.
    pub fn from_code(code: &str) -> Option<Department> {
        Department::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The linked services it handles (003 三(三)).
    pub fn services(self) -> Vec<LinkedService> {
        LinkedService::ALL
            .into_iter()
            .filter(|s| s.department() == self)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_matters_need_assessment() {
        use AssessmentNeed::*;
        let cases = [
            (
                CertificateMatter::New {
                    categories: vec![Category::Visual],
                },
                Always,
            ),
            (CertificateMatter::Change, Always),
            (CertificateMatter::Renewal(RenewalKind::Expiry), Conditional),
            (CertificateMatter::Migration, Conditional),
            (CertificateMatter::Renewal(RenewalKind::Damaged), Never),
            (CertificateMatter::Renewal(RenewalKind::DataUpdate), Never),
            (CertificateMatter::Replacement, Never),
            (
                CertificateMatter::Cancellation {
                    categories: vec![],
                    reason: CancellationReason::Death,
                },
                Never,
            ),
        ];
        for (matter, need) in cases {
            assert_eq!(matter.assessment(), need, "{matter:?}");
        }
    }

    #[test]
    fn guardians_for_minors_and_intellectual_or_mental_categories() {
        assert_eq!(guardian_required(17, false), vec![GuardianReason::Minor]);
        assert_eq!(guardian_required(18, false), vec![]);
        assert_eq!(
            guardian_required(40, true),
            vec![GuardianReason::IntellectualOrMental]
        );
        assert_eq!(
            guardian_required(10, true),
            vec![GuardianReason::Minor, GuardianReason::IntellectualOrMental]
        );
    }

    #[test]
    fn service_codes_round_trip_and_departments() {
        for s in LinkedService::ALL {
            assert_eq!(LinkedService::from_code(s.code()), Some(s));
        }
        assert_eq!(LinkedService::from_code("x"), None);
        assert!(LinkedService::NursingSubsidy.pays_into_bank_card());
        assert!(!LinkedService::ResidentPension.pays_into_bank_card());
        assert_eq!(
            LinkedService::ResidentMedicalInsurance.department(),
            Department::MedicalSecurity
        );
        assert_eq!(MatterKind::ALL.len(), 6);
        assert!(
            CertificateMatter::New {
                categories: vec![Category::Mental]
            }
            .involves_guardian_category()
        );
        assert!(
            !CertificateMatter::New {
                categories: vec![Category::Hearing]
            }
            .involves_guardian_category()
        );
    }
}
