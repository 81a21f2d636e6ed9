//! The outbox worker: delivers queued notices by email (lettre over SMTP) and SMS (an HTTP
//! gateway), retrying with exponential backoff. Safe with several app instances: rows are claimed
//! with `SELECT … FOR UPDATE SKIP LOCKED`, and each carries an idempotency key that travels with
//! the message (Message-ID, `Idempotency-Key`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use tokio::sync::Notify;

use crate::config::Settings;
use crate::db::outbox::{self, Pending};
use crate::db::{DbError, DbPool};
use crate::domain::delivery::{backoff, gives_up};
use crate::email::Mailer;
use crate::i18n::Lang;

/// Where SMS go.
#[derive(Clone)]
pub enum Sms {
    /// An HTTP gateway.
    Gateway {
        /// Client (with a timeout).
        client: reqwest::Client,
        /// Endpoint.
        url: String,
        /// Bearer token.
        token: Option<String>,
    },
    /// JSON files in a folder (development without a gateway).
    Files(PathBuf),
}

impl Sms {
    /// The SMS channel the settings ask for.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        Ok(match &settings.sms_gateway_url {
            Some(url) => Sms::Gateway {
                client: reqwest::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()?,
                url: url.clone(),
                token: settings.sms_gateway_token.clone(),
            },
            None => {
                let dir = settings.var_dir.join("sms");
                std::fs::create_dir_all(&dir)?;
                Sms::Files(dir)
            }
        })
    }

    async fn send(&self, to: &str, text: &str, key: &str) -> Result<(), String> {
        let body = serde_json::json!({ "to": to, "text": text, "key": key });
        match self {
            Sms::Gateway { client, url, token } => {
                let mut request = client.post(url).header("Idempotency-Key", key).json(&body);
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                let response = request
                    .send()
                    .await
                    .map_err(|e| e.without_url().to_string())?;
                if response.status().is_success() {
                    Ok(())
                } else {
                    Err(format!("gateway answered {}", response.status()))
                }
            }
            Sms::Files(dir) => {
                let path = dir.join(format!("{key}.json"));
                tokio::fs::write(&path, body.to_string())
                    .await
                    .map_err(|e| e.to_string())
            }
        }
    }
}

/// The outbox's channels and retry base.
#[derive(Clone)]
pub struct Channels {
    /// Email.
    pub mailer: Mailer,
    /// SMS.
    pub sms: Sms,
    /// First retry wait.
    pub retry_base: Duration,
}

impl Channels {
    async fn deliver(&self, p: &Pending) -> Result<(), String> {
        let lang = Lang::from_tag(&p.lang).unwrap_or_default();
        let (subject, body) = lang.message(&p.kind, &p.params);
        match p.channel.as_str() {
            "email" => {
                let id = format!("<{}@portal.localhost>", p.key);
                self.mailer
                    .send_once(&p.recipient, &subject, body, Some(id))
                    .await
                    .map_err(|e| e.to_string())
            }
            "sms" => {
                let text = lang.sms(&p.kind, &p.params);
                self.sms.send(&p.recipient, &text, &p.key).await
            }
            other => Err(format!("unknown channel {other}")),
        }
    }
}

/// What one pass delivered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    /// Sent.
    pub sent: usize,
    /// Failed (to be retried or given up).
    pub failed: usize,
}

/// Rows claimed per transaction.
const BATCH: i64 = 20;

/// Delivers every message due at `now`, batch by batch; each batch's rows stay locked until their
/// outcome is stored, so no other worker sends them meanwhile.
pub async fn deliver_due(
    pool: &DbPool,
    channels: &Channels,
    now: DateTime<Utc>,
) -> Result<Delivered, DbError> {
    let mut total = Delivered::default();
    // When each message went: `now` moved on by the real time since.
    let started = Utc::now();
    loop {
        let mut conn = pool.get().await?;
        let pass = conn
            .transaction::<_, diesel::result::Error, _>(async |conn| {
                let due = outbox::claim_due(conn, now, BATCH).await?;
                let mut pass = (Delivered::default(), due.len());
                for p in &due {
                    match channels.deliver(p).await {
                        Ok(()) => {
                            outbox::sent(conn, p.id, now + (Utc::now() - started)).await?;
                            pass.0.sent += 1;
                        }
                        Err(error) => {
                            let attempts = p.attempts + 1;
                            let retry_at = (!gives_up(attempts)).then(|| {
                                now + chrono::Duration::from_std(backoff(
                                    channels.retry_base,
                                    attempts,
                                ))
                                .unwrap_or(chrono::Duration::hours(1))
                            });
                            tracing::warn!(
                                outbox = p.id,
                                channel = %p.channel,
                                attempts,
                                gave_up = retry_at.is_none(),
                                %error,
                                "notice not delivered"
                            );
                            outbox::failed(conn, p.id, &error, now, retry_at).await?;
                            pass.0.failed += 1;
                        }
                    }
                }
                Ok(pass)
            })
            .await?;
        total.sent += pass.0.sent;
        total.failed += pass.0.failed;
        if pass.1 < BATCH as usize {
            return Ok(total);
        }
    }
}

/// Wakes the outbox worker after a commit that queued messages.
#[derive(Clone, Default)]
pub struct Outbox {
    wake: Arc<Notify>,
}

impl Outbox {
    /// Asks the worker to look now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Runs the worker until the process ends: on every wake-up and every `poll`.
    pub fn spawn_worker(
        &self,
        pool: DbPool,
        channels: Channels,
        poll: Duration,
        clock: crate::clock::Clock,
    ) {
        let wake = self.wake.clone();
        tokio::spawn(async move {
            loop {
                match deliver_due(&pool, &channels, clock.now()).await {
                    Ok(d) if d.sent + d.failed > 0 => {
                        tracing::info!(sent = d.sent, failed = d.failed, "outbox delivered")
                    }
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "outbox pass failed"),
                }
                tokio::select! {
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(poll) => {}
                }
            }
        });
    }
}
