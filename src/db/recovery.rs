//! Helping someone back into their account at the window (issue #21): after the clerk checked
//! the ID card, the account takes a newly given mobile number and a single-use link to choose a
//! new password goes there by SMS. The holder is told first on the old channels (inbox, the old
//! email and mobile), every session ends, and nothing else changes. One transaction.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::inbox::MessageKind;
use super::outbox::{self, Notice, To};
use super::password_resets;
use super::schema::accounts;

/// Why the account was not recovered.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// Another account holds the new mobile number.
    #[error("the mobile number belongs to another account")]
    PhoneTaken,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// A recovery the clerk decided on.
#[derive(Debug, Clone)]
pub struct Recovery<'a> {
    /// The account.
    pub account_id: i64,
    /// The mobile number the person gave at the window.
    pub new_phone: &'a str,
    /// The SHA-256 of the link's token.
    pub token_hash: &'a str,
    /// The link (sent by SMS, never stored).
    pub link: &'a str,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
    /// The office, named in the notice to the old channels.
    pub office: &'a str,
    /// When, as the notice says it (Beijing time).
    pub time: &'a str,
    /// The language of both messages unless the holder chose one.
    pub lang: &'static str,
}

impl Recovery<'_> {
    /// Tells the holder on the old channels, moves the account to the new mobile number, ends
    /// its sessions and sends the link there.
    pub async fn apply(&self, conn: &mut AsyncPgConnection) -> Result<(), RecoveryError> {
        conn.transaction::<_, RecoveryError, _>(async |conn| {
            let taken: bool = diesel::select(diesel::dsl::exists(
                accounts::table
                    .filter(accounts::phone.eq(self.new_phone))
                    .filter(accounts::id.ne(self.account_id)),
            ))
            .get_result(conn)
            .await?;
            if taken {
                return Err(RecoveryError::PhoneTaken);
            }
            Notice {
                to: To::Account(self.account_id),
                kind: MessageKind::AccountRecovered,
                params: serde_json::json!({ "office": self.office, "time": self.time }),
                lang: self.lang,
            }
            .post(conn)
            .await?;
            diesel::update(accounts::table.find(self.account_id))
                .set((
                    accounts::phone.eq(self.new_phone),
                    accounts::phone_confirmed_at.eq(super::portal_now().nullable()),
                    accounts::session_epoch.eq(accounts::session_epoch + 1),
                    accounts::updated_at.eq(diesel::dsl::now),
                ))
                .execute(conn)
                .await?;
            password_resets::create(conn, self.account_id, self.token_hash, self.expires_at)
                .await?;
            let expires = self
                .expires_at
                .with_timezone(&chrono_tz::Asia::Shanghai)
                .format("%H:%M")
                .to_string();
            outbox::queue_sms(
                conn,
                &format!("recovery-{}", &self.token_hash[..16]),
                self.new_phone,
                MessageKind::RecoveryLink,
                serde_json::json!({ "link": self.link, "expires": expires }),
                self.lang,
            )
            .await?;
            Ok(())
        })
        .await
    }
}
