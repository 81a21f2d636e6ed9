//! Verifying an account's identity, in one transaction: the verified identity takes its ID number
//! from an unverified account that held it (which is told why), the account is marked verified
//! with its source, and the person's record with that ID number and name is attached
//! (`domain::identity`).

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::inbox::MessageKind;
use super::outbox::{Notice, To};
use super::schema::{accounts, people};
use crate::domain::identity::{self, Arrival, Attach, Holder, IdentityLevel, IdentitySource};

/// Attaches the person's record with `id_number` to the verified account `account_id` when the
/// rules allow it (creating the record when there is none); what happened.
pub async fn attach_person(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    id_number: &str,
    verified_name: &str,
    phone: &str,
) -> QueryResult<Attach> {
    let row: Option<(i64, String, bool, Option<i64>)> = people::table
        .filter(people::id_number.eq(id_number))
        .select((
            people::id,
            people::real_name,
            people::name_verified,
            people::account_id,
        ))
        .for_update()
        .first(conn)
        .await
        .optional()?;
    let record = row
        .as_ref()
        .map(|(_, name, verified, linked)| identity::PersonRecord {
            name: name.clone(),
            name_verified: *verified,
            attached_elsewhere: linked.is_some_and(|a| a != account_id),
        });
    let decision = identity::attach(record.as_ref(), verified_name);
    let values = (
        people::account_id.eq(Some(account_id)),
        people::real_name.eq(verified_name),
        people::name_verified.eq(true),
        people::phone.eq(Some(phone)),
    );
    match (decision, row) {
        (Attach::Create, _) => {
            diesel::insert_into(people::table)
                .values((people::id_number.eq(id_number), values))
                .execute(conn)
                .await?;
        }
        (Attach::Link | Attach::LinkCorrectingName, Some((person, ..))) => {
            diesel::update(people::table.find(person))
                .set(values)
                .execute(conn)
                .await?;
        }
        _ => {}
    }
    Ok(decision)
}

/// A verified identity for an account.
#[derive(Debug, Clone)]
pub struct Verification<'a> {
    /// The account being verified.
    pub account_id: i64,
    /// The real name the source confirmed.
    pub name: &'a str,
    /// The ID number the source confirmed (normalised).
    pub id_number: &'a str,
    /// The source.
    pub source: IdentitySource,
    /// The government account's `issuer subject`, for [`IdentitySource::GovernmentAccount`].
    pub oidc_subject: Option<&'a str>,
    /// Language of the notices.
    pub lang: &'static str,
}

/// What verifying did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// The unverified account that lost the ID number, if any.
    pub detached: Option<i64>,
    /// What happened to the person's record.
    pub attach: Attach,
}

/// Why an identity could not be verified.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// Another verified account holds this ID number.
    #[error("another verified account holds this ID number")]
    HeldByVerified,
    /// The account does not exist.
    #[error("no such account")]
    NoAccount,
    /// A query failed.
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl Verification<'_> {
    /// Verifies the account, detaching an unverified holder of the ID number and attaching the
    /// person's record, in one transaction.
    pub async fn apply(&self, conn: &mut AsyncPgConnection) -> Result<Verified, VerifyError> {
        conn.transaction::<_, VerifyError, _>(async |conn| {
            let holder: Option<(i64, String)> = accounts::table
                .filter(accounts::id_number.eq(self.id_number))
                .select((accounts::id, accounts::identity))
                .for_update()
                .first(conn)
                .await
                .optional()?;
            let arrival = identity::arrival(holder.as_ref().map(|(id, level)| Holder {
                same_account: *id == self.account_id,
                level: IdentityLevel::from_code(level).unwrap_or(IdentityLevel::Unverified),
            }));
            let detached = match arrival {
                Arrival::AlreadyVerifiedElsewhere => return Err(VerifyError::HeldByVerified),
                Arrival::DetachUnverified => holder.map(|(id, _)| id),
                Arrival::Free => None,
            };
            if let Some(other) = detached {
                detach(conn, other, self.lang).await?;
            }
            let phone: String = diesel::update(accounts::table.find(self.account_id))
                .set((
                    accounts::real_name.eq(self.name),
                    accounts::id_number.eq(Some(self.id_number)),
                    accounts::identity.eq(IdentityLevel::Verified.code()),
                    accounts::identity_source.eq(Some(self.source.code())),
                    accounts::identity_verified_at.eq(super::portal_now().nullable()),
                    accounts::updated_at.eq(super::portal_now()),
                ))
                .returning(accounts::phone)
                .get_result(conn)
                .await
                .optional()?
                .ok_or(VerifyError::NoAccount)?;
            if let Some(subject) = self.oidc_subject {
                diesel::update(accounts::table.find(self.account_id))
                    .set(accounts::oidc_subject.eq(Some(subject)))
                    .execute(conn)
                    .await?;
            }
            let attach =
                attach_person(conn, self.account_id, self.id_number, self.name, &phone).await?;
            Notice {
                to: To::Account(self.account_id),
                kind: MessageKind::IdentityVerified,
                params: serde_json::json!({ "name": self.name }),
                lang: self.lang,
            }
            .post(conn)
            .await?;
            Ok(Verified { detached, attach })
        })
        .await
    }
}

/// Takes the ID number from an unverified account (a verified identity arrived for it): the
/// account keeps what it created itself, loses the person's record, and is told why.
async fn detach(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    lang: &'static str,
) -> QueryResult<()> {
    diesel::update(accounts::table.find(account_id))
        .set((
            accounts::id_number.eq(None::<String>),
            accounts::updated_at.eq(super::portal_now()),
        ))
        .execute(conn)
        .await?;
    diesel::update(people::table.filter(people::account_id.eq(Some(account_id))))
        .set(people::account_id.eq(None::<i64>))
        .execute(conn)
        .await?;
    tracing::info!(
        account = account_id,
        "unverified account detached from its ID number"
    );
    Notice {
        to: To::Account(account_id),
        kind: MessageKind::IdentityDetached,
        params: serde_json::json!({}),
        lang,
    }
    .post(conn)
    .await
    .map(|_| ())
}

/// The account a government account signed in before, by its `issuer subject`.
pub async fn by_oidc_subject(
    conn: &mut AsyncPgConnection,
    subject: &str,
) -> QueryResult<Option<i64>> {
    accounts::table
        .filter(accounts::oidc_subject.eq(subject))
        .select(accounts::id)
        .first(conn)
        .await
        .optional()
}

/// The account holding an ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdHolder {
    /// The account.
    pub account_id: i64,
    /// Whether its identity is verified.
    pub verified: bool,
}

/// The account holding `id_number` and whether it is verified.
pub async fn holder_of(
    conn: &mut AsyncPgConnection,
    id_number: &str,
) -> QueryResult<Option<IdHolder>> {
    let row: Option<(i64, String)> = accounts::table
        .filter(accounts::id_number.eq(id_number))
        .select((accounts::id, accounts::identity))
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(|(account_id, level)| IdHolder {
        account_id,
        verified: IdentityLevel::from_code(&level) == Some(IdentityLevel::Verified),
    }))
}

/// A clerk who saw the ID card of the person the ID number belongs to takes it off an unverified
/// account that is not theirs; the account is told why.
pub async fn detach_by_clerk(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    lang: &'static str,
) -> QueryResult<()> {
    conn.transaction(async |conn| detach(conn, account_id, lang).await)
        .await
}
