//! A Henan case end to end against 004's time limits: one 3-working-day budget for review and
//! issue without assessment and publication time (附件3 五(四)1), so nothing is due while the
//! result is published; and the 13-working-day overall limit (附件2 八) shown to the applicant
//! and the clerk, flagged once broken.

use crate::apply::{location, ok, start, submit, upload};
use crate::helpers::{TestUser, spawn_app, texts};
use crate::workflow::{act, conclude, number, staff};

const HENAN: [(&str, &str); 6] = [
    ("hukou_province", "41"),
    ("hukou_city", "4101"),
    ("hukou_county", "410105"),
    ("hukou_township", "410105001"),
    ("hukou_detail", "金水路1号"),
    ("same_residence", "yes"),
];

#[tokio::test]
async fn a_henan_case_meets_every_deadline_it_is_shown_and_the_overall_limit_is_tracked() {
    let app = spawn_app().await;
    let mut conn = app.db().await;
    use portal::db::offices::ensure;
    let federation = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Federation,
        "410105",
        None,
        "金水区残联",
    )
    .await
    .unwrap();
    let institution = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Institution,
        "410105",
        None,
        "金水区医院",
    )
    .await
    .unwrap();
    let other = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Federation,
        "430102",
        None,
        "芙蓉区残联",
    )
    .await
    .unwrap();
    let applicant = app.other_device();
    applicant.register_verified(&TestUser::new(1)).await;
    let id = start(&applicant).await;
    crate::apply::fill_new_for_self(&applicant, id, &[]).await;
    ok(&applicant, id, "address", &HENAN).await;
    // Henan: post or the window (004 附件1 十(一)1), not township delivery.
    ok(&applicant, id, "delivery", &[("delivery", "window")]).await;
    upload(
        &applicant,
        id,
        "photo",
        "me.png",
        crate::apply::PNG.to_vec(),
    )
    .await;
    let application = location(&submit(&applicant, id).await);
    assert!(application.starts_with("/applications/"), "{application}");
    let item = number(
        &app,
        "SELECT id AS n FROM application_items WHERE kind = 'matter'",
    )
    .await;

    // The overall limit is shown from the start, nothing used yet.
    let (_, page) = applicant.get_html(&application).await;
    let bundle = texts(&page, "#bundle-limit");
    assert_eq!(bundle.len(), 1, "shown");
    assert!(bundle[0].contains("13 个工作日内") && bundle[0].contains("已用 0 个工作日"));
    assert!(bundle[0].contains("附件2 八"));

    let clerk = staff(&app, 101, "county_clerk", federation).await;
    let doctor = staff(&app, 103, "doctor", institution).await;
    let path = format!("/staff/items/{item}");
    let inst = institution.to_string();
    assert_eq!(
        act(
            &clerk,
            &path,
            0,
            &[("command", "accept"), ("institution", &inst)]
        )
        .await,
        303
    );
    // Before the applicant comes, no institution's limit runs (their delay is theirs).
    let deadline_of = |item: i64| {
        format!(
            "SELECT count(*) AS n FROM application_items WHERE id = {item} AND deadline IS NULL"
        )
    };
    assert_eq!(number(&app, &deadline_of(item)).await, 1);
    // The doctor records the day the applicant came: a future day is refused at the field,
    // with what was typed kept.
    let today = crate::helpers::today();
    let tomorrow = (today + chrono::Days::new(1)).to_string();
    let res = doctor
        .post_form(
            &format!("{path}/attended"),
            &[("attended_on", tomorrow.as_str())],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#attended_on\""));
    assert!(html.contains("id=\"attended_on-error\""));
    assert!(html.contains(&format!("value=\"{tomorrow}\"")));
    // A day pasted with a control character: refused at the field with what was typed kept.
    let res = doctor
        .post_form(
            &format!("{path}/attended"),
            &[("attended_on", format!("{today}\u{0}").as_str())],
        )
        .await;
    let html = crate::helpers::refused_for_control_characters(res, "attended_on").await;
    assert!(html.contains(&format!("value=\"{today}\"")), "kept");
    // Another county's clerk cannot.
    let stranger = staff(&app, 104, "county_clerk", other).await;
    let res = stranger
        .post_form(
            &format!("{path}/attended"),
            &[("attended_on", today.to_string().as_str())],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
    let res = doctor
        .post_form(
            &format!("{path}/attended"),
            &[("attended_on", today.to_string().as_str())],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    // 004 附件3 五(四)1: “评定机构应在3日内完成评定” — from the day the applicant came.
    let due = today + chrono::Days::new(3);
    assert_eq!(
        number(
            &app,
            &format!(
                "SELECT count(*) AS n FROM application_items WHERE id = {item} \
                 AND attended_on = '{today}' AND deadline = '{due}'"
            )
        )
        .await,
        1
    );
    let res = conclude(
        &doctor,
        item,
        1,
        &[("meets", "yes"), ("grade-4", "2")],
        Some(("评定表.pdf", b"%PDF-1.4 signed".to_vec())),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        act(&clerk, &path, 2, &[("command", "publish_or_notify")]).await,
        303
    );
    // Published: 004 leaves the period's length to local rules and excludes it — no deadline
    // runs, so none can be missed; the clerk may issue once the period has ended.
    assert_eq!(
        number(
            &app,
            &format!(
                "SELECT count(*) AS n FROM application_items WHERE id = {item} \
                 AND status = 'published' AND deadline IS NULL"
            )
        )
        .await,
        1
    );
    let (_, staff_page) = clerk.get_html(&path).await;
    assert!(
        texts(&staff_page, ".tag.task-todo").is_empty(),
        "nothing overdue"
    );

    // Three weeks of working days in review: the overall limit is broken and flagged. (The
    // history is append-only; the test steps around its trigger to age it.)
    for q in [
        "ALTER TABLE item_events DISABLE TRIGGER USER".to_owned(),
        format!(
            "UPDATE item_events SET at = at - interval '30 days' WHERE item_id = {item} \
             AND to_state = 'submitted'"
        ),
        "ALTER TABLE item_events ENABLE TRIGGER USER".to_owned(),
    ] {
        diesel_async::RunQueryDsl::execute(diesel::sql_query(q), &mut conn)
            .await
            .unwrap();
    }
    let (_, page) = applicant.get_html(&application).await;
    let bundle = texts(&page, "#bundle-limit");
    assert!(!bundle[0].contains("已用 0 个工作日"), "{bundle:?}");
    assert!(bundle[0].contains("已超期"), "{bundle:?}");
    let (_, staff_page) = clerk.get_html(&path).await;
    assert!(texts(&staff_page, "#bundle-limit")[0].contains("已超期"));
}

#[tokio::test]
async fn hunan_shows_no_overall_limit_it_did_not_set() {
    let app = spawn_app().await;
    let applicant = app.other_device();
    applicant.register(&TestUser::new(1)).await;
    let id = start(&applicant).await;
    crate::apply::fill_new_for_self(&applicant, id, &[]).await;
    let application = location(&submit(&applicant, id).await);
    let (_, page) = applicant.get_html(&application).await;
    assert!(texts(&page, "#bundle-limit").is_empty());
    // The guide lists the overall limit for Henan only.
    let (_, henan) = app.get_html("/guide?province=41").await;
    assert!(henan.contains("全程（从受理到办结"));
    let (_, hunan) = app.get_html("/guide?province=43").await;
    assert!(!hunan.contains("全程（从受理到办结"));
}
