//! Accounts: login identities with their roles.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::accounts;
use crate::domain::Role;

/// A stored account.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct Account {
    /// Row id.
    pub id: i64,
    /// Verified real name.
    pub real_name: String,
    /// Normalised resident ID number.
    pub id_number: String,
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
}

impl Account {
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
    /// Normalised ID number.
    pub id_number: &'a str,
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
    /// Inserts the account and, in the same transaction, links it to the person with the same ID
    /// number (so that they see what others applied for on their behalf); tells which unique
    /// field clashed.
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
            super::people::link_account(conn, self.id_number, self.real_name, id).await?;
            Ok(id)
        })
        .await
    }
}
