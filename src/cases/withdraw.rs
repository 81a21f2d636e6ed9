//! The applicant withdraws: an application before acceptance, with the services waiting for it
//! (DOMAIN “States of a certificate item”: 已撤回), or a review request before the county
//! forwards it to the city's committee (000 §三(二), 001 §三).

use chrono::NaiveDate;
use diesel_async::AsyncPgConnection;

use super::{CaseError, case_updated};
use crate::db::applications;
use crate::db::cases::{self, Transition};
use crate::domain::item::{ItemStatus, ItemSummary};
use crate::domain::review::{self, ReviewCommand};
use crate::domain::workflow::Actor;

/// What a withdrawal did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawal {
    /// Withdrawn; `notify` is the account to wake for the notice, if one was stored.
    Done {
        /// The account told (the applicant).
        notify: Option<i64>,
    },
    /// Too late: the case moved on (accepted, or the review forwarded) meanwhile.
    TooLate,
}

/// The account that applied withdraws application `application_id` before acceptance: the
/// matter and the services waiting for it, each with its event, in one transaction.
pub async fn application(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    application_id: i64,
) -> Result<Withdrawal, CaseError> {
    let app = applications::find_visible(conn, account_id, application_id)
        .await?
        .filter(|a| a.account_id == account_id)
        .ok_or(CaseError::NotFound)?;
    let open = ItemStatus::withdrawable();
    Ok(
        if cases::withdraw_application(conn, app.id, account_id, &open).await? {
            Withdrawal::Done { notify: None }
        } else {
            Withdrawal::TooLate
        },
    )
}

/// The applicant (or a representative who may see the case) withdraws the review request of
/// application `application_id` on `today`, while the county has not forwarded it; the
/// applicant is told.
pub async fn review(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    application_id: i64,
    today: NaiveDate,
) -> Result<Withdrawal, CaseError> {
    let app = applications::find_visible(conn, account_id, application_id)
        .await?
        .ok_or(CaseError::NotFound)?;
    let items = cases::items_of(conn, app.id).await?;
    let (Some(_), Some(request)) = (
        ItemSummary::matter_of(&items),
        ItemSummary::review_of(&items),
    ) else {
        return Err(CaseError::NotFound);
    };
    let state = request.status.review().ok_or(CaseError::NotFound)?;
    let (item, _) = cases::find_item(conn, request.id)
        .await?
        .ok_or(CaseError::NotFound)?;
    let county = item.handling_county.clone();
    let command = ReviewCommand::Withdraw;
    let Ok(next) = review::decide_review(
        state,
        &county,
        item.institution_id,
        &Actor::Applicant,
        &command,
        today,
    ) else {
        return Ok(Withdrawal::TooLate);
    };
    let stored = Transition {
        item_id: item.id,
        expected_version: item.version,
        from: ItemStatus::Review(state),
        to: ItemStatus::Review(next),
        since: today,
        deadline: None,
        used_days: 0,
        institution_id: item.institution_id,
        actor_account_id: account_id,
        actor_role: crate::domain::Role::Applicant.code(),
        office_id: None,
        command: command.code(),
        note: serde_json::json!({}),
        application_id: app.id,
        notice: Some(case_updated(app.id, &app.reference, &app.lang, next.code())),
        followers: vec![],
        conclusion: None,
        publication: None,
        conclusion_also_on: None,
        appointment: None,
        certificate: None,
    }
    .apply(conn)
    .await?;
    Ok(if stored {
        Withdrawal::Done {
            notify: Some(app.account_id),
        }
    } else {
        Withdrawal::TooLate
    })
}
