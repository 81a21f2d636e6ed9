//! Registrations waiting for the code sent to their mobile number: the account is made only when
//! the code comes back, so nobody can hold a mobile number or an ID number they cannot receive
//! codes for.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::accounts::{CreateAccountError, NewAccount};
use super::inbox::MessageKind;
use super::outbox::{self, Notice, To};
use super::schema::pending_registrations;
use crate::domain::Role;
use crate::domain::identity::IdentityLevel;
use crate::domain::one_time_code::{CodeRefused, Purpose};

/// How long a registration waits for its code.
pub const WAITS: Duration = Duration::minutes(30);

/// A registration to wait for its code.
#[derive(Debug, Insertable)]
#[diesel(table_name = pending_registrations)]
pub struct NewPending<'a> {
    /// Real name as typed.
    pub real_name: &'a str,
    /// Normalised ID number.
    pub id_number: &'a str,
    /// Mobile number the code goes to.
    pub phone: &'a str,
    /// Email, if given.
    pub email: Option<&'a str>,
    /// Argon2id PHC string.
    pub password_hash: &'a str,
    /// Language of the SMS.
    pub lang: &'a str,
    /// When it stops waiting.
    pub expires_at: DateTime<Utc>,
}

impl NewPending<'_> {
    /// Stores the registration, its code and the SMS carrying it, in one transaction.
    pub async fn start(
        &self,
        conn: &mut AsyncPgConnection,
        code: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> QueryResult<i64> {
        conn.transaction(async |conn| {
            let id: i64 = diesel::insert_into(pending_registrations::table)
                .values(self)
                .returning(pending_registrations::id)
                .get_result(conn)
                .await?;
            send_code(conn, id, self.phone, self.lang, code, now).await?;
            Ok(id)
        })
        .await
    }
}

async fn send_code(
    conn: &mut AsyncPgConnection,
    pending: i64,
    phone: &str,
    lang: &str,
    code: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> QueryResult<()> {
    super::one_time_codes::issue(conn, Purpose::Registration, pending, code, now).await?;
    outbox::queue_sms(
        conn,
        &format!("registration-{pending}-{}", now.timestamp_micros()),
        phone,
        MessageKind::RegistrationCode,
        serde_json::json!({ "code": code }),
        lang,
    )
    .await
}

/// Sends a new code for a registration still waiting; false when there is none.
pub async fn resend(
    conn: &mut AsyncPgConnection,
    pending: i64,
    code: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> QueryResult<bool> {
    conn.transaction(async |conn| {
        let row: Option<(String, String)> = pending_registrations::table
            .find(pending)
            .filter(pending_registrations::expires_at.gt(super::portal_now()))
            .select((pending_registrations::phone, pending_registrations::lang))
            .first(conn)
            .await
            .optional()?;
        match row {
            Some((phone, lang)) => {
                send_code(conn, pending, &phone, &lang, code, now).await?;
                Ok(true)
            }
            None => Ok(false),
        }
    })
    .await
}

/// Why a registration was not completed.
#[derive(Debug, thiserror::Error)]
pub enum ConfirmError {
    /// The code was wrong, spent, or the registration is gone.
    #[error(transparent)]
    Code(#[from] CodeRefused),
    /// Someone else took an identifier meanwhile.
    #[error("an identifier was taken meanwhile")]
    Taken,
    /// A query failed.
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// Checks the code of registration `pending` and, when it is right, makes the (unverified)
/// account, with the welcome notice, in one transaction; the new account's id.
pub async fn confirm(
    conn: &mut AsyncPgConnection,
    pending: i64,
    typed: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, ConfirmError> {
    // The guess is counted even when the code is wrong (its own transaction).
    let verdict = conn
        .transaction(async |conn| {
            super::one_time_codes::check(conn, Purpose::Registration, pending, typed, now).await
        })
        .await?;
    verdict?;
    conn.transaction::<_, ConfirmError, _>(async |conn| {
        type Row = (String, String, String, Option<String>, String, String);
        let row: Option<Row> = pending_registrations::table
            .find(pending)
            .filter(pending_registrations::expires_at.gt(now))
            .select((
                pending_registrations::real_name,
                pending_registrations::id_number,
                pending_registrations::phone,
                pending_registrations::email,
                pending_registrations::password_hash,
                pending_registrations::lang,
            ))
            .for_update()
            .first(conn)
            .await
            .optional()?;
        let Some((name, id_number, phone, email, hash, lang)) = row else {
            return Err(CodeRefused::Spent.into());
        };
        let lang: &'static str = if lang == "en" { "en" } else { "zh" };
        let id = NewAccount {
            real_name: &name,
            id_number: Some(&id_number),
            phone: &phone,
            email: email.as_deref(),
            password_hash: &hash,
            roles: vec![Role::Applicant.code().to_owned()],
            is_demo: false,
            identity: IdentityLevel::Unverified.code(),
            identity_source: None,
            phone_confirmed_at: Some(now),
            oidc_subject: None,
            lang,
        }
        .insert(conn)
        .await
        .map_err(|e| match e {
            CreateAccountError::Db(e) => ConfirmError::Db(e),
            _ => ConfirmError::Taken,
        })?;
        diesel::delete(pending_registrations::table.find(pending))
            .execute(conn)
            .await?;
        let time = now
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%Y-%m-%d %H:%M")
            .to_string();
        Notice {
            to: To::Account(id),
            kind: MessageKind::Registered,
            params: serde_json::json!({ "time": time, "name": name }),
            lang,
        }
        .post(conn)
        .await?;
        Ok(id)
    })
    .await
}

/// Deletes registrations that stopped waiting.
pub async fn sweep(conn: &mut AsyncPgConnection) -> QueryResult<usize> {
    diesel::delete(
        pending_registrations::table
            .filter(pending_registrations::expires_at.le(super::portal_now())),
    )
    .execute(conn)
    .await
}
