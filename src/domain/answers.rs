//! The answers of one application form as typed (a draft's JSON), and their reading into domain
//! values. Kept as text so that what a person typed survives an error and a later visit.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::certificate::{Category, CertificateStatus, RenewalKind};
use crate::domain::eligibility::{Benefits, Certificate, Person};
use crate::domain::entry::HeldCertificate;
use crate::domain::materials::ApplyingAs;
use crate::domain::matter::{CancellationReason, CertificateMatter, LinkedService, MatterKind};
use crate::domain::{CertificateNumber, IdNumber};

/// A file from an earlier application, offered again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reused {
    /// The earlier application's reference.
    pub reference: String,
    /// The day it was submitted.
    pub submitted_on: NaiveDate,
    /// The applicant removed or replaced it; it is not offered again.
    pub declined: bool,
}

/// Everything typed into the form so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answers {
    /// self / guardian / helper.
    pub applying_as: String,
    /// The representation (people I act for) chosen, when not applying for oneself.
    pub representation: String,

    /// none / valid / expired / cancelled.
    pub held: String,
    /// The certificate number held.
    pub cert_number: String,
    /// Its issue date (YYYY-MM-DD).
    pub cert_issued: String,
    /// Its cancellation date, when cancelled.
    pub cert_cancelled: String,
    /// yes / no / unknown: the card was issued before 2018 after a visual assessment (目测).
    pub visual_pre2018: String,

    /// new / renewal / migration / replacement / cancellation / change / none.
    pub matter: String,
    /// Categories applied for (new, change) or cancelled (some).
    pub categories: Vec<String>,
    /// expiry / damaged / data_update.
    pub renewal_kind: String,
    /// all / some.
    pub cancel_scope: String,
    /// Categories to cancel, when some.
    pub cancel_categories: Vec<String>,
    /// recovery / death / other.
    pub cancel_reason: String,
    /// The reason in words, for “other”.
    pub cancel_other: String,
    /// Migration: the old hukou address.
    pub old_hukou: String,
    /// Migration: the day the hukou moved.
    pub moved_on: String,

    /// GB/T 3304 code.
    pub ethnicity: String,
    /// GB/T 2261.2 code.
    pub marital: String,
    /// GB/T 4658 code.
    pub education: String,
    /// Mobile number.
    pub phone: String,
    /// Email (optional).
    pub email: String,

    /// Hukou address: province, city, county, township codes.
    pub hukou: [String; 4],
    /// Hukou address detail.
    pub hukou_detail: String,
    /// yes / no: lives at the hukou address's county.
    pub same_residence: String,
    /// Residence address codes.
    pub residence: [String; 4],
    /// Residence address detail.
    pub residence_detail: String,

    /// Guardian or contact person: name, mobile, GB/T 4761 relationship code.
    pub contact_name: String,
    /// Contact's mobile.
    pub contact_phone: String,
    /// Contact's relationship.
    pub contact_relationship: String,

    /// Linked-service codes chosen.
    pub services: Vec<String>,
    /// Benefits already received (codes of [`BENEFITS`]) or `none`.
    pub benefits: Vec<String>,
    /// yes / no answers to the services' questions, by question code.
    pub facts: BTreeMap<String, String>,
    /// Bank card holder.
    pub bank_holder: String,
    /// Bank name.
    pub bank_name: String,
    /// Card number.
    pub bank_card: String,
    /// full / partial / none.
    pub work_ability: String,
    /// Work wishes.
    pub work_wishes: String,
    /// Skills.
    pub skills: String,

    /// Assessment needs (codes of [`NEEDS`]) or `none`.
    pub needs: Vec<String>,

    /// post / township.
    pub delivery: String,
    /// Postal address.
    pub post_address: String,
    /// Postcode.
    pub postcode: String,

    /// Material code → upload id.
    pub materials: BTreeMap<String, i64>,

    /// Material code → the earlier application whose file was offered again (003 附件1
    /// “或系统获取”), and whether the applicant removed it.
    pub reused: BTreeMap<String, Reused>,

    /// Sections saved at least once.
    pub visited: Vec<String>,
}

/// 003 附件2 “其他待遇”: benefits asked about, with the flag they set.
pub const BENEFITS: [&str; 10] = [
    "dibao",
    "dibao_edge",
    "monitored_household",
    "tekun",
    "orphan",
    "de_facto_unsupported_child",
    "work_injury_care",
    "elderly_allowance",
    "duty_disability",
    "retired_cadre",
];

/// Assessment needs (DOMAIN “One form”): home visit, sign-language interpreter, step-free access.
pub const NEEDS: [&str; 3] = ["home_visit", "sign_language", "step_free"];

/// Categories a person can apply for (multiple is the result of several, not a choice).
pub fn categories_to_choose() -> impl Iterator<Item = Category> {
    Category::ALL
        .into_iter()
        .filter(|c| *c != Category::Multiple)
}

/// Parses `YYYY-MM-DD` (also with `/` or `.`), as people type dates.
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim().replace(['/', '.'], "-");
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()
}

fn categories(codes: &[String]) -> Vec<Category> {
    categories_to_choose()
        .filter(|c| codes.iter().any(|v| v == &c.code().to_string()))
        .collect()
}

impl Answers {
    /// How the person applies.
    pub fn applying_as(&self) -> Option<ApplyingAs> {
        match self.applying_as.as_str() {
            "self" => Some(ApplyingAs::Themself),
            "guardian" => Some(ApplyingAs::Guardian),
            "helper" => Some(ApplyingAs::Helper),
            _ => None,
        }
    }

    /// The representation id chosen.
    pub fn representation_id(&self) -> Option<i64> {
        self.representation.parse().ok()
    }

    /// The certificate matter, when the answers name a complete one (`None` also for “none”).
    pub fn matter(&self) -> Option<CertificateMatter> {
        Some(match self.matter.as_str() {
            "new" => CertificateMatter::New {
                categories: categories(&self.categories),
            },
            "renewal" => CertificateMatter::Renewal(match self.renewal_kind.as_str() {
                "expiry" => RenewalKind::Expiry,
                "damaged" => RenewalKind::Damaged,
                "data_update" => RenewalKind::DataUpdate,
                _ => return None,
            }),
            "migration" => CertificateMatter::Migration,
            "replacement" => CertificateMatter::Replacement,
            "cancellation" => CertificateMatter::Cancellation {
                categories: if self.cancel_scope == "some" {
                    categories(&self.cancel_categories)
                } else {
                    vec![]
                },
                reason: match self.cancel_reason.as_str() {
                    "recovery" => CancellationReason::Recovery,
                    "death" => CancellationReason::Death,
                    _ => CancellationReason::Other,
                },
            },
            "change" => CertificateMatter::Change,
            _ => return None,
        })
    }

    /// The flow the chosen matter follows (the assessment flow when the answers are unclear: the
    /// county then decides).
    pub fn flow(&self) -> crate::domain::workflow::MatterFlow {
        self.matter()
            .map(|m| crate::domain::workflow::MatterFlow::of_held(&m, self.visual_pre2018 == "yes"))
            .unwrap_or(crate::domain::workflow::MatterFlow::Assessment)
    }

    /// The matter kind chosen (`None` for “none” or nothing yet).
    pub fn matter_kind(&self) -> Option<MatterKind> {
        MatterKind::ALL
            .into_iter()
            .find(|k| k.code() == self.matter)
    }

    /// Whether the person applies for themself (the account holder is the person).
    pub fn applies_for_themself(&self) -> bool {
        self.applying_as() == Some(ApplyingAs::Themself)
    }

    /// Whether the certificate held was cancelled (the cancellation date is asked).
    pub fn held_was_cancelled(&self) -> bool {
        self.held_status() == Some(CertificateStatus::Cancelled)
    }

    /// The statuses a person may say their certificate has (a migrated-out certificate is
    /// held by its new county, so it is not among them), in the order the question lists them.
    pub const HELD_STATUSES: [CertificateStatus; 4] = [
        CertificateStatus::Valid,
        CertificateStatus::Expired,
        CertificateStatus::Frozen,
        CertificateStatus::Cancelled,
    ];

    /// The status of the certificate the person says they hold (`None`: none, or not answered).
    pub fn held_status(&self) -> Option<CertificateStatus> {
        Self::HELD_STATUSES
            .into_iter()
            .find(|s| s.code() == self.held)
    }

    /// The certificate held, as the entry rules need it.
    pub fn held(&self) -> Option<HeldCertificate> {
        let status = self.held_status()?;
        Some(HeldCertificate {
            status,
            issued: parse_date(&self.cert_issued)?,
            cancelled_on: parse_date(&self.cert_cancelled),
        })
    }

    /// The certificate as the eligibility rules need it (from its number).
    pub fn certificate(&self) -> Option<Certificate> {
        let held = self.held()?;
        let number = CertificateNumber::parse(&self.cert_number).ok()?;
        // The number's grade is a 多重 card's most severe one too (category 7).
        Some(Certificate {
            generation: 2,
            status: held.status,
            grade: number.grade(),
        })
    }

    /// Linked services chosen, in the domain's order.
    pub fn services(&self) -> Vec<LinkedService> {
        LinkedService::ALL
            .into_iter()
            .filter(|s| self.services.iter().any(|c| c == s.code()))
            .collect()
    }

    /// A yes/no fact.
    pub fn fact(&self, code: &str) -> Option<bool> {
        match self.facts.get(code).map(String::as_str) {
            Some("yes") => Some(true),
            Some("no") => Some(false),
            _ => None,
        }
    }

    /// Benefits ticked.
    pub fn benefits(&self) -> Benefits {
        let has = |c: &str| self.benefits.iter().any(|b| b == c);
        Benefits {
            dibao: has("dibao"),
            dibao_edge: has("dibao_edge"),
            monitored_household: has("monitored_household"),
            tekun: has("tekun"),
            orphan: has("orphan"),
            de_facto_unsupported_child: has("de_facto_unsupported_child"),
            work_injury_care: has("work_injury_care"),
            elderly_allowance: has("elderly_allowance"),
            duty_disability: has("duty_disability"),
            retired_cadre: has("retired_cadre"),
        }
    }

    /// The person as the eligibility rules see them.
    pub fn person(&self, id: &IdNumber) -> Person {
        Person {
            birth_date: id.birth_date(),
            sex: id.sex(),
            hukou_province: if self.hukou[0].is_empty() {
                id.province_code().to_owned()
            } else {
                self.hukou[0].clone()
            },
            hukou_moved_out: false,
            deceased: self.matter == "cancellation" && self.cancel_reason == "death",
            student: self.fact("student"),
            public_sector_staff: self.fact("public_sector"),
            in_employee_pension: self.fact("employee_pension"),
            employed: self.fact("employed"),
            able_and_willing: self.fact("able_and_willing"),
            needs_long_term_care: self.fact("long_term_care"),
        }
    }

    /// The county that handles the case: residence county, or the hukou county when the person
    /// lives there.
    pub fn residence_county(&self) -> &str {
        if self.same_residence == "no" {
            &self.residence[2]
        } else {
            &self.hukou[2]
        }
    }

    /// The ways the card may reach the person: those the residence province offers
    /// (`card_delivery`; the county handling the case issues or forwards the card).
    pub fn card_deliveries(&self) -> &'static [crate::domain::card_delivery::CardDelivery] {
        let profile = crate::domain::policy::for_province(self.residence_county())
            .policy
            .profile;
        crate::domain::card_delivery::CardDelivery::offered(profile)
    }

    /// The township (9-digit code) of the residence, if given.
    pub fn residence_township(&self) -> Option<&str> {
        let t = if self.same_residence == "no" {
            &self.residence[3]
        } else {
            &self.hukou[3]
        };
        (!t.is_empty()).then_some(t.as_str())
    }

    /// Lives away from the hukou county (001 §四(一)4: a residence permit is needed).
    pub fn cross_region(&self) -> bool {
        self.same_residence == "no"
            && !self.residence[2].is_empty()
            && self.residence[2] != self.hukou[2]
    }

    /// Marks a section as saved once.
    pub fn visit(&mut self, section: &str) {
        if !self.visited.iter().any(|v| v == section) {
            self.visited.push(section.to_owned());
        }
    }

    /// Whether a section was saved.
    pub fn was_visited(&self, section: &str) -> bool {
        self.visited.iter().any(|v| v == section)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_people_type_them() {
        let d = NaiveDate::from_ymd_opt(2020, 3, 5);
        assert_eq!(parse_date("2020-03-05"), d);
        assert_eq!(parse_date(" 2020/3/5 "), d);
        assert_eq!(parse_date("2020.03.05"), d);
        assert_eq!(parse_date("05-03-2020"), None);
    }

    #[test]
    fn a_matter_is_complete_only_with_its_details() {
        let mut a = Answers {
            matter: "renewal".into(),
            ..Answers::default()
        };
        assert_eq!(a.matter(), None);
        a.renewal_kind = "damaged".into();
        assert_eq!(
            a.matter(),
            Some(CertificateMatter::Renewal(RenewalKind::Damaged))
        );
        a.matter = "new".into();
        a.categories = vec!["5".into(), "9".into()];
        assert_eq!(
            a.matter(),
            Some(CertificateMatter::New {
                categories: vec![Category::Intellectual]
            })
        );
    }

    #[test]
    fn residence_defaults_to_the_hukou_county() {
        let mut a = Answers {
            hukou: ["43".into(), "4301".into(), "430102".into(), String::new()],
            same_residence: "yes".into(),
            ..Answers::default()
        };
        assert_eq!(a.residence_county(), "430102");
        assert!(!a.cross_region());
        a.same_residence = "no".into();
        a.residence = ["41".into(), "4101".into(), "410105".into(), String::new()];
        assert_eq!(a.residence_county(), "410105");
        assert!(a.cross_region());
    }
}
