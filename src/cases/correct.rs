//! The applicant resubmits a returned application (000 §三(二) 一次性告知补正): the corrected
//! answers replace the submitted ones, and the matter goes back to the county with the working
//! days of acceptance review that were left.

use chrono::NaiveDate;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use super::CaseError;
use crate::db::applications::{self, Application};
use crate::db::cases::{self, Event, ItemRow, Transition};
use crate::domain::answers::Answers;
use crate::domain::item::ItemStatus;
use crate::domain::policy;
use crate::domain::workflow::{self, Actor, Command, Facts, ItemState, Jurisdiction};
use crate::domain::{Calendar, Role};

/// The applicant of `app` resubmits its returned `matter` on `today`, with the `corrected`
/// answers when sections were reopened. False when the matter changed meanwhile (nothing is
/// stored); `NotFound` when the matter is not returned for correction.
pub async fn resubmit(
    conn: &mut AsyncPgConnection,
    app: &Application,
    matter: &ItemRow,
    corrected: Option<&Answers>,
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<bool, CaseError> {
    let jurisdiction = Jurisdiction {
        handling_county: matter.handling_county.clone(),
        approving_county: matter.approving_county.clone(),
        institution: matter.institution_id,
    };
    let policy = policy::for_province(&jurisdiction.handling_county).policy;
    let flow = app.answers.flow();
    let next = workflow::decide(
        &Facts {
            state: ItemState::ReturnedForCorrection,
            flow,
            jurisdiction: &jurisdiction,
            policy,
            calendar,
            since: matter.state_since.unwrap_or(today),
            today,
            review_open: false,
            attended: None,
            appointment: crate::domain::appointment::Appointment::None,
        },
        &Actor::Applicant,
        &Command::Resubmit,
    )
    .map_err(|_| CaseError::NotFound)?;
    // The clock resumes with the days already used (paused while returned).
    let used = u32::try_from(matter.used_days).unwrap_or(0);
    let deadline = workflow::deadline(policy, calendar, next, flow, today, used).map(|d| d.date);
    let transition = Transition {
        item_id: matter.id,
        expected_version: matter.version,
        from: matter.status,
        to: ItemStatus::Matter(next),
        since: today,
        deadline,
        used_days: matter.used_days,
        institution_id: matter.institution_id,
        actor_account_id: app.account_id,
        actor_role: Role::Applicant.code(),
        office_id: None,
        command: Command::Resubmit.code(),
        note: serde_json::json!({}),
        application_id: app.id,
        notice: None,
        followers: vec![],
        conclusion: None,
        publication: None,
        conclusion_also_on: None,
        appointment: None,
        certificate: None,
    };
    let corrected = corrected
        .map(serde_json::to_value)
        .transpose()
        .map_err(|_| CaseError::Unreadable)?;
    Ok(conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            if let Some(answers) = &corrected {
                applications::replace_answers(conn, app.id, answers).await?;
            }
            if !transition.apply(conn).await? {
                return Err(diesel::result::Error::RollbackTransaction);
            }
            Ok(true)
        })
        .await
        .or_else(|e| match e {
            diesel::result::Error::RollbackTransaction => Ok(false),
            e => Err(e),
        })?)
}

/// The sections reopened by the latest return of the matter item.
pub fn reopened(events: &[Event], matter_item: i64) -> Vec<String> {
    latest_return(events, matter_item, "sections")
}

/// The sections of application `app` open for correction now (none unless it is returned).
pub async fn reopened_of(conn: &mut AsyncPgConnection, app: i64) -> Result<Vec<String>, CaseError> {
    let Some(matter) = cases::items_of(conn, app)
        .await?
        .into_iter()
        .find(|i| i.status == ItemStatus::Matter(ItemState::ReturnedForCorrection))
    else {
        return Ok(vec![]);
    };
    let events = cases::events(conn, &[matter.id]).await?;
    Ok(reopened(&events, matter.id))
}

/// What the county asked to correct: the list of the latest return of the matter item.
pub fn requested(events: &[Event], matter_item: i64) -> Vec<String> {
    latest_return(events, matter_item, "items")
}

/// The list noted under `key` with the latest return of the matter item (none without one).
fn latest_return(events: &[Event], matter_item: i64, key: &str) -> Vec<String> {
    events
        .iter()
        .rev()
        .find(|e| e.item_id == matter_item && e.command == Command::RETURN_FOR_CORRECTION)
        .and_then(|e| e.note.get(key))
        .and_then(|v| v.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
