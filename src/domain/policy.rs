//! Province policies as data: time limits of every step, publication or commitment, objection
//! window, cross-region flow, no-show limit and the linked services each province bundles.
//!
//! A profile is chosen by the applicant's residence province; a province without its own profile
//! gets the national cross-province rules (001), and the choice says so.

use chrono::NaiveDate;

use super::matter::LinkedService;
use super::working_days::{Calendar, Dated};

/// The steps a certificate case passes through (DOMAIN “Time limits”).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// 受理审核: the residence county reviews the application.
    AcceptanceReview,
    /// 残疾评定: the applicant is assessed at the designated institution.
    Assessment,
    /// 评定结论上传: the institution records the conclusion and uploads the form.
    ConclusionUpload,
    /// 公示 / 告知: publication of an adult who meets the standard, or notice to the others.
    PublishOrNotify,
    /// 异议期: the window for a review request.
    ObjectionWindow,
    /// 发证: issue (e-certificate first).
    Issue,
    /// 户籍地审批: the hukou county approves a cross-region case and sends the card.
    HukouApproval,
    /// Matters without assessment (replacement, damaged renewal, cancellation …).
    NonAssessmentMatter,
    /// 两项补贴审核: subsidy review by the department.
    SubsidyReview,
    /// 就业帮扶: first contact after the certificate.
    EmploymentContact,
    /// 实体证送达: the physical card reaches the holder.
    CardDelivery,
}

impl Step {
    /// Stable code (locale keys).
    pub fn code(self) -> &'static str {
        match self {
            Step::AcceptanceReview => "acceptance_review",
            Step::Assessment => "assessment",
            Step::ConclusionUpload => "conclusion_upload",
            Step::PublishOrNotify => "publish_or_notify",
            Step::ObjectionWindow => "objection_window",
            Step::Issue => "issue",
            Step::HukouApproval => "hukou_approval",
            Step::NonAssessmentMatter => "non_assessment_matter",
            Step::SubsidyReview => "subsidy_review",
            Step::EmploymentContact => "employment_contact",
            Step::CardDelivery => "card_delivery",
        }
    }
}

/// How a limit is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// 工作日.
    WorkingDays,
    /// 日 (calendar days).
    CalendarDays,
}

/// A time limit for a step, with what starts it and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeLimit {
    /// The number of days (0 = the same day).
    pub days: u32,
    /// Working or calendar days.
    pub unit: Unit,
    /// The event the count starts from.
    pub from: StartEvent,
    /// Seed file and clause.
    pub seed: &'static str,
}

impl TimeLimit {
    /// The last day of the limit counted from `from` (000 §三, 001 §五: working days on the
    /// official calendar), less `used` working days already spent (a paused clock); a same-day
    /// limit on a rest day falls on the next working day.
    pub fn due(&self, calendar: &Calendar, from: NaiveDate, used: u32) -> Dated {
        let days = self.days.saturating_sub(used);
        match self.unit {
            Unit::WorkingDays if days == 0 && !calendar.is_working_day(from) => {
                calendar.add(from, 1)
            }
            Unit::WorkingDays => calendar.add(from, days),
            Unit::CalendarDays => Dated {
                date: from + chrono::Days::new(u64::from(days)),
                provisional: false,
            },
        }
    }
}

/// The event a time limit counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartEvent {
    /// The application (with complete materials) was submitted.
    Submitted,
    /// The applicant was told where to be assessed.
    InstitutionDesignated,
    /// The assessment took place.
    Assessed,
    /// The conclusion was recorded.
    ConclusionRecorded,
    /// Publication started, or the notice was sent.
    PublishedOrNotified,
    /// The residence county passed the case on.
    PassedToHukouCounty,
    /// The certificate was issued.
    CertificateIssued,
}

impl StartEvent {
    /// Stable code (locale keys).
    pub fn code(self) -> &'static str {
        match self {
            StartEvent::Submitted => "submitted",
            StartEvent::InstitutionDesignated => "institution_designated",
            StartEvent::Assessed => "assessed",
            StartEvent::ConclusionRecorded => "conclusion_recorded",
            StartEvent::PublishedOrNotified => "published_or_notified",
            StartEvent::PassedToHukouCounty => "passed_to_hukou_county",
            StartEvent::CertificateIssued => "certificate_issued",
        }
    }
}

/// How an assessment result is made known before issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultNotice {
    /// 评残公示 for adults who meet the standard; others are notified (000 §三(二)).
    Publish,
    /// 002: the applicant's prior commitment (承诺书) replaces publication.
    Commitment,
}

/// The profiles the seeds describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// 湖南 (000, 003).
    Hunan,
    /// 河南 (004).
    Henan,
    /// 浙江 (002).
    Zhejiang,
    /// 全国“跨省通办” (001).
    National,
}

/// One province's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvincePolicy {
    /// Which profile.
    pub profile: Profile,
    /// GB/T 2260 province code, `None` for the national rules.
    pub province_code: Option<&'static str>,
    /// Name in Chinese.
    pub name_zh: &'static str,
    /// Name in English.
    pub name_en: &'static str,
    /// The seed documents it encodes.
    pub seeds: &'static [&'static str],
    /// Publication or commitment.
    pub result_notice: ResultNotice,
    /// Days without showing up for assessment after which the application is abandoned.
    pub no_show_limit: Option<TimeLimit>,
    /// The linked services the province bundles with the certificate.
    pub bundled_services: &'static [LinkedService],
    /// Whether the province pays Hunan-style pension contribution subsidies by tier (003 附件4).
    pub pension_contribution_subsidy: bool,
    /// Whether resident pension support is limited to grades 1–2 (004 附件2 六10).
    pub pension_support_severe_only: bool,
    /// Whether the nursing subsidy also needs long-term care (004 附件2 六8 “且需要长期照护”;
    /// Hunan's 003 附件3 一(二) sets no such condition).
    pub nursing_needs_long_term_care: bool,
    /// What a subsidy does when the person already receives an old-age, work-disability or
    /// retirement allowance.
    pub allowance_overlap: AllowanceOverlap,
    limits: &'static [(Step, TimeLimit)],
    /// The whole bundle's limit, excluding assessment, publication and pension payment (004).
    pub bundle_limit: Option<TimeLimit>,
}

/// What happens when a person qualifies for a subsidy and already receives an old-age (老年),
/// work-disability (因公致残) or retirement (离休) allowance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllowanceOverlap {
    /// 003 附件3 二: “可择高申领其中一类” — the person chooses the higher one.
    ChooseHigher,
    /// 004 附件2 六7–8: “不再重复享受” — the subsidy is not paid on top.
    NotBoth,
    /// The seeds of the profile say nothing (it bundles no subsidies).
    Unspecified,
}

/// The result of choosing a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyChoice {
    /// The policy that applies.
    pub policy: &'static ProvincePolicy,
    /// True when the province has no profile of its own and the national rules apply.
    pub fell_back_to_national: bool,
}

const fn wd(days: u32, from: StartEvent, seed: &'static str) -> TimeLimit {
    TimeLimit {
        days,
        unit: Unit::WorkingDays,
        from,
        seed,
    }
}

const fn cd(days: u32, from: StartEvent, seed: &'static str) -> TimeLimit {
    TimeLimit {
        days,
        unit: Unit::CalendarDays,
        from,
        seed,
    }
}

use StartEvent as E;
use Step as S;

/// The objection window of the 管理办法 第二十五条 and 000 §三(二): 10 working days.
const OBJECTION: TimeLimit = wd(
    10,
    E::PublishedOrNotified,
    "000 §三(二); 管理办法 第二十五条",
);
/// 000 §三(三): the card reaches the holder within 15 days of issue.
const DELIVERY_HUNAN: TimeLimit = cd(15, E::CertificateIssued, "000 §三(三)");

/// 湖南: 000 (certificate), 003 (linked services).
pub static HUNAN: ProvincePolicy = ProvincePolicy {
    profile: Profile::Hunan,
    province_code: Some("43"),
    name_zh: "湖南省",
    name_en: "Hunan",
    seeds: &["000", "003"],
    result_notice: ResultNotice::Publish,
    no_show_limit: None,
    bundled_services: &LinkedService::ALL,
    pension_contribution_subsidy: true,
    pension_support_severe_only: false,
    nursing_needs_long_term_care: false,
    allowance_overlap: AllowanceOverlap::ChooseHigher,
    limits: &[
        (S::AcceptanceReview, wd(3, E::Submitted, "000 §三(二)")),
        (S::ConclusionUpload, wd(3, E::Assessed, "000 §三(二)")),
        (
            S::PublishOrNotify,
            wd(3, E::ConclusionRecorded, "000 §三(二)"),
        ),
        (S::ObjectionWindow, OBJECTION),
        (S::Issue, wd(13, E::PublishedOrNotified, "000 §三(二)")),
        (S::HukouApproval, wd(7, E::PassedToHukouCounty, "001 §五")),
        (S::NonAssessmentMatter, wd(0, E::Submitted, "000 §三(二)")),
        (S::CardDelivery, DELIVERY_HUNAN),
    ],
    bundle_limit: None,
};

/// 河南: 004.
pub static HENAN: ProvincePolicy = ProvincePolicy {
    profile: Profile::Henan,
    province_code: Some("41"),
    name_zh: "河南省",
    name_en: "Henan",
    seeds: &["004"],
    result_notice: ResultNotice::Publish,
    no_show_limit: None,
    bundled_services: &[
        LinkedService::LivingSubsidy,
        LinkedService::NursingSubsidy,
        LinkedService::EmploymentTraining,
        LinkedService::EmploymentReferral,
        LinkedService::ResidentPension,
    ],
    pension_contribution_subsidy: false,
    pension_support_severe_only: true,
    nursing_needs_long_term_care: true,
    allowance_overlap: AllowanceOverlap::NotBoth,
    limits: &[
        (
            S::AcceptanceReview,
            wd(3, E::Submitted, "004 附件3 五(四)1"),
        ),
        (
            S::Assessment,
            cd(3, E::InstitutionDesignated, "004 附件3 五(四)1"),
        ),
        (S::ObjectionWindow, OBJECTION),
        (S::Issue, wd(3, E::PublishedOrNotified, "004 附件3 五(四)1")),
        (S::HukouApproval, wd(7, E::PassedToHukouCounty, "001 §五")),
        (
            S::NonAssessmentMatter,
            wd(3, E::Submitted, "004 附件3 五(四)1"),
        ),
        (
            S::SubsidyReview,
            wd(10, E::CertificateIssued, "004 附件3 五(四)2"),
        ),
        (
            S::EmploymentContact,
            wd(5, E::CertificateIssued, "004 附件2 十(三)"),
        ),
    ],
    bundle_limit: Some(wd(13, E::Submitted, "004 附件2 八")),
};

/// 浙江: 002 (全省通办; commitment instead of publication).
pub static ZHEJIANG: ProvincePolicy = ProvincePolicy {
    profile: Profile::Zhejiang,
    province_code: Some("33"),
    name_zh: "浙江省",
    name_en: "Zhejiang",
    seeds: &["002"],
    result_notice: ResultNotice::Commitment,
    no_show_limit: Some(wd(14, E::InstitutionDesignated, "002 三")),
    bundled_services: &[],
    pension_contribution_subsidy: false,
    pension_support_severe_only: false,
    nursing_needs_long_term_care: false,
    allowance_overlap: AllowanceOverlap::Unspecified,
    limits: &[
        (S::AcceptanceReview, wd(1, E::Submitted, "002 二")),
        (S::Assessment, wd(19, E::InstitutionDesignated, "002 三")),
        (S::ConclusionUpload, wd(5, E::Assessed, "002 三")),
        (S::PublishOrNotify, wd(5, E::ConclusionRecorded, "002 三")),
        (S::ObjectionWindow, OBJECTION),
        (S::HukouApproval, wd(10, E::PassedToHukouCounty, "002 四")),
    ],
    bundle_limit: None,
};

/// 全国“跨省通办”: 001 — the fallback for every other province.
pub static NATIONAL: ProvincePolicy = ProvincePolicy {
    profile: Profile::National,
    province_code: None,
    name_zh: "全国跨省通办规范",
    name_en: "National cross-province rules",
    seeds: &["001"],
    result_notice: ResultNotice::Publish,
    no_show_limit: None,
    bundled_services: &[],
    pension_contribution_subsidy: false,
    pension_support_severe_only: false,
    nursing_needs_long_term_care: false,
    allowance_overlap: AllowanceOverlap::Unspecified,
    limits: &[
        (S::AcceptanceReview, wd(3, E::Submitted, "001 §五")),
        (S::PublishOrNotify, wd(10, E::ConclusionRecorded, "001 §五")),
        (S::ObjectionWindow, OBJECTION),
        (S::HukouApproval, wd(7, E::PassedToHukouCounty, "001 §五")),
    ],
    bundle_limit: None,
};

/// Every profile.
pub static ALL: [&ProvincePolicy; 4] = [&HUNAN, &HENAN, &ZHEJIANG, &NATIONAL];

/// Chooses the policy for a residence province (2-digit GB/T 2260 code, or any code starting with
/// it); unknown provinces fall back to the national rules, explicitly.
pub fn for_province(province_code: &str) -> PolicyChoice {
    let prefix = province_code.get(..2).unwrap_or(province_code);
    match [&HUNAN, &HENAN, &ZHEJIANG]
        .into_iter()
        .find(|p| p.province_code == Some(prefix))
    {
        Some(policy) => PolicyChoice {
            policy,
            fell_back_to_national: false,
        },
        None => PolicyChoice {
            policy: &NATIONAL,
            fell_back_to_national: true,
        },
    }
}

impl ProvincePolicy {
    /// The time limit of `step`, when this policy sets one.
    pub fn limit(&self, step: Step) -> Option<TimeLimit> {
        self.limits
            .iter()
            .find(|(s, _)| *s == step)
            .map(|(_, l)| *l)
    }

    /// Every step with a limit, in flow order.
    pub fn limits(&self) -> &'static [(Step, TimeLimit)] {
        self.limits
    }

    /// The objection window in working days (000 §三(二)).
    pub fn objection_window_days(&self) -> u32 {
        self.limit(Step::ObjectionWindow).map_or(10, |l| l.days)
    }

    /// 001 §四(一)4–5: the residence county handles the case and the hukou county approves and
    /// prints when the two differ — the same in every profile.
    pub fn cross_region_needs_hukou_approval(
        &self,
        residence_county: &str,
        hukou_county: &str,
    ) -> bool {
        residence_county != hukou_county
    }

    /// 000 §三(二), 002: whether a result is published for this person. Minors and those who do
    /// not meet the standard are notified instead; under a commitment nobody is published.
    pub fn publishes(&self, adult: bool, meets_standard: bool) -> bool {
        self.result_notice == ResultNotice::Publish && adult && meets_standard
    }

    /// Whether the province bundles `service` with the certificate.
    pub fn bundles(&self, service: LinkedService) -> bool {
        self.bundled_services.contains(&service)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_chosen_by_residence_province() {
        assert_eq!(for_province("43").policy.profile, Profile::Hunan);
        assert_eq!(for_province("430102").policy.profile, Profile::Hunan);
        assert_eq!(for_province("41").policy.profile, Profile::Henan);
        assert_eq!(for_province("33").policy.profile, Profile::Zhejiang);
        let other = for_province("11");
        assert_eq!(other.policy.profile, Profile::National);
        assert!(other.fell_back_to_national);
        assert!(!for_province("43").fell_back_to_national);
        assert!(for_province("").fell_back_to_national);
    }

    #[test]
    fn time_limits_match_the_seeds() {
        let days = |p: &ProvincePolicy, s: Step| p.limit(s).map(|l| (l.days, l.unit));
        use Unit::*;
        assert_eq!(days(&HUNAN, Step::AcceptanceReview), Some((3, WorkingDays)));
        assert_eq!(days(&HUNAN, Step::ConclusionUpload), Some((3, WorkingDays)));
        assert_eq!(days(&HUNAN, Step::PublishOrNotify), Some((3, WorkingDays)));
        assert_eq!(days(&HUNAN, Step::Issue), Some((13, WorkingDays)));
        assert_eq!(
            days(&HUNAN, Step::NonAssessmentMatter),
            Some((0, WorkingDays))
        );
        assert_eq!(days(&HUNAN, Step::CardDelivery), Some((15, CalendarDays)));
        assert_eq!(
            days(&NATIONAL, Step::AcceptanceReview),
            Some((3, WorkingDays))
        );
        assert_eq!(
            days(&NATIONAL, Step::PublishOrNotify),
            Some((10, WorkingDays))
        );
        assert_eq!(days(&NATIONAL, Step::HukouApproval), Some((7, WorkingDays)));
        assert_eq!(
            days(&ZHEJIANG, Step::AcceptanceReview),
            Some((1, WorkingDays))
        );
        assert_eq!(
            days(&ZHEJIANG, Step::HukouApproval),
            Some((10, WorkingDays))
        );
        assert_eq!(
            days(&ZHEJIANG, Step::PublishOrNotify),
            Some((5, WorkingDays))
        );
        assert_eq!(days(&HENAN, Step::Assessment), Some((3, CalendarDays)));
        assert_eq!(days(&HENAN, Step::SubsidyReview), Some((10, WorkingDays)));
        assert_eq!(
            days(&HENAN, Step::EmploymentContact),
            Some((5, WorkingDays))
        );
        assert_eq!(HENAN.bundle_limit.map(|l| l.days), Some(13));
        assert_eq!(ZHEJIANG.no_show_limit.map(|l| l.days), Some(14));
        assert_eq!(HUNAN.no_show_limit, None);
        for p in ALL {
            assert_eq!(p.objection_window_days(), 10, "{:?}", p.profile);
            for (_, l) in p.limits() {
                assert!(!l.seed.is_empty());
            }
        }
    }

    #[test]
    fn publication_rules() {
        assert!(HUNAN.publishes(true, true));
        assert!(
            !HUNAN.publishes(false, true),
            "minors are notified, not published"
        );
        assert!(
            !HUNAN.publishes(true, false),
            "not meeting the standard: notified"
        );
        assert!(
            !ZHEJIANG.publishes(true, true),
            "commitment replaces publication"
        );
        assert!(NATIONAL.publishes(true, true));
    }

    #[test]
    fn bundles_and_cross_region() {
        assert!(HUNAN.bundles(LinkedService::IndividualBusiness));
        assert!(HUNAN.bundles(LinkedService::ResidentMedicalInsurance));
        assert!(!HENAN.bundles(LinkedService::ResidentMedicalInsurance));
        assert!(HENAN.bundles(LinkedService::ResidentPension));
        assert!(!ZHEJIANG.bundles(LinkedService::LivingSubsidy));
        assert!(HUNAN.cross_region_needs_hukou_approval("430102", "410105"));
        assert!(!HUNAN.cross_region_needs_hukou_approval("430102", "430102"));
    }
}
