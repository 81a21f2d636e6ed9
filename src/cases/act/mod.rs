//! A staff member acts on an item of a case (DOMAIN “States of a certificate item”, 000 §三,
//! 001 §四–五, 003 二(二)): what their form asks is checked against the office's jurisdiction
//! and the case as stored, judged by the domain (`workflow`, `service_flow`, `review`), and the
//! step stored in one transaction — only if the item is still as the staff member saw it.

mod booking;
mod matter;
mod review;
mod service;
mod store;

use chrono::NaiveDate;
use diesel_async::AsyncPgConnection;

use super::CaseError;
use crate::db::cases::{CaseApplication, Conclusion, Follower, ItemRow};
use crate::domain::item::ItemStatus;
use crate::domain::policy::{self, ProvincePolicy};
use crate::domain::review::ReviewCommand;
use crate::domain::service_flow::ServiceCommand;
use crate::domain::service_outcome::Contact;
use crate::domain::workflow::{Actor, Command, WorkflowError};
use crate::domain::{Calendar, Role};

pub use booking::notice as booking_notice;
pub use service::contacts;

/// Who acts: a staff member in the office that gives them their jurisdiction.
#[derive(Debug, Clone)]
pub struct StaffActor {
    /// The account.
    pub account_id: i64,
    /// The role they act in.
    pub role: Role,
    /// Their office.
    pub office_id: i64,
    /// The county their office serves (a township's county for township clerks).
    pub county: String,
    /// Who the workflow sees acting.
    pub actor: Actor,
}

/// The rules, calendar and day a step is judged and dated on.
pub struct When<'a> {
    /// The handling province's policy.
    pub policy: &'static ProvincePolicy,
    /// The official calendar.
    pub calendar: &'a Calendar,
    /// Today in Beijing.
    pub today: NaiveDate,
    /// How long a published entry stays in view after its window (settings).
    pub publication_days: u64,
}

/// What storing a step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stored {
    /// Stored; the account to wake for the notice.
    Done {
        /// The applicant's account.
        notify: i64,
    },
    /// Someone else changed the item first.
    Conflict,
    /// Issuing cannot be done with what is known: the message's locale key.
    Refused(&'static str),
}

/// A command the domain accepted, ready to store.
pub struct Decided {
    /// From state.
    pub from: ItemStatus,
    /// To state.
    pub to: ItemStatus,
    /// Command code.
    pub command: &'static str,
    /// The new state's deadline.
    pub deadline: Option<NaiveDate>,
    /// Acceptance days used.
    pub used_days: i32,
    /// Designated institution.
    pub institution_id: Option<i64>,
    /// What the actor wrote.
    pub note: serde_json::Value,
    /// Items that move with it.
    pub followers: Vec<Follower>,
    /// The doctor's conclusion, when recorded.
    pub conclusion: Option<Conclusion>,
    /// The matter that also receives the conclusion (a review's final conclusion).
    pub conclusion_also_on: Option<i64>,
    /// A reassessment appointment.
    pub appointment: Option<(NaiveDate, String)>,
}

impl<'a> When<'a> {
    /// What `item` is judged by: the rules of the province handling it (the residence county's,
    /// 001 §四(一)), on `today` by `calendar`.
    pub fn for_item(
        item: &ItemRow,
        calendar: &'a Calendar,
        today: NaiveDate,
        publication_days: u64,
    ) -> Self {
        let county = &item.handling_county;
        When {
            policy: policy::for_province(county).policy,
            calendar,
            today,
            publication_days,
        }
    }
}

/// What is wrong with a staff form: the field it is about (its id; `None` when it is about the
/// form as a whole) and the message's locale key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The field's id.
    pub field: Option<String>,
    /// The message's locale key.
    pub key: &'static str,
}

impl Refusal {
    /// A refusal of the answer in `field`.
    pub fn at(field: impl Into<String>, key: &'static str) -> Self {
        Refusal {
            field: Some(field.into()),
            key,
        }
    }

    /// A refusal of the form as a whole.
    pub fn form(key: &'static str) -> Self {
        Refusal { field: None, key }
    }

    /// The refusal of a request the workflow turned down, at the field the reason lies in.
    fn of_workflow(request: &Request, e: &WorkflowError) -> Option<Self> {
        use WorkflowError::{DateInPast, ReasonRequired};
        Some(match (e, request) {
            (
                ReasonRequired,
                Request::Matter {
                    command: Command::ReturnForCorrection { .. },
                    ..
                },
            ) => Refusal::at("items", "staff-return-items-missing"),
            (
                ReasonRequired,
                Request::Service {
                    command: ServiceCommand::RecordContact { .. },
                    ..
                },
            ) => Refusal::at("contact_note", "staff-contact-note-missing"),
            (
                ReasonRequired,
                Request::Review {
                    command: ReviewCommand::Schedule { .. },
                    ..
                },
            ) => Refusal::at("place", "staff-appointment-place-missing"),
            (ReasonRequired, _) => Refusal::at("reason", "staff-reason-required"),
            (DateInPast, _) => Refusal::at("on", "staff-date-in-past"),
            _ => return None,
        })
    }
}

/// What a staff member's form asks of an item, read by the item's stage.
#[derive(Debug, Clone)]
pub enum Request {
    /// A command on the certificate matter.
    Matter {
        /// The command.
        command: Command,
        /// Sections reopened for the applicant to correct (each also named in the command's
        /// list by the form reader).
        sections: Vec<&'static str>,
        /// The doctor's conclusion, with a `RecordConclusion`.
        conclusion: Option<Conclusion>,
    },
    /// A department's command on a linked service.
    Service {
        /// The command.
        command: ServiceCommand,
        /// The kind of contact recorded, with a `RecordContact`.
        contact: Option<Contact>,
        /// The form's answers, for the grant's outcome (`domain::service_outcome::parse`).
        answers: std::collections::BTreeMap<String, String>,
    },
    /// A command on a review request (复核).
    Review {
        /// The command.
        command: ReviewCommand,
        /// The committee's final conclusion, with a `RecordFinalConclusion`.
        conclusion: Option<Conclusion>,
    },
}

/// What acting did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acted {
    /// Stored; the account to wake for the notice.
    Done {
        /// The applicant's account.
        notify: i64,
    },
    /// Someone else changed the item first (or the form was of an older version).
    Conflict,
    /// Refused at a field, or of the form as a whole.
    Refused(Refusal),
    /// The workflow does not allow it now, for a reason with no field of its own.
    NotPossible(WorkflowError),
}

/// `staff` acts on `item` of `app` as they saw it at `seen_version`: the request is checked
/// against the office's jurisdiction and the case, decided by the domain, and stored with
/// everything that moves with it. A command the actor may never give is `NotFound`.
pub async fn act(
    conn: &mut AsyncPgConnection,
    staff: &StaffActor,
    item: &ItemRow,
    app: &CaseApplication,
    seen_version: i32,
    request: Request,
    when: &When<'_>,
) -> Result<Acted, CaseError> {
    if seen_version != item.version {
        return Ok(Acted::Conflict);
    }
    let case = Case {
        staff,
        item,
        app,
        when,
    };
    let verdict = match (request.clone(), item.status) {
        (
            Request::Matter {
                command,
                sections,
                conclusion,
            },
            ItemStatus::Matter(state),
        ) => matter::verdict(conn, &case, state, command, sections, conclusion).await?,
        (
            Request::Service {
                command,
                contact,
                answers,
            },
            ItemStatus::Service(state),
        ) => service::verdict(conn, &case, state, command, contact, &answers).await?,
        (
            Request::Review {
                command,
                conclusion,
            },
            ItemStatus::Review(state),
        ) => review::verdict(conn, &case, state, command, conclusion).await?,
        _ => return Err(CaseError::NotFound),
    };
    let decided = match verdict {
        Ok(Ok(d)) => d,
        Ok(Err(WorkflowError::NotAllowed)) => return Err(CaseError::NotFound),
        Ok(Err(e)) => {
            return Ok(match Refusal::of_workflow(&request, &e) {
                Some(r) => Acted::Refused(r),
                None => Acted::NotPossible(e),
            });
        }
        Err(r) => return Ok(Acted::Refused(r)),
    };
    Ok(
        match store::store(conn, staff, item, app, decided, when).await? {
            Stored::Done { notify } => Acted::Done { notify },
            Stored::Conflict => Acted::Conflict,
            Stored::Refused(key) => Acted::Refused(Refusal::form(key)),
        },
    )
}

/// What a staff form asks, judged: refused at a field, or the domain's answer.
type Verdict = Result<Result<Decided, WorkflowError>, Refusal>;

/// The case acted on, who acts, and what it is judged by.
struct Case<'a> {
    staff: &'a StaffActor,
    item: &'a ItemRow,
    app: &'a CaseApplication,
    when: &'a When<'a>,
}
