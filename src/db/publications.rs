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

/// Entry `id` if it is in public view on `today`.
pub async fn find_shown(
    conn: &mut AsyncPgConnection,
    id: i64,
    today: NaiveDate,
) -> QueryResult<Option<Publication>> {
    publications::table
        .find(id)
        .filter(publications::published_on.le(today))
        .filter(publications::shown_until.ge(today))
        .select(Publication::as_select())
        .first(conn)
        .await
        .optional()
}

/// A review's final conclusion (终评) replaced the first one of `matter_item`: its entry shows
/// the final category and grade, or leaves public view from `today` when the person does not meet
/// the standard after all.
pub async fn follow_final(
    conn: &mut AsyncPgConnection,
    matter_item: i64,
    category_grade: Option<(i16, i16)>,
    today: NaiveDate,
) -> QueryResult<()> {
    let entry = publications::table.filter(publications::item_id.eq(matter_item));
    match category_grade {
        Some((category, grade)) => {
            diesel::update(entry)
                .set((
                    publications::category.eq(category),
                    publications::grade.eq(grade),
                ))
                .execute(conn)
                .await?
        }
        None => {
            diesel::update(entry)
                .set(publications::shown_until.eq(today - chrono::Days::new(1)))
                .execute(conn)
                .await?
        }
    };
    Ok(())
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
#[derive(Debug, Clone, QueryableByName)]
pub struct Conclusion {
    /// The name on record (compared with what was typed).
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub real_name: String,
    /// The matter item's state code.
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub status: String,
    /// When that state began.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Date>)]
    pub state_since: Option<NaiveDate>,
    /// Meets the standard.
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub meets: bool,
    /// Category code, when met.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::SmallInt>)]
    pub category: Option<i16>,
    /// Grade code, when met.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::SmallInt>)]
    pub grade: Option<i16>,
    /// The deciding county.
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub county: String,
    /// The published entry's objection deadline, if published.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Date>)]
    pub objection_until: Option<NaiveDate>,
    /// The review request's state, if one was filed.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub review_status: Option<String>,
}

/// The latest recorded conclusion for the person with `id_number`, with its announcement's
/// window and the review request's state (one statement: indexed joins from `people.id_number`).
pub async fn conclusion_of(
    conn: &mut AsyncPgConnection,
    id_number: &str,
) -> QueryResult<Option<Conclusion>> {
    diesel::sql_query(
        "SELECT p.real_name, m.status, m.state_since, m.conclusion_meets AS meets,
                m.conclusion_category AS category, m.conclusion_grade AS grade,
                a.handling_county AS county, pub.objection_until, r.status AS review_status
           FROM people p
           JOIN applications a ON a.person_id = p.id
           JOIN application_items m ON m.application_id = a.id AND m.kind = 'matter'
           LEFT JOIN publications pub ON pub.item_id = m.id
           LEFT JOIN application_items r ON r.application_id = a.id AND r.kind = 'review'
          WHERE p.id_number = $1 AND m.conclusion_meets IS NOT NULL
          ORDER BY m.id DESC
          LIMIT 1",
    )
    .bind::<diesel::sql_types::Text, _>(id_number)
    .get_result(conn)
    .await
    .optional()
}
