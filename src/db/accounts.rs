//! Accounts: login identities with their roles.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::accounts;
use crate::domain::Role;
pub use crate::domain::identity::IdentityLevel;

/// A stored account.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct Account {
    /// Row id.
    pub id: i64,
    /// Verified real name.
    pub real_name: String,
    /// Normalised resident ID number; none once a verified identity took it from this
    /// (unverified) account.
    pub id_number: Option<String>,
    /// 11-digit mobile number.
    pub phone: String,
    /// Optional email address.
    pub email: Option<String>,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Role codes.
    pub roles: Vec<String>,
    /// Sessions carrying an older epoch have ended.
    pub session_epoch: i32,
    /// Part of the demo data set.
    pub is_demo: bool,
    /// Created at.
    pub created_at: DateTime<Utc>,
    /// `unverified` / `verified` (see [`IdentityLevel`]).
    pub identity: String,
    /// Where a verified identity came from: `oidc`, `counter` or `demo`.
    pub identity_source: Option<String>,
    /// The language the account was registered in (`zh` / `en`).
    pub lang: String,
    /// The language chosen for notices; none: the language of the page that caused them.
    pub notice_lang: Option<String>,
    /// Notices also by email (when there is an address).
    pub notify_email: bool,
    /// Notices also by SMS.
    pub notify_sms: bool,
}

impl Account {
    /// How sure the portal is of who holds this account.
    pub fn identity(&self) -> IdentityLevel {
        IdentityLevel::from_code(&self.identity).unwrap_or(IdentityLevel::Unverified)
    }

    /// The account's ID number (none once detached).
    pub fn id_number(&self) -> Option<crate::domain::IdNumber> {
        self.id_number
            .as_deref()
            .and_then(|n| crate::domain::IdNumber::parse(n).ok())
    }

    /// Whether a trusted source verified the holder's identity.
    pub fn is_verified(&self) -> bool {
        self.identity() == IdentityLevel::Verified
    }

    /// The roles this account holds (unknown codes ignored).
    pub fn roles(&self) -> Vec<Role> {
        self.roles
            .iter()
            .filter_map(|r| Role::from_code(r))
            .collect()
    }

    /// Whether the account holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.iter().any(|r| r == role.code())
    }

    /// Finds an account by id.
    pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<Account>> {
        accounts::table
            .find(id)
            .select(Account::as_select())
            .first(conn)
            .await
            .optional()
    }

    /// Finds an account and its number of unread inbox messages (one query).
    pub async fn find_with_unread(
        conn: &mut AsyncPgConnection,
        id: i64,
    ) -> QueryResult<Option<(Account, i64)>> {
        use super::schema::inbox_messages;
        let unread = inbox_messages::table
            .filter(inbox_messages::account_id.eq(accounts::id))
            .filter(inbox_messages::read_at.is_null())
            .count()
            .single_value();
        let found: Option<(Account, Option<i64>)> = accounts::table
            .find(id)
            .select((Account::as_select(), unread))
            .first(conn)
            .await
            .optional()?;
        Ok(found.map(|(a, n)| (a, n.unwrap_or(0))))
    }

    /// Finds an account by the sign-in identifier: a resident ID number or a mobile number.
    pub async fn find_by_identifier(
        conn: &mut AsyncPgConnection,
        identifier: &str,
    ) -> QueryResult<Option<Account>> {
        accounts::table
            .filter(
                accounts::id_number
                    .eq(identifier)
                    .or(accounts::phone.eq(identifier)),
            )
            .select(Account::as_select())
            .first(conn)
            .await
            .optional()
    }

    /// Replaces the password hash and ends every other session (epoch + 1).
    pub async fn set_password(
        conn: &mut AsyncPgConnection,
        id: i64,
        password_hash: &str,
    ) -> QueryResult<i32> {
        diesel::update(accounts::table.find(id))
            .set((
                accounts::password_hash.eq(password_hash),
                accounts::session_epoch.eq(accounts::session_epoch + 1),
                accounts::updated_at.eq(diesel::dsl::now),
            ))
            .returning(accounts::session_epoch)
            .get_result(conn)
            .await
    }
}

/// A new account to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = accounts)]
pub struct NewAccount<'a> {
    /// Real name.
    pub real_name: &'a str,
    /// Normalised ID number (none for an account a verification gives one to in the same
    /// transaction).
    pub id_number: Option<&'a str>,
    /// Mobile number.
    pub phone: &'a str,
    /// Email, if given.
    pub email: Option<&'a str>,
    /// Argon2id PHC string.
    pub password_hash: &'a str,
    /// Role codes.
    pub roles: Vec<String>,
    /// Demo data set member.
    pub is_demo: bool,
    /// `unverified`, or `verified` with its source.
    pub identity: &'static str,
    /// Where a verified identity came from.
    pub identity_source: Option<&'static str>,
    /// When the mobile number was confirmed (by a code, or by the government account).
    pub phone_confirmed_at: Option<DateTime<Utc>>,
    /// The government account's `issuer subject`, when it made this account.
    pub oidc_subject: Option<&'a str>,
    /// Language of notices.
    pub lang: &'a str,
}

/// Which of a registration's identifiers already belong to an account (checked before any
/// password is hashed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taken {
    /// The account holding the ID number.
    pub id_number: Option<i64>,
    /// The account holding the mobile number.
    pub phone: Option<i64>,
    /// The account holding the email address.
    pub email: Option<i64>,
}

impl Taken {
    /// Whether any identifier is taken.
    pub fn any(&self) -> bool {
        self.id_number.is_some() || self.phone.is_some() || self.email.is_some()
    }
}

/// Which of `id_number`, `phone`, `email` are taken (one indexed query).
pub async fn taken(
    conn: &mut AsyncPgConnection,
    id_number: &str,
    phone: &str,
    email: Option<&str>,
) -> QueryResult<Taken> {
    let email_lower = email.map(str::to_lowercase).unwrap_or_default();
    let rows: Vec<(i64, Option<String>, String, Option<String>)> = accounts::table
        .filter(
            accounts::id_number
                .eq(id_number)
                .or(accounts::phone.eq(phone))
                .or(
                    diesel::dsl::sql::<diesel::sql_types::Bool>("lower(email) = ")
                        .bind::<diesel::sql_types::Text, _>(email_lower.clone()),
                ),
        )
        .select((
            accounts::id,
            accounts::id_number,
            accounts::phone,
            accounts::email,
        ))
        .load(conn)
        .await?;
    let mut t = Taken::default();
    for (id, n, p, e) in rows {
        if n.as_deref() == Some(id_number) {
            t.id_number = Some(id);
        }
        if p == phone {
            t.phone = Some(id);
        }
        if email.is_some() && e.map(|e| e.to_lowercase()) == Some(email_lower.clone()) {
            t.email = Some(id);
        }
    }
    Ok(t)
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateAccountError {
    /// The ID number is taken.
    #[error("id number already registered")]
    IdNumberTaken,
    /// The mobile number is taken.
    #[error("phone already registered")]
    PhoneTaken,
    /// The email address is taken.
    #[error("email already registered")]
    EmailTaken,
    /// Anything else.
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl NewAccount<'_> {
    /// Inserts the account and, when its identity is verified, attaches in the same transaction
    /// the person's record with the same ID number and name (so that they see what others applied
    /// for on their behalf); tells which unique field clashed.
    pub async fn insert(&self, conn: &mut AsyncPgConnection) -> Result<i64, CreateAccountError> {
        use diesel_async::AsyncConnection;
        conn.transaction::<_, CreateAccountError, _>(async |conn| {
            let id = diesel::insert_into(accounts::table)
                .values(self)
                .returning(accounts::id)
                .get_result(conn)
                .await
                .map_err(|e| {
                    if super::is_unique_violation(&e, "accounts_id_number_key") {
                        CreateAccountError::IdNumberTaken
                    } else if super::is_unique_violation(&e, "accounts_phone_key") {
                        CreateAccountError::PhoneTaken
                    } else if super::is_unique_violation(&e, "accounts_email_lower") {
                        CreateAccountError::EmailTaken
                    } else {
                        CreateAccountError::Db(e)
                    }
                })?;
            if let (true, Some(id_number)) = (
                self.identity == IdentityLevel::Verified.code(),
                self.id_number,
            ) {
                super::identity::attach_person(conn, id, id_number, self.real_name, self.phone)
                    .await?;
            }
            Ok(id)
        })
        .await
    }
}

/// Stores how account `id` wants to be told: the language of notices (none: the page's), and
/// whether by email and SMS.
pub async fn set_notices(
    conn: &mut AsyncPgConnection,
    id: i64,
    lang: Option<&str>,
    email: bool,
    sms: bool,
) -> QueryResult<()> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::notice_lang.eq(lang),
            accounts::notify_email.eq(email),
            accounts::notify_sms.eq(sms),
            accounts::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}
