//! Province policies as data: time limits of every step, publication or commitment, objection
//! window, cross-region flow, no-show limit and the linked services each province bundles.
//!
//! A profile is chosen by the applicant's residence province; a province without its own profile
//! gets the national cross-province rules (001), and the choice says so.

use chrono::NaiveDate;

use super::material::{Material, Submission};
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

/// The seed documents a rule may cite, by their file code (`../shared/seeds/NNN_*.txt`).
pub const SEED_DOCUMENTS: [&str; 5] = ["000", "001", "002", "003", "004"];

/// The citations in a rule's `seed` text (`"000 §三(二); 001 §五"`): each document's code with its
/// clause, for showing the document's title beside the clause.
pub fn citations(seed: &str) -> Vec<(&str, &str)> {
    seed.split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| match c.split_once(' ') {
            Some((doc, clause)) if SEED_DOCUMENTS.contains(&doc) => (doc, clause.trim()),
            _ => ("", c),
        })
        .collect()
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
    /// The limit covers acceptance review and this step together, so the working days acceptance
    /// took are deducted (004 附件3 五(四)1: “残疾人证办理应当在3个工作日内（不含残疾等级评定、公示
    /// 时间）完成” — one 3-day budget for the county's review and its issue).
    pub shared_with_acceptance: bool,
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
    /// The applicant came to the institution (or was visited at home): 004 附件3 五(四)1 counts
    /// the institution's 3 days from here, not from the designation, so the applicant's own delay
    /// is not the institution's.
    Attended,
    /// The assessment took place.
    Assessed,
    /// The conclusion was recorded.
    ConclusionRecorded,
    /// Publication started, or the notice was sent.
    PublishedOrNotified,
    /// The publication period ended (公示期满), or the notice was sent where nothing is published.
    /// Where a seed leaves the period's length to local rules, no deadline runs while published.
    PublicationOver,
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
            StartEvent::Attended => "attended",
            StartEvent::Assessed => "assessed",
            StartEvent::ConclusionRecorded => "conclusion_recorded",
            StartEvent::PublishedOrNotified => "published_or_notified",
            StartEvent::PublicationOver => "publication_over",
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

impl Profile {
    /// Every profile.
    pub const ALL: [Profile; 4] = [
        Profile::Hunan,
        Profile::Henan,
        Profile::Zhejiang,
        Profile::National,
    ];

    /// Stable code (locale keys `policy-profile-<code>` name it).
    pub fn code(self) -> &'static str {
        match self {
            Profile::Hunan => "hunan",
            Profile::Henan => "henan",
            Profile::Zhejiang => "zhejiang",
            Profile::National => "national",
        }
    }
}

/// One province's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvincePolicy {
    /// Which profile.
    pub profile: Profile,
    /// GB/T 2260 province code, `None` for the national rules.
    pub province_code: Option<&'static str>,
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
    /// Who pays what, by charge.
    fees: &'static [(Charge, Fee)],
    /// Local waivers on top of the province's rule.
    pub waivers: &'static [Waiver],
    /// The whole bundle's limit, excluding assessment, publication and pension payment (004).
    pub bundle_limit: Option<TimeLimit>,
    /// How the province's list marks materials that are otherwise uploaded (免提交, 或系统获取).
    materials: &'static [(Material, Submission)],
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

/// Who pays one part of the service, and the seed that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fee {
    /// Nothing to pay.
    Free(&'static str),
    /// The applicant pays in principle; local rules may waive it.
    ApplicantPays(&'static str),
    /// Free where the county offers it (encouraged, not required).
    FreeWhereOffered(&'static str),
    /// The seeds of the profile say nothing: the county's own rules.
    Local,
}

impl Fee {
    /// Stable code (locale keys `fee-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Fee::Free(_) => "free",
            Fee::ApplicantPays(_) => "applicant-pays",
            Fee::FreeWhereOffered(_) => "free-where-offered",
            Fee::Local => "local",
        }
    }

    /// The seed clause, when one decides it.
    pub fn seed(self) -> Option<&'static str> {
        match self {
            Fee::Free(s) | Fee::ApplicantPays(s) | Fee::FreeWhereOffered(s) => Some(s),
            Fee::Local => None,
        }
    }
}

/// A waiver a place grants on top of its province's rule (001 §四(一)3: “经常居住地、户籍地对减免
/// 评定费用有明确规定的，按照有关政策执行”), kept as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiver {
    /// The division (province, city or county code prefix) it applies in.
    pub place: &'static str,
    /// What it waives.
    pub what: Charge,
    /// Its source.
    pub source: &'static str,
}

/// What an applicant may be charged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charge {
    /// 残疾评定费用.
    Assessment,
    /// Posting the card within the province.
    PostageInProvince,
    /// Posting the card from a hukou county in another province.
    PostageAcrossProvinces,
    /// Everything else: the application, the certificate, the linked services.
    Service,
}

impl Charge {
    /// Every charge, in the order the guide lists them.
    pub const ALL: [Charge; 4] = [
        Charge::Service,
        Charge::Assessment,
        Charge::PostageInProvince,
        Charge::PostageAcrossProvinces,
    ];

    /// Stable code (locale keys `charge-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Charge::Assessment => "assessment",
            Charge::PostageInProvince => "postage-in-province",
            Charge::PostageAcrossProvinces => "postage-across-provinces",
            Charge::Service => "service",
        }
    }
}

/// 001 §四(一)3: “评定费用原则上由申请人个人承担”.
const ASSESSMENT_PAID: Fee = Fee::ApplicantPays("001 §四(一)3");
/// 001 §六: cards sent across provinces “费用采用到付方式由申请人承担”.
const POSTAGE_ACROSS: Fee = Fee::ApplicantPays("001 §六");

/// The result of choosing a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyChoice {
    /// The policy that applies.
    pub policy: &'static ProvincePolicy,
    /// True when the province has no profile of its own and the national rules apply.
    pub fell_back_to_national: bool,
}

pub(crate) const fn wd(days: u32, from: StartEvent, seed: &'static str) -> TimeLimit {
    TimeLimit {
        days,
        unit: Unit::WorkingDays,
        from,
        seed,
        shared_with_acceptance: false,
    }
}

const fn cd(days: u32, from: StartEvent, seed: &'static str) -> TimeLimit {
    TimeLimit {
        days,
        unit: Unit::CalendarDays,
        from,
        seed,
        shared_with_acceptance: false,
    }
}

/// 004 附件3 五(四)1: the issue's share of one working-day budget with acceptance review, counted
/// from the end of publication (publication and assessment time excluded).
const fn wd_after_acceptance(days: u32, seed: &'static str) -> TimeLimit {
    TimeLimit {
        days,
        unit: Unit::WorkingDays,
        from: StartEvent::PublicationOver,
        seed,
        shared_with_acceptance: true,
    }
}

use StartEvent as E;
use Step as S;

/// 000 §三(三): the card reaches the holder within 15 days of issue.
const DELIVERY_HUNAN: TimeLimit = cd(15, E::CertificateIssued, "000 §三(三)");

/// 湖南: 000 (certificate), 003 (linked services).
pub static HUNAN: ProvincePolicy = ProvincePolicy {
    profile: Profile::Hunan,
    province_code: Some("43"),
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
        // “可在公示起始日或收到评残结论短信后的10个工作日内提出复核申请”.
        (
            S::ObjectionWindow,
            wd(10, E::PublishedOrNotified, "000 §三(二)"),
        ),
        (S::Issue, wd(13, E::PublishedOrNotified, "000 §三(二)")),
        (S::HukouApproval, wd(7, E::PassedToHukouCounty, "001 §五")),
        (S::NonAssessmentMatter, wd(0, E::Submitted, "000 §三(二)")),
        (S::CardDelivery, DELIVERY_HUNAN),
    ],
    fees: &[
        (Charge::Service, Fee::Local),
        (Charge::Assessment, ASSESSMENT_PAID),
        // 000 §三(三): “鼓励各地实行省内免费邮寄证件服务”.
        (
            Charge::PostageInProvince,
            Fee::FreeWhereOffered("000 §三(三)"),
        ),
        (Charge::PostageAcrossProvinces, POSTAGE_ACROSS),
    ],
    waivers: &[],
    bundle_limit: None,
    materials: &[
        (Material::IdCard, Submission::UploadOrSystem("003 附件1 #2")),
        (
            Material::HukouBook,
            Submission::UploadOrSystem("003 附件1 #3"),
        ),
        (
            Material::ResidencePermit,
            Submission::UploadOrSystem("003 附件1 #4"),
        ),
        (Material::Photo, Submission::UploadOrSystem("003 附件1 #6")),
        (
            Material::MigrationProof,
            Submission::UploadOrSystem("003 附件1 #7"),
        ),
        (
            Material::GuardianId,
            Submission::UploadOrSystem("003 附件1 #9"),
        ),
        (
            Material::GuardianRelationProof,
            Submission::UploadOrSystem("003 附件1 #10"),
        ),
    ],
};

/// 河南: 004.
pub static HENAN: ProvincePolicy = ProvincePolicy {
    profile: Profile::Henan,
    province_code: Some("41"),
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
        // “评定机构应在3日内完成评定”: from the applicant's arrival (their delay is theirs).
        (S::Assessment, cd(3, E::Attended, "004 附件3 五(四)1")),
        // One 3-WD budget for review and issue, without assessment and publication time; 004
        // leaves the publication's length to “相关规定”, so no clock runs while published.
        (S::Issue, wd_after_acceptance(3, "004 附件3 五(四)1")),
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
    // 004 附件2 九 收费依据: “不收费”.
    fees: &[
        (Charge::Service, Fee::Free("004 附件2 九")),
        (Charge::Assessment, Fee::Free("004 附件2 九")),
        (Charge::PostageInProvince, Fee::Free("004 附件2 九")),
        (Charge::PostageAcrossProvinces, POSTAGE_ACROSS),
    ],
    waivers: &[],
    bundle_limit: Some(wd(13, E::Submitted, "004 附件2 八")),
    // 004 附件2 七: “申请人…身份证或户口簿 免提交”, “监护人（代办人）身份证或户口本 免提交”,
    // “低保证明 免提交”. The proof of legal guardianship is still asked (七4 备注1).
    materials: &[
        (Material::IdCard, Submission::Exempt("004 附件2 七2")),
        (
            Material::HukouBook,
            Submission::OrWith(Material::IdCard, "004 附件2 七2"),
        ),
        (Material::GuardianId, Submission::Exempt("004 附件2 七4")),
        (Material::AgentId, Submission::Exempt("004 附件2 七4")),
        (Material::DibaoProof, Submission::Exempt("004 附件2 七6")),
    ],
};

/// 浙江: 002 (全省通办; commitment instead of publication).
pub static ZHEJIANG: ProvincePolicy = ProvincePolicy {
    profile: Profile::Zhejiang,
    province_code: Some("33"),
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
        (S::HukouApproval, wd(10, E::PassedToHukouCounty, "002 四")),
    ],
    fees: NATIONAL_FEES,
    waivers: &[],
    bundle_limit: None,
    materials: &[],
};

/// 全国“跨省通办”: 001 — the fallback for every other province.
pub static NATIONAL: ProvincePolicy = ProvincePolicy {
    profile: Profile::National,
    province_code: None,
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
        (S::HukouApproval, wd(7, E::PassedToHukouCounty, "001 §五")),
    ],
    fees: NATIONAL_FEES,
    waivers: &[],
    bundle_limit: None,
    materials: &[],
};

/// The national rules on fees (001 §四(一)3, §六); the rest is for local rules.
const NATIONAL_FEES: &[(Charge, Fee)] = &[
    (Charge::Service, Fee::Local),
    (Charge::Assessment, ASSESSMENT_PAID),
    (Charge::PostageInProvince, Fee::Local),
    (Charge::PostageAcrossProvinces, POSTAGE_ACROSS),
];

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
    /// How this province's list marks `material` ([`Submission::Upload`] when it says nothing).
    pub fn submission(&self, material: Material) -> Submission {
        self.materials
            .iter()
            .find(|(m, _)| *m == material)
            .map_or(Submission::Upload, |(_, s)| *s)
    }

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

    /// The objection (review) window, where a seed sets its length: Hunan's 10 working days
    /// (000 §三(二)). 001 §四(一)4 and 004 附件3 五(四)1 call for 公示 without a length and 002
    /// replaces it with a commitment: there the county's own rules decide when it has ended.
    pub fn objection_window(&self) -> Option<TimeLimit> {
        self.limit(Step::ObjectionWindow)
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

    /// 000 §三(二), 001 §四(一)4, 002: whether a result is published for this person. Minors and
    /// those who do not meet the standard are notified instead. The commitment replaces
    /// publication only for cases within the province (002: “‘全省通办’事项的公示环节调整为申请人
    /// 事前承诺”); a person whose hukou is in another province is published where they live
    /// (001 §四(一)4 经常居住地公示).
    pub fn publishes(&self, adult: bool, meets_standard: bool, hukou_in_province: bool) -> bool {
        let publishing = match self.result_notice {
            ResultNotice::Publish => true,
            ResultNotice::Commitment => !hukou_in_province,
        };
        publishing && adult && meets_standard
    }

    /// Whether a hukou county lies in this policy's province (the national profile: always).
    pub fn holds_hukou(&self, hukou_county: &str) -> bool {
        self.province_code
            .is_none_or(|p| hukou_county.starts_with(p))
    }

    /// Who pays `charge` under this policy, and any waiver of it in `place` (a division code).
    pub fn fee(&self, charge: Charge, place: &str) -> (Fee, Option<Waiver>) {
        let fee = self
            .fees
            .iter()
            .find(|(c, _)| *c == charge)
            .map_or(Fee::Local, |(_, f)| *f);
        let waiver = self
            .waivers
            .iter()
            .find(|w| w.what == charge && place.starts_with(w.place))
            .copied();
        (fee, waiver)
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
        // Only Hunan's seed gives the window a length (000 §三(二)); 001 and 004 publish without
        // one, 002 replaces publication with a commitment.
        assert_eq!(HUNAN.objection_window().map(|l| l.days), Some(10));
        for p in [&HENAN, &ZHEJIANG, &NATIONAL] {
            assert_eq!(p.objection_window(), None, "{:?}", p.profile);
        }
    }

    #[test]
    fn every_limit_cites_a_seed_document_and_hunan_cites_no_henan_plan() {
        assert_eq!(
            citations("000 §三(二); 001 §五"),
            vec![("000", "§三(二)"), ("001", "§五")]
        );
        for p in ALL {
            for (step, l) in p.limits() {
                for (doc, clause) in citations(l.seed) {
                    assert!(
                        SEED_DOCUMENTS.contains(&doc) && !clause.is_empty(),
                        "{:?} {step:?}: {}",
                        p.profile,
                        l.seed
                    );
                    // A province's rules cite its own seeds or the national rules (001).
                    assert!(
                        p.seeds.contains(&doc) || doc == "001",
                        "{:?} {step:?} cites {doc}",
                        p.profile
                    );
                }
            }
        }
    }

    #[test]
    fn fees_are_stated_as_each_seed_says() {
        // (policy, charge) → fee: 001 §四(一)3 the applicant pays the assessment in principle, 001 §六
        // cross-province postage cash on delivery, 000 §三(三) free post within Hunan encouraged,
        // 004 附件2 九 Henan charges nothing.
        let cases = [
            (
                &HUNAN,
                Charge::Assessment,
                Fee::ApplicantPays("001 §四(一)3"),
            ),
            (
                &HUNAN,
                Charge::PostageInProvince,
                Fee::FreeWhereOffered("000 §三(三)"),
            ),
            (
                &HUNAN,
                Charge::PostageAcrossProvinces,
                Fee::ApplicantPays("001 §六"),
            ),
            (&HUNAN, Charge::Service, Fee::Local),
            (&HENAN, Charge::Assessment, Fee::Free("004 附件2 九")),
            (&HENAN, Charge::Service, Fee::Free("004 附件2 九")),
            (
                &HENAN,
                Charge::PostageAcrossProvinces,
                Fee::ApplicantPays("001 §六"),
            ),
            (
                &ZHEJIANG,
                Charge::Assessment,
                Fee::ApplicantPays("001 §四(一)3"),
            ),
            (&NATIONAL, Charge::PostageInProvince, Fee::Local),
        ];
        for (p, charge, want) in cases {
            assert_eq!(
                p.fee(charge, "430102").0,
                want,
                "{:?} {charge:?}",
                p.profile
            );
        }
        for p in ALL {
            for c in Charge::ALL {
                assert!(p.fees.iter().any(|(x, _)| *x == c), "{:?} {c:?}", p.profile);
            }
        }
        // A local waiver is data on top of the rule.
        static WAIVED: ProvincePolicy = ProvincePolicy {
            waivers: &[Waiver {
                place: "4301",
                what: Charge::Assessment,
                source: "长沙市规定",
            }],
            ..HUNAN
        };
        assert!(WAIVED.fee(Charge::Assessment, "430102").1.is_some());
        assert!(WAIVED.fee(Charge::Assessment, "430202").1.is_none());
    }

    #[test]
    fn publication_rules() {
        // (policy, adult, meets, hukou in the province) → published (000 §三(二), 001 §四(一)4, 002).
        let cases = [
            (&HUNAN, true, true, true, true),
            (&HUNAN, false, true, true, false),
            (&HUNAN, true, false, true, false),
            (&ZHEJIANG, true, true, true, false),
            (&ZHEJIANG, true, true, false, true),
            (&ZHEJIANG, false, true, false, false),
            (&NATIONAL, true, true, true, true),
            (&HENAN, true, true, false, true),
        ];
        for (p, adult, meets, hukou_here, want) in cases {
            assert_eq!(
                p.publishes(adult, meets, hukou_here),
                want,
                "{:?} adult={adult} meets={meets} hukou_here={hukou_here}",
                p.profile
            );
        }
        assert!(ZHEJIANG.holds_hukou("330102") && !ZHEJIANG.holds_hukou("430102"));
        assert!(NATIONAL.holds_hukou("110101"));
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
