//! Booked assessments (002 二 告知…评定时间; 000 §三(五), 001 §六 上门评残): the institution
//! publishes sessions, acceptance books the earliest free one (or puts a home visit on the
//! institution's list), the applicant is told when and where by inbox and SMS, moves it online
//! within the institution's limits, and is reminded the working day before.

use chrono::{Days, NaiveDate, TimeZone};
use diesel_async::RunQueryDsl;

use crate::helpers::{next_sms, sms_to, texts};
use crate::workflow::{World, act, number, world};

/// A day a month ahead (past any holiday before the first bookable day).
fn ahead(days: u64) -> NaiveDate {
    crate::helpers::today() + Days::new(days)
}

/// The doctor publishes a session at the site on `day` from `from` with `places`.
async fn publish(w: &World, day: NaiveDate, from: &str, places: &str) -> u16 {
    w.doctor
        .post_form(
            "/staff/sessions",
            &[
                ("kind", "site"),
                ("day", &day.to_string()),
                ("starts_at", from),
                ("ends_at", "11:30"),
                ("place", "门诊楼 3 层评残室"),
                ("capacity", places),
                ("home_area", ""),
            ],
        )
        .await
        .status()
        .as_u16()
}

/// The person no longer asks for a home visit (as if answered so).
async fn no_home_visit(w: &World) {
    let mut conn = w.app.db().await;
    diesel::sql_query(
        "UPDATE applications SET answers = jsonb_set(answers, '{needs}', '[\"none\"]')",
    )
    .execute(&mut conn)
    .await
    .unwrap();
}

async fn accept(w: &World) {
    let path = format!("/staff/items/{}", w.item);
    let institution = w.institution.to_string();
    let accept = [("command", "accept"), ("institution", institution.as_str())];
    assert_eq!(act(&w.clerk, &path, 0, &accept).await, 303);
}

async fn booked_in(w: &World, session: &str) -> i64 {
    number(
        &w.app,
        &format!("SELECT booked::bigint AS n FROM assessment_sessions WHERE day = '{session}'"),
    )
    .await
}

#[tokio::test]
async fn acceptance_books_the_earliest_session_and_the_applicant_moves_it_within_limits() {
    let w = world().await;
    no_home_visit(&w).await;
    let (first, later) = (ahead(30), ahead(31));
    // Refused with every problem at its field, what was typed kept.
    let res = w
        .doctor
        .post_form(
            "/staff/sessions",
            &[
                ("kind", "site"),
                ("day", "2020-01-01"),
                ("starts_at", "9点"),
                ("ends_at", "08:00"),
                ("place", ""),
                ("capacity", "0"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert_eq!(texts(&html, ".error-summary li").len(), 4, "{html}");
    assert!(html.contains("value=\"9点\""));
    // A place pasted with a control character: refused there, kept without it, not published.
    let res = w
        .doctor
        .post_form(
            "/staff/sessions",
            &[
                ("kind", "site"),
                ("day", &first.to_string()),
                ("starts_at", "09:00"),
                ("ends_at", "11:30"),
                ("place", "门诊楼\u{1b}3 层"),
                ("capacity", "5"),
            ],
        )
        .await;
    let html = crate::helpers::refused_for_control_characters(res, "place").await;
    assert_eq!(texts(&html, ".error-summary li").len(), 1, "{html}");
    assert!(html.contains("门诊楼3 层"), "kept");
    assert_eq!(
        crate::workflow::number(&w.app, "SELECT count(*) AS n FROM assessment_sessions").await,
        0
    );
    // Only the institution's doctors publish sessions.
    assert_eq!(w.clerk.get("/staff/sessions").await.status().as_u16(), 404);
    assert_eq!(publish(&w, later, "09:00", "5").await, 303);
    assert_eq!(publish(&w, first, "09:00", "1").await, 303);
    let (_, theirs) = w.other_doctor.get_html("/staff/sessions").await;
    assert!(
        !theirs.contains(&first.to_string()),
        "another institution's sessions are not shown"
    );

    let phone = crate::helpers::TestUser::new(1).phone;
    let before = sms_to(&w.app.var_dir, &phone).len();
    accept(&w).await;
    assert_eq!(booked_in(&w, &first.to_string()).await, 1, "the earliest");
    let sms = next_sms(&w.app.var_dir, &phone, before).await;
    assert!(
        sms.contains(&first.to_string()) && sms.contains("门诊楼 3 层评残室"),
        "{sms}"
    );
    assert!(sms.contains("芙蓉区医院"), "{sms}");
    let (_, case) = w.applicant.get_html(&w.application).await;
    let appointment = texts(&case, "#appointment").join(" ");
    assert!(
        appointment.contains(&format!("{first} 09:00–11:30")),
        "{appointment}"
    );
    assert!(
        texts(&case, ".now").join("").contains("病历"),
        "what to bring"
    );
    // The heading says what matters now, and names the person the application is for.
    assert_eq!(
        texts(&case, "h1").join(""),
        format!("已预约残疾评定：{first} 09:00–11:30")
    );
    assert!(
        texts(&case, ".panel-confirmation .caption")
            .join("")
            .contains("张小明")
    );
    assert!(
        case.contains("<details class=\"history\""),
        "history folded"
    );
    let (_, list) = w.applicant.get_html("/applications").await;
    assert!(texts(&list, "tbody td").iter().any(|t| t == "张小明"));

    // The staff see the appointment is booked; the session page counts it.
    let (_, sessions) = w.doctor.get_html("/staff/sessions").await;
    assert!(sessions.contains("1 / 1"));

    // Moving: to the later session, once; then the institution's limit.
    let later_id = number(
        &w.app,
        &format!("SELECT id AS n FROM assessment_sessions WHERE day = '{later}'"),
    )
    .await
    .to_string();
    let move_path = format!("{}/appointment", w.application);
    let outsider = w.app.other_device();
    outsider
        .register_verified(&crate::helpers::TestUser::new(7))
        .await;
    let res = outsider
        .post_form(&move_path, &[("session", &later_id)])
        .await;
    assert_eq!(res.status().as_u16(), 404, "someone else's case");
    let res = w.applicant.post_form(&move_path, &[("session", "")]).await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("请选择要改约的时间"));
    let before = sms_to(&w.app.var_dir, &phone).len();
    let res = w
        .applicant
        .post_form(&move_path, &[("session", &later_id)])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        booked_in(&w, &first.to_string()).await,
        0,
        "the place given back"
    );
    assert_eq!(booked_in(&w, &later.to_string()).await, 1);
    let sms = next_sms(&w.app.var_dir, &phone, before).await;
    assert!(sms.contains(&later.to_string()), "{sms}");
    let res = w
        .doctor
        .post_form(
            "/staff/sessions/limits",
            &[("moves", "1"), ("notice_days", "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let first_id = number(
        &w.app,
        &format!("SELECT id AS n FROM assessment_sessions WHERE day = '{first}'"),
    )
    .await
    .to_string();
    let res = w
        .applicant
        .post_form(&move_path, &[("session", &first_id)])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("网上最多可改约 1 次"), "{html}");
    assert_eq!(booked_in(&w, &later.to_string()).await, 1, "unchanged");

    // The reminder goes the working day before, once.
    let pool = crate::helpers::pool_on(&w.app.db_url, 2);
    let mut conn = w.app.db().await;
    let calendar = portal::db::calendar::load(&mut conn).await.unwrap();
    let eve = portal::domain::appointment::reminder_day(&calendar, later);
    let noon = chrono_tz::Asia::Shanghai
        .from_local_datetime(&eve.and_hms_opt(12, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc);
    let outbox = portal::delivery::Outbox::default();
    let early = noon - chrono::Duration::days(20);
    assert_eq!(
        portal::jobs::appointments::remind(&pool, &outbox, early)
            .await
            .unwrap(),
        0
    );
    // Two instances at once (each with its own connections): one reminder.
    let second = crate::helpers::pool_on(&w.app.db_url, 2);
    let (a, b) = tokio::join!(
        portal::jobs::appointments::remind(&pool, &outbox, noon),
        portal::jobs::appointments::remind(&second, &outbox, noon)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(
        portal::jobs::appointments::remind(&pool, &outbox, noon)
            .await
            .unwrap(),
        0
    );
    let reminders = number(
        &w.app,
        "SELECT count(*) AS n FROM inbox_messages WHERE kind = 'assessment-reminder'",
    )
    .await;
    assert_eq!(reminders, 1);
}

#[tokio::test]
async fn a_home_visit_waits_on_the_institutions_list_until_it_gives_a_date() {
    let w = world().await; // the person asked for a home visit
    let day = ahead(30);
    assert_eq!(publish(&w, day, "09:00", "5").await, 303);
    accept(&w).await;
    assert_eq!(
        booked_in(&w, &day.to_string()).await,
        0,
        "not a site session"
    );
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(
        texts(&case, "#appointment")
            .join("")
            .contains("评定机构会打电话与您约定日期")
    );
    let notices = number(
        &w.app,
        "SELECT count(*) AS n FROM inbox_messages WHERE kind = 'home-visit-listed'",
    )
    .await;
    assert_eq!(notices, 1);
    // Home visits are not moved online.
    assert!(!case.contains("name=\"session\""));

    // On the institution's list; a site session cannot be given to a home visit.
    let (_, page) = w.doctor.get_html("/staff/sessions").await;
    assert!(
        page.contains(&format!("session-{}", w.item)) || page.contains("还没有可用的上门评定安排")
    );
    let site = number(&w.app, "SELECT id AS n FROM assessment_sessions")
        .await
        .to_string();
    let item = w.item.to_string();
    let res = w
        .doctor
        .post_form(
            "/staff/sessions/assign",
            &[("item", &item), ("session", &site)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    // A round in the person's area.
    let res = w
        .doctor
        .post_form(
            "/staff/sessions",
            &[
                ("kind", "home"),
                ("day", &ahead(32).to_string()),
                ("starts_at", "08:30"),
                ("ends_at", "17:00"),
                ("place", "王医生"),
                ("capacity", "4"),
                ("home_area", "文艺路街道"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let round = number(
        &w.app,
        "SELECT id AS n FROM assessment_sessions WHERE home_area IS NOT NULL",
    )
    .await
    .to_string();
    // Another institution cannot give it a date.
    let res = w
        .other_doctor
        .post_form(
            "/staff/sessions/assign",
            &[("item", &item), ("session", &round)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
    let res = w
        .doctor
        .post_form(
            "/staff/sessions/assign",
            &[("item", &item), ("session", &round)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, case) = w.applicant.get_html(&w.application).await;
    let appointment = texts(&case, "#appointment").join("");
    assert!(
        appointment.contains("已安排上门评定") && appointment.contains(&ahead(32).to_string()),
        "{appointment}"
    );
    let booked = number(
        &w.app,
        "SELECT count(*) AS n FROM inbox_messages WHERE kind = 'assessment-booked'",
    )
    .await;
    assert_eq!(booked, 1);
}

/// 002 三 (Zhejiang): after 14 working days without coming the application is deemed given up —
/// but only once the applicant missed the appointment booked for them.
#[tokio::test]
async fn only_a_missed_appointment_makes_a_zhejiang_applicant_a_no_show() {
    let app = crate::helpers::spawn_app().await;
    let mut conn = app.db().await;
    use portal::db::offices::ensure;
    use portal::domain::office::OfficeKind;
    let federation = ensure(
        &mut conn,
        OfficeKind::Federation,
        "330102",
        None,
        "上城区残联",
    )
    .await
    .unwrap();
    let institution = ensure(
        &mut conn,
        OfficeKind::Institution,
        "330102",
        None,
        "上城区医院",
    )
    .await
    .unwrap();
    let clerk = crate::workflow::staff(&app, 101, "county_clerk", federation).await;
    let doctor = crate::workflow::staff(&app, 103, "doctor", institution).await;
    let applicant = app.other_device();
    applicant
        .register_verified(&crate::helpers::TestUser::new(1))
        .await;
    let id = crate::apply::start(&applicant).await;
    crate::apply::fill_new_for_self(&applicant, id, &[]).await;
    let zhejiang = [
        ("hukou_province", "33"),
        ("hukou_city", "3301"),
        ("hukou_county", "330102"),
        ("hukou_township", "330102001"),
        ("hukou_detail", "清波街1号"),
        ("same_residence", "yes"),
    ];
    crate::apply::ok(&applicant, id, "address", &zhejiang).await;
    crate::apply::ok(&applicant, id, "needs", &[("needs", "none")]).await;
    let res = crate::apply::submit(&applicant, id).await;
    assert_eq!(res.status().as_u16(), 303);
    let item = number(
        &app,
        "SELECT id AS n FROM application_items WHERE kind = 'matter'",
    )
    .await;
    let day = ahead(30);
    let res = doctor
        .post_form(
            "/staff/sessions",
            &[
                ("kind", "site"),
                ("day", &day.to_string()),
                ("starts_at", "09:00"),
                ("ends_at", "11:30"),
                ("place", "门诊楼 2 层"),
                ("capacity", "3"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let path = format!("/staff/items/{item}");
    let inst = institution.to_string();
    let accept = [("command", "accept"), ("institution", inst.as_str())];
    assert_eq!(act(&clerk, &path, 0, &accept).await, 303);
    // Accepted 40 days ago: the 14 working days have passed, but the day booked has not come.
    let mut conn = app.db().await;
    diesel::sql_query(format!(
        "UPDATE application_items SET state_since = portal_today() - 40 WHERE id = {item}"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let abandon = [("command", "mark_abandoned")];
    let res = clerk
        .post_form(&path, &[("command", "mark_abandoned"), ("version", "1")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("申请人没有错过预约"));
    // The day booked went by without the applicant: now a no-show.
    diesel::sql_query("UPDATE assessment_sessions SET day = portal_today() - 20")
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(act(&clerk, &path, 1, &abandon).await, 303);
    let abandoned = number(
        &app,
        &format!(
            "SELECT count(*) AS n FROM application_items WHERE id = {item} AND status = 'abandoned'"
        ),
    )
    .await;
    assert_eq!(abandoned, 1);
}
