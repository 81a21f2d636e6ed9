//! One-time codes: only a hash is stored; issuing a new code for the same purpose and subject
//! spends the earlier ones; each check counts a guess in the same statement that reads the code.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::one_time_codes;
use crate::domain::one_time_code::{self, CodeRefused, Purpose, Stored};

fn hash(purpose: Purpose, subject_id: i64, code: &str) -> String {
    crate::auth::sha256_hex(&format!("{}:{subject_id}:{code}", purpose.code()))
}

/// Stores a new code for `subject_id` (spending earlier unused ones).
pub async fn issue(
    conn: &mut AsyncPgConnection,
    purpose: Purpose,
    subject_id: i64,
    code: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(
        one_time_codes::table
            .filter(one_time_codes::purpose.eq(purpose.code()))
            .filter(one_time_codes::subject_id.eq(subject_id))
            .filter(one_time_codes::used_at.is_null()),
    )
    .set(one_time_codes::used_at.eq(Some(now)))
    .execute(conn)
    .await?;
    diesel::insert_into(one_time_codes::table)
        .values((
            one_time_codes::purpose.eq(purpose.code()),
            one_time_codes::subject_id.eq(subject_id),
            one_time_codes::code_hash.eq(hash(purpose, subject_id, code)),
            one_time_codes::expires_at.eq(now + one_time_code::LIFETIME),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The newest code of a subject.
#[derive(Queryable)]
struct Newest {
    id: i64,
    code_hash: String,
    attempts: i32,
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
}

/// Checks `typed` against the newest code for `subject_id`: a right code is used up, a wrong
/// one counts a guess. Call inside the transaction of what the code unlocks.
pub async fn check(
    conn: &mut AsyncPgConnection,
    purpose: Purpose,
    subject_id: i64,
    typed: &str,
    now: DateTime<Utc>,
) -> QueryResult<Result<(), CodeRefused>> {
    let newest: Option<Newest> = one_time_codes::table
        .filter(one_time_codes::purpose.eq(purpose.code()))
        .filter(one_time_codes::subject_id.eq(subject_id))
        .order(one_time_codes::id.desc())
        .select((
            one_time_codes::id,
            one_time_codes::code_hash,
            one_time_codes::attempts,
            one_time_codes::expires_at,
            one_time_codes::used_at,
        ))
        .for_update()
        .first(conn)
        .await
        .optional()?;
    let newest = newest.map(|n| (n.id, n.code_hash, n.attempts, n.expires_at, n.used_at));
    let typed = one_time_code::normalise(typed);
    let matches = match (&newest, &typed) {
        (Some((_, stored_hash, ..)), Some(t)) => {
            use subtle::ConstantTimeEq;
            let h = hash(purpose, subject_id, t);
            bool::from(h.as_bytes().ct_eq(stored_hash.as_bytes()))
        }
        _ => false,
    };
    let verdict = one_time_code::check(
        newest
            .as_ref()
            .map(|(_, _, attempts, expires_at, used)| Stored {
                attempts: *attempts,
                expires_at: *expires_at,
                used: used.is_some(),
            }),
        matches,
        now,
    );
    if let Some((id, ..)) = newest {
        let row = one_time_codes::table.find(id);
        if verdict.is_ok() {
            diesel::update(row)
                .set(one_time_codes::used_at.eq(Some(now)))
                .execute(conn)
                .await?;
        } else {
            diesel::update(row)
                .set(one_time_codes::attempts.eq(one_time_codes::attempts + 1))
                .execute(conn)
                .await?;
        }
    }
    Ok(verdict)
}

/// Deletes codes older than a day (long spent: a code lives minutes).
pub async fn sweep(conn: &mut AsyncPgConnection, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(
        one_time_codes::table
            .filter(one_time_codes::created_at.lt(now - chrono::Duration::days(1))),
    )
    .execute(conn)
    .await
}
