//! A command on a review request (复核, 000 §三(二), 001 §三): the committee checked to be the
//! city's, the next state and its deadline (the final conclusion is due after the appointment
//! day), and, with the final conclusion, the disputed matter moving to it (checked by
//! `domain::workflow` as the system's command).

use diesel_async::AsyncPgConnection;

use super::{Case, Decided, Refusal, Verdict};
use crate::cases::CaseError;
use crate::db::cases::{self, Conclusion, Follower, ItemRow};
use crate::db::{offices, reviews};
use crate::domain::item::ItemStatus;
use crate::domain::review::{self, ReviewCommand, ReviewState};
use crate::domain::workflow::{self, Actor, Command, Facts, Jurisdiction, WorkflowError};

/// Judges `command` on the review request in `state`, with the committee's final conclusion.
pub(super) async fn verdict(
    conn: &mut AsyncPgConnection,
    case: &Case<'_>,
    state: ReviewState,
    command: ReviewCommand,
    conclusion: Option<Conclusion>,
) -> Result<Verdict, CaseError> {
    if let ReviewCommand::Forward { committee } = &command {
        let ours = offices::committees_of(conn, &case.staff.county).await?;
        if !ours.iter().any(|o| o.id == *committee) {
            return Ok(Err(Refusal::at("committee", "staff-committee-missing")));
        }
    }
    let review = reviews::find(conn, case.item.id)
        .await?
        .ok_or(CaseError::NotFound)?;
    let (matter, _) = cases::find_item(conn, review.matter_item_id)
        .await?
        .ok_or(CaseError::NotFound)?;
    Ok(Ok(
        decide(case, state, &command, &matter).map(|d| Decided { conclusion, ..d })
    ))
}

/// The review request's workflow, decided from the request and the disputed `matter`.
fn decide(
    case: &Case<'_>,
    state: ReviewState,
    command: &ReviewCommand,
    matter: &ItemRow,
) -> Result<Decided, WorkflowError> {
    let (item, when) = (case.item, case.when);
    let county = item.handling_county.clone();
    let next = review::decide_review(
        state,
        &county,
        item.institution_id,
        &case.staff.actor,
        command,
        when.today,
    )?;
    let counted_from = match command {
        ReviewCommand::Schedule { on, .. } => *on,
        _ => when.today,
    };
    let deadline = review::deadline(when.policy, when.calendar, next, counted_from).map(|d| d.date);
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
        ReviewState::Concluded { meets } => vec![final_conclusion(case, matter, &county, meets)?],
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

/// The disputed matter moving to the final conclusion (`meets` the standard or not).
fn final_conclusion(
    case: &Case<'_>,
    matter: &ItemRow,
    county: &str,
    meets: bool,
) -> Result<Follower, WorkflowError> {
    let when = case.when;
    let matter_state = matter.status.matter().ok_or(WorkflowError::NotAllowed)?;
    let jurisdiction = Jurisdiction {
        handling_county: county.to_owned(),
        approving_county: matter.approving_county.clone(),
        institution: matter.institution_id,
    };
    let flow = case.app.answers.flow();
    let facts = Facts {
        state: matter_state,
        flow,
        jurisdiction: &jurisdiction,
        policy: when.policy,
        calendar: when.calendar,
        since: matter.state_since.unwrap_or(when.today),
        today: when.today,
        review_open: true,
        attended: matter.attended_on,
        appointment: crate::domain::appointment::Appointment::None,
    };
    let command = Command::ApplyFinalConclusion { meets };
    let to = workflow::decide(&facts, &Actor::System, &command)?;
    Ok(Follower {
        item_id: matter.id,
        from: ItemStatus::Matter(matter_state),
        to: ItemStatus::Matter(to),
        deadline: workflow::deadline(
            when.policy,
            when.calendar,
            to,
            flow,
            when.today,
            u32::try_from(matter.used_days).unwrap_or(0),
        )
        .map(|d| d.date),
        command: command.code(),
        note: serde_json::json!({}),
        service: None,
    })
}
