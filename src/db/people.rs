//! People applications are about, and the accounts that act for them.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{people, relationships, representations, uploads};

/// Someone the account acts for, with the relationship's name and the proof file.
#[derive(Debug, Clone, Queryable)]
pub struct Represented {
    /// Representation id (used in URLs).
    pub id: i64,
    /// The person's id.
    pub person_id: i64,
    /// Their name.
    pub real_name: String,
    /// Their ID number.
    pub id_number: String,
    /// guardian / helper.
    pub kind: String,
    /// GB/T 4761 code.
    pub relationship_code: String,
    /// Its name.
    pub relationship_name: String,
    /// Proof upload id.
    pub proof_upload_id: i64,
    /// Proof file name.
    pub proof_name: String,
}

/// Finds or creates the person with this ID number; returns the person's id.
pub async fn upsert_person(
    conn: &mut AsyncPgConnection,
    id_number: &str,
    real_name: &str,
) -> QueryResult<i64> {
    diesel::insert_into(people::table)
        .values((
            people::id_number.eq(id_number),
            people::real_name.eq(real_name),
        ))
        .on_conflict(people::id_number)
        .do_update()
        .set(people::id_number.eq(diesel::upsert::excluded(people::id_number)))
        .returning(people::id)
        .get_result(conn)
        .await
}

/// Links the person with `id_number` to a newly registered account (creating the person if
/// needed), so that they see what others applied for on their behalf.
pub async fn link_account(
    conn: &mut AsyncPgConnection,
    id_number: &str,
    real_name: &str,
    account_id: i64,
) -> QueryResult<()> {
    let person = upsert_person(conn, id_number, real_name).await?;
    diesel::update(people::table.find(person))
        .filter(people::account_id.is_null())
        .set(people::account_id.eq(account_id))
        .execute(conn)
        .await
        .map(|_| ())
}

#[diesel::dsl::auto_type(no_type_alias)]
fn represented_query() -> _ {
    representations::table
        .inner_join(people::table)
        .inner_join(relationships::table)
        .inner_join(uploads::table)
        .select((
            representations::id,
            people::id,
            people::real_name,
            people::id_number,
            representations::kind,
            representations::relationship_code,
            relationships::name,
            representations::proof_upload_id,
            uploads::original_name,
        ))
}

/// Everyone `account_id` acts for, oldest first (one indexed join).
pub async fn represented_by(
    conn: &mut AsyncPgConnection,
    account_id: i64,
) -> QueryResult<Vec<Represented>> {
    represented_query()
        .filter(representations::account_id.eq(account_id))
        .order(representations::id)
        .load(conn)
        .await
}

/// One representation of `account_id` (none when it belongs to someone else).
pub async fn find_represented(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    representation_id: i64,
) -> QueryResult<Option<Represented>> {
    represented_query()
        .filter(representations::account_id.eq(account_id))
        .filter(representations::id.eq(representation_id))
        .first(conn)
        .await
        .optional()
}

/// A new representation.
#[derive(Debug, Insertable)]
#[diesel(table_name = representations)]
pub struct NewRepresentation<'a> {
    /// The acting account.
    pub account_id: i64,
    /// The person.
    pub person_id: i64,
    /// guardian / helper.
    pub kind: &'a str,
    /// GB/T 4761 code.
    pub relationship_code: &'a str,
    /// Proof upload.
    pub proof_upload_id: i64,
}

impl NewRepresentation<'_> {
    /// Inserts; `Ok(None)` when the account already acts for this person.
    pub async fn insert(&self, conn: &mut AsyncPgConnection) -> QueryResult<Option<i64>> {
        match diesel::insert_into(representations::table)
            .values(self)
            .returning(representations::id)
            .get_result(conn)
            .await
        {
            Ok(id) => Ok(Some(id)),
            Err(e)
                if super::is_unique_violation(&e, "representations_account_id_person_id_key") =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

/// Removes a representation of `account_id`; false when there was none.
pub async fn remove(
    conn: &mut AsyncPgConnection,
    account_id: i64,
    representation_id: i64,
) -> QueryResult<bool> {
    diesel::delete(
        representations::table
            .filter(representations::account_id.eq(account_id))
            .filter(representations::id.eq(representation_id)),
    )
    .execute(conn)
    .await
    .map(|n| n == 1)
}

/// All GB/T 4761 relationships (code, name), by code.
pub async fn relationships(conn: &mut AsyncPgConnection) -> QueryResult<Vec<(String, String)>> {
    relationships::table
        .select((relationships::code, relationships::name))
        .order(relationships::code)
        .load(conn)
        .await
}
