//! The audit log: every staff view of personal data and every staff action, and what was done
//! about an account at a counter. Rows cannot be changed or deleted (triggers).

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::audit_log;

/// Writes an audit entry (every staff view of personal data and every staff action).
pub async fn entry(
    conn: &mut AsyncPgConnection,
    actor_account_id: i64,
    office_id: Option<i64>,
    application_id: Option<i64>,
    what: &str,
) -> QueryResult<()> {
    about_person(
        conn,
        actor_account_id,
        office_id,
        application_id,
        None,
        what,
    )
    .await
}

/// Writes an audit entry that also names the person it was about.
pub async fn about_person(
    conn: &mut AsyncPgConnection,
    actor_account_id: i64,
    office_id: Option<i64>,
    application_id: Option<i64>,
    person_id: Option<i64>,
    what: &str,
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::actor_account_id.eq(actor_account_id),
            audit_log::office_id.eq(office_id),
            audit_log::application_id.eq(application_id),
            audit_log::person_id.eq(person_id),
            audit_log::what.eq(what),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Writes an audit entry about an account (identity verified at a counter, sessions ended).
pub async fn about_account(
    conn: &mut AsyncPgConnection,
    actor_account_id: i64,
    office_id: Option<i64>,
    subject_account_id: i64,
    what: &str,
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::actor_account_id.eq(actor_account_id),
            audit_log::office_id.eq(office_id),
            audit_log::subject_account_id.eq(Some(subject_account_id)),
            audit_log::what.eq(what),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}
