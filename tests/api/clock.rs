//! The app's clock (`--clock-start`): what a handler calls today, what the database records and
//! what the tests count from are one clock, so the suite passes whatever the real date is.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::apply::id_born;
use crate::helpers::{TestApp, TestUser, spawn_app, spawn_app_with, today};

/// Years after the suite's pinned date.
const LATER: &str = "2031-03-05T10:00:00+08:00";

async fn later_app() -> TestApp {
    spawn_app_with(Box::new(|s| {
        // Through the flag, as an operator sets it (not the tests' shared clock).
        s.clock = None;
        s.clock_start = Some(DateTime::parse_from_rfc3339(LATER).unwrap());
    }))
    .await
}

#[tokio::test]
async fn the_tests_and_their_apps_share_the_pinned_date() {
    assert_eq!(today(), NaiveDate::from_ymd_opt(2026, 6, 10).unwrap());
    let app = spawn_app().await;
    let mut conn = app.db().await;
    let db_today: NaiveDate = diesel::select(diesel::dsl::sql::<diesel::sql_types::Date>(
        "portal_today()",
    ))
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(db_today, today(), "the database reads the tests' clock");
}

#[tokio::test]
async fn a_birth_date_is_after_today_by_the_apps_clock_not_the_machines() {
    let mut user = TestUser::new(7101);
    user.id_number = id_born("20290101", 1);
    // On the pinned date (2026) a birth in 2029 is after today: refused at the field.
    let pinned = spawn_app().await;
    let res = pinned.register_form(&user).await;
    assert_eq!(res.status().as_u16(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("身份证号码中的出生日期晚于今天"), "{page}");
    // In 2031 the same number is of a child already born: the registration goes on.
    let later = later_app().await;
    let res = later.register_form(&user).await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
}

#[tokio::test]
async fn what_the_database_records_carries_the_apps_date_and_sessions_hold() {
    let app = later_app().await;
    let user = TestUser::new(7102);
    app.register(&user).await;
    // Signed in: the session stored and read on the same (set) clock.
    let (status, page) = app.get_html("/account").await;
    assert_eq!(status, 200, "{page}");
    // The row the database stamped itself (`DEFAULT portal_now()`), read without any offset.
    use portal::db::schema::accounts;
    let mut conn = AsyncPgConnection::establish(&app.db_url).await.unwrap();
    let created: DateTime<Utc> = accounts::table
        .filter(accounts::phone.eq(&user.phone))
        .select(accounts::created_at)
        .first(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        portal::domain::working_days::local_date(created),
        NaiveDate::from_ymd_opt(2031, 3, 5).unwrap()
    );
}
