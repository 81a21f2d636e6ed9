//! Outgoing mail: real SMTP (lettre) when configured, otherwise `.eml` files under the var folder.

use std::path::PathBuf;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{Settings, SmtpSecurity};

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// An SMTP relay.
    Smtp {
        /// The transport.
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// Sender.
        from: Mailbox,
    },
    /// Files in a folder (development without an SMTP server).
    Files {
        /// The transport.
        transport: AsyncFileTransport<Tokio1Executor>,
        /// The folder.
        dir: PathBuf,
        /// Sender.
        from: Mailbox,
    },
}

/// A mail could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The message could not be built.
    #[error("building the message: {0}")]
    Build(String),
    /// The transport failed.
    #[error("sending: {0}")]
    Send(String),
}

impl Mailer {
    /// Builds the mailer the settings ask for.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let from: Mailbox = settings
            .mail_from
            .parse()
            .map_err(|e| anyhow::anyhow!("MAIL_FROM is not a mailbox: {e}"))?;
        match &settings.smtp_host {
            Some(host) => {
                let builder = match settings.smtp_security {
                    SmtpSecurity::None => {
                        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                    }
                    SmtpSecurity::Starttls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?
                    }
                    SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
                };
                let mut builder = builder
                    .port(settings.smtp_port)
                    .timeout(Some(std::time::Duration::from_secs(10)));
                if let (Some(user), Some(pass)) = (&settings.smtp_user, &settings.smtp_password) {
                    builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
                }
                Ok(Mailer::Smtp {
                    transport: builder.build(),
                    from,
                })
            }
            None => {
                let dir = settings.var_dir.join("mail");
                std::fs::create_dir_all(&dir)?;
                Ok(Mailer::Files {
                    transport: AsyncFileTransport::<Tokio1Executor>::new(&dir),
                    dir,
                    from,
                })
            }
        }
    }

    /// Sends a plain-text message.
    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), MailError> {
        self.send_once(to, subject, body, None).await
    }

    /// Sends a plain-text message with a fixed `Message-ID` (`<key@host>`), so that a retry after
    /// an unclear failure is recognised as the same message downstream.
    pub async fn send_once(
        &self,
        to: &str,
        subject: &str,
        body: String,
        message_id: Option<String>,
    ) -> Result<(), MailError> {
        let to: Mailbox = to.parse().map_err(|e| MailError::Build(format!("{e}")))?;
        let from = match self {
            Mailer::Smtp { from, .. } | Mailer::Files { from, .. } => from.clone(),
        };
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(subject)
            .message_id(message_id)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| MailError::Build(e.to_string()))?;
        match self {
            Mailer::Smtp { transport, .. } => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Send(e.to_string())),
            Mailer::Files { transport, dir, .. } => {
                let id = transport
                    .send(message)
                    .await
                    .map_err(|e| MailError::Send(e.to_string()))?;
                tracing::info!(file = %dir.join(format!("{id}.eml")).display(), "mail written to file (no SMTP_HOST set)");
                Ok(())
            }
        }
    }
}
