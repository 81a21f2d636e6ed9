//! Background work inside the app process: warning about and then deleting unfinished drafts
//! (data minimisation for sensitive personal information). Safe with several app instances:
//! each draft is claimed by one `UPDATE … RETURNING`.

use std::time::Duration;

use chrono::{DateTime, Days, Utc};

use crate::db::drafts::Draft;
use crate::db::inbox::MessageKind;
use crate::db::outbox::Notice;
use crate::db::{DbError, DbPool};
use crate::delivery::Outbox;
use crate::domain::application::{DRAFT_LIFETIME_DAYS, DRAFT_WARNING_DAYS, draft_expires_on};
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
    for (draft, account_id, updated) in &due {
        let expires = draft_expires_on(local_date(*updated))
            .max(local_date(now) + Days::new(DRAFT_WARNING_DAYS))
            .format("%Y-%m-%d")
            .to_string();
        // No language is stored per account: the notice goes in the portal's first language.
        Notice {
            account_id: *account_id,
            kind: MessageKind::DraftExpiring,
            params: serde_json::json!({ "expires": expires }),
            lang: Lang::default().tag(),
        }
        .post(&mut conn)
        .await?;
        outbox.wake();
        tracing::info!(draft, account = account_id, "draft expiry warning sent");
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
pub fn spawn_draft_sweeper(pool: DbPool, outbox: Outbox, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match sweep_drafts(&pool, &outbox, Utc::now()).await {
                Ok(s) if s.warned + s.deleted > 0 => {
                    tracing::info!(warned = s.warned, deleted = s.deleted, "drafts swept")
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "draft sweep failed"),
            }
        }
    });
}

/// Forgets idle rate-limit keys every `every` until the process ends (memory stays bounded by
/// the callers of the last hour).
pub fn spawn_limit_sweeper(
    limits: std::sync::Arc<crate::web::rate_limit::RateLimits>,
    every: Duration,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            limits.forget_idle();
        }
    });
}
