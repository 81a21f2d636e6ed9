//! The bytes of uploaded files, one row per content (`upload_blobs`, keyed by SHA-256).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::upload_blobs;

/// Stores `bytes` under `sha256` unless that content is stored already (two instances storing
/// the same file at once both succeed).
pub async fn put(conn: &mut AsyncPgConnection, sha256: &str, bytes: &[u8]) -> QueryResult<()> {
    diesel::insert_into(upload_blobs::table)
        .values((
            upload_blobs::sha256.eq(sha256),
            upload_blobs::bytes.eq(bytes),
        ))
        .on_conflict(upload_blobs::sha256)
        .do_nothing()
        .execute(conn)
        .await
        .map(|_| ())
}

/// The bytes stored under `sha256`.
pub async fn get(conn: &mut AsyncPgConnection, sha256: &str) -> QueryResult<Option<Vec<u8>>> {
    upload_blobs::table
        .find(sha256)
        .select(upload_blobs::bytes)
        .first(conn)
        .await
        .optional()
}

/// Whether content `sha256` is stored.
pub async fn has(conn: &mut AsyncPgConnection, sha256: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(upload_blobs::table.find(sha256)))
        .get_result(conn)
        .await
}

/// Removes contents stored before `before` that no upload names (an upload's row is written
/// after its bytes, so only contents older than any upload in progress are considered).
pub async fn sweep(conn: &mut AsyncPgConnection, before: DateTime<Utc>) -> QueryResult<usize> {
    use super::schema::uploads;
    diesel::delete(
        upload_blobs::table
            .filter(upload_blobs::created_at.lt(before))
            .filter(diesel::dsl::not(diesel::dsl::exists(
                uploads::table.filter(uploads::sha256.eq(upload_blobs::sha256)),
            ))),
    )
    .execute(conn)
    .await
}
