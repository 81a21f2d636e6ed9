//! The transactional outbox: a notice is posted to the portal inbox and queued for email and SMS in
//! the caller's transaction, so a change and the message about it are stored together or not at
//! all. The delivery worker (`crate::delivery`) claims due rows with `FOR UPDATE SKIP LOCKED`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::inbox::{self, MessageKind};
use super::schema::{accounts, outbox};
use crate::domain::channel::Recipient;

/// Whom a notice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum To {
    /// One account.
    Account(i64),
    /// Everyone who hears about application `id` ([`crate::domain::channel::case_recipients`]):
    /// the account that applied, the disabled person and their guardians.
    Case(i64),
}

/// A message: inbox always, email when the account has an address and takes email, SMS to its
/// mobile number when it takes SMS; each in the recipient's chosen language, else `lang`.
#[derive(Debug, Clone)]
pub struct Notice {
    /// The recipients.
    pub to: To,
    /// What it is about.
    pub kind: MessageKind,
    /// The text's parameters (see `crate::i18n::MESSAGE_PARAMS`).
    pub params: serde_json::Value,
    /// The language of the email and SMS (`zh` / `en`) unless the recipient chose one.
    pub lang: &'static str,
}

impl Notice {
    /// Posts the inbox copies and queues one delivery per channel (idempotency key = inbox
    /// message id + channel). Run it inside the transaction of the change it reports. Returns
    /// the accounts posted to (whose cached unread counts are then stale).
    pub async fn post(&self, conn: &mut AsyncPgConnection) -> QueryResult<Vec<i64>> {
        match self.to {
            To::Account(id) => {
                self.post_to(conn, id).await?;
                Ok(vec![id])
            }
            To::Case(application_id) => {
                let (recipients, person) = super::recipients::of_case(conn, application_id).await?;
                let mut posted = vec![];
                for r in recipients {
                    match r {
                        Recipient::Account(id) => {
                            self.post_to(conn, id).await?;
                            posted.push(id);
                        }
                        Recipient::PersonSms(phone) => {
                            // One SMS per notice: it has no inbox copy to key it on.
                            let key = format!(
                                "case-{application_id}-{}-{:016x}",
                                self.kind.code(),
                                rand::random::<u64>()
                            );
                            let lang = person.notice_lang.as_deref().unwrap_or(self.lang);
                            queue_sms(conn, &key, &phone, self.kind, self.params.clone(), lang)
                                .await?;
                        }
                    }
                }
                Ok(posted)
            }
        }
    }

    async fn post_to(&self, conn: &mut AsyncPgConnection, account_id: i64) -> QueryResult<i64> {
        let message_id = inbox::post(conn, account_id, self.kind, self.params.clone()).await?;
        let (phone, email, lang, by_email, by_sms): (
            String,
            Option<String>,
            Option<String>,
            bool,
            bool,
        ) = accounts::table
            .find(account_id)
            .select((
                accounts::phone,
                accounts::email,
                accounts::notice_lang,
                accounts::notify_email,
                accounts::notify_sms,
            ))
            .first(conn)
            .await?;
        let lang = lang.as_deref().unwrap_or(self.lang);
        let channels = email
            .filter(|_| by_email)
            .map(|e| ("email", e))
            .into_iter()
            .chain((by_sms && !phone.is_empty()).then_some(("sms", phone)));
        let rows: Vec<_> = channels
            .map(|(channel, recipient)| {
                (
                    outbox::key.eq(format!("inbox-{message_id}-{channel}")),
                    outbox::channel.eq(channel),
                    outbox::account_id.eq(account_id),
                    outbox::recipient.eq(recipient),
                    outbox::lang.eq(lang),
                    outbox::kind.eq(self.kind.code()),
                    outbox::params.eq(self.params.clone()),
                )
            })
            .collect();
        diesel::insert_into(outbox::table)
            .values(rows)
            .on_conflict(outbox::key)
            .do_nothing()
            .execute(conn)
            .await?;
        Ok(message_id)
    }
}

/// Queues an SMS to a mobile number that may belong to no account (a person applied for by
/// someone else, a registration waiting for its code). Run it inside the transaction of the
/// change it reports; `key` makes it idempotent.
pub async fn queue_sms(
    conn: &mut AsyncPgConnection,
    key: &str,
    phone: &str,
    kind: MessageKind,
    params: serde_json::Value,
    lang: &str,
) -> QueryResult<()> {
    queue(conn, key, "sms", None, phone, kind, params, lang).await
}

/// Queues an email to an account's address only (a staff digest: no inbox copy, no SMS).
pub async fn queue_email(
    conn: &mut AsyncPgConnection,
    key: &str,
    account_id: i64,
    email: &str,
    kind: MessageKind,
    params: serde_json::Value,
    lang: &str,
) -> QueryResult<()> {
    queue(
        conn,
        key,
        "email",
        Some(account_id),
        email,
        kind,
        params,
        lang,
    )
    .await
}

/// Queues one delivery on `channel`; idempotent by `key`.
#[allow(clippy::too_many_arguments)]
async fn queue(
    conn: &mut AsyncPgConnection,
    key: &str,
    channel: &str,
    account_id: Option<i64>,
    recipient: &str,
    kind: MessageKind,
    params: serde_json::Value,
    lang: &str,
) -> QueryResult<()> {
    diesel::insert_into(outbox::table)
        .values((
            outbox::key.eq(key),
            outbox::channel.eq(channel),
            outbox::account_id.eq(account_id),
            outbox::recipient.eq(recipient),
            outbox::lang.eq(lang),
            outbox::kind.eq(kind.code()),
            outbox::params.eq(params),
        ))
        .on_conflict(outbox::key)
        .do_nothing()
        .execute(conn)
        .await
        .map(|_| ())
}

/// A queued delivery.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct Pending {
    /// Row id.
    pub id: i64,
    /// Idempotency key.
    pub key: String,
    /// `email` / `sms`.
    pub channel: String,
    /// The account, when the recipient has one.
    pub account_id: Option<i64>,
    /// Address or mobile number.
    pub recipient: String,
    /// Language tag.
    pub lang: String,
    /// Inbox kind code.
    pub kind: String,
    /// Parameters.
    pub params: serde_json::Value,
    /// Failed attempts so far.
    pub attempts: i32,
}

/// Locks up to `limit` deliveries due at `now` that no other worker holds (`FOR UPDATE SKIP
/// LOCKED`); call inside a transaction and finish each with [`sent`] or [`failed`].
pub async fn claim_due(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<Pending>> {
    outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .filter(outbox::next_attempt_at.le(now))
        .order((outbox::next_attempt_at, outbox::id))
        .limit(limit)
        .select(Pending::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}

/// Marks a delivery done.
pub async fn sent(conn: &mut AsyncPgConnection, id: i64, now: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::sent_at.eq(Some(now)),
            outbox::attempts.eq(outbox::attempts + 1),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Records a failed attempt: retried at `retry_at`, or given up when that is `None`.
pub async fn failed(
    conn: &mut AsyncPgConnection,
    id: i64,
    error: &str,
    now: DateTime<Utc>,
    retry_at: Option<DateTime<Utc>>,
) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(Some(error)),
            outbox::next_attempt_at.eq(retry_at.unwrap_or(now)),
            outbox::failed_at.eq(retry_at.is_none().then_some(now)),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}
