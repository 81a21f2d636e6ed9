//! Acceptance books the assessment (`domain::appointment`): the first free session of the
//! designated institution, or its home-visit list for a person who asked for a home visit; the
//! applicant's notice then says when, where and whom to call (002 二: 告知申请人残疾评定机构和
//! 评定时间) instead of only that the case moved.

use diesel_async::{AsyncConnection, AsyncPgConnection};

use super::When;
use crate::db::appointments::{self, SessionRow};
use crate::db::cases::{CaseApplication, Transition};
use crate::db::inbox::MessageKind;
use crate::db::offices::{self, Office};
use crate::db::outbox::{Notice, To};
use crate::domain::appointment::{self, Booking};
use crate::domain::case_file::Need;
use crate::i18n::Lang;

/// How many free sessions acceptance looks at (the earliest is taken).
const LOOK_AHEAD: i64 = 20;

/// Stores the acceptance `transition` with the appointment it books at `institution`, in one
/// transaction; false when someone changed the item first (nothing is booked then).
pub(super) async fn accept(
    conn: &mut AsyncPgConnection,
    mut transition: Transition<'_>,
    app: &CaseApplication,
    institution: i64,
    when: &When<'_>,
) -> Result<bool, diesel::result::Error> {
    let home_visit = Need::of(&app.answers.needs).contains(&Need::HomeVisit);
    let item = transition.item_id;
    let from = appointment::first_bookable(when.calendar, when.today);
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let office = offices::find(conn, institution)
            .await?
            .ok_or(diesel::result::Error::NotFound)?;
        // Locked until the booking is stored: two acceptances never take the last place twice.
        let free = appointments::free(conn, institution, from, LOOK_AHEAD, true).await?;
        let sessions: Vec<_> = free.iter().map(SessionRow::domain).collect();
        let booking = appointment::book(home_visit, &sessions, when.calendar, when.today);
        let session = match booking {
            Booking::Session(id) => free.iter().find(|s| s.id == id),
            _ => None,
        };
        transition.notice = Some(notice(
            transition.application_id,
            app,
            &office,
            booking,
            session,
        ));
        if !transition.apply(conn).await? {
            return Err(diesel::result::Error::RollbackTransaction);
        }
        appointments::book(conn, item, institution, booking).await?;
        Ok(true)
    })
    .await
    .or_else(|e| match e {
        diesel::result::Error::RollbackTransaction => Ok(false),
        e => Err(e),
    })
}

/// The applicant's notice of the appointment: the session booked (day, time, place, phone), or
/// that the institution will give a home-visit date, or a date once a session is free.
pub fn notice(
    application_id: i64,
    app: &CaseApplication,
    office: &Office,
    booking: Booking,
    session: Option<&SessionRow>,
) -> Notice {
    let lang = Lang::from_tag(&app.lang).unwrap_or_default();
    // Without a published phone, the government service hotline answers.
    let phone = office
        .contacts
        .phone
        .clone()
        .unwrap_or_else(|| "12345".to_owned());
    let (kind, params) = match (booking, session) {
        (Booking::Session(_), Some(s)) => (
            MessageKind::AssessmentBooked,
            serde_json::json!({
                "reference": app.reference,
                "institution": office.name,
                "date": s.when(),
                "place": s.place,
                "phone": phone,
            }),
        ),
        (Booking::HomeVisitList, _) => (
            MessageKind::HomeVisitListed,
            serde_json::json!({
                "reference": app.reference,
                "institution": office.name,
                "phone": phone,
            }),
        ),
        _ => (
            MessageKind::AssessmentWaiting,
            serde_json::json!({
                "reference": app.reference,
                "institution": office.name,
                "phone": phone,
            }),
        ),
    };
    Notice {
        to: To::Case(application_id),
        kind,
        params,
        lang: lang.tag(),
    }
}
