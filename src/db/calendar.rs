//! The official working-day calendar, read from `calendar_days` and `calendar_years` (editable by
//! administrators) into a [`Calendar`].

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{calendar_days, calendar_years};
use crate::domain::working_days::{Calendar, DayKind};

/// Loads the calendar (two small indexed reads).
pub async fn load(conn: &mut AsyncPgConnection) -> QueryResult<Calendar> {
    let days: Vec<(NaiveDate, String)> = calendar_days::table
        .select((calendar_days::day, calendar_days::kind))
        .load(conn)
        .await?;
    let years: Vec<i32> = calendar_years::table
        .select(calendar_years::year)
        .load(conn)
        .await?;
    let entries = days
        .into_iter()
        .filter_map(|(day, kind)| match kind.as_str() {
            "holiday" => Some((day, DayKind::Holiday)),
            "workday" => Some((day, DayKind::Workday)),
            _ => None,
        });
    Ok(Calendar::new(entries, years))
}

/// A year of the calendar as administrators see it.
#[derive(Debug, Clone, Queryable)]
pub struct YearRow {
    /// The notice year.
    pub year: i32,
    /// Where the schedule comes from.
    pub source: String,
    /// Rest days listed.
    pub holidays: i64,
    /// Adjusted working days listed.
    pub workdays: i64,
}

/// Every year with its source and how many days it lists (one grouped read).
pub async fn years(conn: &mut AsyncPgConnection) -> QueryResult<Vec<YearRow>> {
    use diesel::dsl::sql;
    use diesel::sql_types::BigInt;
    calendar_years::table
        .left_join(calendar_days::table.on(calendar_days::notice_year.eq(calendar_years::year)))
        .group_by((calendar_years::year, calendar_years::source))
        .order(calendar_years::year.desc())
        .select((
            calendar_years::year,
            calendar_years::source,
            sql::<BigInt>("count(*) FILTER (WHERE calendar_days.kind = 'holiday')"),
            sql::<BigInt>("count(*) FILTER (WHERE calendar_days.kind = 'workday')"),
        ))
        .load(conn)
        .await
}

/// Adds the schedule of `year` in one transaction. False when the year is already there (a
/// published schedule is not silently replaced) or a day already belongs to another year.
pub async fn add_year(
    conn: &mut AsyncPgConnection,
    year: i32,
    source: &str,
    days: &[crate::domain::holiday_notice::NoticeDay],
) -> QueryResult<bool> {
    use diesel_async::AsyncConnection;
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let added = diesel::insert_into(calendar_years::table)
            .values((
                calendar_years::year.eq(year),
                calendar_years::source.eq(source),
            ))
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
        if added == 0 {
            return Ok(false);
        }
        let rows: Vec<_> = days
            .iter()
            .map(|d| {
                (
                    calendar_days::day.eq(d.date),
                    calendar_days::kind.eq(match d.kind {
                        DayKind::Holiday => "holiday",
                        DayKind::Workday => "workday",
                    }),
                    calendar_days::name.eq(&d.name),
                    calendar_days::notice_year.eq(year),
                )
            })
            .collect();
        let inserted = diesel::insert_into(calendar_days::table)
            .values(rows)
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
        if inserted != days.len() {
            // A day of another year's notice: undo everything.
            return Err(diesel::result::Error::RollbackTransaction);
        }
        Ok(true)
    })
    .await
    .or_else(|e| match e {
        diesel::result::Error::RollbackTransaction => Ok(false),
        e => Err(e),
    })
}
