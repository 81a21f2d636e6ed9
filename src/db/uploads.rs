//! Uploaded files (metadata; the bytes are in [`crate::storage`]).

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::uploads;

/// A stored upload.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = uploads)]
pub struct Upload {
    /// Row id.
    pub id: i64,
    /// The account that uploaded it.
    pub owner_account_id: i64,
    /// SHA-256 of the content (the storage key).
    pub sha256: String,
    /// MIME type from the content sniffing.
    pub content_type: String,
    /// Size in bytes.
    pub byte_size: i32,
    /// The name the file had (shown, never used to decide anything).
    pub original_name: String,
}

/// A new upload row.
#[derive(Debug, Insertable)]
#[diesel(table_name = uploads)]
pub struct NewUpload<'a> {
    /// Owner.
    pub owner_account_id: i64,
    /// Content hash.
    pub sha256: &'a str,
    /// MIME type.
    pub content_type: &'a str,
    /// Size.
    pub byte_size: i32,
    /// Original name.
    pub original_name: &'a str,
}

impl NewUpload<'_> {
    /// Inserts the row and returns its id.
    pub async fn insert(&self, conn: &mut AsyncPgConnection) -> QueryResult<i64> {
        diesel::insert_into(uploads::table)
            .values(self)
            .returning(uploads::id)
            .get_result(conn)
            .await
    }
}

impl Upload {
    /// Upload `id` (the caller checks who may see it).
    pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<Upload>> {
        uploads::table
            .filter(uploads::id.eq(id))
            .select(Upload::as_select())
            .first(conn)
            .await
            .optional()
    }

    /// Upload `id` if `account_id` owns it.
    pub async fn find_owned(
        conn: &mut AsyncPgConnection,
        id: i64,
        account_id: i64,
    ) -> QueryResult<Option<Upload>> {
        uploads::table
            .filter(uploads::id.eq(id))
            .filter(uploads::owner_account_id.eq(account_id))
            .select(Upload::as_select())
            .first(conn)
            .await
            .optional()
    }
}

/// The original names of those of `ids` that `account_id` owns, by id (one indexed read).
pub async fn names_owned(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    ids: &[i64],
) -> QueryResult<std::collections::BTreeMap<i64, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(i64, String)> = uploads::table
        .filter(uploads::owner_account_id.eq(account_id))
        .filter(uploads::id.eq_any(ids))
        .select((uploads::id, uploads::original_name))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// A file the account gave with an earlier application about the same person.
#[derive(Debug, Clone, Queryable)]
pub struct Earlier {
    /// The material's code.
    pub material: String,
    /// The upload.
    pub upload_id: i64,
    /// The earlier application's reference.
    pub reference: String,
    /// When that application was submitted.
    pub submitted_at: chrono::DateTime<chrono::Utc>,
}

/// The newest upload of each of `materials` that `account_id` gave with an earlier application
/// about the person with `id_number` (one query on the account's applications; only files the
/// account itself uploaded).
pub async fn earlier_for_person(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    id_number: &str,
    materials: &[&str],
) -> QueryResult<Vec<Earlier>> {
    use super::schema::{application_materials as am, applications, people};
    if materials.is_empty() {
        return Ok(vec![]);
    }
    am::table
        .inner_join(applications::table)
        .inner_join(people::table.on(people::id.eq(applications::person_id)))
        .inner_join(uploads::table.on(uploads::id.eq(am::upload_id)))
        .filter(applications::account_id.eq(account_id))
        .filter(people::id_number.eq(id_number))
        .filter(uploads::owner_account_id.eq(account_id))
        .filter(am::material.eq_any(materials))
        .distinct_on(am::material)
        .order((am::material, applications::submitted_at.desc()))
        .select((
            am::material,
            am::upload_id,
            applications::reference,
            applications::submitted_at,
        ))
        .load(conn)
        .await
}
