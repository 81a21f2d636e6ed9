//! 评残公示 entries: written in the transaction that publishes an assessment, listed per county by
//! key (newest first), only while in public view.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::publications;

/// A new entry (already masked).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = publications)]
pub struct NewPublication {
    /// The published item.
    pub item_id: i64,
    /// Province (2 digits).
    pub province_code: String,
    /// City (4 digits).
    pub city_code: String,
    /// County (6 digits), the deciding county.
    pub county_code: String,
    /// 张*明.
    pub masked_name: String,
    /// 43**************3X.
    pub masked_id: String,
    /// Category code.
    pub category: i16,
    /// Grade code.
    pub grade: i16,
    /// Publication start.
    pub published_on: NaiveDate,
    /// Last day of the objection window.
    pub objection_until: NaiveDate,
    /// Last day in public view.
    pub shown_until: NaiveDate,
}

/// An entry as listed.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = publications)]
pub struct Publication {
    /// Row id.
    pub id: i64,
    /// County.
    pub county_code: String,
    /// Masked name.
    pub masked_name: String,
    /// Masked ID number.
    pub masked_id: String,
    /// Category code.
    pub category: i16,
    /// Grade code.
    pub grade: i16,
    /// Publication start.
    pub published_on: NaiveDate,
    /// Last day of the objection window.
    pub objection_until: NaiveDate,
}

/// Writes an entry (once per item).
pub async fn insert(conn: &mut AsyncPgConnection, p: &NewPublication) -> QueryResult<()> {
    diesel::insert_into(publications::table)
        .values(p)
        .on_conflict(publications::item_id)
        .do_nothing()
        .execute(conn)
        .await
        .map(|_| ())
}

/// What a listing asks for.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// County.
    pub county: String,
    /// Category code, if filtered.
    pub category: Option<i16>,
    /// Published on or after.
    pub from: Option<NaiveDate>,
    /// Published on or before.
    pub to: Option<NaiveDate>,
    /// Entries older than this key (published_on, id).
    pub before: Option<(NaiveDate, i64)>,
}

/// Up to `limit` entries in public view on `today`, newest first (one range scan of the county's
/// index, keyset paging).
pub async fn list(
    conn: &mut AsyncPgConnection,
    q: &Listing,
    today: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<Publication>> {
    let mut query = publications::table
        .filter(publications::county_code.eq(&q.county))
        .filter(publications::published_on.le(today))
        .filter(publications::shown_until.ge(today))
        .into_boxed();
    if let Some(c) = q.category {
        query = query.filter(publications::category.eq(c));
    }
    if let Some(from) = q.from {
        query = query.filter(publications::published_on.ge(from));
    }
    if let Some(to) = q.to {
        query = query.filter(publications::published_on.le(to));
    }
    if let Some((day, id)) = q.before {
        query = query.filter(
            publications::published_on
                .lt(day)
                .or(publications::published_on
                    .eq(day)
                    .and(publications::id.lt(id))),
        );
    }
    query
        .order((publications::published_on.desc(), publications::id.desc()))
        .limit(limit)
        .select(Publication::as_select())
        .load(conn)
        .await
}

/// A person's latest assessment conclusion, as the personal lookup shows it.
#[derive(Debug, Clone, Queryable)]
pub struct Conclusion {
    /// The name on record (compared with what was typed).
    pub real_name: String,
    /// The matter item's state code.
    pub status: String,
    /// When that state began.
    pub state_since: Option<NaiveDate>,
    /// Meets the standard.
    pub meets: bool,
    /// Category code, when met.
    pub category: Option<i16>,
    /// Grade code, when met.
    pub grade: Option<i16>,
    /// The deciding county.
    pub county: String,
    /// The published entry's objection deadline, if published.
    pub objection_until: Option<NaiveDate>,
}

/// The latest recorded conclusion for the person with `id_number` (one indexed join), if any.
pub async fn conclusion_of(
    conn: &mut AsyncPgConnection,
    id_number: &str,
) -> QueryResult<Option<Conclusion>> {
    use super::schema::{application_items, applications, people};
    application_items::table
        .inner_join(applications::table)
        .inner_join(people::table.on(people::id.eq(applications::person_id)))
        .left_join(publications::table.on(publications::item_id.eq(application_items::id)))
        .filter(people::id_number.eq(id_number))
        .filter(application_items::kind.eq("matter"))
        .filter(application_items::conclusion_meets.is_not_null())
        .order(application_items::id.desc())
        .select((
            people::real_name,
            application_items::status,
            application_items::state_since,
            application_items::conclusion_meets.assume_not_null(),
            application_items::conclusion_category,
            application_items::conclusion_grade,
            applications::handling_county,
            publications::objection_until.nullable(),
        ))
        .first(conn)
        .await
        .optional()
}
