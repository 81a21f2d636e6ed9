//! Eligibility for the linked services (003 附件3–5, 004 附件2 六, 附件3 五(四)), one function per
//! service. Every reason has a stable code, plain zh and en text, and the seed clause it comes from;
//! all refusal reasons are collected so that a person learns them all at once.

use chrono::{Datelike, Months, NaiveDate};

use super::certificate::{CertificateStatus, Grade};
use super::id_number::{Sex, full_years_between};
use super::matter::LinkedService;
use super::policy::{AllowanceOverlap, ProvincePolicy};

/// A reason (refusal, note or missing fact) a person can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    /// Stable code; its words are `reason-<code>` in `locales/`.
    pub code: &'static str,
    /// The seed clause.
    pub seed: &'static str,
}

macro_rules! reason {
    ($name:ident, $code:literal, $summary:literal, $seed:literal) => {
        #[doc = concat!($seed, ": ", $summary)]
        pub const $name: Reason = Reason {
            code: $code,
            seed: $seed,
        };
    };
}

/// Every reason the rules can give.
pub mod reasons {
    use super::Reason;

    reason!(
        HUKOU_OUTSIDE,
        "hukou-outside-province",
        "需要本省户籍",
        "003 附件3 一; 004 附件2 六7–10"
    );
    reason!(
        NOT_SECOND_GENERATION,
        "not-second-generation",
        "需要持有第二代残疾人证",
        "003 附件3 一; 004 附件2 六7–8"
    );
    reason!(
        CERT_EXPIRED,
        "certificate-expired",
        "残疾人证已过有效期，请先换领",
        "004 附件3 五(四)2"
    );
    reason!(
        CERT_CANCELLED,
        "certificate-cancelled",
        "残疾人证已注销",
        "004 附件3 五(四)2"
    );
    reason!(
        CERT_FROZEN,
        "certificate-frozen",
        "残疾人证已冻结，请先办理迁移",
        "004 附件3 五(四)2; 001 §四(三)"
    );
    reason!(
        CERT_MIGRATED,
        "certificate-migrated-out",
        "残疾人证已迁出",
        "004 附件3 五(四)2"
    );
    reason!(
        HUKOU_MOVED_OUT,
        "hukou-moved-out",
        "户籍已迁出本省",
        "004 附件3 五(四)2"
    );
    reason!(DECEASED, "deceased", "申请人已去世", "004 附件3 五(四)2");
    reason!(
        NOT_ON_DIBAO,
        "not-on-dibao",
        "生活补贴需要本人或家庭享受最低生活保障（低保）",
        "003 附件3 一(一); 004 附件2 六7"
    );
    reason!(
        TEKUN,
        "tekun",
        "已纳入特困人员供养的，不享受残疾人两项补贴",
        "003 附件3 二; 004 附件2 六7–8"
    );
    reason!(
        WORK_INJURY_CARE,
        "work-injury-care",
        "领取工伤保险生活护理费的，不享受残疾人两项补贴",
        "003 附件3 二; 004 附件2 六7–8"
    );
    reason!(
        ORPHAN_LIVING,
        "orphan-living-subsidy",
        "享受孤儿基本生活保障的残疾儿童不享受生活补贴（可以享受护理补贴）",
        "003 附件3 二; 004 附件2 六7"
    );
    reason!(
        NURSING_GRADE,
        "nursing-needs-grade-1-2",
        "护理补贴需要一级或二级残疾",
        "003 附件3 一(二); 004 附件2 六8"
    );
    reason!(
        NO_LONG_TERM_CARE,
        "no-long-term-care",
        "护理补贴需要长期照护（超过 6 个月）",
        "004 附件2 六8"
    );
    reason!(
        CHOOSE_HIGHER,
        "choose-the-higher",
        "您还享受老年、因公致残或离休等津贴，只能选择其中较高的一项领取",
        "003 附件3 二"
    );
    reason!(
        NOT_BOTH,
        "not-on-top-of-allowance",
        "已享受老年、因公致残、离休等福利性生活补贴（津贴）、护理补贴（津贴）的，不再重复享受",
        "004 附件2 六7–8"
    );
    reason!(
        UNDER_16,
        "pension-under-16",
        "城乡居民养老保险需要年满 16 周岁",
        "004 附件2 六10"
    );
    reason!(
        STUDENT,
        "pension-student",
        "在校学生不参加城乡居民养老保险",
        "004 附件2 六10"
    );
    reason!(
        PUBLIC_SECTOR,
        "pension-public-sector",
        "机关事业单位工作人员不参加城乡居民养老保险",
        "004 附件2 六10"
    );
    reason!(
        EMPLOYEE_SCHEME,
        "pension-employee-scheme",
        "已参加职工基本养老保险的，不参加城乡居民养老保险",
        "004 附件2 六10"
    );
    reason!(
        PENSION_GRADE,
        "pension-support-needs-grade-1-2",
        "养老保险补助需要一级或二级残疾",
        "004 附件2 六10"
    );
    reason!(
        GOV_PAYS_100,
        "pension-government-pays",
        "一、二级残疾人由政府按每年 100 元档次全额代缴养老保险费",
        "003 附件4 2"
    );
    reason!(
        CONTRIBUTION_SUBSIDY,
        "pension-contribution-subsidy",
        "自己缴费的，政府按缴费档次给予补贴（100/300 元档补 30 元，400 元档补 40 元，500–3000 元档补 60 元，4000–6000 元档补 100 元）",
        "003 附件4 4"
    );
    reason!(
        MEDICAL_FULL,
        "medical-subsidy-100",
        "个人缴费由政府全额资助",
        "003 附件5 2"
    );
    reason!(
        MEDICAL_HALF,
        "medical-subsidy-50",
        "个人缴费由政府资助 50%",
        "003 附件5 3"
    );
    reason!(
        MEDICAL_NONE,
        "medical-subsidy-none",
        "可以参保登记，个人缴费没有资助",
        "003 附件5"
    );
    reason!(
        NOT_WORKING_AGE,
        "employment-working-age",
        "就业帮扶面向法定劳动年龄内的残疾人",
        "004 附件2 六9"
    );
    reason!(
        EMPLOYED,
        "employment-employed",
        "就业帮扶面向目前没有工作的残疾人",
        "004 附件2 六9"
    );
    reason!(
        NOT_ABLE_OR_WILLING,
        "employment-able-willing",
        "就业帮扶需要有劳动能力和就业意愿",
        "004 附件2 六9"
    );
    reason!(
        NO_CERTIFICATE,
        "no-certificate",
        "需要先持有残疾人证（可以在同一份申请中办理）",
        "003 二(二); 004 附件2 六"
    );
    reason!(
        NEEDS_GRADE_FIRST,
        "needs-assessment-first",
        "要等评定出残疾等级后才能判断",
        "003 二(二)"
    );

    /// Every reason, for reading stored codes back.
    pub const ALL: [Reason; 31] = [
        HUKOU_OUTSIDE,
        NOT_SECOND_GENERATION,
        CERT_EXPIRED,
        CERT_CANCELLED,
        CERT_FROZEN,
        CERT_MIGRATED,
        HUKOU_MOVED_OUT,
        DECEASED,
        NOT_ON_DIBAO,
        TEKUN,
        WORK_INJURY_CARE,
        ORPHAN_LIVING,
        NURSING_GRADE,
        NO_LONG_TERM_CARE,
        CHOOSE_HIGHER,
        NOT_BOTH,
        UNDER_16,
        STUDENT,
        PUBLIC_SECTOR,
        EMPLOYEE_SCHEME,
        PENSION_GRADE,
        GOV_PAYS_100,
        CONTRIBUTION_SUBSIDY,
        MEDICAL_FULL,
        MEDICAL_HALF,
        MEDICAL_NONE,
        NOT_WORKING_AGE,
        EMPLOYED,
        NOT_ABLE_OR_WILLING,
        NO_CERTIFICATE,
        NEEDS_GRADE_FIRST,
    ];

    /// The reason with `code`.
    pub fn by_code(code: &str) -> Option<Reason> {
        ALL.into_iter().find(|r| r.code == code)
    }
}

/// A fact the rules need but do not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// A certificate (or the grade of the one being applied for).
    Certificate,
    /// Whether the person is a student.
    Student,
    /// Whether the person works in a public body.
    PublicSector,
    /// Whether the person is in the employees' pension scheme.
    EmployeeScheme,
    /// Whether long-term care is needed.
    LongTermCare,
    /// Whether the person is employed.
    Employment,
    /// Whether the person is able and willing to work.
    AbleAndWilling,
}

/// The answer for one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Eligibility {
    /// Eligible; notes say what support follows and any overlap warning.
    Eligible(Vec<Reason>),
    /// Not eligible, with every reason.
    NotEligible(Vec<Reason>),
    /// Cannot be decided yet.
    NeedsInformation(Vec<Missing>),
}

impl Eligibility {
    /// True when eligible.
    pub fn is_eligible(&self) -> bool {
        matches!(self, Eligibility::Eligible(_))
    }

    /// Refusal reason codes (empty unless not eligible).
    pub fn refusal_codes(&self) -> Vec<&'static str> {
        match self {
            Eligibility::NotEligible(r) => r.iter().map(|r| r.code).collect(),
            _ => vec![],
        }
    }

    /// Note codes (empty unless eligible).
    pub fn note_codes(&self) -> Vec<&'static str> {
        match self {
            Eligibility::Eligible(r) => r.iter().map(|r| r.code).collect(),
            _ => vec![],
        }
    }
}

/// Facts about the person (from the form, the ID number and shared data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Birth date (from the ID number).
    pub birth_date: NaiveDate,
    /// Sex (from the ID number).
    pub sex: Sex,
    /// 2-digit province of the household registration.
    pub hukou_province: String,
    /// Household registration moved out of the province.
    pub hukou_moved_out: bool,
    /// Has died.
    pub deceased: bool,
    /// In full-time school.
    pub student: Option<bool>,
    /// Works for a state organ or public institution.
    pub public_sector_staff: Option<bool>,
    /// Covered by the employees' basic pension.
    pub in_employee_pension: Option<bool>,
    /// Currently employed.
    pub employed: Option<bool>,
    /// Able and willing to work.
    pub able_and_willing: Option<bool>,
    /// Needs long-term care (more than 6 months).
    pub needs_long_term_care: Option<bool>,
}

/// The certificate as far as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// Generation of the card (2 = 第二代).
    pub generation: u8,
    /// Its state.
    pub status: CertificateStatus,
    /// The grade the rules read: a single category's, or the most severe of a 多重 (category 7)
    /// card's — the last digit of its number either way (GB/T 26341: 多重残疾按最重的等级).
    pub grade: Grade,
}

/// Benefits the person or the family already receives (003 附件2 “其他待遇”).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Benefits {
    /// 最低生活保障 (self or family).
    pub dibao: bool,
    /// 最低生活保障边缘家庭.
    pub dibao_edge: bool,
    /// 乡村振兴监测户 (脱贫不稳定户、边缘易致贫户、突发严重困难户).
    pub monitored_household: bool,
    /// 特困人员供养.
    pub tekun: bool,
    /// 孤儿基本生活保障.
    pub orphan: bool,
    /// 事实无人抚养儿童.
    pub de_facto_unsupported_child: bool,
    /// 工伤保险生活护理费.
    pub work_injury_care: bool,
    /// 老年津贴 / 高龄津贴.
    pub elderly_allowance: bool,
    /// 因公致残 / 伤残抚恤.
    pub duty_disability: bool,
    /// 离休.
    pub retired_cadre: bool,
}

/// Collects reasons and missing facts for one decision.
#[derive(Default)]
struct Decision {
    refusals: Vec<Reason>,
    notes: Vec<Reason>,
    missing: Vec<Missing>,
}

impl Decision {
    fn refuse_if(&mut self, cond: bool, r: Reason) {
        if cond && !self.refusals.contains(&r) {
            self.refusals.push(r);
        }
    }

    fn need(&mut self, fact: Option<bool>, missing: Missing) -> Option<bool> {
        if fact.is_none() && !self.missing.contains(&missing) {
            self.missing.push(missing);
        }
        fact
    }

    fn finish(self) -> Eligibility {
        if !self.refusals.is_empty() {
            Eligibility::NotEligible(self.refusals)
        } else if !self.missing.is_empty() {
            Eligibility::NeedsInformation(self.missing)
        } else {
            Eligibility::Eligible(self.notes)
        }
    }

    /// Residence in the province, and not moved out or deceased.
    fn person_basics(&mut self, person: &Person, policy: &ProvincePolicy) {
        if let Some(code) = policy.province_code {
            self.refuse_if(person.hukou_province != code, reasons::HUKOU_OUTSIDE);
        }
        self.refuse_if(person.hukou_moved_out, reasons::HUKOU_MOVED_OUT);
        self.refuse_if(person.deceased, reasons::DECEASED);
    }

    /// 004 附件3 五(四)2: the certificate must be valid (and exist).
    fn valid_certificate<'c>(&mut self, cert: Option<&'c Certificate>) -> Option<&'c Certificate> {
        let Some(cert) = cert else {
            self.missing.push(Missing::Certificate);
            return None;
        };
        use CertificateStatus as S;
        match cert.status {
            S::Valid => {}
            S::Expired => self.refuse_if(true, reasons::CERT_EXPIRED),
            S::Cancelled => self.refuse_if(true, reasons::CERT_CANCELLED),
            S::Frozen => self.refuse_if(true, reasons::CERT_FROZEN),
            S::MigratedOut => self.refuse_if(true, reasons::CERT_MIGRATED),
        }
        Some(cert)
    }

    fn subsidy_common(
        &mut self,
        person: &Person,
        cert: Option<&Certificate>,
        benefits: &Benefits,
        policy: &ProvincePolicy,
    ) {
        self.person_basics(person, policy);
        if let Some(cert) = self.valid_certificate(cert) {
            self.refuse_if(cert.generation < 2, reasons::NOT_SECOND_GENERATION);
        }
        self.refuse_if(benefits.tekun, reasons::TEKUN);
        self.refuse_if(benefits.work_injury_care, reasons::WORK_INJURY_CARE);
        if benefits.elderly_allowance || benefits.duty_disability || benefits.retired_cadre {
            match policy.allowance_overlap {
                AllowanceOverlap::ChooseHigher => self.notes.push(reasons::CHOOSE_HIGHER),
                AllowanceOverlap::NotBoth => self.refuse_if(true, reasons::NOT_BOTH),
                AllowanceOverlap::Unspecified => {}
            }
        }
    }
}

/// 困难残疾人生活补贴 — 003 附件3 一(一) and 二, 004 附件2 六7, 附件3 五(四)2(1).
pub fn living_subsidy(
    person: &Person,
    cert: Option<&Certificate>,
    benefits: &Benefits,
    policy: &ProvincePolicy,
) -> Eligibility {
    let mut d = Decision::default();
    d.subsidy_common(person, cert, benefits, policy);
    d.refuse_if(!benefits.dibao, reasons::NOT_ON_DIBAO);
    d.refuse_if(benefits.orphan, reasons::ORPHAN_LIVING);
    d.finish()
}

/// 重度残疾人护理补贴 — 003 附件3 一(二) and 二, 004 附件2 六8, 附件3 五(四)2(2). Orphans stay eligible.
pub fn nursing_subsidy(
    person: &Person,
    cert: Option<&Certificate>,
    benefits: &Benefits,
    policy: &ProvincePolicy,
) -> Eligibility {
    let mut d = Decision::default();
    d.subsidy_common(person, cert, benefits, policy);
    if let Some(cert) = cert {
        d.refuse_if(!cert.grade.is_severe(), reasons::NURSING_GRADE);
    }
    if policy.nursing_needs_long_term_care
        && let Some(care) = d.need(person.needs_long_term_care, Missing::LongTermCare)
    {
        d.refuse_if(!care, reasons::NO_LONG_TERM_CARE);
    }
    d.finish()
}

/// 城乡居民基本养老保险登记/补助 — 004 附件2 六10, 003 附件4.
pub fn resident_pension(
    person: &Person,
    cert: Option<&Certificate>,
    policy: &ProvincePolicy,
    today: NaiveDate,
) -> Eligibility {
    let mut d = Decision::default();
    d.person_basics(person, policy);
    d.refuse_if(
        full_years_between(person.birth_date, today) < 16,
        reasons::UNDER_16,
    );
    if let Some(student) = d.need(person.student, Missing::Student) {
        d.refuse_if(student, reasons::STUDENT);
    }
    if let Some(staff) = d.need(person.public_sector_staff, Missing::PublicSector) {
        d.refuse_if(staff, reasons::PUBLIC_SECTOR);
    }
    if let Some(employee) = d.need(person.in_employee_pension, Missing::EmployeeScheme) {
        d.refuse_if(employee, reasons::EMPLOYEE_SCHEME);
    }
    if let Some(cert) = d.valid_certificate(cert) {
        let severe = cert.grade.is_severe();
        d.refuse_if(
            policy.pension_support_severe_only && !severe,
            reasons::PENSION_GRADE,
        );
        if severe {
            d.notes.push(reasons::GOV_PAYS_100);
        }
        if policy.pension_contribution_subsidy {
            d.notes.push(reasons::CONTRIBUTION_SUBSIDY);
        }
    }
    d.finish()
}

/// 003 附件4 4: Hunan's yearly subsidy for a self-paid contribution tier (yuan), if the tier exists.
pub fn hunan_contribution_subsidy(tier_yuan: u32) -> Option<u32> {
    match tier_yuan {
        100 | 300 => Some(30),
        400 => Some(40),
        500 | 600 | 700 | 800 | 900 | 1000 | 1500 | 2000 | 2500 | 3000 => Some(60),
        4000 | 5000 | 6000 => Some(100),
        _ => None,
    }
}

/// The share of the resident medical-insurance contribution the government pays (003 附件5 2–3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MedicalSubsidy {
    /// 全额资助.
    Full,
    /// 50% 资助.
    Half,
    /// No help.
    None,
}

impl MedicalSubsidy {
    /// Percent of the personal contribution paid by the government.
    pub fn percent(self) -> u8 {
        match self {
            MedicalSubsidy::Full => 100,
            MedicalSubsidy::Half => 50,
            MedicalSubsidy::None => 0,
        }
    }
}

/// 003 附件5 2–3: grades 1–2 → 100 %; grades 3–4 with 特困 / 孤儿 / 事实无人抚养儿童 → 100 %;
/// grades 3–4 with 低保 / 低保边缘 / 监测户 → 50 %; otherwise none.
pub fn medical_subsidy(grade: Grade, benefits: &Benefits) -> MedicalSubsidy {
    if grade.is_severe() || benefits.tekun || benefits.orphan || benefits.de_facto_unsupported_child
    {
        MedicalSubsidy::Full
    } else if benefits.dibao || benefits.dibao_edge || benefits.monitored_household {
        MedicalSubsidy::Half
    } else {
        MedicalSubsidy::None
    }
}

/// 城乡居民基本医疗保险登记 — 003 附件5: anyone with the province's hukou can register; the
/// note says how much of the contribution is paid.
pub fn resident_medical_insurance(
    person: &Person,
    cert: Option<&Certificate>,
    benefits: &Benefits,
    policy: &ProvincePolicy,
) -> Eligibility {
    let mut d = Decision::default();
    d.person_basics(person, policy);
    if let Some(cert) = d.valid_certificate(cert) {
        d.notes.push(match medical_subsidy(cert.grade, benefits) {
            MedicalSubsidy::Full => reasons::MEDICAL_FULL,
            MedicalSubsidy::Half => reasons::MEDICAL_HALF,
            MedicalSubsidy::None => reasons::MEDICAL_NONE,
        });
    }
    d.finish()
}

/// 残疾人就业帮扶 — 004 附件2 六9: working age, not employed, able and willing, with a certificate.
pub fn employment_help(
    person: &Person,
    cert: Option<&Certificate>,
    policy: &ProvincePolicy,
    today: NaiveDate,
) -> Eligibility {
    let mut d = Decision::default();
    d.person_basics(person, policy);
    d.valid_certificate(cert);
    d.refuse_if(
        !is_working_age(person.birth_date, person.sex, today),
        reasons::NOT_WORKING_AGE,
    );
    if let Some(employed) = d.need(person.employed, Missing::Employment) {
        d.refuse_if(employed, reasons::EMPLOYED);
    }
    if let Some(able) = d.need(person.able_and_willing, Missing::AbleAndWilling) {
        d.refuse_if(!able, reasons::NOT_ABLE_OR_WILLING);
    }
    d.finish()
}

/// 个体工商户登记 — 003 二: no condition beyond the person (registration happens at 市监).
pub fn individual_business(person: &Person) -> Eligibility {
    let mut d = Decision::default();
    d.refuse_if(person.deceased, reasons::DECEASED);
    d.finish()
}

/// Dispatches to the rule of `service` (004 附件3 五(四)2, 003 附件3–5): the one decision the
/// form shows next to each linked service.
pub fn for_service(
    service: LinkedService,
    person: &Person,
    cert: Option<&Certificate>,
    benefits: &Benefits,
    policy: &ProvincePolicy,
    today: NaiveDate,
) -> Eligibility {
    match service {
        LinkedService::LivingSubsidy => living_subsidy(person, cert, benefits, policy),
        LinkedService::NursingSubsidy => nursing_subsidy(person, cert, benefits, policy),
        LinkedService::ResidentPension => resident_pension(person, cert, policy, today),
        LinkedService::ResidentMedicalInsurance => {
            resident_medical_insurance(person, cert, benefits, policy)
        }
        LinkedService::EmploymentTraining | LinkedService::EmploymentReferral => {
            employment_help(person, cert, policy, today)
        }
        LinkedService::IndividualBusiness => individual_business(person),
    }
}

/// 法定劳动年龄: from 16 up to the statutory retirement age.
pub fn is_working_age(birth: NaiveDate, sex: Sex, today: NaiveDate) -> bool {
    full_years_between(birth, today) >= 16 && today < retirement_date(birth, sex)
}

/// 全国人大常委会关于实施渐进式延迟法定退休年龄的决定 (2024): the statutory retirement date.
/// Men 60 → 63, one month later for every 4 months of birth from January 1965; women (using the
/// 55-year base, which keeps more people eligible for employment help) 55 → 58 at the same pace
/// from January 1970.
pub fn retirement_date(birth: NaiveDate, sex: Sex) -> NaiveDate {
    let (base_years, reform_start_year) = match sex {
        Sex::Male => (60, 1965),
        Sex::Female => (55, 1970),
    };
    let months_since = (birth.year() - reform_start_year) * 12 + birth.month0() as i32;
    let delay = if months_since < 0 {
        0
    } else {
        (months_since / 4 + 1).min(36)
    };
    birth
        .checked_add_months(Months::new(base_years * 12 + delay as u32))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::certificate::{Category, Component, Disability};
    use crate::domain::policy::{HENAN, HUNAN, NATIONAL};
    use crate::domain::test_support::{TODAY, d};

    fn person() -> Person {
        Person {
            birth_date: d(1980, 5, 1),
            sex: Sex::Male,
            hukou_province: "43".into(),
            hukou_moved_out: false,
            deceased: false,
            student: Some(false),
            public_sector_staff: Some(false),
            in_employee_pension: Some(false),
            employed: Some(false),
            able_and_willing: Some(true),
            needs_long_term_care: Some(true),
        }
    }

    fn cert(grade: Grade) -> Certificate {
        Certificate {
            generation: 2,
            status: CertificateStatus::Valid,
            grade,
        }
    }

    fn dibao() -> Benefits {
        Benefits {
            dibao: true,
            ..Benefits::default()
        }
    }

    #[test]
    fn living_subsidy_needs_dibao_and_excludes_tekun_injury_care_and_orphans() {
        let p = person();
        let c = cert(Grade::Three);
        assert!(living_subsidy(&p, Some(&c), &dibao(), &HUNAN).is_eligible());
        assert_eq!(
            living_subsidy(&p, Some(&c), &Benefits::default(), &HUNAN).refusal_codes(),
            vec!["not-on-dibao"]
        );
        let cases = [
            (
                Benefits {
                    tekun: true,
                    ..dibao()
                },
                "tekun",
            ),
            (
                Benefits {
                    work_injury_care: true,
                    ..dibao()
                },
                "work-injury-care",
            ),
            (
                Benefits {
                    orphan: true,
                    ..dibao()
                },
                "orphan-living-subsidy",
            ),
        ];
        for (b, code) in cases {
            assert_eq!(
                living_subsidy(&p, Some(&c), &b, &HUNAN).refusal_codes(),
                vec![code]
            );
        }
    }

    #[test]
    fn nursing_subsidy_needs_grade_1_or_2_and_orphans_keep_it() {
        let p = person();
        assert!(
            nursing_subsidy(&p, Some(&cert(Grade::Two)), &Benefits::default(), &HUNAN)
                .is_eligible()
        );
        assert_eq!(
            nursing_subsidy(&p, Some(&cert(Grade::Three)), &Benefits::default(), &HUNAN)
                .refusal_codes(),
            vec!["nursing-needs-grade-1-2"]
        );
        let orphan = Benefits {
            orphan: true,
            ..Benefits::default()
        };
        assert!(nursing_subsidy(&p, Some(&cert(Grade::One)), &orphan, &HUNAN).is_eligible());
        assert!(
            !living_subsidy(
                &p,
                Some(&cert(Grade::One)),
                &Benefits {
                    orphan: true,
                    dibao: true,
                    ..Benefits::default()
                },
                &HUNAN
            )
            .is_eligible()
        );
        let tekun = Benefits {
            tekun: true,
            ..Benefits::default()
        };
        assert_eq!(
            nursing_subsidy(&p, Some(&cert(Grade::One)), &tekun, &HUNAN).refusal_codes(),
            vec!["tekun"]
        );
        let care = Benefits {
            work_injury_care: true,
            ..Benefits::default()
        };
        assert_eq!(
            nursing_subsidy(&p, Some(&cert(Grade::One)), &care, &HUNAN).refusal_codes(),
            vec!["work-injury-care"]
        );
    }

    #[test]
    fn long_term_care_is_henans_condition_not_hunans() {
        // 004 附件2 六8: “残疾等级被评定为一级、二级且需要长期照护”; 003 附件3 一(二): grade 1 or 2 with
        // a second-generation card, nothing more.
        let henan = Person {
            hukou_province: "41".into(),
            ..person()
        };
        let with = |care: Option<bool>, p: &Person, policy| {
            let who = Person {
                needs_long_term_care: care,
                ..p.clone()
            };
            nursing_subsidy(&who, Some(&cert(Grade::One)), &Benefits::default(), policy)
        };
        let cases = [
            (Some(false), &henan, &HENAN, Some(vec!["no-long-term-care"])),
            (None, &henan, &HENAN, None),
            (Some(true), &henan, &HENAN, Some(vec![])),
            (Some(false), &person(), &HUNAN, Some(vec![])),
            (None, &person(), &HUNAN, Some(vec![])),
        ];
        for (care, p, policy, refusals) in cases {
            let e = with(care, p, policy);
            match refusals {
                Some(codes) => {
                    assert_eq!(e.refusal_codes(), codes, "{care:?} {:?}", policy.profile)
                }
                None => assert_eq!(
                    e,
                    Eligibility::NeedsInformation(vec![Missing::LongTermCare]),
                    "Henan asks"
                ),
            }
        }
    }

    #[test]
    fn an_allowance_already_received_is_chosen_between_in_hunan_and_excluded_in_henan() {
        // 003 附件3 二: “可择高申领”; 004 附件2 六7–8: “不再重复享受”.
        let henan = Person {
            hukou_province: "41".into(),
            ..person()
        };
        let elderly = Benefits {
            elderly_allowance: true,
            ..dibao()
        };
        let hunan = living_subsidy(&person(), Some(&cert(Grade::One)), &elderly, &HUNAN);
        assert!(hunan.is_eligible());
        assert_eq!(hunan.note_codes(), vec!["choose-the-higher"]);
        let h = living_subsidy(&henan, Some(&cert(Grade::One)), &elderly, &HENAN);
        assert_eq!(h.refusal_codes(), vec!["not-on-top-of-allowance"]);
        let h = nursing_subsidy(&henan, Some(&cert(Grade::One)), &elderly, &HENAN);
        assert_eq!(h.refusal_codes(), vec!["not-on-top-of-allowance"]);
    }

    #[test]
    fn a_multiple_disability_card_is_judged_by_its_most_severe_grade() {
        // A 多重 card's number ends in category 7 and the most severe grade (here 2).
        let number = crate::domain::CertificateNumber::parse("43010219800101102272").unwrap();
        assert_eq!(number.category(), Category::Multiple);
        let c = Certificate {
            generation: 2,
            status: CertificateStatus::Valid,
            grade: number.grade(),
        };
        assert!(nursing_subsidy(&person(), Some(&c), &Benefits::default(), &HUNAN).is_eligible());
        let assessed = Disability::from_components(vec![
            Component {
                category: Category::Hearing,
                grade: Grade::Four,
            },
            Component {
                category: Category::Visual,
                grade: Grade::Two,
            },
        ])
        .unwrap();
        assert_eq!(assessed.grade(), Grade::Two);
    }

    #[test]
    fn overlapping_allowances_warn_but_do_not_refuse() {
        for b in [
            Benefits {
                elderly_allowance: true,
                ..dibao()
            },
            Benefits {
                duty_disability: true,
                ..dibao()
            },
            Benefits {
                retired_cadre: true,
                ..dibao()
            },
        ] {
            let r = living_subsidy(&person(), Some(&cert(Grade::One)), &b, &HUNAN);
            assert_eq!(r.note_codes(), vec!["choose-the-higher"]);
            let r = nursing_subsidy(&person(), Some(&cert(Grade::One)), &b, &HUNAN);
            assert_eq!(r.note_codes(), vec!["choose-the-higher"]);
        }
    }

    #[test]
    fn subsidies_are_refused_unless_the_certificate_is_valid_second_generation() {
        let p = person();
        let cases = [
            (CertificateStatus::Expired, "certificate-expired"),
            (CertificateStatus::Cancelled, "certificate-cancelled"),
            (CertificateStatus::Frozen, "certificate-frozen"),
            (CertificateStatus::MigratedOut, "certificate-migrated-out"),
        ];
        for (status, code) in cases {
            let c = Certificate {
                status,
                ..cert(Grade::One)
            };
            assert_eq!(
                living_subsidy(&p, Some(&c), &dibao(), &HUNAN).refusal_codes(),
                vec![code]
            );
            assert_eq!(
                nursing_subsidy(&p, Some(&c), &dibao(), &HUNAN).refusal_codes(),
                vec![code]
            );
        }
        let first_gen = Certificate {
            generation: 1,
            ..cert(Grade::One)
        };
        assert_eq!(
            living_subsidy(&p, Some(&first_gen), &dibao(), &HUNAN).refusal_codes(),
            vec!["not-second-generation"]
        );
        assert_eq!(
            living_subsidy(&p, None, &dibao(), &HUNAN),
            Eligibility::NeedsInformation(vec![Missing::Certificate])
        );
    }

    #[test]
    fn hukou_death_and_every_reason_at_once() {
        let outside = Person {
            hukou_province: "41".into(),
            ..person()
        };
        assert_eq!(
            living_subsidy(&outside, Some(&cert(Grade::One)), &dibao(), &HUNAN).refusal_codes(),
            vec!["hukou-outside-province"]
        );
        // The national rules name no province, so no hukou refusal there.
        assert!(
            living_subsidy(&outside, Some(&cert(Grade::One)), &dibao(), &NATIONAL).is_eligible()
        );
        let gone = Person {
            hukou_moved_out: true,
            deceased: true,
            ..person()
        };
        let r = living_subsidy(
            &gone,
            Some(&cert(Grade::Three)),
            &Benefits {
                tekun: true,
                ..Benefits::default()
            },
            &HUNAN,
        );
        assert_eq!(
            r.refusal_codes(),
            vec!["hukou-moved-out", "deceased", "tekun", "not-on-dibao"]
        );
    }

    #[test]
    fn pension_rules() {
        let p = person();
        let r = resident_pension(&p, Some(&cert(Grade::One)), &HUNAN, TODAY);
        assert_eq!(
            r.note_codes(),
            vec!["pension-government-pays", "pension-contribution-subsidy"]
        );
        let r = resident_pension(&p, Some(&cert(Grade::Three)), &HUNAN, TODAY);
        assert_eq!(r.note_codes(), vec!["pension-contribution-subsidy"]);
        let henan = Person {
            hukou_province: "41".into(),
            ..person()
        };
        assert_eq!(
            resident_pension(&henan, Some(&cert(Grade::Three)), &HENAN, TODAY).refusal_codes(),
            vec!["pension-support-needs-grade-1-2"]
        );
        assert_eq!(
            resident_pension(&henan, Some(&cert(Grade::Two)), &HENAN, TODAY).note_codes(),
            vec!["pension-government-pays"]
        );
        // Age 16 exactly on the birthday.
        let young = Person {
            birth_date: d(2010, 11, 22),
            ..person()
        };
        assert!(resident_pension(&young, Some(&cert(Grade::One)), &HUNAN, TODAY).is_eligible());
        let younger = Person {
            birth_date: d(2010, 11, 23),
            ..person()
        };
        assert_eq!(
            resident_pension(&younger, Some(&cert(Grade::One)), &HUNAN, TODAY).refusal_codes(),
            vec!["pension-under-16"]
        );
        let student = Person {
            student: Some(true),
            public_sector_staff: Some(true),
            in_employee_pension: Some(true),
            ..person()
        };
        assert_eq!(
            resident_pension(&student, Some(&cert(Grade::One)), &HUNAN, TODAY).refusal_codes(),
            vec![
                "pension-student",
                "pension-public-sector",
                "pension-employee-scheme"
            ]
        );
        let unknown = Person {
            student: None,
            ..person()
        };
        assert_eq!(
            resident_pension(&unknown, Some(&cert(Grade::One)), &HUNAN, TODAY),
            Eligibility::NeedsInformation(vec![Missing::Student])
        );
    }

    #[test]
    fn hunan_contribution_subsidy_by_tier() {
        let cases = [
            (100, Some(30)),
            (300, Some(30)),
            (400, Some(40)),
            (500, Some(60)),
            (3000, Some(60)),
            (4000, Some(100)),
            (6000, Some(100)),
            (200, None),
            (7000, None),
        ];
        for (tier, subsidy) in cases {
            assert_eq!(hunan_contribution_subsidy(tier), subsidy, "{tier}");
        }
    }

    #[test]
    fn medical_insurance_share() {
        assert_eq!(
            medical_subsidy(Grade::One, &Benefits::default()),
            MedicalSubsidy::Full
        );
        assert_eq!(
            medical_subsidy(Grade::Two, &Benefits::default()).percent(),
            100
        );
        assert_eq!(
            medical_subsidy(
                Grade::Three,
                &Benefits {
                    tekun: true,
                    ..Benefits::default()
                }
            ),
            MedicalSubsidy::Full
        );
        assert_eq!(
            medical_subsidy(
                Grade::Four,
                &Benefits {
                    orphan: true,
                    ..Benefits::default()
                }
            ),
            MedicalSubsidy::Full
        );
        assert_eq!(
            medical_subsidy(
                Grade::Four,
                &Benefits {
                    de_facto_unsupported_child: true,
                    ..Benefits::default()
                }
            ),
            MedicalSubsidy::Full
        );
        assert_eq!(
            medical_subsidy(Grade::Three, &dibao()),
            MedicalSubsidy::Half
        );
        assert_eq!(
            medical_subsidy(
                Grade::Three,
                &Benefits {
                    dibao_edge: true,
                    ..Benefits::default()
                }
            )
            .percent(),
            50
        );
        assert_eq!(
            medical_subsidy(
                Grade::Four,
                &Benefits {
                    monitored_household: true,
                    ..Benefits::default()
                }
            ),
            MedicalSubsidy::Half
        );
        assert_eq!(
            medical_subsidy(Grade::Four, &Benefits::default()),
            MedicalSubsidy::None
        );
        let r = resident_medical_insurance(&person(), Some(&cert(Grade::Three)), &dibao(), &HUNAN);
        assert_eq!(r.note_codes(), vec!["medical-subsidy-50"]);
    }

    #[test]
    fn employment_help_rules() {
        let p = person();
        assert!(employment_help(&p, Some(&cert(Grade::Three)), &HUNAN, TODAY).is_eligible());
        let employed = Person {
            employed: Some(true),
            able_and_willing: Some(false),
            ..person()
        };
        assert_eq!(
            employment_help(&employed, Some(&cert(Grade::Three)), &HUNAN, TODAY).refusal_codes(),
            vec!["employment-employed", "employment-able-willing"]
        );
        let old = Person {
            birth_date: d(1960, 1, 1),
            ..person()
        };
        assert_eq!(
            employment_help(&old, Some(&cert(Grade::Three)), &HUNAN, TODAY).refusal_codes(),
            vec!["employment-working-age"]
        );
        let child = Person {
            birth_date: d(2012, 1, 1),
            ..person()
        };
        assert_eq!(
            employment_help(&child, Some(&cert(Grade::Three)), &HUNAN, TODAY).refusal_codes(),
            vec!["employment-working-age"]
        );
        assert!(individual_business(&p).is_eligible());
    }

    #[test]
    fn retirement_age_follows_the_2024_reform() {
        // Men born before 1965 retire at 60; January 1965 at 60 + 1 month; from September 1976 at 63.
        assert_eq!(retirement_date(d(1964, 12, 15), Sex::Male), d(2024, 12, 15));
        assert_eq!(retirement_date(d(1965, 1, 10), Sex::Male), d(2025, 2, 10));
        assert_eq!(retirement_date(d(1965, 5, 10), Sex::Male), d(2025, 7, 10));
        assert_eq!(retirement_date(d(1976, 8, 1), Sex::Male), d(2039, 7, 1));
        assert_eq!(retirement_date(d(1976, 9, 1), Sex::Male), d(2039, 9, 1));
        assert_eq!(retirement_date(d(1990, 1, 1), Sex::Male), d(2053, 1, 1));
        // Women (55 base): January 1970 → 55 + 1 month; from September 1981 → 58.
        assert_eq!(retirement_date(d(1969, 12, 1), Sex::Female), d(2024, 12, 1));
        assert_eq!(retirement_date(d(1970, 1, 1), Sex::Female), d(2025, 2, 1));
        assert_eq!(retirement_date(d(1981, 9, 1), Sex::Female), d(2039, 9, 1));
        assert!(is_working_age(d(1970, 6, 1), Sex::Male, TODAY));
        assert!(!is_working_age(d(1966, 1, 1), Sex::Male, TODAY));
    }

    #[test]
    fn every_reason_has_a_unique_code_and_a_seed() {
        let mut codes = std::collections::HashSet::new();
        for r in reasons::ALL {
            assert!(codes.insert(r.code), "{}", r.code);
            assert!(!r.seed.is_empty());
            assert_eq!(reasons::by_code(r.code), Some(r), "read back by its code");
        }
    }
}
