//! Sessions kept on the server: the cookie carries a random key, the table its SHA-256 and the
//! state. Signing out deletes the row, so a saved cookie opens nothing afterwards.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::sessions;

/// The state of session `key_hash`, unless it expired.
pub async fn load(
    conn: &mut AsyncPgConnection,
    key_hash: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<HashMap<String, String>>> {
    let state: Option<serde_json::Value> = sessions::table
        .find(key_hash)
        .filter(sessions::expires_at.gt(now))
        .select(sessions::state)
        .first(conn)
        .await
        .optional()?;
    Ok(state.and_then(|v| serde_json::from_value(v).ok()))
}

/// The account a session's state is signed in as (`uid`, stored as JSON text by actix-session).
fn account_of(state: &HashMap<String, String>) -> Option<i64> {
    state.get("uid").and_then(|v| v.parse().ok())
}

/// Stores a new session, or replaces the state of an existing one; false when `only_existing`
/// and there was none.
pub async fn store(
    conn: &mut AsyncPgConnection,
    key_hash: &str,
    state: &HashMap<String, String>,
    expires_at: DateTime<Utc>,
) -> QueryResult<()> {
    let json = serde_json::Value::Object(
        state
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect(),
    );
    let account = account_of(state);
    diesel::insert_into(sessions::table)
        .values((
            sessions::key_hash.eq(key_hash),
            sessions::state.eq(&json),
            sessions::account_id.eq(account),
            sessions::expires_at.eq(expires_at),
        ))
        .on_conflict(sessions::key_hash)
        .do_update()
        .set((
            sessions::state.eq(&json),
            sessions::account_id.eq(account),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Moves a session's expiry.
pub async fn touch(
    conn: &mut AsyncPgConnection,
    key_hash: &str,
    expires_at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(sessions::table.find(key_hash))
        .set(sessions::expires_at.eq(expires_at))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Deletes a session.
pub async fn delete(conn: &mut AsyncPgConnection, key_hash: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.find(key_hash))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Ends every session of an account, wherever it is kept: the rows here are deleted and the
/// account's session epoch moves on (sessions in Redis carry the old epoch and end on their next
/// request). How many rows there were.
pub async fn end_all(conn: &mut AsyncPgConnection, account_id: i64) -> QueryResult<usize> {
    use super::schema::accounts;
    use diesel_async::AsyncConnection;
    conn.transaction(async |conn| {
        diesel::update(accounts::table.find(account_id))
            .set(accounts::session_epoch.eq(accounts::session_epoch + 1))
            .execute(conn)
            .await?;
        diesel::delete(sessions::table.filter(sessions::account_id.eq(account_id)))
            .execute(conn)
            .await
    })
    .await
}

/// Deletes expired sessions; how many.
pub async fn sweep(conn: &mut AsyncPgConnection, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now)))
        .execute(conn)
        .await
}
