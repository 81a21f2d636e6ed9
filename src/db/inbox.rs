//! The portal inbox: messages to an account, stored as a kind and parameters and rendered in the
//! reader's language.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::inbox_messages;

/// What a message is about (its locale keys are `inbox-<code>-subject` and `inbox-<code>-body`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// The account was created.
    Registered,
    /// The password was changed while signed in.
    PasswordChanged,
    /// The password was reset through an emailed link.
    PasswordReset,
    /// An application was submitted (reference, first deadline).
    ApplicationSubmitted,
    /// A draft will be deleted soon (its expiry date).
    DraftExpiring,
    /// A case moved to a new state (reference, state code).
    CaseUpdated,
    /// A certificate will be frozen for an un-migrated hukou move (deadline: from when).
    FreezeSoon,
    /// The certificate was frozen (001 §四(三)).
    Frozen,
    /// A frozen certificate will be cancelled (deadline: from when).
    CancelSoon,
    /// The certificate was cancelled after a year without migrating (001 §四(三)).
    CancelledUnmigrated,
    /// Renewal by expiry may now be requested (001 §四(二)1; expires: the last valid day).
    RenewalOpen,
    /// The certificate expires soon (expires: the last valid day).
    ExpirySoon,
    /// SMS only: the code that confirms a new account's mobile number (code).
    RegistrationCode,
    /// Someone tried to register with this account's ID number, mobile number or email.
    RegistrationAttempt,
    /// A trusted source verified the account's identity.
    IdentityVerified,
    /// A verified identity took the ID number this (unverified) account was registered with.
    IdentityDetached,
    /// Someone says they act for the person (name: who; code: the code to give them, if the
    /// person agrees).
    RepresentationClaimed,
    /// Someone said they act for the person under a name that is not on the record.
    RepresentationAttempt,
    /// A claim to act for someone was confirmed, refused or ended (state: the new status).
    RepresentationDecided,
    /// SMS only: the code that shows an unpublished result (code).
    LookupCode,
    /// This year's online review (网上年审, 001 通知六) is due (deadline: the year).
    AnnualReviewDue,
    /// An assessment is booked or moved (reference, institution, date, place, phone).
    AssessmentBooked,
    /// The person is on the institution's home-visit list (reference, institution, phone).
    HomeVisitListed,
    /// No session was free: the institution gives a date (reference, institution, phone).
    AssessmentWaiting,
    /// The assessment is on the next working day (reference, institution, date, place, phone).
    AssessmentReminder,
    /// Email only: a staff post's daily digest (office, open, new, due, date).
    StaffDigest,
    /// A clerk helped someone back into the account at a window (office, time): told on the old
    /// channels.
    AccountRecovered,
    /// SMS only: the link to choose a new password, sent to the mobile number given at the
    /// window (link, expires).
    RecoveryLink,
}

impl MessageKind {
    /// Every kind.
    pub const ALL: [MessageKind; 28] = [
        MessageKind::Registered,
        MessageKind::PasswordChanged,
        MessageKind::PasswordReset,
        MessageKind::ApplicationSubmitted,
        MessageKind::DraftExpiring,
        MessageKind::CaseUpdated,
        MessageKind::FreezeSoon,
        MessageKind::Frozen,
        MessageKind::CancelSoon,
        MessageKind::CancelledUnmigrated,
        MessageKind::RenewalOpen,
        MessageKind::ExpirySoon,
        MessageKind::RegistrationCode,
        MessageKind::RegistrationAttempt,
        MessageKind::IdentityVerified,
        MessageKind::IdentityDetached,
        MessageKind::RepresentationClaimed,
        MessageKind::RepresentationAttempt,
        MessageKind::RepresentationDecided,
        MessageKind::LookupCode,
        MessageKind::AnnualReviewDue,
        MessageKind::AssessmentBooked,
        MessageKind::HomeVisitListed,
        MessageKind::AssessmentWaiting,
        MessageKind::AssessmentReminder,
        MessageKind::StaffDigest,
        MessageKind::AccountRecovered,
        MessageKind::RecoveryLink,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            MessageKind::Registered => "registered",
            MessageKind::PasswordChanged => "password-changed",
            MessageKind::PasswordReset => "password-reset",
            MessageKind::ApplicationSubmitted => "application-submitted",
            MessageKind::DraftExpiring => "draft-expiring",
            MessageKind::CaseUpdated => "case-updated",
            MessageKind::FreezeSoon => "freeze-soon",
            MessageKind::Frozen => "frozen",
            MessageKind::CancelSoon => "cancel-soon",
            MessageKind::CancelledUnmigrated => "cancelled-unmigrated",
            MessageKind::RenewalOpen => "renewal-open",
            MessageKind::ExpirySoon => "expiry-soon",
            MessageKind::RegistrationCode => "registration-code",
            MessageKind::RegistrationAttempt => "registration-attempt",
            MessageKind::IdentityVerified => "identity-verified",
            MessageKind::IdentityDetached => "identity-detached",
            MessageKind::RepresentationClaimed => "representation-claimed",
            MessageKind::RepresentationAttempt => "representation-attempt",
            MessageKind::RepresentationDecided => "representation-decided",
            MessageKind::LookupCode => "lookup-code",
            MessageKind::AnnualReviewDue => "annual-review-due",
            MessageKind::AssessmentBooked => "assessment-booked",
            MessageKind::HomeVisitListed => "home-visit-listed",
            MessageKind::AssessmentWaiting => "assessment-waiting",
            MessageKind::AssessmentReminder => "assessment-reminder",
            MessageKind::StaffDigest => "staff-digest",
            MessageKind::AccountRecovered => "account-recovered",
            MessageKind::RecoveryLink => "recovery-link",
        }
    }
}

/// A stored message.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = inbox_messages)]
pub struct Message {
    /// Row id.
    pub id: i64,
    /// Kind code.
    pub kind: String,
    /// Parameters for the text.
    pub params: serde_json::Value,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
    /// When it was first opened.
    pub read_at: Option<DateTime<Utc>>,
}

/// Puts a message in an account's inbox.
pub async fn post(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    kind: MessageKind,
    params: serde_json::Value,
) -> QueryResult<i64> {
    diesel::insert_into(inbox_messages::table)
        .values((
            inbox_messages::account_id.eq(account_id),
            inbox_messages::kind.eq(kind.code()),
            inbox_messages::params.eq(params),
        ))
        .returning(inbox_messages::id)
        .get_result(conn)
        .await
}

/// Up to `limit` messages older than `before` (newest first): keyset paging, no OFFSET.
pub async fn page(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Message>> {
    let mut query = inbox_messages::table
        .filter(inbox_messages::account_id.eq(account_id))
        .order(inbox_messages::id.desc())
        .limit(limit)
        .select(Message::as_select())
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(inbox_messages::id.lt(before));
    }
    query.load(conn).await
}

/// An opened message, and whether it was unread before.
#[derive(Debug, Clone, QueryableByName)]
pub struct Opened {
    /// Row id.
    #[diesel(sql_type = diesel::sql_types::Int8)]
    pub id: i64,
    /// Kind code.
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub kind: String,
    /// Parameters.
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub params: serde_json::Value,
    /// Sent at.
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    pub created_at: DateTime<Utc>,
    /// Read at (now set).
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>)]
    pub read_at: Option<DateTime<Utc>>,
    /// It had not been read before this opening.
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub was_unread: bool,
}

impl From<Opened> for Message {
    fn from(o: Opened) -> Self {
        Message {
            id: o.id,
            kind: o.kind,
            params: o.params,
            created_at: o.created_at,
            read_at: o.read_at,
        }
    }
}

/// Opens a message of `account_id`, marking it read, in one statement; none when it belongs to
/// someone else.
pub async fn open(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    id: i64,
) -> QueryResult<Option<Opened>> {
    diesel::sql_query(
        "WITH before AS (SELECT read_at FROM inbox_messages WHERE id = $1 AND account_id = $2)
         UPDATE inbox_messages m SET read_at = COALESCE(m.read_at, portal_now())
         FROM before WHERE m.id = $1 AND m.account_id = $2
         RETURNING m.id, m.kind, m.params, m.created_at, m.read_at,
                   before.read_at IS NULL AS was_unread",
    )
    .bind::<diesel::sql_types::Int8, _>(id)
    .bind::<diesel::sql_types::Int8, _>(account_id)
    .get_result(conn)
    .await
    .optional()
}
