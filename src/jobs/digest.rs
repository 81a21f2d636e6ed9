//! The staff's daily digest (001 二, 002: staff log in every working day): from 08:00 on each
//! working day, every staff post with an email address and work in its queue — new since the
//! last working day, or due by the next — gets one email with the counts and the link to the
//! workbench. Each post's digest is claimed once per day (`staff_digests`), so several instances
//! never send it twice.

use std::time::Duration;

use chrono::{DateTime, Timelike, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::db::cases::{self, Workload};
use crate::db::inbox::MessageKind;
use crate::db::offices::{self, DigestPost};
use crate::db::outbox;
use crate::db::{DbError, DbPool};
use crate::delivery::Outbox;
use crate::domain::jurisdiction::{Post, Scope, open_states};
use crate::domain::matter::Department;
use crate::domain::working_days::{Calendar, local_date};
use crate::domain::{Role, appointment};

/// The hour (Beijing) from which the day's digest goes.
pub const SEND_FROM_HOUR: u32 = 8;

/// Posts read per page.
const PAGE: i64 = 200;

/// Sends the digests due at `now`; how many were sent.
pub async fn send(
    pool: &DbPool,
    outbox: &Outbox,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, DbError> {
    let today = local_date(now);
    let hour = now.with_timezone(&chrono_tz::Asia::Shanghai).hour();
    let mut conn = pool.get().await?;
    let calendar: Calendar = crate::db::calendar::load(&mut conn).await?;
    if hour < SEND_FROM_HOUR || !calendar.is_working_day(today) {
        return Ok(0);
    }
    let new_since = appointment::reminder_day(&calendar, today);
    let due_by = calendar.add(today, 1).date;
    let mut sent = 0;
    let mut after = (0, String::new());
    loop {
        let posts = offices::digest_posts(&mut conn, after.clone(), PAGE).await?;
        let Some(last) = posts.last() else { break };
        after = (last.account_id, last.role.clone());
        for post in &posts {
            let Some(role) = Role::from_code(&post.role) else {
                continue;
            };
            let scope = scope_of(role, post);
            let states = open_states(role);
            let work = cases::workload(&mut conn, &scope, &states, new_since, due_by).await?;
            if work.new + work.due == 0 {
                continue;
            }
            let link = format!("{base_url}/staff");
            if send_once(&mut conn, post, today, work, due_by, &link).await? {
                sent += 1;
            }
        }
    }
    if sent > 0 {
        outbox.wake();
    }
    Ok(sent)
}

/// Whose items the post works (the same rule as the workbench's).
fn scope_of(role: Role, post: &DigestPost) -> Scope {
    let o = &post.office;
    Scope::of(
        role,
        &Post {
            office_id: o.id,
            division_code: &o.division_code,
            kind: o.kind,
            department: o
                .department
                .as_deref()
                .and_then(Department::from_code)
                .unwrap_or(Department::DisabledPersonsFederation),
        },
    )
}

/// Claims the post's digest for `today` and queues the email, in one transaction.
async fn send_once(
    conn: &mut AsyncPgConnection,
    post: &DigestPost,
    today: chrono::NaiveDate,
    work: Workload,
    due_by: chrono::NaiveDate,
    link: &str,
) -> Result<bool, DbError> {
    let params = serde_json::json!({
        "office": post.office.name,
        "open": work.open.to_string(),
        "new": work.new.to_string(),
        "due": work.due.to_string(),
        "date": due_by.to_string(),
        "link": link,
    });
    let key = format!("digest-{}-{}-{today}", post.account_id, post.role);
    let sent = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            if !offices::claim_digest(conn, post.account_id, &post.role, today).await? {
                return Ok(false);
            }
            outbox::queue_email(
                conn,
                &key,
                post.account_id,
                &post.email,
                MessageKind::StaffDigest,
                params,
                post.notice_lang
                    .as_deref()
                    .and_then(crate::i18n::Lang::from_tag)
                    .unwrap_or_default()
                    .tag(),
            )
            .await?;
            Ok(true)
        })
        .await?;
    Ok(sent)
}

/// Sends the digests every `every` until the process ends.
pub fn spawn_digest(
    pool: DbPool,
    outbox: Outbox,
    base_url: String,
    every: Duration,
    clock: crate::clock::Clock,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match send(&pool, &outbox, &base_url, clock.now()).await {
                Ok(n) if n > 0 => tracing::info!(sent = n, "staff digests sent"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "staff digests failed"),
            }
        }
    });
}
