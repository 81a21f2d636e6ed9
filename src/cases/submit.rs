//! The applicant submits their application (000 §三(一), 001 §五): once per draft, in one
//! transaction with its items, materials, first events and the confirmation message. What it
//! opens — the counties, the first deadline, the items in their first states — is
//! [`application::open`]'s decision.

use chrono::{DateTime, NaiveDate, Utc};
use diesel_async::AsyncPgConnection;

use super::CaseError;
use crate::db::applications::Submission;
use crate::db::people;
use crate::domain::IdNumber;
use crate::domain::answers::Answers;
use crate::domain::application::{self, ReferenceNumber};
use crate::domain::channel::Channel;
use crate::domain::working_days::Calendar;
use crate::i18n::Lang;

/// The account applying, and for whom.
#[derive(Debug, Clone, Copy)]
pub struct Applicant {
    /// The account.
    pub account_id: i64,
    /// Whether the account's own identity is verified.
    pub verified: bool,
    /// When acting for a person on record (guardian, helper, a clerk at the window): the
    /// person, and whether the authority to act for them is verified.
    pub acting_for: Option<(i64, bool)>,
    /// How the application comes in.
    pub channel: Channel,
}

/// A draft ready to submit: every section answered, the entry rules met, the materials uploaded
/// and the commitment given (checked by the form before).
pub struct Ready<'a> {
    /// The draft (the idempotency key: a second submission returns the first application).
    pub draft_id: i64,
    /// The answers.
    pub answers: &'a Answers,
    /// The person it is about: ID number and name.
    pub subject: (&'a IdNumber, &'a str),
    /// The materials: (material code, upload id).
    pub materials: Vec<(String, i64)>,
}

/// The application submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    /// Its id.
    pub application_id: i64,
    /// Its reference number.
    pub reference: String,
    /// Whether this call created it (false for a repeat, which gets the existing one).
    pub created: bool,
}

/// Submits `ready` for `applicant` at `at` (Beijing day `today`); the confirmation message is
/// in `lang`, its deadline worded by `deadline_text`.
pub async fn submit(
    conn: &mut AsyncPgConnection,
    applicant: Applicant,
    ready: Ready<'_>,
    calendar: &Calendar,
    (today, at): (NaiveDate, DateTime<Utc>),
    lang: Lang,
    deadline_text: &dyn Fn(NaiveDate) -> String,
) -> Result<Submitted, CaseError> {
    let a = ready.answers;
    let opening = application::open(a, calendar, today);
    let (id_number, name) = ready.subject;
    let person_id = match applicant.acting_for {
        Some((person, _)) => person,
        None => people::upsert_person(conn, id_number.as_str(), name).await?,
    };
    let county = opening.routing.handling_county.clone();
    let reference = move |serial: i64| {
        ReferenceNumber::new(today, &county, serial)
            .as_str()
            .to_owned()
    };
    let answers = serde_json::to_value(a).map_err(|_| CaseError::Unreadable)?;
    let (application_id, reference, created) = Submission {
        draft_id: ready.draft_id,
        account_id: applicant.account_id,
        person_id,
        applying_as: &a.applying_as,
        matter: a.matter_kind().map(|k| k.code()),
        handling_county: &opening.routing.handling_county,
        handling_township: opening.handling_township.as_deref(),
        approving_county: &opening.routing.approving_county,
        answers,
        first_deadline: opening.first_deadline.date,
        items: opening.items,
        today,
        at,
        materials: ready.materials,
        reference: &reference,
        message: serde_json::json!({
            "name": name,
            "deadline": deadline_text(opening.first_deadline.date),
        }),
        lang: lang.tag(),
        channel: applicant.channel,
    }
    .submit(conn)
    .await?;
    if created {
        // The mobile number given becomes the one on record only from someone trusted for the
        // person; a claim without a county goes to the county now handling the person.
        let trusted = match applicant.acting_for {
            Some((_, verified)) => verified,
            None => applicant.verified,
        };
        if trusted && !a.phone.is_empty() {
            people::record_phone(conn, person_id, &a.phone).await?;
        }
        if applicant.acting_for.is_some() && !applicant.channel.assisted() {
            people::assign_county(
                conn,
                applicant.account_id,
                person_id,
                &opening.routing.handling_county,
            )
            .await?;
        }
        tracing::info!(
            account = applicant.account_id,
            application = application_id,
            %reference,
            "application submitted"
        );
    }
    Ok(Submitted {
        application_id,
        reference,
        created,
    })
}
