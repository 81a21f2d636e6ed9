//! Each section's questions, how a submitted page is read into the answers, and how the answers
//! are checked (server side, every field; the check page runs every section's check again).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::questions::Opt;
use crate::db::accounts::Account;
use crate::db::people::Represented;
use crate::db::reference::{Division, ReferenceData};
use crate::domain::answers::{Answers, parse_date};
use crate::domain::eligibility::{self, Eligibility, Missing};
use crate::domain::entry::{self, EntryFacts, EntryProblem};
use crate::domain::materials::ApplyingAs;
use crate::domain::matter::LinkedService;
use crate::domain::policy;
use crate::domain::section::Section;
use crate::domain::{IdNumber, MobileNumber};
use crate::i18n::Lang;
use crate::web::form::FormErrors;

/// The person the application is about.
#[derive(Debug, Clone)]
pub struct Subject {
    /// Their name.
    pub name: String,
    /// Their ID number.
    pub id: IdNumber,
}

/// Address options: provinces and the children of every chosen division.
#[derive(Debug, Default)]
pub struct Places {
    /// Provinces.
    pub provinces: Vec<Division>,
    /// Children by parent code.
    pub children: HashMap<String, Vec<Division>>,
}

impl Places {
    /// Builds the options from `(parent, child)` rows.
    pub fn new(provinces: Vec<Division>, rows: Vec<(String, Division)>) -> Self {
        let mut children: HashMap<String, Vec<Division>> = HashMap::new();
        for (parent, d) in rows {
            children.entry(parent).or_default().push(d);
        }
        Places {
            provinces,
            children,
        }
    }

    /// The options of `level` (0 province … 3 township) under the chosen `codes`.
    pub fn options(&self, codes: &[String; 4], level: usize) -> &[Division] {
        if level == 0 {
            &self.provinces
        } else {
            self.children
                .get(&codes[level - 1])
                .map(Vec::as_slice)
                .unwrap_or(&[])
        }
    }

    /// Clears every level not among its parent's options (after a parent changed).
    pub fn settle(&self, codes: &mut [String; 4]) {
        for level in 0..4 {
            if !self
                .options(codes, level)
                .iter()
                .any(|d| d.code == codes[level])
            {
                for c in codes.iter_mut().skip(level) {
                    c.clear();
                }
                return;
            }
        }
    }

    /// The divisions' names, joined (for the check page).
    pub fn names(&self, codes: &[String; 4]) -> String {
        (0..4)
            .filter_map(|l| {
                self.options(codes, l)
                    .iter()
                    .find(|d| d.code == codes[l])
                    .map(|d| d.name.clone())
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The parent codes whose children the address page needs (one query for all).
pub fn parents_needed(a: &Answers) -> Vec<String> {
    a.hukou[..3]
        .iter()
        .chain(a.residence[..3].iter())
        .filter(|c| !c.is_empty())
        .cloned()
        .collect()
}

/// What the checks and questions look at besides the answers.
pub struct Env<'a> {
    /// Page language.
    pub lang: Lang,
    /// Today in Beijing.
    pub today: NaiveDate,
    /// The signed-in account.
    pub account: &'a Account,
    /// The person the application is about, once known.
    pub subject: Option<Subject>,
    /// The people the account acts for.
    pub represented: &'a [Represented],
    /// Entered at a window for the person in front of the clerk.
    pub assisted: Option<&'a super::draft::Assisted>,
    /// Code lists.
    pub reference: &'a ReferenceData,
    /// Address options.
    pub places: &'a Places,
}

impl Env<'_> {
    /// A text in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// Yes and no, with `current` chosen.
    pub fn yes_no(&self, current: &str) -> Vec<Opt> {
        vec![
            Opt::new("yes", self.t("answer-yes"), current),
            Opt::new("no", self.t("answer-no"), current),
        ]
    }

    /// The options of national code list `name` (names in the page's language).
    pub fn codes(&self, name: &str, list: &[(String, String)], current: &str) -> Vec<Opt> {
        list.iter()
            .map(|(c, _)| Opt::new(c.clone(), self.lang.code_name(name, c), current))
            .collect()
    }

    /// The subject's age today.
    pub fn age(&self) -> Option<u32> {
        self.subject.as_ref().map(|s| s.id.age_on(self.today))
    }

    /// Eligibility of each linked service with the answers so far. Until the benefits are
    /// answered (next page), only what is refused whatever they are counts as “clearly not
    /// eligible”: the benefits are taken at their most favourable (on 低保, nothing excluding).
    pub fn eligibility(&self, a: &Answers) -> Vec<(LinkedService, Eligibility)> {
        let Some(subject) = &self.subject else {
            return vec![];
        };
        let person = a.person(&subject.id);
        let cert = a.certificate();
        let benefits = if a.was_visited(Section::ServiceDetails.code()) {
            a.benefits()
        } else {
            eligibility::Benefits {
                dibao: true,
                ..Default::default()
            }
        };
        let province = if a.hukou[0].is_empty() {
            subject.id.province_code().to_owned()
        } else {
            a.hukou[0].clone()
        };
        let choice = policy::for_province(&province);
        LinkedService::ALL
            .into_iter()
            .map(|s| {
                (
                    s,
                    eligibility::for_service(
                        s,
                        &person,
                        cert.as_ref(),
                        &benefits,
                        choice.policy,
                        self.today,
                    ),
                )
            })
            .collect()
    }

    /// The entry rules (001 §四, 004 附件3 五(四)2) for the answers so far.
    pub fn entry_problems(&self, a: &Answers, with_services: bool) -> Vec<EntryProblem> {
        let (Some(age), Some(applying_as)) = (self.age(), a.applying_as()) else {
            return vec![];
        };
        let matter = a.matter();
        entry::check(&EntryFacts {
            age,
            applying_as,
            matter: matter.as_ref(),
            held: a.held(),
            wants_services: with_services && !a.services().is_empty(),
            today: self.today,
        })
    }

    /// An entry problem in words.
    pub fn problem_text(&self, p: EntryProblem) -> String {
        let key = format!("entry-{}", p.code());
        match p.date() {
            Some(d) => self
                .lang
                .t_args(&key, &[("date", d.format("%Y-%m-%d").to_string())]),
            None => self.t(&key),
        }
    }

    /// Reasons in the page language.
    pub fn reasons(&self, e: &Eligibility) -> String {
        match e {
            Eligibility::NotEligible(r) | Eligibility::Eligible(r) => r
                .iter()
                .map(|r| self.lang.reason(r))
                .collect::<Vec<_>>()
                .join(self.lang.t("list-separator").as_str()),
            Eligibility::NeedsInformation(m) if m.contains(&Missing::Certificate) => {
                self.t("apply-services-after-certificate")
            }
            Eligibility::NeedsInformation(_) => self.t("apply-services-more-questions"),
        }
    }
}

pub(crate) const DETAIL_MAX: usize = 200;

pub(crate) fn check_date(
    env: &Env<'_>,
    e: &mut FormErrors,
    id: &'static str,
    input: &str,
    empty_key: &str,
) -> Option<NaiveDate> {
    if input.is_empty() {
        e.add(id, env.t(empty_key));
        return None;
    }
    match parse_date(input) {
        None => {
            e.add(id, env.t("apply-date-format"));
            None
        }
        Some(d) if d > env.today => {
            e.add(id, env.t("apply-date-future"));
            None
        }
        Some(d) => Some(d),
    }
}

pub(crate) fn check_mobile(env: &Env<'_>, e: &mut FormErrors, id: &'static str, input: &str) {
    if input.is_empty() {
        e.add(id, env.t("apply-phone-empty"));
    } else if MobileNumber::parse(input).is_err() {
        e.add(id, env.t("phone-format"));
    }
}

pub(crate) fn check_text(
    env: &Env<'_>,
    e: &mut FormErrors,
    id: &'static str,
    input: &str,
    empty: &str,
) {
    if input.is_empty() {
        e.add(id, env.t(empty));
    } else if input.chars().count() > DETAIL_MAX {
        e.add(id, env.t("apply-text-too-long"));
    }
}

/// 003 附件1 row 11: subsidies are paid to the applicant's own card, or to the guardian's for a
/// ward; the holder must be that person.
pub fn bank_holder(env: &Env<'_>, a: &Answers) -> Option<String> {
    if let Some(assisted) = env.assisted {
        // At the window the clerk is not the applicant: the person, or the guardian named as
        // the contact person.
        return match a.applying_as() {
            Some(ApplyingAs::Guardian) => Some(a.contact_name.clone()),
            _ => Some(assisted.name.clone()),
        };
    }
    match a.applying_as() {
        Some(ApplyingAs::Guardian) => Some(env.account.real_name.clone()),
        Some(ApplyingAs::Themself) => Some(env.account.real_name.clone()),
        _ => env.subject.as_ref().map(|s| s.name.clone()),
    }
}

/// The matter kinds the entry problem points back to.
pub fn problem_section(p: EntryProblem) -> Section {
    match p {
        EntryProblem::GuardianRequired(_) => Section::Who,
        EntryProblem::ServicesNeedCertificate => Section::Services,
        _ => Section::Matter,
    }
}
