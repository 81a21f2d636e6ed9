//! Background work inside the app process: warning about and then deleting unfinished drafts
//! (data minimisation for sensitive personal information), and the certificates' lifecycle
//! (un-migrated moves frozen then cancelled, renewal and expiry reminders). Safe with several app
//! instances: each draft, notice and status change is claimed by one guarded `UPDATE`.

pub mod appointments;
pub mod digest;

use std::time::Duration;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

use diesel_async::AsyncPgConnection;

use crate::db::certificates::{self, Sent, Watched};
use crate::db::drafts::Draft;
use crate::db::inbox::MessageKind;
use crate::db::outbox::{Notice, To};
use crate::db::{DbError, DbPool};
use crate::delivery::Outbox;
use crate::domain::annual_review::{ReviewDue, due as review_due};
use crate::domain::application::{DRAFT_LIFETIME_DAYS, DRAFT_WARNING_DAYS, draft_expires_on};
use crate::domain::certificate::{
    CertificateStatus, EXPIRY_REMINDER_DAYS, MoveStep, add_years, freeze_from, reminders_due,
    unmigrated_step,
};
use crate::domain::working_days::local_date;
use crate::i18n::Lang;

/// What one sweep did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Swept {
    /// Drafts whose owners were warned.
    pub warned: usize,
    /// Drafts deleted.
    pub deleted: usize,
}

/// Warns about drafts not saved for 23 days (inbox, email and SMS through the outbox) and
/// deletes drafts not saved for 30 days whose owners were warned at least 7 days before.
pub async fn sweep_drafts(
    pool: &DbPool,
    outbox: &Outbox,
    now: DateTime<Utc>,
) -> Result<Swept, DbError> {
    let mut conn = pool.get().await?;
    let warn_before = now - Days::new(DRAFT_LIFETIME_DAYS - DRAFT_WARNING_DAYS);
    let due = Draft::take_due_warnings(&mut conn, warn_before).await?;
    for warning in &due {
        let expires = draft_expires_on(local_date(warning.updated_at))
            .max(local_date(now) + Days::new(DRAFT_WARNING_DAYS))
            .format("%Y-%m-%d")
            .to_string();
        // No language is stored per account: the notice goes in the portal's first language.
        Notice {
            to: To::Account(warning.account_id),
            kind: MessageKind::DraftExpiring,
            params: serde_json::json!({ "expires": expires }),
            lang: Lang::default().tag(),
        }
        .post(&mut conn)
        .await?;
        outbox.wake();
        tracing::info!(
            draft = warning.draft_id,
            account = warning.account_id,
            "draft expiry warning sent"
        );
    }
    let deleted = Draft::delete_expired(
        &mut conn,
        now - Days::new(DRAFT_LIFETIME_DAYS),
        now - Days::new(DRAFT_WARNING_DAYS),
    )
    .await?;
    Ok(Swept {
        warned: due.len(),
        deleted,
    })
}

/// Sweeps drafts every `every` until the process ends.
pub fn spawn_draft_sweeper(
    pool: DbPool,
    outbox: Outbox,
    every: Duration,
    clock: crate::clock::Clock,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match sweep_drafts(&pool, &outbox, clock.now()).await {
                Ok(s) if s.warned + s.deleted > 0 => {
                    tracing::info!(warned = s.warned, deleted = s.deleted, "drafts swept")
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "draft sweep failed"),
            }
        }
    });
}

/// Deletes expired sessions and registrations that stopped waiting for their code, every `every`
/// until the process ends (safe with several instances: plain deletes of expired rows).
pub fn spawn_session_sweeper(pool: DbPool, every: Duration, clock: crate::clock::Clock) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let swept = async {
                let mut conn = pool.get().await?;
                let sessions = crate::db::sessions::sweep(&mut conn, clock.now()).await?;
                let pending = crate::db::registrations::sweep(&mut conn).await?;
                crate::db::one_time_codes::sweep(&mut conn, clock.now()).await?;
                Ok::<_, DbError>((sessions, pending))
            }
            .await;
            match swept {
                Ok((0, 0)) => {}
                Ok((sessions, pending)) => {
                    tracing::info!(sessions, pending, "expired sessions swept")
                }
                Err(e) => tracing::error!(error = %e, "session sweep failed"),
            }
        }
    });
}

/// Every `every`, removes uploads that nothing names any more (made over a day ago), then the
/// stored contents no upload names (stored over an hour ago): files replaced or removed, drafts
/// deleted. Safe to run on every instance at once (each removal is one statement).
pub fn spawn_upload_sweeper(
    pool: DbPool,
    storage: crate::storage::Storage,
    every: Duration,
    clock: crate::clock::Clock,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match sweep_uploads(&pool, &storage, clock.now()).await {
                Ok((0, 0)) => {}
                Ok((uploads, contents)) => {
                    tracing::info!(uploads, contents, "unused uploads swept")
                }
                Err(e) => tracing::error!(error = %e, "upload sweep failed"),
            }
        }
    });
}

/// One sweep of [`spawn_upload_sweeper`] as of `now`: (uploads, contents) removed.
pub async fn sweep_uploads(
    pool: &DbPool,
    storage: &crate::storage::Storage,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<(usize, usize)> {
    let uploads = {
        let mut conn = pool.get().await?;
        crate::db::uploads::sweep_unreferenced(&mut conn, now - chrono::Duration::days(1)).await?
    };
    let contents = storage
        .sweep(pool, now - chrono::Duration::hours(1))
        .await?;
    Ok((uploads, contents))
}

/// Forgets idle rate-limit keys every `every` until the process ends (memory stays bounded by
/// the callers of the last hour).
pub fn spawn_limit_sweeper(limits: std::sync::Arc<crate::rate_limit::RateLimits>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match limits.forget_idle().await {
                Ok(0) => {}
                Ok(forgotten) => tracing::debug!(forgotten, "idle rate-limit keys forgotten"),
                Err(e) => tracing::error!(error = %e, "rate-limit sweep failed"),
            }
        }
    });
}

/// What one certificate sweep did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CertificatesSwept {
    /// Notices sent (freeze or cancellation coming, renewal open, expiry close).
    pub noticed: usize,
    /// Freezes and cancellations proposed to the issuing county's clerks.
    pub proposed: usize,
}

/// The certificates' lifecycle (001 §四(二)(三)): an un-migrated hukou move is noticed, then a
/// freeze is proposed after 6 months, noticed again, then a cancellation proposed after a year
/// (`domain::certificate::unmigrated_step`; a clerk confirms each “经核实后”); holders are reminded when renewal opens and before expiry. Each notice and
/// each status change is claimed once (`UPDATE … WHERE … IS NULL` / `WHERE status = …`), so
/// several instances never send or change twice; a status change bumps the version, so earlier
/// verification codes show as out of date at once.
pub async fn sweep_certificates(
    pool: &DbPool,
    outbox: &Outbox,
    now: DateTime<Utc>,
) -> Result<CertificatesSwept, DbError> {
    let today = local_date(now);
    let mut conn = pool.get().await?;
    // Renewal opens 9 years after the validity began; expiry reminders 90 days ahead.
    let renewal_bound = today
        .checked_sub_months(chrono::Months::new(12 * 9))
        .unwrap_or(today);
    let expiry_bound = today + Days::new(EXPIRY_REMINDER_DAYS);
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let watched =
        certificates::watched(&mut conn, renewal_bound, expiry_bound, year_start, 1000).await?;
    let mut swept = CertificatesSwept::default();
    for c in watched {
        let Some(account) = c.account() else { continue };
        let lang = c
            .lang
            .as_deref()
            .and_then(Lang::from_tag)
            .unwrap_or_default()
            .tag();
        let notice = |kind: MessageKind, date: NaiveDate| Notice {
            to: To::Account(account),
            kind,
            params: serde_json::json!({ "deadline": date.to_string(), "expires": c.expires_on.to_string() }),
            lang,
        };
        if let Some(moved) = c.hukou_moved_on {
            sweep_move(&mut conn, &c, moved, today, &notice, &mut swept).await?;
        }
        // 网上年审 (001 通知六): once a year, for a valid certificate issued before this year.
        if let ReviewDue::Due(year) =
            review_due(c.status, c.issued_on, c.review_reminded_year, today)
        {
            let params = serde_json::json!({ "deadline": year.to_string() });
            let reminder = Notice {
                params,
                ..notice(MessageKind::AnnualReviewDue, today)
            };
            let done = remind_review_once(&mut conn, c.id, year, reminder).await?;
            swept.noticed += usize::from(done);
        }
        if c.status == CertificateStatus::Valid {
            let (renewal, expiry) = reminders_due(
                c.valid_from,
                c.expires_on,
                today,
                c.renewal_reminded,
                c.expiry_reminded,
            );
            for (due, sent, kind, date) in [
                (renewal, Sent::Renewal, MessageKind::RenewalOpen, today),
                (expiry, Sent::Expiry, MessageKind::ExpirySoon, c.expires_on),
            ] {
                if due {
                    let done = notify_once(&mut conn, c.id, sent, notice(kind, date)).await?;
                    swept.noticed += usize::from(done);
                }
            }
        }
    }
    drop(conn);
    if swept != CertificatesSwept::default() {
        outbox.wake();
    }
    Ok(swept)
}

/// A certificate whose holder's hukou moved out on `moved` and was not migrated (001 §四(三)):
/// the holder is told before it is frozen and before it is cancelled; when the day comes the
/// job proposes the step and a clerk of the issuing county confirms it “经核实后”
/// (`web::staff::proposals`), the holder being told then.
async fn sweep_move(
    conn: &mut AsyncPgConnection,
    c: &Watched,
    moved: NaiveDate,
    today: NaiveDate,
    notice: &(dyn Fn(MessageKind, NaiveDate) -> Notice + Sync),
    swept: &mut CertificatesSwept,
) -> Result<(), DbError> {
    let step = unmigrated_step(moved, today, c.status, c.freeze_noticed, c.cancel_noticed);
    let freeze_on = freeze_from(moved) + Days::new(1);
    let cancel_on = add_years(moved, 1) + Days::new(1);
    let done = match step {
        Some(MoveStep::NoticeFreeze) => {
            let freeze = notice(MessageKind::FreezeSoon, freeze_on);
            notify_once(conn, c.id, Sent::Freeze, freeze).await?
        }
        Some(MoveStep::NoticeCancel) => {
            let cancel = notice(MessageKind::CancelSoon, cancel_on);
            notify_once(conn, c.id, Sent::Cancel, cancel).await?
        }
        Some(step) => {
            if let Some(code) = step.proposal_code()
                && crate::db::move_proposals::propose(conn, c.id, code, today).await?
            {
                swept.proposed += 1;
            }
            false
        }
        None => false,
    };
    swept.noticed += usize::from(done);
    Ok(())
}

/// Marks a notice sent and posts it, in one transaction; false when it was sent before.
async fn notify_once(
    conn: &mut diesel_async::AsyncPgConnection,
    id: i64,
    which: crate::db::certificates::Sent,
    notice: Notice,
) -> Result<bool, DbError> {
    use diesel_async::AsyncConnection;
    let sent = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            if !crate::db::certificates::mark_sent(conn, id, which).await? {
                return Ok(false);
            }
            notice.post(conn).await?;
            Ok(true)
        })
        .await?;
    Ok(sent)
}

/// Marks `year`'s online review reminded and posts the reminder, in one transaction; false when
/// it was reminded (or done) before.
async fn remind_review_once(
    conn: &mut diesel_async::AsyncPgConnection,
    id: i64,
    year: i32,
    notice: Notice,
) -> Result<bool, DbError> {
    use diesel_async::AsyncConnection;
    let sent = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            if !crate::db::certificates::mark_review_reminded(conn, id, year).await? {
                return Ok(false);
            }
            notice.post(conn).await?;
            Ok(true)
        })
        .await?;
    Ok(sent)
}

/// Runs the certificate sweep every `every` until the process ends.
pub fn spawn_certificate_sweeper(
    pool: DbPool,
    outbox: Outbox,
    every: Duration,
    clock: crate::clock::Clock,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match sweep_certificates(&pool, &outbox, clock.now()).await {
                Ok(s) if s != CertificatesSwept::default() => tracing::info!(
                    noticed = s.noticed,
                    proposed = s.proposed,
                    "certificates swept"
                ),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "certificate sweep failed"),
            }
        }
    });
}
