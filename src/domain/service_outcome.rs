//! What a department records when it grants a linked service (003 附件3–5, 004 附件2 六): the
//! subsidies' first month, the resident pension's government-paid tier (grades 1–2) and Hunan's
//! contribution subsidy by tier, the medical insurance's subsidy share, and for employment help the
//! contacts the service owes — at least one policy consultation and two job recommendations within
//! 5 working days of the certificate (004 附件2 十(三)).

use chrono::NaiveDate;

use super::Grade;
use super::eligibility::{Benefits, hunan_contribution_subsidy, medical_subsidy};
use super::matter::LinkedService;
use super::policy::ProvincePolicy;

/// A department's grant, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 两项补贴: paid from this month.
    Subsidy {
        /// First month paid (the first day of it).
        from: NaiveDate,
    },
    /// 城乡居民养老保险: registered; the government pays the 100-yuan tier for grades 1–2
    /// (003 附件4 3); a self-paid tier earns Hunan's subsidy (003 附件4 4).
    Pension {
        /// The government pays the lowest tier in full.
        government_pays: bool,
        /// The tier the person pays themselves, if any (yuan a year).
        tier: Option<u32>,
        /// Hunan's subsidy for that tier (yuan a year).
        subsidy: Option<u32>,
    },
    /// 城乡居民医疗保险: registered with this share of the contribution paid (003 附件5 2–3).
    Medical {
        /// Percent paid by the government.
        share: u8,
    },
    /// 就业帮扶: the contacts owed have been made.
    Employment,
    /// 个体工商户登记: registered under this number.
    Business {
        /// The registration number.
        registration: String,
    },
}

/// What is wrong with a grant form, by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeError {
    /// `start_month` is not YYYY-MM.
    Month,
    /// `tier` is not a tier of the scheme.
    Tier,
    /// `registration` is missing.
    Registration,
    /// Employment help is granted only after one consultation and two recommendations.
    ContactsOwed,
}

impl OutcomeError {
    /// The form field it belongs to.
    pub fn field(self) -> &'static str {
        match self {
            OutcomeError::Month => "start_month",
            OutcomeError::Tier => "tier",
            OutcomeError::Registration => "registration",
            OutcomeError::ContactsOwed => "contacts",
        }
    }
}

/// A contact employment help owes (004 附件2 十(三)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    /// 政策咨询.
    Consultation,
    /// 岗位推荐.
    Recommendation,
}

impl Contact {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Contact::Consultation => "consultation",
            Contact::Recommendation => "recommendation",
        }
    }

    /// The contact with this code.
    pub fn from_code(code: &str) -> Option<Contact> {
        [Contact::Consultation, Contact::Recommendation]
            .into_iter()
            .find(|c| c.code() == code)
    }
}

/// 004 附件2 十(三): at least one policy consultation and two job recommendations.
pub fn contacts_done(contacts: &[Contact]) -> bool {
    let count = |k| contacts.iter().filter(|c| **c == k).count();
    count(Contact::Consultation) >= 1 && count(Contact::Recommendation) >= 2
}

/// What the form asks of the department, given what the rules already know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known<'a> {
    /// The certificate's grade.
    pub grade: Grade,
    /// Benefits already received.
    pub benefits: &'a Benefits,
    /// The province's rules.
    pub policy: &'a ProvincePolicy,
}

/// Reads a grant of `service` from the form's fields (`start_month` YYYY-MM, `tier`,
/// `registration`), filling in what the rules decide themselves (government-paid tier, subsidy,
/// medical share); employment help needs its contacts first.
pub fn parse(
    service: LinkedService,
    field: impl Fn(&str) -> String,
    known: &Known<'_>,
    contacts: &[Contact],
) -> Result<Outcome, OutcomeError> {
    match service {
        LinkedService::LivingSubsidy | LinkedService::NursingSubsidy => {
            let month = field("start_month");
            NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
                .map(|from| Outcome::Subsidy { from })
                .map_err(|_| OutcomeError::Month)
        }
        LinkedService::ResidentPension => {
            let typed = field("tier");
            let tier = match typed.trim() {
                "" | "none" => None,
                t => Some(t.parse::<u32>().map_err(|_| OutcomeError::Tier)?),
            };
            let subsidy = match tier {
                Some(t) if known.policy.pension_contribution_subsidy => {
                    Some(hunan_contribution_subsidy(t).ok_or(OutcomeError::Tier)?)
                }
                _ => None,
            };
            Ok(Outcome::Pension {
                government_pays: known.grade.is_severe(),
                tier,
                subsidy,
            })
        }
        LinkedService::ResidentMedicalInsurance => Ok(Outcome::Medical {
            share: medical_subsidy(known.grade, known.benefits).percent(),
        }),
        LinkedService::EmploymentTraining | LinkedService::EmploymentReferral => {
            if contacts_done(contacts) {
                Ok(Outcome::Employment)
            } else {
                Err(OutcomeError::ContactsOwed)
            }
        }
        LinkedService::IndividualBusiness => {
            let registration = field("registration").trim().to_owned();
            if registration.is_empty() || registration.chars().count() > 40 {
                Err(OutcomeError::Registration)
            } else {
                Ok(Outcome::Business { registration })
            }
        }
    }
}

impl Outcome {
    /// As stored with the grant's event.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Outcome::Subsidy { from } => {
                serde_json::json!({ "kind": "subsidy", "from": from.format("%Y-%m").to_string() })
            }
            Outcome::Pension {
                government_pays,
                tier,
                subsidy,
            } => serde_json::json!({
                "kind": "pension", "government_pays": government_pays, "tier": tier,
                "subsidy": subsidy
            }),
            Outcome::Medical { share } => serde_json::json!({ "kind": "medical", "share": share }),
            Outcome::Employment => serde_json::json!({ "kind": "employment" }),
            Outcome::Business { registration } => {
                serde_json::json!({ "kind": "business", "registration": registration })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{HENAN, HUNAN};

    fn fields<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> String + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
                .unwrap_or_default()
        }
    }

    #[test]
    fn each_service_records_what_the_rules_leave_to_the_department() {
        let dibao = Benefits {
            dibao: true,
            ..Default::default()
        };
        let hunan = |grade| Known {
            grade,
            benefits: &dibao,
            policy: &HUNAN,
        };
        assert_eq!(
            parse(
                LinkedService::LivingSubsidy,
                fields(&[("start_month", "2027-01")]),
                &hunan(Grade::Three),
                &[]
            ),
            Ok(Outcome::Subsidy {
                from: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
            })
        );
        assert_eq!(
            parse(
                LinkedService::NursingSubsidy,
                fields(&[("start_month", "2027-13")]),
                &hunan(Grade::One),
                &[]
            ),
            Err(OutcomeError::Month)
        );
        // Grade 2: the government pays the 100-yuan tier; a self-paid 300 tier earns 30 in Hunan.
        assert_eq!(
            parse(
                LinkedService::ResidentPension,
                fields(&[("tier", "300")]),
                &hunan(Grade::Two),
                &[]
            ),
            Ok(Outcome::Pension {
                government_pays: true,
                tier: Some(300),
                subsidy: Some(30)
            })
        );
        assert_eq!(
            parse(
                LinkedService::ResidentPension,
                fields(&[("tier", "350")]),
                &hunan(Grade::Three),
                &[]
            ),
            Err(OutcomeError::Tier)
        );
        let henan = Known {
            grade: Grade::Three,
            benefits: &dibao,
            policy: &HENAN,
        };
        assert_eq!(
            parse(
                LinkedService::ResidentPension,
                fields(&[("tier", "300")]),
                &henan,
                &[]
            ),
            Ok(Outcome::Pension {
                government_pays: false,
                tier: Some(300),
                subsidy: None
            }),
            "no tiered subsidy outside Hunan"
        );
        // Grade 3 with 低保: half the medical contribution.
        assert_eq!(
            parse(
                LinkedService::ResidentMedicalInsurance,
                fields(&[]),
                &hunan(Grade::Three),
                &[]
            ),
            Ok(Outcome::Medical { share: 50 })
        );
        assert_eq!(
            parse(
                LinkedService::IndividualBusiness,
                fields(&[("registration", " ")]),
                &hunan(Grade::Three),
                &[]
            ),
            Err(OutcomeError::Registration)
        );
    }

    #[test]
    fn employment_help_is_granted_after_one_consultation_and_two_recommendations() {
        use Contact::*;
        let none = Benefits::default();
        let known = Known {
            grade: Grade::Four,
            benefits: &none,
            policy: &HUNAN,
        };
        let grant =
            |c: &[Contact]| parse(LinkedService::EmploymentReferral, fields(&[]), &known, c);
        assert_eq!(
            grant(&[Consultation, Recommendation]),
            Err(OutcomeError::ContactsOwed)
        );
        assert_eq!(
            grant(&[Recommendation, Recommendation]),
            Err(OutcomeError::ContactsOwed)
        );
        assert_eq!(
            grant(&[Recommendation, Consultation, Recommendation]),
            Ok(Outcome::Employment)
        );
        assert_eq!(Contact::from_code("recommendation"), Some(Recommendation));
    }
}
