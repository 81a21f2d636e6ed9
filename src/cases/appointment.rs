//! Giving an assessment appointment a date after acceptance (`domain::appointment`): the
//! institution gives someone on its list a home-visit round or a free session, or the applicant
//! moves their appointment online within the institution's limits. Either way the applicant is
//! told when, where and whom to call, in the same transaction as the change.

use chrono::NaiveDate;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use super::CaseError;
use crate::cases::act::booking_notice;
use crate::db::appointments::{self, Booked, SessionRow};
use crate::db::cases;
use crate::db::offices;
use crate::domain::Calendar;
use crate::domain::appointment::{self, Booking, MoveError};
use crate::domain::item::ItemStatus;
use crate::domain::workflow::ItemState;

/// Moves `booked` to session `to` and posts the applicant's notice, in one transaction; the
/// move counts against the institution's limit when `by_applicant`. Returns the account to
/// wake, or `None` when `to` filled up meanwhile.
pub async fn give_date(
    conn: &mut AsyncPgConnection,
    booked: &Booked,
    to: &SessionRow,
    by_applicant: Option<i64>,
) -> Result<Option<i64>, CaseError> {
    let (item, app) = cases::find_item(conn, booked.item_id)
        .await?
        .ok_or(CaseError::NotFound)?;
    let office = offices::find(conn, booked.institution_id)
        .await?
        .ok_or(CaseError::NotFound)?;
    let notice = booking_notice(
        item.application_id,
        &app,
        &office,
        Booking::Session(to.id),
        Some(to),
    );
    let moved = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            if !appointments::move_to(conn, booked, to.id, by_applicant.is_some()).await? {
                return Ok(false);
            }
            notice.post(conn).await?;
            Ok(true)
        })
        .await?;
    Ok(moved.then_some(app.account_id))
}

/// How an applicant's move ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moved {
    /// Moved; the account to wake for the notice.
    Done(i64),
    /// Not allowed now, or the session cannot take it.
    Refused(MoveError),
}

/// The appointment of application `application_id` as `account_id` may see it: the matter
/// item still waiting to be assessed, with its appointment (`None` otherwise).
pub async fn of_application(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    application_id: i64,
) -> Result<Option<Booked>, CaseError> {
    let Some(app) = crate::db::applications::find_visible(conn, account_id, application_id).await?
    else {
        return Ok(None);
    };
    let items = cases::items_of(conn, app.id).await?;
    let Some(matter) = crate::domain::item::ItemSummary::matter_of(&items)
        .filter(|m| m.status == ItemStatus::Matter(ItemState::Accepted))
    else {
        return Ok(None);
    };
    Ok(appointments::of_item(conn, matter.id).await?)
}

/// The applicant (or the person) moves the appointment of application `application_id` to
/// session `to`, within the institution's limits.
pub async fn move_by_applicant(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    application_id: i64,
    to: i64,
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<Moved, CaseError> {
    let booked = of_application(conn, account_id, application_id)
        .await?
        .ok_or(CaseError::NotFound)?;
    let target = appointments::session(conn, to)
        .await?
        .filter(|s| s.institution_id == booked.institution_id);
    let domain_target = target.as_ref().map(SessionRow::domain);
    let moves = u32::try_from(booked.moves).unwrap_or(u32::MAX);
    if let Err(e) = appointment::may_move(
        booked.limits,
        booked.state(),
        moves,
        domain_target.as_ref(),
        calendar,
        today,
    ) {
        return Ok(Moved::Refused(e));
    }
    let Some(target) = target else {
        return Ok(Moved::Refused(MoveError::SessionNotAvailable));
    };
    Ok(
        match give_date(conn, &booked, &target, Some(account_id)).await? {
            Some(notify) => Moved::Done(notify),
            None => Moved::Refused(MoveError::SessionNotAvailable),
        },
    )
}
