//! The administrator's pages: only administrators reach them; offices, staff posts and the holiday
//! calendar are changed with checked forms and audited; policies are shown read only.

use diesel_async::RunQueryDsl;

use crate::helpers::{TestApp, TestUser, spawn_app, texts};

/// An administrator signed in on its own client.
pub(crate) async fn admin(app: &TestApp) -> TestApp {
    account_with(app, 990, "admin").await.0
}

/// Registers user `n` on its own client and gives the account `roles`.
async fn account_with(app: &TestApp, n: u32, roles: &str) -> (TestApp, TestUser) {
    let user = TestUser::new(n);
    let client = app.other_device();
    assert_eq!(client.register(&user).await.status().as_u16(), 303);
    let mut conn = app.db().await;
    diesel::sql_query(format!(
        "UPDATE accounts SET roles = '{{{roles}}}' WHERE id_number = '{}'",
        user.id_number
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    (client, user)
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.db().await;
    diesel::sql_query(sql)
        .get_result::<crate::apply::Count>(&mut conn)
        .await
        .unwrap()
        .n
}

const PAGES: [&str; 6] = [
    "/admin",
    "/admin/accounts",
    "/admin/offices",
    "/admin/staff",
    "/admin/calendar",
    "/admin/policies",
];

#[tokio::test]
async fn only_administrators_reach_the_administration() {
    let app = spawn_app().await;
    let (clerk, _) = account_with(&app, 1, "county_clerk").await;
    let (admin, _) = account_with(&app, 2, "admin").await;
    for path in PAGES {
        assert_eq!(clerk.get(path).await.status().as_u16(), 403, "{path}");
        assert_eq!(
            app.get(path).await.status().as_u16(),
            303,
            "{path} anonymous"
        );
        let (status, html) = admin.get_html(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains("href=\"/admin\""), "the header links it");
    }
    let res = clerk
        .post_form(
            "/admin/offices",
            &[
                ("kind", "federation"),
                ("division", "430102"),
                ("name", "x"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let res = clerk
        .post_form(
            "/admin/staff/dismiss",
            &[("account", "1"), ("role", "county_clerk")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let (_, policies) = admin.get_html("/admin/policies").await;
    for text in [
        "湖南省",
        "浙江省",
        "申请人承诺代替公示",
        "受理审核",
        "湘残联字〔2022〕19号《关于实行残疾人证“一件事一次办”的通知》 <span lang=\"zh-CN\">三(二)</span>",
    ] {
        assert!(policies.contains(text), "{text}");
    }
}

#[tokio::test]
async fn offices_and_posts_are_added_with_checks_and_give_staff_their_jurisdiction() {
    let app = spawn_app().await;
    let (admin, _) = account_with(&app, 2, "admin").await;
    let (doctor, doctor_user) = account_with(&app, 3, "applicant").await;
    // Every problem at once, what was typed kept.
    let res = admin
        .post_form(
            "/admin/offices",
            &[
                ("division", "999999"),
                ("name", "<b>医院</b>"),
                ("department", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, ".error-summary li"),
        vec![
            "请选择机构类型。",
            "请输入有效的行政区划代码（县级 6 位，乡镇 9 位）。"
        ]
    );
    assert!(
        html.contains("医院") && !html.contains("<b>医院"),
        "kept and escaped"
    );
    assert!(html.contains("value=\"999999\""), "kept");
    // A name with a control character: refused at the name, kept without it.
    let res = admin
        .post_form(
            "/admin/offices",
            &[
                ("kind", "institution"),
                ("division", "430102"),
                ("name", "芙蓉区\u{0}中医院"),
            ],
        )
        .await;
    let html = crate::helpers::refused_for_control_characters(res, "name").await;
    assert!(html.contains("value=\"芙蓉区中医院\""), "kept");
    let res = admin
        .post_form(
            "/admin/offices",
            &[
                ("kind", "department"),
                ("division", "430102"),
                ("name", "民政局"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let res = admin
        .post_form(
            "/admin/offices",
            &[
                ("kind", "institution"),
                ("division", "430102"),
                ("name", "芙蓉区中医院"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, list) = admin.get_html("/admin/offices?county=430102").await;
    assert!(list.contains("芙蓉区中医院"));
    let (_, other) = admin.get_html("/admin/offices?county=410105").await;
    assert!(!other.contains("芙蓉区中医院"));
    let hospital = count(
        &app,
        "SELECT id AS n FROM offices WHERE name = '芙蓉区中医院'",
    )
    .await;
    let hospital = hospital.to_string();

    // A doctor's post must be at an institution; unknown accounts are refused.
    assert_eq!(doctor.get("/staff").await.status().as_u16(), 403);
    let res = admin
        .post_form(
            "/admin/staff",
            &[
                ("identifier", "13800000000"),
                ("role", "doctor"),
                ("office", &hospital),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("找不到这个账号"));
    let res = admin
        .post_form(
            "/admin/staff",
            &[
                ("identifier", &doctor_user.phone),
                ("role", "county_clerk"),
                ("office", &hospital),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("该岗位不能设在这类机构"));
    // The identifier pasted with a control character: refused at the field, nobody appointed.
    let res = admin
        .post_form(
            "/admin/staff",
            &[
                ("identifier", &format!("{}\u{0}", doctor_user.id_number)),
                ("role", "doctor"),
                ("office", &hospital),
            ],
        )
        .await;
    crate::helpers::refused_for_control_characters(res, "identifier").await;
    assert_eq!(
        doctor.get("/staff").await.status().as_u16(),
        403,
        "not appointed"
    );
    let res = admin
        .post_form(
            "/admin/staff",
            &[
                ("identifier", &doctor_user.id_number),
                ("role", "doctor"),
                ("office", &hospital),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (status, queue) = doctor.get_html("/staff").await;
    assert_eq!(status, 200, "the new doctor has a queue");
    assert!(queue.contains("芙蓉区中医院"));
    let (_, posts) = admin.get_html("/admin/staff").await;
    assert!(posts.contains("芙蓉区中医院"));
    let account = count(
        &app,
        &format!(
            "SELECT id AS n FROM accounts WHERE id_number = '{}'",
            doctor_user.id_number
        ),
    )
    .await
    .to_string();
    let res = admin
        .post_form(
            "/admin/staff/dismiss",
            &[("account", &account), ("role", "doctor")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        doctor.get("/staff").await.status().as_u16(),
        403,
        "post ended"
    );
    let audited = count(
        &app,
        "SELECT count(*) AS n FROM audit_log WHERE what LIKE 'office:%' OR what LIKE 'staff:%'",
    )
    .await;
    assert_eq!(audited, 3);
}

#[tokio::test]
async fn next_years_holidays_are_added_once_and_counted_at_once() {
    let app = spawn_app().await;
    let (admin, _) = account_with(&app, 2, "admin").await;
    let mut conn = app.db().await;
    let before = portal::db::calendar::load(&mut conn).await.unwrap();
    let feb8 = chrono::NaiveDate::from_ymd_opt(2027, 2, 8).unwrap();
    assert!(before.add(feb8, 0).provisional, "2027 not yet published");
    let bad = admin
        .post_form(
            "/admin/calendar",
            &[
                ("year", "2027"),
                ("source", ""),
                (
                    "days",
                    "2027-02-08,holiday,春节\n2027-02-30,holiday,春节\n2027-02-09,rest,春节",
                ),
            ],
        )
        .await;
    assert_eq!(bad.status().as_u16(), 422);
    let html = bad.text().await.unwrap();
    let errors = texts(&html, ".error-summary li");
    assert_eq!(
        errors,
        vec![
            "请填写依据（通知名称和文号）。",
            "第 2 行：日期应为 YYYY-MM-DD。",
            "第 3 行：类型应为 holiday（休）或 workday（班）。",
        ]
    );
    assert!(html.contains("2027-02-30,holiday"), "the text is kept");
    // A control character in the notice: refused at the days, the year not added.
    let res = admin
        .post_form(
            "/admin/calendar",
            &[
                ("year", "2027"),
                ("source", "国办发明电〔2026〕X号"),
                ("days", "2027-02-08,holiday,春节\u{0}"),
            ],
        )
        .await;
    let html = crate::helpers::refused_for_control_characters(res, "days").await;
    assert_eq!(texts(&html, ".error-summary li").len(), 1, "{html}");
    let days = "2027-02-06,holiday,春节\n2027-02-07,holiday,春节\n2027-02-08,holiday,春节\n2027-02-14,workday,春节";
    let good = [
        ("year", "2027"),
        ("source", "国办发明电〔2026〕X号"),
        ("days", days),
    ];
    assert_eq!(
        admin
            .post_form("/admin/calendar", &good)
            .await
            .status()
            .as_u16(),
        303
    );
    let (_, page) = admin.get_html("/admin/calendar").await;
    assert!(page.contains("国办发明电〔2026〕X号"));
    let after = portal::db::calendar::load(&mut conn).await.unwrap();
    assert!(!after.is_working_day(feb8), "a holiday now");
    assert!(after.is_working_day(chrono::NaiveDate::from_ymd_opt(2027, 2, 14).unwrap()));
    assert!(!after.add(feb8, 0).provisional);
    // Not replaced silently.
    let again = admin.post_form("/admin/calendar", &good).await;
    assert_eq!(again.status().as_u16(), 422);
    assert!(again.text().await.unwrap().contains("该年份已有安排"));
}

#[tokio::test]
async fn deadlines_in_a_year_without_its_notice_say_so_and_are_recounted_once_it_is_loaded() {
    // The calendar data ends with 2026: a deadline in 2027 was counted on weekends alone.
    let w = crate::workflow::world().await;
    let mut conn = w.app.db().await;
    diesel::sql_query(format!(
        "UPDATE application_items SET state_since = '2026-12-30', deadline = '2027-01-04' \
         WHERE id = {}",
        w.item
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(
        case.contains("2027-01-04 （暂定：2027 年的放假安排尚未录入）"),
        "the applicant"
    );
    let (_, queue) = w.clerk.get_html("/staff").await;
    assert!(queue.contains("2027-01-04 （暂定"), "the staff queue");
    let (_, page) = w.clerk.get_html(&format!("/staff/items/{}", w.item)).await;
    assert!(page.contains("2027-01-04 （暂定"), "the case page");

    // The administrator is told on the start page while it is due and missing ...
    let admin = admin(&w.app).await;
    let calendar = portal::db::calendar::load(&mut conn).await.unwrap();
    let due = portal::domain::deadlines::notice_due(&calendar, crate::helpers::today());
    let (_, start) = admin.get_html("/admin").await;
    assert_eq!(
        start.contains("2027 年部分节假日安排尚未录入"),
        due == Some(2027)
    );
    // ... loads it (1 January a holiday), and the open deadline is counted again: Tue 5 Jan.
    let res = admin
        .post_form(
            "/admin/calendar",
            &[
                ("year", "2027"),
                ("source", "国办发明电〔2026〕X号"),
                ("days", "2027-01-01,holiday,元旦"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(
        case.contains("2027-01-05") && !case.contains("暂定"),
        "recounted, no longer provisional"
    );
    let (_, start) = admin.get_html("/admin").await;
    assert!(!start.contains("2027 年部分节假日安排尚未录入"));
}
