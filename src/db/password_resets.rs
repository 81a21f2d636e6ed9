//! Single-use, expiring password-reset tokens (only their SHA-256 is stored).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::password_resets;

/// Stores a token hash for `account_id`, valid until `expires_at`.
pub async fn create(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(password_resets::table)
        .values((
            password_resets::account_id.eq(account_id),
            password_resets::token_hash.eq(token_hash),
            password_resets::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The account a still-usable token belongs to.
pub async fn find_usable(
    conn: &mut AsyncPgConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<i64>> {
    password_resets::table
        .filter(password_resets::token_hash.eq(token_hash))
        .filter(password_resets::used_at.is_null())
        .filter(password_resets::expires_at.gt(now))
        .select(password_resets::account_id)
        .first(conn)
        .await
        .optional()
}

/// Marks every open token of the account used, so that each link works once and older links die
/// with it. Returns whether `token_hash` was among them (false when another request won).
pub async fn consume_all(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let used: Vec<String> = diesel::update(
        password_resets::table
            .filter(password_resets::account_id.eq(account_id))
            .filter(password_resets::used_at.is_null()),
    )
    .set(password_resets::used_at.eq(now))
    .returning(password_resets::token_hash)
    .get_results(conn)
    .await?;
    Ok(used.iter().any(|h| h == token_hash))
}
