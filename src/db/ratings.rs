//! 好差评: one rating per completed item, by the person it served, with the office that completed
//! it and the item's matter or service code, summed up per office and per service for
//! administrators.

use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{item_events, ratings};

/// A rating to store.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = ratings)]
pub struct NewRating {
    /// The item rated.
    pub item_id: i64,
    /// Who rated it.
    pub account_id: i64,
    /// The office that completed it.
    pub office_id: Option<i64>,
    /// Matter or service code.
    pub code: String,
    /// good / average / poor.
    pub rating: String,
    /// Optional comment.
    pub comment: Option<String>,
}

/// Stores a rating; false when the item was rated already.
pub async fn insert(conn: &mut AsyncPgConnection, r: &NewRating) -> QueryResult<bool> {
    diesel::insert_into(ratings::table)
        .values(r)
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(|n| n == 1)
}

/// The office of the last staff event of `item` (the one that completed it).
pub async fn completing_office(
    conn: &mut AsyncPgConnection,
    item: i64,
) -> QueryResult<Option<i64>> {
    item_events::table
        .filter(item_events::item_id.eq(item))
        .filter(item_events::office_id.is_not_null())
        .order(item_events::id.desc())
        .select(item_events::office_id)
        .first::<Option<i64>>(conn)
        .await
        .optional()
        .map(Option::flatten)
}

/// The ratings of `items`, by item.
pub async fn of_items(
    conn: &mut AsyncPgConnection,
    items: &[i64],
) -> QueryResult<std::collections::BTreeMap<i64, String>> {
    let rows: Vec<(i64, String)> = ratings::table
        .filter(ratings::item_id.eq_any(items))
        .select((ratings::item_id, ratings::rating))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Counts per office: (office, rating, count).
pub async fn by_office(
    conn: &mut AsyncPgConnection,
) -> QueryResult<Vec<(Option<i64>, String, i64)>> {
    ratings::table
        .group_by((ratings::office_id, ratings::rating))
        .select((ratings::office_id, ratings::rating, count_star()))
        .order(ratings::office_id)
        .load(conn)
        .await
}

/// Counts per matter or service: (code, rating, count).
pub async fn by_code(conn: &mut AsyncPgConnection) -> QueryResult<Vec<(String, String, i64)>> {
    ratings::table
        .group_by((ratings::code, ratings::rating))
        .select((ratings::code, ratings::rating, count_star()))
        .order(ratings::code)
        .load(conn)
        .await
}

/// The latest comments: (code, rating, comment, date).
pub async fn comments(
    conn: &mut AsyncPgConnection,
    limit: i64,
) -> QueryResult<
    Vec<(
        String,
        String,
        Option<String>,
        chrono::DateTime<chrono::Utc>,
    )>,
> {
    ratings::table
        .filter(ratings::comment.is_not_null())
        .order(ratings::rated_at.desc())
        .limit(limit)
        .select((
            ratings::code,
            ratings::rating,
            ratings::comment,
            ratings::rated_at,
        ))
        .load(conn)
        .await
}
