//! 网上年审 records (001 通知六): one per certificate and year.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::annual_reviews;

/// A review as recorded.
#[derive(Debug, Clone, Queryable)]
pub struct Review {
    /// The year reviewed.
    pub year: i32,
    /// What the holder said changed (none: nothing).
    pub changed: Option<String>,
    /// When.
    pub reviewed_at: DateTime<Utc>,
}

/// The reviews of certificate `id`, newest first (one indexed read).
pub async fn of_certificate(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Vec<Review>> {
    annual_reviews::table
        .filter(annual_reviews::certificate_id.eq(id))
        .order(annual_reviews::year.desc())
        .limit(20)
        .select((
            annual_reviews::year,
            annual_reviews::changed,
            annual_reviews::reviewed_at,
        ))
        .load(conn)
        .await
}

/// Records `year`'s review of certificate `id` by `account_id`, once (false when it was done).
pub async fn record(
    conn: &mut AsyncPgConnection,
    id: i64,
    year: i32,
    account_id: i64,
    changed: Option<&str>,
) -> QueryResult<bool> {
    diesel::insert_into(annual_reviews::table)
        .values((
            annual_reviews::certificate_id.eq(id),
            annual_reviews::year.eq(year),
            annual_reviews::account_id.eq(account_id),
            annual_reviews::changed.eq(changed),
        ))
        .on_conflict((annual_reviews::certificate_id, annual_reviews::year))
        .do_nothing()
        .execute(conn)
        .await
        .map(|n| n == 1)
}
