use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_and_readyz_answer() {
    let app = spawn_app().await;
    let (status, body) = app.get_html("/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
    let (status, body) = app.get_html("/readyz").await;
    assert_eq!((status, body.as_str()), (200, "ready"));
}

#[tokio::test]
async fn readyz_fails_when_a_migration_is_missing() {
    use diesel_async::RunQueryDsl;
    let app = spawn_app().await;
    let mut conn = app.db().await;
    diesel::sql_query("DELETE FROM __diesel_schema_migrations WHERE version = (SELECT max(version) FROM __diesel_schema_migrations)")
        .execute(&mut conn)
        .await
        .unwrap();
    let (status, _) = app.get_html("/readyz").await;
    assert_eq!(status, 503);
}

#[tokio::test]
async fn reference_data_is_loaded_with_the_migrations() {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use portal::db::schema::{calendar_days, divisions, ethnic_groups};
    let app = spawn_app().await;
    let mut conn = app.db().await;
    let counties: i64 = divisions::table
        .filter(divisions::level.eq(3))
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(counties, 2978);
    let statistical: i64 = divisions::table
        .filter(divisions::statistical_only)
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(statistical, 124);
    let groups: i64 = ethnic_groups::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(groups, 58);
    let oct10: String = calendar_days::table
        .find(chrono::NaiveDate::from_ymd_opt(2026, 10, 10).unwrap())
        .select(calendar_days::kind)
        .first(&mut conn)
        .await
        .unwrap();
    assert_eq!(oct10, "workday");
}

#[tokio::test]
async fn the_calendar_in_the_database_matches_the_official_schedule() {
    use chrono::{Duration, NaiveDate};
    use portal::domain::Calendar;
    let app = spawn_app().await;
    let mut conn = app.db().await;
    let from_db = portal::db::calendar::load(&mut conn).await.unwrap();
    let fixture = Calendar::from_csv(include_str!("../fixtures/holidays_cn.csv")).unwrap();
    assert_eq!(
        from_db.official_years().collect::<Vec<_>>(),
        vec![2023, 2024, 2025, 2026]
    );
    let mut day = NaiveDate::from_ymd_opt(2022, 12, 1).unwrap();
    while day < NaiveDate::from_ymd_opt(2027, 2, 1).unwrap() {
        assert_eq!(
            from_db.is_working_day(day),
            fixture.is_working_day(day),
            "{day}"
        );
        day += Duration::days(1);
    }
    let start = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
    assert_eq!(
        from_db.add(start, 3).date,
        NaiveDate::from_ymd_opt(2026, 10, 10).unwrap()
    );
}
