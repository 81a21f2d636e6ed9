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

/// How many files and bytes `account_id` uploaded since `since` (for the quota; one indexed
/// read, and counted once however many instances serve the account).
pub async fn used_since(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    since: chrono::DateTime<chrono::Utc>,
) -> QueryResult<(i64, i64)> {
    use diesel::dsl::{count_star, sum};
    let (files, bytes): (i64, Option<i64>) = uploads::table
        .filter(uploads::owner_account_id.eq(account_id))
        .filter(uploads::created_at.ge(since))
        .select((count_star(), sum(uploads::byte_size)))
        .first(conn)
        .await?;
    Ok((files, bytes.unwrap_or(0)))
}

/// Removes uploads made before `before` that nothing names any more — a material replaced or
/// removed, a draft deleted: no application's materials, certificate photo, representation proof,
/// review attachment or open draft (its `materials` answers). Their bytes go with the next
/// [`super::blobs::sweep`].
pub async fn sweep_unreferenced(
    conn: &mut AsyncPgConnection,
    before: chrono::DateTime<chrono::Utc>,
) -> QueryResult<usize> {
    diesel::sql_query(
        "DELETE FROM uploads u
          WHERE u.created_at < $1
            AND NOT EXISTS (SELECT 1 FROM application_materials m WHERE m.upload_id = u.id)
            AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.photo_upload_id = u.id)
            AND NOT EXISTS (SELECT 1 FROM representations r WHERE r.proof_upload_id = u.id)
            AND NOT EXISTS (SELECT 1 FROM review_requests q WHERE q.attachment_id = u.id)
            AND NOT EXISTS (
                SELECT 1 FROM drafts d,
                       jsonb_each_text(COALESCE(d.answers -> 'materials', '{}'::jsonb)) e
                 WHERE e.value = u.id::text)",
    )
    .bind::<diesel::sql_types::Timestamptz, _>(before)
    .execute(conn)
    .await
}

/// Whether any upload names the content `sha256`.
pub async fn names_content(conn: &mut AsyncPgConnection, sha256: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        uploads::table.filter(uploads::sha256.eq(sha256)),
    ))
    .get_result(conn)
    .await
}
