//! One file per section of the application form: each reads its page into the answers, checks
//! it (server side, every field) and builds its questions, behind [`SectionPage`]. The check page
//! runs every section's check again ([`all_errors`]).

pub mod address;
pub mod certificate;
pub mod contact;
pub mod delivery;
pub mod matter;
pub mod needs;
pub mod personal;
pub mod service_details;
pub mod services;
pub mod who;

use super::pages::Env;
use super::questions::Question;
use crate::domain::answers::Answers;
use crate::domain::section::Section;
use crate::web::form::{Fields, FormErrors};

/// A section's page.
pub trait SectionPage: Sync {
    /// Reads a submitted page into the answers (everything typed is kept, valid or not).
    fn read(&self, a: &mut Answers, f: &Fields);
    /// Checks the section; every problem at once.
    fn validate(&self, a: &Answers, env: &Env<'_>) -> FormErrors;
    /// The questions, filled with the answers and the errors.
    fn build(&self, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question>;
}

/// The page of `section` (`None` for the materials, which are uploads, not questions).
pub fn page(section: Section) -> Option<&'static dyn SectionPage> {
    Some(match section {
        Section::Who => &who::Page,
        Section::Certificate => &certificate::Page,
        Section::Matter => &matter::Page,
        Section::Personal => &personal::Page,
        Section::Address => &address::Page,
        Section::Contact => &contact::Page,
        Section::Services => &services::Page,
        Section::ServiceDetails => &service_details::Page,
        Section::Needs => &needs::Page,
        Section::Delivery => &delivery::Page,
        Section::Materials => return None,
    })
}

/// What the sections share.
/// Reads a submitted page into the answers (everything typed is kept, valid or not).
pub fn read(section: Section, a: &mut Answers, f: &Fields) {
    if let Some(page) = page(section) {
        page.read(a, f);
    }
}

/// Checks one section; every problem at once.
pub fn validate(section: Section, a: &Answers, env: &Env<'_>) -> FormErrors {
    page(section).map_or_else(FormErrors::default, |page| page.validate(a, env))
}

/// The questions of a section, filled with the answers and the errors.
pub fn build(section: Section, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question> {
    page(section).map_or_else(Vec::new, |page| page.build(a, env, errors))
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

mod prelude {
    pub(crate) use super::SectionPage;
    pub(crate) use crate::domain::answers::{Answers, BENEFITS, NEEDS};
    pub(crate) use crate::domain::eligibility::Eligibility;
    pub(crate) use crate::domain::entry::EntryProblem;
    pub(crate) use crate::domain::materials::ApplyingAs;
    pub(crate) use crate::domain::{
        BankCardNumber, CertificateNumber, EmailAddress, IdNumber, Postcode, RealName,
    };
    pub(crate) use crate::web::apply::pages::{
        DETAIL_MAX, Env, bank_holder, check_date, check_mobile, check_text,
    };
    pub(crate) use crate::web::apply::questions::{Builder, Opt, Question};
    pub(crate) use crate::web::form::{Fields, FormErrors};
    pub(crate) use chrono::Datelike;
}
