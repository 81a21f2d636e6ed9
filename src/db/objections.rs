//! 公众异议: objections the public sends about an announced entry. Stored with the entry's county
//! so that only that county's clerks see them (and the sender's contact details).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{public_objections, publications};

/// An objection to store.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = public_objections)]
pub struct NewObjection {
    /// The entry objected to.
    pub publication_id: i64,
    /// The entry's county.
    pub county_code: String,
    /// Who sends it.
    pub sender_name: String,
    /// How to reach them (mobile number or email).
    pub sender_contact: String,
    /// What they say.
    pub body: String,
}

/// An objection as the county clerk sees it, with the entry it is about.
#[derive(Debug, Clone, Queryable)]
pub struct Objection {
    /// Row id.
    pub id: i64,
    /// The entry.
    pub publication_id: i64,
    /// The entry's county.
    pub county_code: String,
    /// Sender.
    pub sender_name: String,
    /// Sender's contact.
    pub sender_contact: String,
    /// Text.
    pub body: String,
    /// Received.
    pub received_at: DateTime<Utc>,
    /// Handled.
    pub handled_at: Option<DateTime<Utc>>,
    /// What the clerk noted.
    pub handled_note: Option<String>,
    /// The entry's masked name.
    pub masked_name: String,
    /// The entry's publication start.
    pub published_on: NaiveDate,
    /// The published item (the case).
    pub item_id: i64,
}

type Columns = (
    public_objections::id,
    public_objections::publication_id,
    public_objections::county_code,
    public_objections::sender_name,
    public_objections::sender_contact,
    public_objections::body,
    public_objections::received_at,
    public_objections::handled_at,
    public_objections::handled_note,
    publications::masked_name,
    publications::published_on,
    publications::item_id,
);

const COLUMNS: Columns = (
    public_objections::id,
    public_objections::publication_id,
    public_objections::county_code,
    public_objections::sender_name,
    public_objections::sender_contact,
    public_objections::body,
    public_objections::received_at,
    public_objections::handled_at,
    public_objections::handled_note,
    publications::masked_name,
    publications::published_on,
    publications::item_id,
);

/// Stores an objection.
pub async fn insert(conn: &mut AsyncPgConnection, o: &NewObjection) -> QueryResult<i64> {
    diesel::insert_into(public_objections::table)
        .values(o)
        .returning(public_objections::id)
        .get_result(conn)
        .await
}

/// Up to `limit` open objections of `county` after id `after`, oldest first (one range scan of
/// the county's index).
pub async fn open_in(
    conn: &mut AsyncPgConnection,
    county: &str,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<Objection>> {
    public_objections::table
        .inner_join(publications::table)
        .filter(public_objections::county_code.eq(county))
        .filter(public_objections::handled_at.is_null())
        .filter(public_objections::id.gt(after))
        .order(public_objections::id)
        .limit(limit)
        .select(COLUMNS)
        .load(conn)
        .await
}

/// Objection `id` (the caller checks the county).
pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<Objection>> {
    public_objections::table
        .inner_join(publications::table)
        .filter(public_objections::id.eq(id))
        .select(COLUMNS)
        .first(conn)
        .await
        .optional()
}

/// Marks objection `id` handled with the clerk's note; false when it was handled already.
pub async fn handle(
    conn: &mut AsyncPgConnection,
    id: i64,
    by: i64,
    note: &str,
) -> QueryResult<bool> {
    diesel::update(public_objections::table.find(id))
        .filter(public_objections::handled_at.is_null())
        .set((
            public_objections::handled_at.eq(super::portal_now().nullable()),
            public_objections::handled_by.eq(Some(by)),
            public_objections::handled_note.eq(Some(note)),
        ))
        .execute(conn)
        .await
        .map(|n| n == 1)
}
