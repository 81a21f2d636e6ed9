//! Drafts of the one form: saved on every page, listed on the dashboard, warned about and then
//! deleted when not saved for 30 days.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::drafts;

/// A draft.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = drafts)]
pub struct Draft {
    /// Row id (in URLs; only its owner can reach it).
    pub id: i64,
    /// Owner.
    pub account_id: i64,
    /// The answers as typed.
    pub answers: crate::domain::answers::Answers,
    /// First saved.
    pub created_at: DateTime<Utc>,
    /// Last saved.
    pub updated_at: DateTime<Utc>,
    /// When it was submitted (then it is read-only).
    pub submitted_at: Option<DateTime<Utc>>,
    /// Entered at a window for this person (none: the owner's own form).
    pub person_id: Option<i64>,
    /// online / counter / helper ([`crate::domain::channel::Channel`]).
    pub channel: String,
}

/// A draft whose owner is to be warned that it will expire.
#[derive(Debug, Clone, Queryable)]
pub struct DueWarning {
    /// The draft.
    pub draft_id: i64,
    /// Its owner.
    pub account_id: i64,
    /// When it was last saved.
    pub updated_at: DateTime<Utc>,
}

impl Draft {
    /// Starts an empty draft for `account_id`.
    pub async fn create(
        conn: &mut AsyncPgConnection,
        account_id: i64,
        answers: serde_json::Value,
    ) -> QueryResult<i64> {
        diesel::insert_into(drafts::table)
            .values((
                drafts::account_id.eq(account_id),
                drafts::answers.eq(answers),
            ))
            .returning(drafts::id)
            .get_result(conn)
            .await
    }

    /// Starts a draft that clerk (or village helper) `account_id` fills in at the window for
    /// `person_id`, prefilled with `answers` (which say who is at the window).
    pub async fn create_assisted(
        conn: &mut AsyncPgConnection,
        account_id: i64,
        person_id: i64,
        channel: crate::domain::channel::Channel,
        answers: serde_json::Value,
    ) -> QueryResult<i64> {
        diesel::insert_into(drafts::table)
            .values((
                drafts::account_id.eq(account_id),
                drafts::person_id.eq(person_id),
                drafts::channel.eq(channel.code()),
                drafts::answers.eq(answers),
            ))
            .returning(drafts::id)
            .get_result(conn)
            .await
    }

    /// The draft `id` if `account_id` owns it (one primary-key read).
    pub async fn find_owned(
        conn: &mut AsyncPgConnection,
        account_id: i64,
        id: i64,
    ) -> QueryResult<Option<Draft>> {
        drafts::table
            .find(id)
            .filter(drafts::account_id.eq(account_id))
            .select(Draft::as_select())
            .first(conn)
            .await
            .optional()
    }

    /// Saves the answers of an unsubmitted draft (restarting its 30 days), or with `submitted`
    /// the corrections of a submitted one whose sections the county reopened (the application
    /// takes them over on resubmission). False when there was nothing to save (the draft is not
    /// in that state, or not the owner's).
    pub async fn save(
        conn: &mut AsyncPgConnection,
        account_id: i64,
        id: i64,
        answers: serde_json::Value,
        submitted: bool,
    ) -> QueryResult<bool> {
        diesel::update(drafts::table.find(id))
            .filter(drafts::account_id.eq(account_id))
            .filter(drafts::submitted_at.is_not_null().eq(submitted))
            .set((
                drafts::answers.eq(answers),
                drafts::updated_at.eq(diesel::dsl::now),
                drafts::warned_at.eq(None::<DateTime<Utc>>),
            ))
            .execute(conn)
            .await
            .map(|n| n == 1)
    }

    /// The account's drafts not yet submitted, newest first.
    pub async fn open_for(
        conn: &mut AsyncPgConnection,
        account_id: i64,
    ) -> QueryResult<Vec<Draft>> {
        drafts::table
            .filter(drafts::account_id.eq(account_id))
            .filter(drafts::submitted_at.is_null())
            .order(drafts::id.desc())
            .limit(50)
            .select(Draft::as_select())
            .load(conn)
            .await
    }

    /// Marks drafts last saved before `cutoff` as warned and returns them: each is returned
    /// once, even with several app instances sweeping.
    pub async fn take_due_warnings(
        conn: &mut AsyncPgConnection,
        cutoff: DateTime<Utc>,
    ) -> QueryResult<Vec<DueWarning>> {
        diesel::update(drafts::table)
            .filter(drafts::submitted_at.is_null())
            .filter(drafts::warned_at.is_null())
            .filter(drafts::updated_at.lt(cutoff))
            .set(drafts::warned_at.eq(diesel::dsl::now))
            .returning((drafts::id, drafts::account_id, drafts::updated_at))
            .get_results(conn)
            .await
    }

    /// Deletes unsubmitted drafts last saved before `saved_before` whose owners were warned
    /// before `warned_before` (so a warning always comes some days before the deletion).
    pub async fn delete_expired(
        conn: &mut AsyncPgConnection,
        saved_before: DateTime<Utc>,
        warned_before: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::delete(drafts::table)
            .filter(drafts::submitted_at.is_null())
            .filter(drafts::warned_at.lt(warned_before))
            .filter(drafts::updated_at.lt(saved_before))
            .execute(conn)
            .await
    }
}
