//! 评残公示 entries: written in the transaction that publishes an assessment, listed per county by
//! key (newest first), only while in public view.

use chrono::NaiveDate;
use diesel::IntoSql;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::publications;
use crate::domain::review::ReviewState;
use crate::domain::workflow::ItemState;

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
    pub objection_until: Option<NaiveDate>,
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
    /// Last day of the objection window, where the seeds set one.
    pub objection_until: Option<NaiveDate>,
    /// Last day in public view.
    pub shown_until: NaiveDate,
}

impl Publication {
    /// Whether objections are taken on `today`.
    pub fn open(&self, today: NaiveDate) -> bool {
        crate::domain::objection::open_for_objections(self.objection_until, self.shown_until, today)
    }
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
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

/// `(published_on, id) < (day, id)`: the keyset condition as one row comparison, which
/// PostgreSQL uses as a bound of the county index (`county_code, published_on DESC, id DESC`), so
/// a deep page starts where the previous one ended instead of filtering every newer entry.
#[derive(Debug, Clone, Copy, diesel::query_builder::QueryId)]
struct Before<D, I> {
    day: D,
    id: I,
}

impl<D, I> diesel::Expression for Before<D, I> {
    type SqlType = diesel::sql_types::Bool;
}

impl<D, I> diesel::query_builder::QueryFragment<diesel::pg::Pg> for Before<D, I>
where
    D: diesel::query_builder::QueryFragment<diesel::pg::Pg>,
    I: diesel::query_builder::QueryFragment<diesel::pg::Pg>,
{
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        out.push_sql("(\"publications\".\"published_on\", \"publications\".\"id\") < (");
        self.day.walk_ast(out.reborrow())?;
        out.push_sql(", ");
        self.id.walk_ast(out.reborrow())?;
        out.push_sql(")");
        Ok(())
    }
}

impl<D, I> diesel::AppearsOnTable<publications::table> for Before<D, I> {}

impl<D, I> diesel::expression::ValidGrouping<()> for Before<D, I> {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

/// The widest dates a listing filter can take (PostgreSQL dates, not chrono's extremes).
const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};
const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// Up to `limit` entries in public view on `today`, newest first (one range scan of the county's
/// index, keyset paging). Absent filters become their widest values, so the statement is always
/// the same and its plan is prepared once per connection.
pub async fn list(
    conn: &mut AsyncPgConnection,
    q: &Listing,
    today: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<Publication>> {
    let categories: Vec<i16> = match q.category {
        Some(c) => vec![c],
        None => (1..=7).collect(),
    };
    let (before_day, before_id) = q.before.unwrap_or((LAST_DAY, i64::MAX));
    publications::table
        .filter(publications::county_code.eq(&q.county))
        .filter(publications::published_on.le(today.min(q.to.unwrap_or(LAST_DAY))))
        .filter(publications::published_on.ge(q.from.unwrap_or(FIRST_DAY)))
        .filter(publications::shown_until.ge(today))
        .filter(publications::category.eq_any(categories))
        .filter(Before {
            day: before_day.into_sql::<diesel::sql_types::Date>(),
            id: before_id.into_sql::<diesel::sql_types::BigInt>(),
        })
        .order((publications::published_on.desc(), publications::id.desc()))
        .limit(limit)
        .select(Publication::as_select())
        .load(conn)
        .await
}

/// A person's latest assessment conclusion, as the personal lookup shows it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = super::schema::result_lookups, check_for_backend(diesel::pg::Pg))]
pub struct Conclusion {
    /// The name on record (compared with what was typed).
    pub real_name: String,
    /// The matter item's state.
    pub status: ItemState,
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
    /// The review request's state, if one was filed.
    pub review_status: Option<ReviewState>,
    /// The person's record.
    pub person_id: i64,
    /// The matter item concluded.
    pub item_id: i64,
    /// Whether the result is on the announcement.
    pub published: bool,
}

impl Conclusion {
    /// Whether the result is on the public announcement (评残公示); results that are not (a minor,
    /// not meeting the standard) reach only the person (000 §三(二)).
    pub fn is_public(&self) -> bool {
        self.published
    }
}

/// Stores a lookup code for the person and queues the SMS carrying it, in one transaction.
pub async fn send_lookup_code(
    conn: &mut AsyncPgConnection,
    person_id: i64,
    phone: &str,
    code: &str,
    lang: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> QueryResult<()> {
    use crate::domain::one_time_code::Purpose;
    use diesel_async::AsyncConnection;
    conn.transaction(async |conn| {
        super::one_time_codes::issue(conn, Purpose::Lookup, person_id, code, now).await?;
        super::outbox::queue_sms(
            conn,
            &format!("lookup-{person_id}-{}", now.timestamp_micros()),
            phone,
            super::inbox::MessageKind::LookupCode,
            serde_json::json!({ "code": code }),
            lang,
        )
        .await
    })
    .await
}

/// The application of a matter item and the mobile number it gave for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationPhone {
    /// The application.
    pub application_id: i64,
    /// The mobile number given in it (empty when none was given).
    pub phone: String,
}

/// The application of matter item `item_id` and the mobile number it gave for the person.
pub async fn application_phone(
    conn: &mut AsyncPgConnection,
    item_id: i64,
) -> QueryResult<Option<ApplicationPhone>> {
    use super::schema::{application_items, applications};
    let row: Option<(i64, crate::domain::answers::Answers)> = application_items::table
        .inner_join(applications::table)
        .filter(application_items::id.eq(item_id))
        .select((applications::id, applications::answers))
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(|(application_id, answers)| ApplicationPhone {
        application_id,
        phone: answers.phone,
    }))
}

/// The latest recorded conclusion for the person with `id_number`, with its announcement's
/// window and the review request's state: one row by a unique index of `result_lookups`, which
/// triggers keep equal to the joins of `result_lookup_rows` (see its migration).
pub async fn conclusion_of(
    conn: &mut AsyncPgConnection,
    id_number: &str,
) -> QueryResult<Option<Conclusion>> {
    use super::schema::result_lookups as r;
    r::table
        .filter(r::id_number.eq(id_number))
        .select(Conclusion::as_select())
        .first(conn)
        .await
        .optional()
}

/// The conclusions of several ID numbers at once (those with none are missing), each with its
/// ID number: the personal lookups that arrive together read in one statement
/// (`web::conclusion_reads`).
pub async fn conclusions_of(
    conn: &mut AsyncPgConnection,
    id_numbers: &[String],
) -> QueryResult<Vec<(String, Conclusion)>> {
    use super::schema::result_lookups as r;
    r::table
        .filter(r::id_number.eq_any(id_numbers))
        .select((r::id_number, Conclusion::as_select()))
        .load(conn)
        .await
}
