//! Reminds applicants of their assessment the working day before (`domain::appointment::
//! reminder_day`): by inbox, email and SMS, with the day, time, place, what to bring and the
//! institution's phone. Each reminder is claimed once per day booked (a guarded `UPDATE`), so
//! several instances never send it twice, and a moved appointment is reminded again.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::db::appointments::{self, DueReminder};
use crate::db::inbox::MessageKind;
use crate::db::outbox::{Notice, To};
use crate::db::{DbError, DbPool};
use crate::delivery::Outbox;
use crate::domain::working_days::{Calendar, local_date};
use crate::i18n::Lang;

/// Sends the reminders due at `now`: appointments after today up to the next working day (so
/// on a Friday, those of the weekend and Monday). Returns how many were sent.
pub async fn remind(pool: &DbPool, outbox: &Outbox, now: DateTime<Utc>) -> Result<usize, DbError> {
    let today = local_date(now);
    let mut conn = pool.get().await?;
    let calendar: Calendar = crate::db::calendar::load(&mut conn).await?;
    let next_working_day = calendar.add(today, 1).date;
    let due = appointments::due_reminders(&mut conn, today, next_working_day).await?;
    let mut sent = 0;
    for r in &due {
        if remind_once(&mut conn, r).await? {
            sent += 1;
            tracing::info!(item = r.item_id, "assessment reminder sent");
        }
    }
    if sent > 0 {
        outbox.wake();
    }
    Ok(sent)
}

/// Claims the reminder of `r` and posts it, in one transaction; false when another instance
/// sent it first.
async fn remind_once(conn: &mut AsyncPgConnection, r: &DueReminder) -> Result<bool, DbError> {
    let notice = Notice {
        to: To::Case(r.application_id),
        kind: MessageKind::AssessmentReminder,
        params: serde_json::json!({
            "reference": r.reference,
            "institution": r.institution,
            "date": r.session.when(),
            "place": r.session.place,
            "phone": r.phone.clone().unwrap_or_else(|| "12345".to_owned()),
        }),
        lang: Lang::from_tag(&r.lang).unwrap_or_default().tag(),
    };
    let sent = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            if !appointments::mark_reminded(conn, r.item_id, r.session.day).await? {
                return Ok(false);
            }
            notice.post(conn).await?;
            Ok(true)
        })
        .await?;
    Ok(sent)
}

/// Sends the reminders every `every` until the process ends.
pub fn spawn_reminder(pool: DbPool, outbox: Outbox, every: Duration, clock: crate::clock::Clock) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match remind(&pool, &outbox, clock.now()).await {
                Ok(n) if n > 0 => tracing::info!(sent = n, "assessment reminders sent"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "assessment reminders failed"),
            }
        }
    });
}
