//! A command on the certificate matter: the institution checked to be the county's, and the
//! next state, its deadline (the acceptance clock pauses on a return, 000 §三(二)) and the
//! waiting services that move with it (forwarded on issue, lapsed when the matter ends without a
//! certificate).

use diesel_async::AsyncPgConnection;

use super::{Case, Decided, Refusal, Verdict};
use crate::cases::CaseError;
use crate::db::cases::{self, Conclusion, Follower};
use crate::db::{appointments, offices};
use crate::domain::appointment::{self, Appointment};
use crate::domain::case_file::Need;
use crate::domain::item::{ItemStatus, ItemSummary};
use crate::domain::policy;
use crate::domain::service_flow::{self, ServiceState};
use crate::domain::workflow::{
    self, Actor, Command, Facts, ItemState, Jurisdiction, WorkflowError,
};
use crate::domain::{IdNumber, LinkedService};

/// Judges `command` on the matter in `state`: the accepting institution must be one of the
/// county's; the sections reopened for correction are kept in the note, the doctor's
/// conclusion with the step.
pub(super) async fn verdict(
    conn: &mut AsyncPgConnection,
    case: &Case<'_>,
    state: ItemState,
    command: Command,
    sections: Vec<&'static str>,
    conclusion: Option<Conclusion>,
) -> Result<Verdict, CaseError> {
    if let Command::Accept { institution } = &command {
        let ours = offices::institutions_in(conn, &case.staff.county).await?;
        if !ours.iter().any(|o| o.id == *institution) {
            return Ok(Err(Refusal::at("institution", "staff-institution-missing")));
        }
    }
    let items = cases::items_of(conn, case.item.application_id).await?;
    let appointment = if state == ItemState::Accepted {
        appointments::of_item(conn, case.item.id)
            .await?
            .map_or(Appointment::None, |b| b.state())
    } else {
        Appointment::None
    };
    let reopens = matches!(command, Command::ReturnForCorrection { .. }) && !sections.is_empty();
    Ok(Ok(decide(case, state, command, &items, appointment).map(
        |mut d| {
            if reopens {
                d.note["sections"] = serde_json::json!(sections);
            }
            Decided { conclusion, ..d }
        },
    )))
}

/// The matter's workflow, decided from the case as loaded: the next state, its deadline and
/// the services among `items` that follow it.
fn decide(
    case: &Case<'_>,
    state: ItemState,
    mut command: Command,
    items: &[ItemSummary],
    appointment: Appointment,
) -> Result<Decided, WorkflowError> {
    let (item, app, when) = (case.item, case.app, case.when);
    let today = when.today;
    if let Command::PublishOrNotify { adult } = &mut command {
        *adult = IdNumber::parse(&app.person_id_number).is_ok_and(|id| id.age_on(today) >= 18);
    }
    let jurisdiction = Jurisdiction {
        handling_county: item.handling_county.clone(),
        approving_county: item.approving_county.clone(),
        institution: item.institution_id,
    };
    let flow = app.answers.flow();
    let since = item.state_since.unwrap_or(today);
    let facts = Facts {
        state,
        flow,
        jurisdiction: &jurisdiction,
        policy: when.policy,
        calendar: when.calendar,
        since,
        today,
        review_open: ItemSummary::review_is_open(items),
        attended: item.attended_on,
        appointment,
    };
    let next = workflow::decide(&facts, &case.staff.actor, &command)?;
    // The acceptance clock: the working days the county took to review, kept when the case is
    // returned (paused) and when it moves on (004 附件3 五(四)1 shares them with issue).
    let used_days = if state == ItemState::Submitted && next != ItemState::Submitted {
        item.used_days
            + i32::try_from(when.calendar.between(since, today).days.max(0)).unwrap_or(i32::MAX)
    } else {
        item.used_days
    };
    let used = u32::try_from(used_days).unwrap_or(0);
    let deadline =
        workflow::deadline(when.policy, when.calendar, next, flow, today, used).map(|d| d.date);
    let home_visit = Need::of(&app.answers.needs).contains(&Need::HomeVisit);
    let deadline = if next == ItemState::Accepted {
        appointment::waiting_deadline(home_visit, deadline)
    } else {
        deadline
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
        note: note(&command),
        followers: followers(case, next, &jurisdiction, items),
        conclusion: None,
        conclusion_also_on: None,
        appointment: None,
    })
}

/// What the staff member wrote with `command`, as stored with its event.
fn note(command: &Command) -> serde_json::Value {
    match command {
        Command::ReturnForCorrection { items } => serde_json::json!({ "items": items }),
        Command::Reject { reason } | Command::ReturnOutsideJurisdiction { reason } => {
            serde_json::json!({ "reason": reason })
        }
        Command::Accept { institution } => serde_json::json!({ "institution_id": institution }),
        _ => serde_json::json!({}),
    }
}

/// The waiting services among `items` that move when the matter reaches `next`, with their
/// departments' deadlines.
fn followers(
    case: &Case<'_>,
    next: ItemState,
    jurisdiction: &Jurisdiction,
    items: &[ItemSummary],
) -> Vec<Follower> {
    let Some(follow) = service_flow::follows(next) else {
        return vec![];
    };
    let when = case.when;
    // Linked services follow the rules of the hukou province (003 附件3 一, 附件4 1, 附件5 1
    // “在户籍地参加”; 004 附件2 六7–10 “具有河南省户籍”).
    let service_policy = policy::for_province(&jurisdiction.approving_county).policy;
    items
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
                    .then(|| {
                        service_flow::deadline(service_policy, when.calendar, service, when.today)
                    })
                    .flatten()
                    .map(|d| d.date),
                command: follow.code(),
                note: serde_json::json!({}),
                service: Some(service),
            })
        })
        .collect()
}
