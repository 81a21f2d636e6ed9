//! Use cases, between the web (and later the counter, jobs or an API) and the database and
//! rules. Each loads what it needs, asks one pure decision of [`crate::domain`], and stores the
//! result in one transaction. A use case takes an actor and explicit state (a connection, the
//! day), never the request, so any channel can drive it the way the web does.
//!
//! Handlers in `web/` only parse input, call one use case and render what it returns.

pub mod act;
pub mod appointment;
pub mod correct;
pub mod counter;
pub mod issue;
pub mod review;
pub mod submit;
pub mod withdraw;

use crate::db::inbox::MessageKind;
use crate::db::outbox::{Notice, To};
use crate::i18n::Lang;

/// Why a use case did nothing.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// What was asked for does not exist, or is not the actor's to act on (the same answer
    /// either way, so nothing is learnt about other people's cases).
    #[error("not found")]
    NotFound,
    /// Stored data could not be read or written in its format.
    #[error("unreadable stored data")]
    Unreadable,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// The notice that case `application_id` moved to `state` (a state code), to everyone who hears
/// about it, in the language the applicant used unless a recipient chose another.
pub fn case_updated(application_id: i64, reference: &str, lang: &str, state: &str) -> Notice {
    Notice {
        to: To::Case(application_id),
        kind: MessageKind::CaseUpdated,
        params: serde_json::json!({ "reference": reference, "state": state }),
        lang: Lang::from_tag(lang).unwrap_or_default().tag(),
    }
}
