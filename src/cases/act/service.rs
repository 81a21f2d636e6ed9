//! A department's decision on a linked service: the grant with what the department records
//! (`domain::service_outcome`: first month, pension tier, medical share, registration;
//! employment help only once its contacts are made), a refusal with its reason, or a contact
//! employment help made. The facts the rules need come from the certificate issued and the
//! application's answers, so nothing is asked twice.

use std::collections::BTreeMap;

use diesel_async::AsyncPgConnection;

use super::{Case, Decided, Refusal, Verdict};
use crate::cases::CaseError;
use crate::db::cases;
use crate::db::certificates;
use crate::domain::item::ItemStatus;
use crate::domain::service_flow::{self, ServiceCommand, ServiceState};
use crate::domain::service_outcome::{self, Contact, Known, OutcomeError};
use crate::domain::{Grade, LinkedService};

/// The contacts employment help has recorded on `item` so far.
pub async fn contacts(conn: &mut AsyncPgConnection, item: i64) -> Result<Vec<Contact>, CaseError> {
    Ok(cases::events(conn, &[item])
        .await?
        .iter()
        .filter(|e| e.command == ServiceCommand::RECORD_CONTACT)
        .filter_map(|e| Contact::from_code(e.note.get("contact")?.as_str()?))
        .collect())
}

/// Judges `command` on the service in `state`, with what the department recorded.
pub(super) async fn verdict(
    conn: &mut AsyncPgConnection,
    case: &Case<'_>,
    state: ServiceState,
    command: ServiceCommand,
    contact: Option<Contact>,
    answers: &BTreeMap<String, String>,
) -> Result<Verdict, CaseError> {
    let item = case.item;
    let service = LinkedService::from_code(&item.code).ok_or(CaseError::NotFound)?;
    let county = item.handling_county.clone();
    let decided =
        service_flow::decide_service(state, service, &county, &case.staff.actor, &command);
    let note = match &decided {
        Ok(_) => match note(conn, case, service, &command, contact, answers).await? {
            Ok(n) => n,
            Err(r) => return Ok(Err(r)),
        },
        Err(_) => serde_json::json!({}),
    };
    Ok(Ok(decided.map(|next| Decided {
        from: ItemStatus::Service(state),
        to: ItemStatus::Service(next),
        command: command.code(),
        deadline: None,
        used_days: item.used_days,
        institution_id: item.institution_id,
        note,
        followers: vec![],
        conclusion: None,
        conclusion_also_on: None,
        appointment: None,
    })))
}

/// The note stored with the department's command, or what is wrong with the form.
async fn note(
    conn: &mut AsyncPgConnection,
    case: &Case<'_>,
    service: LinkedService,
    command: &ServiceCommand,
    contact: Option<Contact>,
    answers: &BTreeMap<String, String>,
) -> Result<Result<serde_json::Value, Refusal>, CaseError> {
    Ok(match command {
        ServiceCommand::Refuse { reason } => Ok(serde_json::json!({ "reason": reason })),
        ServiceCommand::RecordContact { text } => match contact {
            Some(c) => Ok(serde_json::json!({ "contact": c.code(), "note": text })),
            None => Err(Refusal::at("contact", "staff-contact-kind")),
        },
        ServiceCommand::Approve { note } => {
            let item = case.item;
            let application = &case.app.answers;
            let grade = certificates::of_application(conn, item.application_id)
                .await?
                .and_then(|c| u8::try_from(c.grade).ok())
                .and_then(Grade::from_code)
                .unwrap_or(Grade::Four);
            let benefits = application.benefits();
            let known = Known {
                grade,
                benefits: &benefits,
                policy: case.when.policy,
            };
            let done = contacts(conn, item.id).await?;
            // A field the form did not send is an empty answer.
            let field = |k: &str| answers.get(k).cloned().unwrap_or_default();
            match service_outcome::parse(service, field, &known, &done) {
                Ok(outcome) => {
                    let mut n = serde_json::json!({ "outcome": outcome.to_json() });
                    if !note.trim().is_empty() {
                        n["note"] = serde_json::json!(note);
                    }
                    Ok(n)
                }
                Err(e) => Err(match e {
                    OutcomeError::Month => Refusal::at("start_month", "staff-grant-month"),
                    OutcomeError::Tier => Refusal::at("tier", "staff-grant-tier"),
                    OutcomeError::Registration => {
                        Refusal::at("registration", "staff-grant-registration")
                    }
                    OutcomeError::ContactsOwed => Refusal::form("staff-grant-contacts"),
                }),
            }
        }
        _ => Ok(serde_json::json!({})),
    })
}
