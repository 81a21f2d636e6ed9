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
