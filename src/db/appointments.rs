//! Assessment sessions and appointments (see `domain::appointment`): what institutions publish,
//! what acceptance books, what applicants move, the home-visit list and the reminders due.

use chrono::{NaiveDate, NaiveTime};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{application_items, applications, appointments, assessment_sessions, offices};
use crate::domain::appointment::{Appointment, Booking, MoveLimits, Session};
use crate::domain::item::ItemStatus;
use crate::domain::workflow::ItemState;

/// A published session.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = assessment_sessions)]
pub struct SessionRow {
    /// Row id.
    pub id: i64,
    /// The institution.
    pub institution_id: i64,
    /// The day.
    pub day: NaiveDate,
    /// From.
    pub starts_at: NaiveTime,
    /// Until.
    pub ends_at: NaiveTime,
    /// Where (room, address).
    pub place: String,
    /// Places.
    pub capacity: i32,
    /// Places taken.
    pub booked: i32,
    /// The area of a home-visit round (none: at the site).
    pub home_area: Option<String>,
}

impl SessionRow {
    /// The session as the domain rules read it.
    pub fn domain(&self) -> Session {
        Session {
            id: self.id,
            day: self.day,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            free: self.capacity - self.booked,
            home_round: self.home_area.is_some(),
        }
    }

    /// `2026-12-08 09:00–11:30`.
    pub fn when(&self) -> String {
        format!(
            "{} {}–{}",
            self.day.format("%Y-%m-%d"),
            self.starts_at.format("%H:%M"),
            self.ends_at.format("%H:%M")
        )
    }
}

/// A new session.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = assessment_sessions)]
pub struct NewSession {
    /// The institution.
    pub institution_id: i64,
    /// The day.
    pub day: NaiveDate,
    /// From.
    pub starts_at: NaiveTime,
    /// Until.
    pub ends_at: NaiveTime,
    /// Where.
    pub place: String,
    /// Places.
    pub capacity: i32,
    /// The area of a home-visit round.
    pub home_area: Option<String>,
    /// Who published it.
    pub created_by: i64,
}

/// Publishes a session; returns its id.
pub async fn add(conn: &mut AsyncPgConnection, s: &NewSession) -> QueryResult<i64> {
    diesel::insert_into(assessment_sessions::table)
        .values(s)
        .returning(assessment_sessions::id)
        .get_result(conn)
        .await
}

/// Up to `limit` sessions of `institution` from `from`, after the key `(day, id)` (keyset).
pub async fn upcoming(
    conn: &mut AsyncPgConnection,
    institution: i64,
    from: NaiveDate,
    after: Option<(NaiveDate, i64)>,
    limit: i64,
) -> QueryResult<Vec<SessionRow>> {
    let mut q = assessment_sessions::table
        .filter(assessment_sessions::institution_id.eq(institution))
        .filter(assessment_sessions::day.ge(from))
        .order((assessment_sessions::day, assessment_sessions::id))
        .limit(limit)
        .select(SessionRow::as_select())
        .into_boxed();
    if let Some((day, id)) = after {
        q = q.filter(
            assessment_sessions::day.gt(day).or(assessment_sessions::day
                .eq(day)
                .and(assessment_sessions::id.gt(id))),
        );
    }
    q.load(conn).await
}

/// The first `limit` sessions of `institution` at the site with a free place, from `from`;
/// with `lock`, locked until the caller's transaction ends (acceptance books one of them).
pub async fn free(
    conn: &mut AsyncPgConnection,
    institution: i64,
    from: NaiveDate,
    limit: i64,
    lock: bool,
) -> QueryResult<Vec<SessionRow>> {
    let q = assessment_sessions::table
        .filter(assessment_sessions::institution_id.eq(institution))
        .filter(assessment_sessions::day.ge(from))
        .filter(assessment_sessions::home_area.is_null())
        .filter(assessment_sessions::booked.lt(assessment_sessions::capacity))
        .order((
            assessment_sessions::day,
            assessment_sessions::starts_at,
            assessment_sessions::id,
        ))
        .limit(limit);
    if lock {
        q.for_update()
            .select(SessionRow::as_select())
            .load(conn)
            .await
    } else {
        q.select(SessionRow::as_select()).load(conn).await
    }
}

/// Session `id`.
pub async fn session(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<SessionRow>> {
    assessment_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// The first `limit` sessions of `institution` after `today`, of either kind, with a free place
/// (what someone waiting can be given).
pub async fn open_sessions(
    conn: &mut AsyncPgConnection,
    institution: i64,
    today: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<SessionRow>> {
    assessment_sessions::table
        .filter(assessment_sessions::institution_id.eq(institution))
        .filter(assessment_sessions::day.gt(today))
        .filter(assessment_sessions::booked.lt(assessment_sessions::capacity))
        .order((
            assessment_sessions::day,
            assessment_sessions::starts_at,
            assessment_sessions::id,
        ))
        .limit(limit)
        .select(SessionRow::as_select())
        .load(conn)
        .await
}

/// The limits `institution` sets on moving appointments online.
pub async fn limits_of(conn: &mut AsyncPgConnection, institution: i64) -> QueryResult<MoveLimits> {
    let (moves, notice): (i32, i32) = offices::table
        .find(institution)
        .select((offices::appointment_moves, offices::move_notice_days))
        .first(conn)
        .await?;
    Ok(MoveLimits {
        moves: u32::try_from(moves).unwrap_or(0),
        notice_days: u32::try_from(notice).unwrap_or(0),
    })
}

/// Takes a place in session `id` if one is free; false when it is full.
async fn take_place(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<bool> {
    diesel::update(assessment_sessions::table.find(id))
        .filter(assessment_sessions::booked.lt(assessment_sessions::capacity))
        .set(assessment_sessions::booked.eq(assessment_sessions::booked + 1))
        .execute(conn)
        .await
        .map(|n| n == 1)
}

/// Gives back a place in session `id`.
async fn give_back(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<()> {
    diesel::update(assessment_sessions::table.find(id))
        .filter(assessment_sessions::booked.gt(0))
        .set(assessment_sessions::booked.eq(assessment_sessions::booked - 1))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Records the appointment acceptance made for `item` (in the caller's transaction). A session
/// filled meanwhile leaves the person waiting for a session. Returns the session booked.
pub async fn book(
    conn: &mut AsyncPgConnection,
    item: i64,
    institution: i64,
    booking: Booking,
) -> QueryResult<Option<i64>> {
    let session = match booking {
        Booking::Session(id) if take_place(conn, id).await? => Some(id),
        _ => None,
    };
    diesel::insert_into(appointments::table)
        .values((
            appointments::item_id.eq(item),
            appointments::institution_id.eq(institution),
            appointments::session_id.eq(session),
            appointments::home_visit.eq(booking == Booking::HomeVisitList),
        ))
        .on_conflict(appointments::item_id)
        .do_update()
        .set((
            appointments::institution_id.eq(institution),
            appointments::session_id.eq(session),
            appointments::home_visit.eq(booking == Booking::HomeVisitList),
            appointments::moves.eq(0),
            appointments::reminded_for.eq(None::<NaiveDate>),
        ))
        .execute(conn)
        .await?;
    Ok(session)
}

/// An item's appointment with its session and the institution's limits.
#[derive(Debug, Clone)]
pub struct Booked {
    /// The item.
    pub item_id: i64,
    /// The institution.
    pub institution_id: i64,
    /// A home visit was asked for.
    pub home_visit: bool,
    /// Times moved.
    pub moves: i32,
    /// The session, once there is one.
    pub session: Option<SessionRow>,
    /// The institution's limits on moving.
    pub limits: MoveLimits,
}

impl Booked {
    /// Where the appointment stands, as the domain rules read it.
    pub fn state(&self) -> Appointment {
        match (&self.session, self.home_visit) {
            (Some(s), home_visit) => Appointment::Booked {
                day: s.day,
                home_visit,
            },
            (None, true) => Appointment::WaitingForHomeVisit,
            (None, false) => Appointment::WaitingForSession,
        }
    }
}

/// An appointment row with its session and the institution's limits, as read.
#[derive(Queryable)]
struct BookedRow {
    item_id: i64,
    institution_id: i64,
    home_visit: bool,
    moves: i32,
    session: Option<SessionRow>,
    max_moves: i32,
    notice_days: i32,
}

/// The appointment of `item`, if any (one join by primary key).
pub async fn of_item(conn: &mut AsyncPgConnection, item: i64) -> QueryResult<Option<Booked>> {
    let row: Option<BookedRow> = appointments::table
        .inner_join(offices::table)
        .left_join(assessment_sessions::table)
        .filter(appointments::item_id.eq(item))
        .select((
            appointments::item_id,
            appointments::institution_id,
            appointments::home_visit,
            appointments::moves,
            Option::<SessionRow>::as_select(),
            offices::appointment_moves,
            offices::move_notice_days,
        ))
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(|r| Booked {
        item_id: r.item_id,
        institution_id: r.institution_id,
        home_visit: r.home_visit,
        moves: r.moves,
        session: r.session,
        limits: MoveLimits {
            moves: u32::try_from(r.max_moves).unwrap_or(0),
            notice_days: u32::try_from(r.notice_days).unwrap_or(0),
        },
    }))
}

/// Moves `item`'s appointment from its session (if any) to session `to` (taking a place there,
/// giving one back), counting the move when `by_applicant`; false when `to` is full.
pub async fn move_to(
    conn: &mut AsyncPgConnection,
    booked: &Booked,
    to: i64,
    by_applicant: bool,
) -> QueryResult<bool> {
    use diesel_async::AsyncConnection;
    let item = booked.item_id;
    let from = booked.session.as_ref().map(|s| s.id);
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        if !take_place(conn, to).await? {
            return Ok(false);
        }
        if let Some(from) = from {
            give_back(conn, from).await?;
        }
        diesel::update(appointments::table.find(item))
            .filter(appointments::session_id.is_not_distinct_from(from))
            .set((
                appointments::session_id.eq(to),
                appointments::moves.eq(appointments::moves + i32::from(by_applicant)),
                appointments::reminded_for.eq(None::<NaiveDate>),
            ))
            .execute(conn)
            .await
            .and_then(|n| {
                if n == 1 {
                    Ok(true)
                } else {
                    Err(diesel::result::Error::RollbackTransaction)
                }
            })
    })
    .await
    .or_else(|e| match e {
        diesel::result::Error::RollbackTransaction => Ok(false),
        e => Err(e),
    })
}

/// Someone waiting on an institution's list (a home visit, or no session was free).
#[derive(Debug, Clone, Queryable)]
pub struct Waiting {
    /// The item.
    pub item_id: i64,
    /// The application's reference.
    pub reference: String,
    /// Waiting for a home visit (else for a session).
    pub home_visit: bool,
    /// Since when.
    pub since: chrono::DateTime<chrono::Utc>,
}

/// The people waiting for a date from `institution`, longest first (the partial index).
pub async fn waiting(
    conn: &mut AsyncPgConnection,
    institution: i64,
    limit: i64,
) -> QueryResult<Vec<Waiting>> {
    appointments::table
        .inner_join(application_items::table.inner_join(applications::table))
        .filter(appointments::institution_id.eq(institution))
        .filter(appointments::session_id.is_null())
        .filter(application_items::status.eq(ItemStatus::Matter(ItemState::Accepted)))
        .order((appointments::booked_at, appointments::item_id))
        .limit(limit)
        .select((
            appointments::item_id,
            applications::reference,
            appointments::home_visit,
            appointments::booked_at,
        ))
        .load(conn)
        .await
}

/// Sets the limits `institution` puts on moving appointments online.
pub async fn set_limits(
    conn: &mut AsyncPgConnection,
    institution: i64,
    limits: MoveLimits,
) -> QueryResult<()> {
    diesel::update(offices::table.find(institution))
        .set((
            offices::appointment_moves.eq(i32::try_from(limits.moves).unwrap_or(0)),
            offices::move_notice_days.eq(i32::try_from(limits.notice_days).unwrap_or(0)),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// An appointment whose reminder is due.
#[derive(Debug, Clone, Queryable)]
pub struct DueReminder {
    /// The item.
    pub item_id: i64,
    /// The application.
    pub application_id: i64,
    /// The applicant's language.
    pub lang: String,
    /// The reference.
    pub reference: String,
    /// The session.
    pub session: SessionRow,
    /// The institution's name.
    pub institution: String,
    /// Its phone.
    pub phone: Option<String>,
}

/// Appointments on days in `(after, until]` not yet reminded for that day, of people still to
/// be assessed (one join on the session index).
pub async fn due_reminders(
    conn: &mut AsyncPgConnection,
    after: NaiveDate,
    until: NaiveDate,
) -> QueryResult<Vec<DueReminder>> {
    appointments::table
        .inner_join(assessment_sessions::table)
        .inner_join(offices::table)
        .inner_join(application_items::table.inner_join(applications::table))
        .filter(assessment_sessions::day.gt(after))
        .filter(assessment_sessions::day.le(until))
        .filter(appointments::reminded_for.is_distinct_from(assessment_sessions::day.nullable()))
        .filter(application_items::status.eq(ItemStatus::Matter(ItemState::Accepted)))
        .filter(application_items::attended_on.is_null())
        .select((
            appointments::item_id,
            applications::id,
            applications::lang,
            applications::reference,
            SessionRow::as_select(),
            offices::name,
            offices::phone,
        ))
        .load(conn)
        .await
}

/// Marks `item`'s reminder sent for `day`; false when it already was (another instance).
pub async fn mark_reminded(
    conn: &mut AsyncPgConnection,
    item: i64,
    day: NaiveDate,
) -> QueryResult<bool> {
    diesel::update(appointments::table.find(item))
        .filter(appointments::reminded_for.is_distinct_from(Some(day)))
        .set(appointments::reminded_for.eq(day))
        .execute(conn)
        .await
        .map(|n| n == 1)
}
