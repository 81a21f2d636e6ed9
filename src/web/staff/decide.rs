//! Turning a staff member's form into a domain decision: the command it gives, the conclusion
//! of the doctor's form, and for the certificate matter the next state, its deadline and the
//! services that move with it (`domain::workflow`, `domain::service_flow`).

use chrono::NaiveDate;

use super::Staff;
pub use crate::cases::act::Decided;
use crate::db::cases::{CaseApplication, Conclusion, Follower, ItemRow};
use crate::domain::answers::Answers;
use crate::domain::certificate::{Component, Disability};
use crate::domain::item::{ItemStatus, ItemSummary};
use crate::domain::policy;
use crate::domain::review::{self, ReviewCommand, ReviewState};
use crate::domain::service_flow::{self, ServiceCommand, ServiceState};
use crate::domain::workflow::{
    self, Actor, Command, Facts, ItemState, Jurisdiction, WorkflowError,
};
use crate::domain::{Category, Grade, IdNumber, LinkedService};
use crate::web::error::AppError;
use crate::web::form::Fields;

/// Where an item stands, in its own workflow.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// The certificate matter.
    Matter(ItemState),
    /// A linked service.
    Service(LinkedService, ServiceState),
    /// A review request (复核).
    Review(ReviewState),
}

/// The item's stage (404 for an unknown code).
pub fn stage_of(item: &ItemRow) -> Result<Stage, AppError> {
    match item.status {
        ItemStatus::Service(st) => LinkedService::from_code(&item.code)
            .map(|s| Stage::Service(s, st))
            .ok_or(AppError::NotFound),
        ItemStatus::Review(st) => Ok(Stage::Review(st)),
        ItemStatus::Matter(st) => Ok(Stage::Matter(st)),
    }
}

/// Whether the case has an open review request (000 §三(二): issue waits for it).
pub fn review_is_open(items: &[ItemSummary]) -> bool {
    items
        .iter()
        .any(|i| i.status.review().is_some_and(ReviewState::is_open))
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

    /// The refusal of a command the workflow turned down, at the field the reason lies in.
    pub fn of_workflow(command: &str, e: &WorkflowError) -> Option<Self> {
        Some(match (e, command) {
            (WorkflowError::ReasonRequired, "return_for_correction") => {
                Refusal::at("items", "staff-return-items-missing")
            }
            (WorkflowError::ReasonRequired, "record_contact") => {
                Refusal::at("contact_note", "staff-contact-note-missing")
            }
            (WorkflowError::ReasonRequired, "schedule_reassessment") => {
                Refusal::at("place", "staff-appointment-place-missing")
            }
            (WorkflowError::ReasonRequired, _) => Refusal::at("reason", "staff-reason-required"),
            (WorkflowError::DateInPast, _) => Refusal::at("on", "staff-date-in-past"),
            _ => return None,
        })
    }
}

/// The doctor's “meets the standard” answer (`meets` = yes | no).
fn meets_of(f: &Fields) -> Result<bool, Refusal> {
    match f.get("meets").as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(Refusal::at("meets-yes", "staff-meets-missing")),
    }
}

/// Reads the command of a submitted action form.
pub fn command_of(f: &Fields) -> Result<Command, Refusal> {
    let text = |name: &str| f.get(name);
    Ok(match f.get("command").as_str() {
        "accept" => Command::Accept {
            institution: text("institution")
                .parse()
                .map_err(|_| Refusal::at("institution", "staff-institution-missing"))?,
        },
        "return_for_correction" => Command::ReturnForCorrection {
            items: text("items")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
        },
        "reject" => Command::Reject {
            reason: text("reason"),
        },
        "record_conclusion" => Command::RecordConclusion {
            meets: meets_of(f)?,
        },
        "mark_abandoned" => Command::MarkAbandoned,
        "publish_or_notify" => Command::PublishOrNotify { adult: true },
        "pass_to_hukou_county" => Command::PassToHukouCounty,
        "approve_and_issue" => Command::ApproveAndIssue,
        "return_outside_jurisdiction" => Command::ReturnOutsideJurisdiction {
            reason: text("reason"),
        },
        "issue" => Command::Issue,
        "close" => Command::Close,
        "confirm_delivery" => Command::ConfirmDelivery,
        "complete" => Command::Complete,
        _ => return Err(Refusal::form("staff-command-incomplete")),
    })
}

/// Reads the command of a submitted action form on a linked service.
pub fn service_command_of(f: &Fields) -> Result<ServiceCommand, Refusal> {
    Ok(match f.get("command").as_str() {
        "approve" => ServiceCommand::Approve {
            note: f.get("note"),
        },
        "refuse" => ServiceCommand::Refuse {
            reason: f.get("reason"),
        },
        "record_contact" => ServiceCommand::RecordContact {
            text: f.get("contact_note"),
        },
        _ => return Err(Refusal::form("staff-command-incomplete")),
    })
}

/// Reads the command of a submitted action form on a review request.
pub fn review_command_of(f: &Fields) -> Result<ReviewCommand, Refusal> {
    Ok(match f.get("command").as_str() {
        "forward_to_committee" => ReviewCommand::Forward {
            committee: f
                .get("committee")
                .parse()
                .map_err(|_| Refusal::at("committee", "staff-committee-missing"))?,
        },
        "schedule_reassessment" => ReviewCommand::Schedule {
            on: crate::domain::answers::parse_date(&f.get("on"))
                .ok_or_else(|| Refusal::at("on", "staff-appointment-on-invalid"))?,
            place: f.get("place").trim().to_owned(),
        },
        "record_final_conclusion" => ReviewCommand::RecordFinalConclusion {
            meets: meets_of(f)?,
        },
        _ => return Err(Refusal::form("staff-command-incomplete")),
    })
}

/// The conclusion of the doctor's form: a grade for each assessed category (one → that
/// category; two or more → 多重, graded by the most severe, 管理办法 第十三条), none when the
/// person does not meet the standard, and the signed scan. Errors are locale keys.
pub fn conclusion_of(
    fields: &Fields,
    meets: bool,
    scan: Option<i64>,
    material: &'static str,
) -> Result<Conclusion, Refusal> {
    let first_grade = Category::ALL
        .into_iter()
        .find(|c| *c != Category::Multiple)
        .map(|c| format!("grade-{}", c.code()))
        .unwrap_or_default();
    let components: Vec<Component> = Category::ALL
        .into_iter()
        .filter(|c| *c != Category::Multiple)
        .filter_map(|category| {
            let grade = fields.get(&format!("grade-{}", category.code()));
            Some(Component {
                category,
                grade: Grade::from_code(grade.parse().ok()?)?,
            })
        })
        .collect();
    let category_grade = match (meets, components.is_empty()) {
        (true, _) => {
            let d = Disability::from_components(components.clone())
                .map_err(|_| Refusal::at(first_grade, "staff-conclusion-grades"))?;
            Some((i16::from(d.category().code()), i16::from(d.grade().code())))
        }
        (false, true) => None,
        (false, false) => return Err(Refusal::at(first_grade, "staff-conclusion-no-grades")),
    };
    // The signed form last: what the doctor chose is checked first and kept either way.
    let form_upload = scan.ok_or_else(|| Refusal::at("form_scan", "staff-conclusion-scan"))?;
    Ok(Conclusion {
        meets,
        category_grade,
        components: serde_json::Value::Array(
            components
                .iter()
                .map(|c| serde_json::json!({ "category": c.category.code(), "grade": c.grade.code() }))
                .collect(),
        ),
        form_upload,
        material,
    })
}

/// The matter's workflow: the next state, its deadline (the acceptance clock pauses on a return,
/// 000 §三(二)), and the waiting services that move with it (forwarded on issue, lapsed when the
/// matter ends without a certificate).
#[allow(clippy::too_many_arguments)]
pub fn decide_matter(
    staff: &Staff,
    item: &ItemRow,
    app: &CaseApplication,
    state: ItemState,
    mut command: Command,
    policy: &'static policy::ProvincePolicy,
    calendar: &crate::domain::Calendar,
    today: chrono::NaiveDate,
    items: &[ItemSummary],
) -> Result<Decided, WorkflowError> {
    if let Command::PublishOrNotify { adult } = &mut command {
        *adult = IdNumber::parse(&app.person_id_number).is_ok_and(|id| id.age_on(today) >= 18);
    }
    let jurisdiction = Jurisdiction {
        handling_county: item.handling_county.clone().unwrap_or_default(),
        approving_county: item.approving_county.clone().unwrap_or_default(),
        institution: item.institution_id,
    };
    let flow = Answers::flow_of(&app.answers);
    let since = item.state_since.unwrap_or(today);
    let facts = Facts {
        state,
        flow,
        jurisdiction: &jurisdiction,
        policy,
        calendar,
        since,
        today,
        review_open: review_is_open(items),
        attended: item.attended_on,
    };
    let next = workflow::decide(&facts, &staff.actor(), &command)?;
    // The acceptance clock: the working days the county took to review, kept when the case is
    // returned (paused) and when it moves on (004 附件3 五(四)1 shares them with issue).
    let used_days = if state == ItemState::Submitted && next != ItemState::Submitted {
        item.used_days
            + i32::try_from(calendar.between(since, today).days.max(0)).unwrap_or(i32::MAX)
    } else {
        item.used_days
    };
    let used = u32::try_from(used_days).unwrap_or(0);
    let deadline = workflow::deadline(policy, calendar, next, flow, today, used).map(|d| d.date);
    // Linked services follow the rules of the hukou province (003 附件3 一, 附件4 1, 附件5 1
    // “在户籍地参加”; 004 附件2 六7–10 “具有河南省户籍”).
    let service_policy = policy::for_province(&jurisdiction.approving_county).policy;
    let note = match &command {
        Command::ReturnForCorrection { items } => serde_json::json!({ "items": items }),
        Command::Reject { reason } | Command::ReturnOutsideJurisdiction { reason } => {
            serde_json::json!({ "reason": reason })
        }
        Command::Accept { institution } => serde_json::json!({ "institution_id": institution }),
        _ => serde_json::json!({}),
    };
    let followers = match service_flow::follows(next) {
        Some(follow) => items
            .iter()
            .filter(|i| i.status == ItemStatus::Service(ServiceState::Waiting))
            .filter_map(|i| {
                let service = LinkedService::from_code(&i.code)?;
                let to = service_flow::decide_service(
                    ServiceState::Waiting,
                    service,
                    &jurisdiction.handling_county,
                    &Actor::System,
                    &follow,
                )
                .ok()?;
                Some(Follower {
                    item_id: i.id,
                    from: ItemStatus::Service(ServiceState::Waiting),
                    to: ItemStatus::Service(to),
                    deadline: (to == ServiceState::AtDepartment)
                        .then(|| service_flow::deadline(service_policy, calendar, service, today))
                        .flatten()
                        .map(|d| d.date),
                    command: follow.code(),
                    note: serde_json::json!({}),
                    service: Some(service),
                })
            })
            .collect(),
        None => vec![],
    };
    Ok(Decided {
        from: ItemStatus::Matter(state),
        to: ItemStatus::Matter(next),
        command: command.code(),
        deadline,
        used_days,
        institution_id: match &command {
            Command::Accept { institution } => Some(*institution),
            _ => item.institution_id,
        },
        note,
        followers,
        conclusion: None,
        conclusion_also_on: None,
        appointment: None,
    })
}

/// A review request's workflow (`domain::review`): the next state and its deadline (the final
/// conclusion is due after the appointment day), and, when the final conclusion is recorded, the
/// disputed matter moving to it (checked by `domain::workflow` as the system's command).
#[allow(clippy::too_many_arguments)]
pub fn decide_review_item(
    staff: &Staff,
    item: &ItemRow,
    state: ReviewState,
    command: &ReviewCommand,
    matter: &ItemRow,
    app: &CaseApplication,
    policy: &'static policy::ProvincePolicy,
    calendar: &crate::domain::Calendar,
    today: NaiveDate,
) -> Result<Decided, WorkflowError> {
    let county = item.handling_county.clone().unwrap_or_default();
    let next = review::decide_review(
        state,
        &county,
        item.institution_id,
        &staff.actor(),
        command,
        today,
    )?;
    let counted_from = match command {
        ReviewCommand::Schedule { on, .. } => *on,
        _ => today,
    };
    let deadline = review::deadline(policy, calendar, next, counted_from).map(|d| d.date);
    let (note, appointment) = match command {
        ReviewCommand::Schedule { on, place } => (
            serde_json::json!({ "note": format!("{} {place}", on.format("%Y-%m-%d")) }),
            Some((*on, place.clone())),
        ),
        ReviewCommand::Forward { committee } => {
            (serde_json::json!({ "institution_id": committee }), None)
        }
        _ => (serde_json::json!({}), None),
    };
    let followers = match next {
        ReviewState::Concluded { meets } => {
            let matter_state = matter.status.matter().ok_or(WorkflowError::NotAllowed)?;
            let jurisdiction = Jurisdiction {
                handling_county: county.clone(),
                approving_county: matter.approving_county.clone().unwrap_or_default(),
                institution: matter.institution_id,
            };
            let flow = Answers::flow_of(&app.answers);
            let facts = Facts {
                state: matter_state,
                flow,
                jurisdiction: &jurisdiction,
                policy,
                calendar,
                since: matter.state_since.unwrap_or(today),
                today,
                review_open: true,
                attended: matter.attended_on,
            };
            let to = workflow::decide(
                &facts,
                &Actor::System,
                &Command::ApplyFinalConclusion { meets },
            )?;
            vec![Follower {
                item_id: matter.id,
                from: ItemStatus::Matter(matter_state),
                to: ItemStatus::Matter(to),
                deadline: workflow::deadline(
                    policy,
                    calendar,
                    to,
                    flow,
                    today,
                    u32::try_from(matter.used_days).unwrap_or(0),
                )
                .map(|d| d.date),
                command: Command::ApplyFinalConclusion { meets }.code(),
                note: serde_json::json!({}),
                service: None,
            }]
        }
        _ => vec![],
    };
    Ok(Decided {
        from: ItemStatus::Review(state),
        to: ItemStatus::Review(next),
        command: command.code(),
        deadline,
        used_days: 0,
        institution_id: match command {
            ReviewCommand::Forward { committee } => Some(*committee),
            _ => item.institution_id,
        },
        note,
        followers,
        conclusion: None,
        conclusion_also_on: matches!(next, ReviewState::Concluded { .. }).then_some(matter.id),
        appointment,
    })
}
