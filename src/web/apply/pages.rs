//! Each section's questions, how a submitted page is read into the answers, and how the answers
//! are checked (server side, every field; the check page runs every section's check again).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::questions::{Builder, Opt, Question};
use super::section::Section;
use crate::db::accounts::Account;
use crate::db::people::Represented;
use crate::db::reference::{Division, ReferenceData};
use crate::domain::answers::{Answers, BENEFITS, NEEDS, categories_to_choose, parse_date};
use crate::domain::eligibility::{self, Eligibility, Missing};
use crate::domain::entry::{self, EntryFacts, EntryProblem};
use crate::domain::materials::ApplyingAs;
use crate::domain::matter::LinkedService;
use crate::domain::policy;
use crate::domain::{BankCardNumber, CertificateNumber, EmailAddress, IdNumber, MobileNumber};
use crate::domain::{Postcode, RealName};
use crate::i18n::Lang;
use crate::web::form::{Fields, FormErrors};

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
    /// Code lists.
    pub reference: &'a ReferenceData,
    /// Address options.
    pub places: &'a Places,
}

impl Env<'_> {
    fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    fn yes_no(&self, current: &str) -> Vec<Opt> {
        vec![
            Opt::new("yes", self.t("answer-yes"), current),
            Opt::new("no", self.t("answer-no"), current),
        ]
    }

    /// The options of national code list `name` (names in the page's language).
    fn codes(&self, name: &str, list: &[(String, String)], current: &str) -> Vec<Opt> {
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
                .map(|r| match self.lang {
                    Lang::En => r.en,
                    Lang::ZhCn => r.zh,
                })
                .collect::<Vec<_>>()
                .join(self.lang.t("list-separator").as_str()),
            Eligibility::NeedsInformation(m) if m.contains(&Missing::Certificate) => {
                self.t("apply-services-after-certificate")
            }
            Eligibility::NeedsInformation(_) => self.t("apply-services-more-questions"),
        }
    }
}

/// The yes/no questions a set of services needs (from the rules' missing facts).
pub fn facts_needed(env: &Env<'_>, a: &Answers) -> Vec<&'static str> {
    let blank = Answers {
        facts: Default::default(),
        ..a.clone()
    };
    let chosen = a.services();
    let mut needed = vec![];
    for (s, e) in env.eligibility(&blank) {
        if let Eligibility::NeedsInformation(missing) = e
            && chosen.contains(&s)
        {
            for m in missing {
                let code = match m {
                    Missing::Certificate => continue,
                    Missing::Student => "student",
                    Missing::PublicSector => "public_sector",
                    Missing::EmployeeScheme => "employee_pension",
                    Missing::LongTermCare => "long_term_care",
                    Missing::Employment => "employed",
                    Missing::AbleAndWilling => "able_and_willing",
                };
                if !needed.contains(&code) {
                    needed.push(code);
                }
            }
        }
    }
    needed
}

fn wants_bank_card(a: &Answers) -> bool {
    a.services().iter().any(|s| s.pays_into_bank_card())
}

fn wants_employment(a: &Answers) -> bool {
    a.services().iter().any(|s| {
        matches!(
            s,
            LinkedService::EmploymentTraining | LinkedService::EmploymentReferral
        )
    })
}

const MATTERS: [&str; 7] = [
    "new",
    "renewal",
    "migration",
    "replacement",
    "cancellation",
    "change",
    "none",
];

/// Reads a submitted page into the answers (everything typed is kept, valid or not).
pub fn read(section: Section, a: &mut Answers, f: &Fields) {
    match section {
        Section::Who => {
            a.applying_as = f.get("applying_as");
            a.representation = if a.applying_as == "self" {
                String::new()
            } else {
                f.get("representation")
            };
        }
        Section::Certificate => {
            a.held = f.get("held");
            a.cert_number = f.get("cert_number");
            a.cert_issued = f.get("cert_issued");
            a.cert_cancelled = f.get("cert_cancelled");
            a.visual_pre2018 = f.get("visual_pre2018");
        }
        Section::Matter => {
            a.matter = f.get("matter");
            a.categories = f.all("categories");
            a.renewal_kind = f.get("renewal_kind");
            a.old_hukou = f.get("old_hukou");
            a.moved_on = f.get("moved_on");
            a.cancel_scope = f.get("cancel_scope");
            a.cancel_categories = f.all("cancel_categories");
            a.cancel_reason = f.get("cancel_reason");
            a.cancel_other = f.get("cancel_other");
        }
        Section::Personal => {
            a.ethnicity = f.get("ethnicity");
            a.marital = f.get("marital");
            a.education = f.get("education");
            a.phone = f.get("phone");
            a.email = f.get("email");
        }
        Section::Address => {
            for (i, level) in LEVELS.iter().enumerate() {
                a.hukou[i] = f.get(&format!("hukou_{level}"));
                a.residence[i] = f.get(&format!("residence_{level}"));
            }
            a.hukou_detail = f.get("hukou_detail");
            a.same_residence = f.get("same_residence");
            a.residence_detail = f.get("residence_detail");
        }
        Section::Contact => {
            a.contact_name = f.get("contact_name");
            a.contact_phone = f.get("contact_phone");
            a.contact_relationship = f.get("contact_relationship");
        }
        Section::Services => a.services = f.all("services"),
        Section::ServiceDetails => {
            a.benefits = f.all("benefits");
            a.facts.clear();
            for code in [
                "student",
                "public_sector",
                "employee_pension",
                "long_term_care",
                "employed",
                "able_and_willing",
            ] {
                let v = f.get(code);
                if !v.is_empty() {
                    a.facts.insert(code.to_owned(), v);
                }
            }
            a.bank_holder = f.get("bank_holder");
            a.bank_name = f.get("bank_name");
            a.bank_card = f.get("bank_card");
            a.work_ability = f.get("work_ability");
            a.work_wishes = f.get("work_wishes");
            a.skills = f.get("skills");
        }
        Section::Needs => a.needs = f.all("needs"),
        Section::Delivery => {
            a.delivery = f.get("delivery");
            a.post_address = f.get("post_address");
            a.postcode = f.get("postcode");
        }
        Section::Materials => {}
    }
}

/// The four levels of an address, as field-name parts.
pub const LEVELS: [&str; 4] = ["province", "city", "county", "township"];

fn field(prefix: &str, level: usize) -> &'static str {
    match (prefix, level) {
        ("hukou", 0) => "hukou_province",
        ("hukou", 1) => "hukou_city",
        ("hukou", 2) => "hukou_county",
        ("hukou", 3) => "hukou_township",
        (_, 0) => "residence_province",
        (_, 1) => "residence_city",
        (_, 2) => "residence_county",
        _ => "residence_township",
    }
}

const DETAIL_MAX: usize = 200;

fn check_address(
    env: &Env<'_>,
    e: &mut FormErrors,
    prefix: &str,
    codes: &[String; 4],
    detail: &str,
) {
    for level in 0..4 {
        let options = env.places.options(codes, level);
        if level > 0 && options.is_empty() && !codes[level - 1].is_empty() {
            // No finer division exists here (e.g. a county without townships in the data).
            break;
        }
        if !options.iter().any(|d| d.code == codes[level]) {
            e.add(
                field(prefix, level),
                env.t(&format!("apply-address-choose-{}", LEVELS[level])),
            );
            break;
        }
    }
    let detail_id = if prefix == "hukou" {
        "hukou_detail"
    } else {
        "residence_detail"
    };
    if detail.is_empty() {
        e.add(detail_id, env.t("apply-address-detail-empty"));
    } else if detail.chars().count() > DETAIL_MAX {
        e.add(detail_id, env.t("apply-text-too-long"));
    }
}

fn check_date(
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

fn check_mobile(env: &Env<'_>, e: &mut FormErrors, id: &'static str, input: &str) {
    if input.is_empty() {
        e.add(id, env.t("apply-phone-empty"));
    } else if MobileNumber::parse(input).is_err() {
        e.add(id, env.t("phone-format"));
    }
}

fn check_text(env: &Env<'_>, e: &mut FormErrors, id: &'static str, input: &str, empty: &str) {
    if input.is_empty() {
        e.add(id, env.t(empty));
    } else if input.chars().count() > DETAIL_MAX {
        e.add(id, env.t("apply-text-too-long"));
    }
}

/// Checks one section; every problem at once.
pub fn validate(section: Section, a: &Answers, env: &Env<'_>) -> FormErrors {
    let mut e = FormErrors::default();
    match section {
        Section::Who => match a.applying_as() {
            None => e.add("applying_as-self", env.t("apply-who-missing")),
            Some(ApplyingAs::Themself) => {}
            Some(_) => {
                let chosen = a.representation_id().and_then(|id| {
                    env.represented
                        .iter()
                        .find(|r| r.id == id && r.kind.code() == a.applying_as)
                });
                if chosen.is_none() {
                    let first = env
                        .represented
                        .iter()
                        .find(|r| r.kind.code() == a.applying_as)
                        .map(|r| format!("representation-{}", r.id));
                    match first {
                        Some(id) => e.add(id, env.t("apply-who-person-missing")),
                        None => e.add("applying_as-self", env.t("apply-who-nobody")),
                    }
                }
            }
        },
        Section::Certificate => match a.held.as_str() {
            "none" => {}
            "valid" | "expired" | "frozen" | "cancelled" => {
                match CertificateNumber::parse(&a.cert_number) {
                    _ if a.cert_number.is_empty() => {
                        e.add("cert_number", env.t("apply-cert-number-empty"))
                    }
                    Err(_) => e.add("cert_number", env.t("apply-cert-number-format")),
                    Ok(n) => {
                        if env
                            .subject
                            .as_ref()
                            .is_some_and(|s| s.id.as_str() != n.id_number().as_str())
                        {
                            e.add("cert_number", env.t("apply-cert-number-other"));
                        }
                    }
                }
                let issued = check_date(
                    env,
                    &mut e,
                    "cert_issued",
                    &a.cert_issued,
                    "apply-cert-issued-empty",
                );
                // 001 §四(二)1, §四(三): a card from before 2018 may have been assessed by sight.
                if a.held != "cancelled"
                    && issued.is_some_and(|i| i.year() < 2018)
                    && !["yes", "no", "unknown"].contains(&a.visual_pre2018.as_str())
                {
                    e.add("visual_pre2018-yes", env.t("apply-visual-missing"));
                }
                if a.held == "cancelled"
                    && let Some(c) = check_date(
                        env,
                        &mut e,
                        "cert_cancelled",
                        &a.cert_cancelled,
                        "apply-cert-cancelled-empty",
                    )
                    && issued.is_some_and(|i| c < i)
                {
                    e.add("cert_cancelled", env.t("apply-cert-cancelled-before"));
                }
            }
            _ => e.add("held-none", env.t("apply-held-missing")),
        },
        Section::Matter => {
            if !MATTERS.contains(&a.matter.as_str()) {
                e.add("matter-new", env.t("apply-matter-missing"));
                return e;
            }
            match a.matter.as_str() {
                "new"
                    if matches!(
                        a.matter(),
                        Some(crate::domain::CertificateMatter::New { categories })
                            if categories.is_empty()
                    ) =>
                {
                    e.add("categories-1", env.t("apply-categories-missing"))
                }
                "renewal" if a.matter().is_none() => {
                    e.add("renewal_kind-expiry", env.t("apply-renewal-kind-missing"))
                }
                "migration" => {
                    check_text(
                        env,
                        &mut e,
                        "old_hukou",
                        &a.old_hukou,
                        "apply-old-hukou-empty",
                    );
                    check_date(env, &mut e, "moved_on", &a.moved_on, "apply-moved-on-empty");
                }
                "cancellation" => {
                    match a.cancel_scope.as_str() {
                        "all" => {}
                        "some" if !a.cancel_categories.is_empty() => {}
                        "some" => e.add(
                            "cancel_categories-1",
                            env.t("apply-cancel-categories-missing"),
                        ),
                        _ => e.add("cancel_scope-all", env.t("apply-cancel-scope-missing")),
                    }
                    match a.cancel_reason.as_str() {
                        "recovery" | "death" => {}
                        "other" => check_text(
                            env,
                            &mut e,
                            "cancel_other",
                            &a.cancel_other,
                            "apply-cancel-other-empty",
                        ),
                        _ => e.add(
                            "cancel_reason-recovery",
                            env.t("apply-cancel-reason-missing"),
                        ),
                    }
                }
                _ => {}
            }
            if e.is_empty() {
                for p in env.entry_problems(a, false) {
                    e.add("matter-new", env.problem_text(p));
                }
            }
        }
        Section::Personal => {
            if !env
                .reference
                .ethnic_groups
                .iter()
                .any(|(c, _)| c == &a.ethnicity)
            {
                e.add("ethnicity", env.t("apply-ethnicity-missing"));
            }
            if !env
                .reference
                .marital_statuses
                .iter()
                .any(|(c, _)| c == &a.marital)
            {
                e.add("marital", env.t("apply-marital-missing"));
            }
            if !env
                .reference
                .education_levels
                .iter()
                .any(|(c, _)| c == &a.education)
            {
                e.add("education", env.t("apply-education-missing"));
            }
            check_mobile(env, &mut e, "phone", &a.phone);
            if !a.email.is_empty() && EmailAddress::parse(&a.email).is_err() {
                e.add("email", env.t("email-format"));
            }
        }
        Section::Address => {
            check_address(env, &mut e, "hukou", &a.hukou, &a.hukou_detail);
            match a.same_residence.as_str() {
                "yes" => {}
                "no" => check_address(env, &mut e, "residence", &a.residence, &a.residence_detail),
                _ => e.add("same_residence-yes", env.t("apply-same-residence-missing")),
            }
        }
        Section::Contact => {
            let required = a.applying_as() != Some(ApplyingAs::Themself);
            let any = !(a.contact_name.is_empty()
                && a.contact_phone.is_empty()
                && a.contact_relationship.is_empty());
            if required || any {
                if a.contact_name.is_empty() {
                    e.add("contact_name", env.t("apply-contact-name-empty"));
                } else if RealName::parse(&a.contact_name).is_err() {
                    e.add("contact_name", env.t("register-name-characters"));
                }
                check_mobile(env, &mut e, "contact_phone", &a.contact_phone);
                if !env.reference.has_relationship(&a.contact_relationship) {
                    e.add("contact_relationship", env.t("people-relationship-missing"));
                }
            }
        }
        Section::Services => {
            let chosen = a.services();
            if chosen.len() != a.services.len() {
                e.add("services-living_subsidy", env.t("apply-services-unknown"));
            }
            for (s, el) in env.eligibility(a) {
                if chosen.contains(&s) && matches!(el, Eligibility::NotEligible(_)) {
                    e.add(
                        format!("services-{}", s.code()),
                        env.lang.t_args(
                            "apply-services-not-eligible",
                            &[
                                (
                                    "service",
                                    env.t(&format!("linked-{}", s.code().replace('_', "-"))),
                                ),
                                ("reasons", env.reasons(&el)),
                            ],
                        ),
                    );
                }
            }
            for p in env.entry_problems(a, true) {
                if p == EntryProblem::ServicesNeedCertificate {
                    e.add("services-living_subsidy", env.problem_text(p));
                }
            }
        }
        Section::ServiceDetails => {
            if a.benefits.iter().any(|b| b == "none") && a.benefits.len() > 1 {
                e.add("benefits-dibao", env.t("apply-benefits-none-and-some"));
            } else if a.benefits.is_empty() {
                e.add("benefits-dibao", env.t("apply-benefits-missing"));
            }
            for code in facts_needed(env, a) {
                if a.fact(code).is_none() {
                    e.add(
                        format!("{code}-yes"),
                        env.t(&format!("apply-fact-{code}-missing")),
                    );
                }
            }
            if wants_bank_card(a) {
                if a.bank_holder.is_empty() {
                    e.add("bank_holder", env.t("apply-bank-holder-empty"));
                } else if let Some(expected) = bank_holder(env, a)
                    && a.bank_holder != expected
                {
                    e.add(
                        "bank_holder",
                        env.lang
                            .t_args("apply-bank-holder-other", &[("name", expected)]),
                    );
                }
                check_text(
                    env,
                    &mut e,
                    "bank_name",
                    &a.bank_name,
                    "apply-bank-name-empty",
                );
                if a.bank_card.is_empty() {
                    e.add("bank_card", env.t("apply-bank-card-empty"));
                } else if BankCardNumber::parse(&a.bank_card).is_err() {
                    e.add("bank_card", env.t("apply-bank-card-format"));
                }
            }
            if wants_employment(a) {
                if !["full", "partial", "none"].contains(&a.work_ability.as_str()) {
                    e.add("work_ability-full", env.t("apply-work-ability-missing"));
                }
                if a.work_wishes.chars().count() > DETAIL_MAX {
                    e.add("work_wishes", env.t("apply-text-too-long"));
                }
                if a.skills.chars().count() > DETAIL_MAX {
                    e.add("skills", env.t("apply-text-too-long"));
                }
            }
            if e.is_empty() {
                for (s, el) in env.eligibility(a) {
                    if a.services().contains(&s) && matches!(el, Eligibility::NotEligible(_)) {
                        e.add(
                            "benefits-dibao",
                            env.lang.t_args(
                                "apply-services-not-eligible",
                                &[
                                    (
                                        "service",
                                        env.t(&format!("linked-{}", s.code().replace('_', "-"))),
                                    ),
                                    ("reasons", env.reasons(&el)),
                                ],
                            ),
                        );
                    }
                }
            }
        }
        Section::Needs => {
            if a.needs.is_empty() {
                e.add("needs-home_visit", env.t("apply-needs-missing"));
            } else if a.needs.iter().any(|n| n == "none") && a.needs.len() > 1 {
                e.add("needs-home_visit", env.t("apply-needs-none-and-some"));
            }
        }
        Section::Delivery => match a.delivery.as_str() {
            "township" => {}
            "post" => {
                check_text(
                    env,
                    &mut e,
                    "post_address",
                    &a.post_address,
                    "apply-post-address-empty",
                );
                if a.postcode.is_empty() {
                    e.add("postcode", env.t("apply-postcode-empty"));
                } else if Postcode::parse(&a.postcode).is_err() {
                    e.add("postcode", env.t("apply-postcode-format"));
                }
            }
            _ => e.add("delivery-post", env.t("apply-delivery-missing")),
        },
        Section::Materials => {}
    }
    e
}

/// 003 附件1 row 11: subsidies are paid to the applicant's own card, or to the guardian's for a
/// ward; the holder must be that person.
pub fn bank_holder(env: &Env<'_>, a: &Answers) -> Option<String> {
    match a.applying_as() {
        Some(ApplyingAs::Guardian) => Some(env.account.real_name.clone()),
        Some(ApplyingAs::Themself) => Some(env.account.real_name.clone()),
        _ => env.subject.as_ref().map(|s| s.name.clone()),
    }
}

fn category_options(env: &Env<'_>, current: &[String]) -> Vec<Opt> {
    categories_to_choose()
        .map(|c| {
            let name = match env.lang {
                Lang::En => c.name_en(),
                Lang::ZhCn => c.name_zh(),
            };
            Opt::among(c.code().to_string(), name.to_owned(), current)
        })
        .collect()
}

/// The questions of a section, filled with the answers and the errors.
pub fn build(section: Section, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question> {
    let t = |k: &str| env.t(k);
    let mut b = Builder::new(errors);
    match section {
        Section::Who => {
            b.choices(
                "radio",
                "applying_as",
                t("apply-who-legend"),
                String::new(),
                ["self", "guardian", "helper"]
                    .into_iter()
                    .map(|v| {
                        Opt::new(v, t(&format!("apply-who-{v}")), &a.applying_as)
                            .hint(t(&format!("apply-who-{v}-hint")))
                    })
                    .collect(),
            );
            b.heading(t("apply-who-person-heading"));
            if env.represented.is_empty() {
                b.para(t("apply-who-nobody"));
            } else {
                b.choices(
                    "radio",
                    "representation",
                    t("apply-who-person-legend"),
                    t("apply-who-person-hint"),
                    env.represented
                        .iter()
                        .map(|r| {
                            let id = IdNumber::parse(&r.id_number)
                                .map(|i| i.masked())
                                .unwrap_or_default();
                            Opt::new(
                                r.id.to_string(),
                                format!("{} ({id})", r.real_name),
                                &a.representation,
                            )
                            .hint(t(&format!("people-kind-{}", r.kind.code())))
                        })
                        .collect(),
                );
            }
            b.link("/people/new".into(), t("people-add-link"));
        }
        Section::Certificate => {
            b.choices(
                "radio",
                "held",
                t("apply-held-legend"),
                t("apply-held-hint"),
                ["none", "valid", "expired", "frozen", "cancelled"]
                    .into_iter()
                    .map(|v| Opt::new(v, t(&format!("apply-held-{v}")), &a.held))
                    .collect(),
            );
            b.heading_when(
                t("apply-cert-heading"),
                "held:valid,expired,frozen,cancelled",
            );
            b.text(
                "cert_number",
                t("apply-cert-number"),
                t("apply-cert-number-hint"),
                &a.cert_number,
                "off",
            )
            .width = "input-w20";
            b.text(
                "cert_issued",
                t("apply-cert-issued"),
                t("apply-date-hint"),
                &a.cert_issued,
                "off",
            )
            .width = "input-w10";
            b.text(
                "cert_cancelled",
                t("apply-cert-cancelled"),
                t("apply-cert-cancelled-hint"),
                &a.cert_cancelled,
                "off",
            )
            .width = "input-w10";
            b.choices(
                "radio",
                "visual_pre2018",
                t("apply-visual-legend"),
                t("apply-visual-hint"),
                ["yes", "no", "unknown"]
                    .into_iter()
                    .map(|v| Opt::new(v, t(&format!("apply-visual-{v}")), &a.visual_pre2018))
                    .collect(),
            );
        }
        Section::Matter => {
            b.choices(
                "radio",
                "matter",
                t("apply-matter-legend"),
                t("apply-matter-hint"),
                MATTERS
                    .into_iter()
                    .map(|v| {
                        let label = if v == "none" {
                            t("apply-matter-none")
                        } else {
                            t(&format!("matter-{v}"))
                        };
                        Opt::new(v, label, &a.matter).hint(t(&format!("apply-matter-{v}-hint")))
                    })
                    .collect(),
            );
            b.heading_when(t("apply-matter-new-heading"), "matter:new");
            b.choices(
                "checkbox",
                "categories",
                t("apply-categories-legend"),
                t("apply-categories-hint"),
                category_options(env, &a.categories),
            );
            b.heading_when(t("apply-matter-renewal-heading"), "matter:renewal");
            b.choices(
                "radio",
                "renewal_kind",
                t("apply-renewal-kind-legend"),
                String::new(),
                ["expiry", "damaged", "data_update"]
                    .into_iter()
                    .map(|v| {
                        Opt::new(v, t(&format!("apply-renewal-{v}")), &a.renewal_kind)
                            .hint(t(&format!("apply-renewal-{v}-hint")))
                    })
                    .collect(),
            );
            b.heading_when(t("apply-matter-migration-heading"), "matter:migration");
            b.text(
                "old_hukou",
                t("apply-old-hukou"),
                t("apply-old-hukou-hint"),
                &a.old_hukou,
                "off",
            );
            b.text(
                "moved_on",
                t("apply-moved-on"),
                t("apply-date-hint"),
                &a.moved_on,
                "off",
            )
            .width = "input-w10";
            b.heading_when(
                t("apply-matter-cancellation-heading"),
                "matter:cancellation",
            );
            b.choices(
                "radio",
                "cancel_scope",
                t("apply-cancel-scope-legend"),
                String::new(),
                ["all", "some"]
                    .into_iter()
                    .map(|v| Opt::new(v, t(&format!("apply-cancel-scope-{v}")), &a.cancel_scope))
                    .collect(),
            );
            b.choices(
                "checkbox",
                "cancel_categories",
                t("apply-cancel-categories-legend"),
                t("apply-cancel-categories-hint"),
                category_options(env, &a.cancel_categories),
            );
            b.choices(
                "radio",
                "cancel_reason",
                t("apply-cancel-reason-legend"),
                String::new(),
                ["recovery", "death", "other"]
                    .into_iter()
                    .map(|v| Opt::new(v, t(&format!("apply-cancel-reason-{v}")), &a.cancel_reason))
                    .collect(),
            );
            b.text(
                "cancel_other",
                t("apply-cancel-other"),
                String::new(),
                &a.cancel_other,
                "off",
            );
        }
        Section::Personal => {
            if let Some(s) = &env.subject {
                b.para(env.lang.t_args(
                    "apply-personal-subject",
                    &[("name", s.name.clone()), ("id", s.id.masked())],
                ));
            }
            let choose = t("apply-choose");
            b.select(
                "ethnicity",
                t("apply-ethnicity"),
                choose.clone(),
                env.codes("ethnic", &env.reference.ethnic_groups, &a.ethnicity),
                None,
                "",
                String::new(),
            );
            b.select(
                "marital",
                t("apply-marital"),
                choose.clone(),
                env.codes("marital", &env.reference.marital_statuses, &a.marital),
                None,
                "",
                String::new(),
            );
            b.select(
                "education",
                t("apply-education"),
                choose,
                env.codes("education", &env.reference.education_levels, &a.education),
                None,
                "",
                String::new(),
            );
            let p = b.text(
                "phone",
                t("apply-phone"),
                t("apply-phone-hint"),
                &a.phone,
                "tel",
            );
            p.kind = "tel";
            p.width = "input-w20";
            let m = b.text(
                "email",
                t("apply-email"),
                t("apply-email-hint"),
                &a.email,
                "email",
            );
            m.kind = "email";
        }
        Section::Address => {
            b.heading(t("apply-hukou-heading"));
            address_questions(env, &mut b, "hukou", &a.hukou);
            b.text(
                "hukou_detail",
                t("apply-address-detail"),
                t("apply-address-detail-hint"),
                &a.hukou_detail,
                "street-address",
            );
            b.choices(
                "radio",
                "same_residence",
                t("apply-same-residence-legend"),
                t("apply-same-residence-hint"),
                env.yes_no(&a.same_residence),
            );
            b.heading_when(t("apply-residence-heading"), "same_residence:no");
            address_questions(env, &mut b, "residence", &a.residence);
            b.text(
                "residence_detail",
                t("apply-address-detail"),
                t("apply-address-detail-hint"),
                &a.residence_detail,
                "off",
            );
        }
        Section::Contact => {
            b.para(t(if a.applying_as() == Some(ApplyingAs::Themself) {
                "apply-contact-optional"
            } else {
                "apply-contact-guardian"
            }));
            b.text(
                "contact_name",
                t("apply-contact-name"),
                String::new(),
                &a.contact_name,
                "name",
            )
            .width = "input-w20";
            let p = b.text(
                "contact_phone",
                t("apply-phone"),
                t("apply-phone-hint"),
                &a.contact_phone,
                "tel",
            );
            p.kind = "tel";
            p.width = "input-w20";
            b.select(
                "contact_relationship",
                t("people-relationship-label"),
                t("apply-choose"),
                env.codes(
                    "relationship",
                    &env.reference.relationships,
                    &a.contact_relationship,
                ),
                None,
                "",
                String::new(),
            );
        }
        Section::Services => {
            let options = env
                .eligibility(a)
                .into_iter()
                .map(|(s, el)| {
                    let label = t(&format!("linked-{}", s.code().replace('_', "-")));
                    let status = match &el {
                        Eligibility::NotEligible(_) => env.lang.t_args(
                            "apply-services-status-not-eligible",
                            &[("reasons", env.reasons(&el))],
                        ),
                        Eligibility::Eligible(_) => t("apply-services-status-eligible"),
                        Eligibility::NeedsInformation(_) => env.reasons(&el),
                    };
                    Opt::among(s.code(), label, &a.services).hint(status)
                })
                .collect();
            b.choices(
                "checkbox",
                "services",
                t("apply-services-legend"),
                t("apply-services-hint"),
                options,
            );
        }
        Section::ServiceDetails => {
            let mut options: Vec<Opt> = BENEFITS
                .into_iter()
                .map(|v| {
                    Opt::among(
                        v,
                        t(&format!("benefit-{}", v.replace('_', "-"))),
                        &a.benefits,
                    )
                })
                .collect();
            options.push(Opt::among("none", t("apply-benefits-none"), &a.benefits));
            b.choices(
                "checkbox",
                "benefits",
                t("apply-benefits-legend"),
                t("apply-benefits-hint"),
                options,
            );
            for code in facts_needed(env, a) {
                let current = a.facts.get(code).cloned().unwrap_or_default();
                let name: &'static str = code;
                b.choices(
                    "radio",
                    name,
                    t(&format!("apply-fact-{code}")),
                    String::new(),
                    env.yes_no(&current),
                );
            }
            if wants_bank_card(a) {
                b.heading(t("apply-bank-heading"));
                b.para(t(if a.applying_as() == Some(ApplyingAs::Themself) {
                    "apply-bank-own"
                } else {
                    "apply-bank-guardian"
                }));
                b.text(
                    "bank_holder",
                    t("apply-bank-holder"),
                    String::new(),
                    &a.bank_holder,
                    "cc-name",
                )
                .width = "input-w20";
                b.text(
                    "bank_name",
                    t("apply-bank-name"),
                    t("apply-bank-name-hint"),
                    &a.bank_name,
                    "off",
                );
                b.text(
                    "bank_card",
                    t("apply-bank-card"),
                    t("apply-bank-card-hint"),
                    &a.bank_card,
                    "cc-number",
                )
                .width = "input-w20";
            }
            if wants_employment(a) {
                b.heading(t("apply-work-heading"));
                b.choices(
                    "radio",
                    "work_ability",
                    t("apply-work-ability-legend"),
                    String::new(),
                    ["full", "partial", "none"]
                        .into_iter()
                        .map(|v| {
                            Opt::new(v, t(&format!("apply-work-ability-{v}")), &a.work_ability)
                        })
                        .collect(),
                );
                b.text(
                    "work_wishes",
                    t("apply-work-wishes"),
                    t("apply-work-wishes-hint"),
                    &a.work_wishes,
                    "off",
                )
                .multiline = true;
                b.text(
                    "skills",
                    t("apply-skills"),
                    t("apply-skills-hint"),
                    &a.skills,
                    "off",
                )
                .multiline = true;
            }
        }
        Section::Needs => {
            let mut options: Vec<Opt> = NEEDS
                .into_iter()
                .map(|v| {
                    Opt::among(
                        v,
                        t(&format!("apply-need-{}", v.replace('_', "-"))),
                        &a.needs,
                    )
                    .hint(t(&format!("apply-need-{}-hint", v.replace('_', "-"))))
                })
                .collect();
            options.push(Opt::among("none", t("apply-needs-none"), &a.needs));
            b.choices(
                "checkbox",
                "needs",
                t("apply-needs-legend"),
                t("apply-needs-hint"),
                options,
            );
        }
        Section::Delivery => {
            b.choices(
                "radio",
                "delivery",
                t("apply-delivery-legend"),
                String::new(),
                ["post", "township"]
                    .into_iter()
                    .map(|v| {
                        Opt::new(v, t(&format!("apply-delivery-{v}")), &a.delivery)
                            .hint(t(&format!("apply-delivery-{v}-hint")))
                    })
                    .collect(),
            );
            b.heading_when(t("apply-post-heading"), "delivery:post");
            b.text(
                "post_address",
                t("apply-post-address"),
                t("apply-post-address-hint"),
                &a.post_address,
                "street-address",
            );
            b.text(
                "postcode",
                t("apply-postcode"),
                t("apply-postcode-hint"),
                &a.postcode,
                "postal-code",
            )
            .width = "input-w10";
        }
        Section::Materials => {}
    }
    b.questions
}

fn address_questions(env: &Env<'_>, b: &mut Builder<'_>, prefix: &str, codes: &[String; 4]) {
    for (level, part) in LEVELS.iter().enumerate() {
        let options: Vec<Opt> = env
            .places
            .options(codes, level)
            .iter()
            .map(|d| Opt::new(d.code.clone(), d.name.clone(), &codes[level]))
            .collect();
        let refresh =
            (level < 3).then(|| env.t(&format!("apply-address-show-{}", LEVELS[level + 1])));
        let fills = if level < 3 {
            field(prefix, level + 1)
        } else {
            ""
        };
        b.select(
            field(prefix, level),
            env.t(&format!("apply-address-{part}")),
            env.t("apply-choose"),
            options,
            refresh,
            fills,
            String::new(),
        );
    }
}

/// Sections whose check fails, with their errors (for the task list and the check page).
pub fn all_errors(a: &Answers, env: &Env<'_>) -> Vec<(Section, FormErrors)> {
    Section::ALL
        .into_iter()
        .filter(|s| s.applies(a) && *s != Section::Materials)
        .map(|s| (s, validate(s, a, env)))
        .filter(|(_, e)| !e.is_empty())
        .collect()
}

/// The matter kinds the entry problem points back to.
pub fn problem_section(p: EntryProblem) -> Section {
    match p {
        EntryProblem::GuardianRequired(_) => Section::Who,
        EntryProblem::ServicesNeedCertificate => Section::Services,
        _ => Section::Matter,
    }
}
