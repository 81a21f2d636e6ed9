//! A department's decision on a linked service, read from its form: the grant with what the
//! department records (`domain::service_outcome`: first month, pension tier, medical share,
//! registration; employment help only once its contacts are made), a refusal with its reason, or
//! a contact employment help made. The facts the rules need come from the certificate issued and
//! the application's answers, so nothing is asked twice.

use diesel_async::AsyncPgConnection;

use super::decide::Refusal;
use crate::db::cases::{self, CaseApplication, ItemRow};
use crate::db::certificates;
use crate::domain::answers::Answers;
use crate::domain::policy::ProvincePolicy;
use crate::domain::service_flow::ServiceCommand;
use crate::domain::service_outcome::{self, Contact, Known, OutcomeError};
use crate::domain::{Grade, LinkedService};
use crate::web::error::AppError;
use crate::web::form::Fields;

/// The contacts employment help has recorded on `item` so far.
pub async fn contacts(conn: &mut AsyncPgConnection, item: i64) -> Result<Vec<Contact>, AppError> {
    Ok(cases::events(conn, &[item])
        .await?
        .iter()
        .filter(|e| e.command == "record_contact")
        .filter_map(|e| Contact::from_code(e.note.get("contact")?.as_str()?))
        .collect())
}

/// The note stored with the department's command, or the locale key of what is wrong (and the
/// field it belongs to).
pub async fn note(
    conn: &mut AsyncPgConnection,
    item: &ItemRow,
    app: &CaseApplication,
    service: LinkedService,
    command: &ServiceCommand,
    fields: &Fields,
    policy: &ProvincePolicy,
) -> Result<Result<serde_json::Value, Refusal>, AppError> {
    Ok(match command {
        ServiceCommand::Refuse { reason } => Ok(serde_json::json!({ "reason": reason })),
        ServiceCommand::RecordContact { text } => {
            match Contact::from_code(&fields.get("contact")) {
                Some(c) => Ok(serde_json::json!({ "contact": c.code(), "note": text })),
                None => Err(Refusal::at("contact", "staff-contact-kind")),
            }
        }
        ServiceCommand::Approve { note } => {
            let answers: Answers = serde_json::from_value(app.answers.clone()).unwrap_or_default();
            let grade = certificates::of_application(conn, item.application_id)
                .await?
                .and_then(|c| u8::try_from(c.grade).ok())
                .and_then(Grade::from_code)
                .unwrap_or(Grade::Four);
            let benefits = answers.benefits();
            let known = Known {
                grade,
                benefits: &benefits,
                policy,
            };
            let done = contacts(conn, item.id).await?;
            match service_outcome::parse(service, |k| fields.get(k), &known, &done) {
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
