//! The case workflow over HTTP: staff queues scoped to their jurisdiction, the case page and its
//! actions, the applicant's timeline and inbox, stale forms, and the append-only history.

use diesel_async::RunQueryDsl;

use crate::apply::{fill_new_for_self, location, start, submit};
use crate::helpers::{TestApp, TestUser, spawn_app, texts};

/// A staff member of `role` in `office`, signed in on their own client.
async fn staff(app: &TestApp, n: u32, role: &str, office: i64) -> TestApp {
    let user = TestUser::new(n);
    let client = app.other_device();
    assert_eq!(client.register(&user).await.status().as_u16(), 303);
    let mut conn = app.db().await;
    diesel::sql_query(format!(
        "UPDATE accounts SET roles = '{{{role}}}' WHERE id_number = '{}'",
        user.id_number
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let id: i64 = diesel::sql_query(format!(
        "SELECT id AS n FROM accounts WHERE id_number = '{}'",
        user.id_number
    ))
    .get_result::<crate::apply::Count>(&mut conn)
    .await
    .unwrap()
    .n;
    portal::db::offices::assign(&mut conn, id, role, office)
        .await
        .unwrap();
    client
}

struct World {
    app: TestApp,
    applicant: TestApp,
    clerk: TestApp,
    other_clerk: TestApp,
    doctor: TestApp,
    other_doctor: TestApp,
    institution: i64,
    item: i64,
    application: String,
}

/// An application of a person living in 芙蓉区 (430102), and staff in 芙蓉区 and in 金水区.
async fn world() -> World {
    let app = spawn_app().await;
    let mut conn = app.db().await;
    use portal::db::offices::ensure;
    let federation = ensure(&mut conn, "federation", "430102", None, "芙蓉区残联")
        .await
        .unwrap();
    let institution = ensure(&mut conn, "institution", "430102", None, "芙蓉区医院")
        .await
        .unwrap();
    let other_federation = ensure(&mut conn, "federation", "410105", None, "金水区残联")
        .await
        .unwrap();
    let other_institution = ensure(&mut conn, "institution", "410105", None, "金水区医院")
        .await
        .unwrap();
    let applicant = app.other_device();
    applicant.register(&TestUser::new(1)).await;
    let id = start(&applicant).await;
    fill_new_for_self(&applicant, id, &["living_subsidy"]).await;
    let application = location(&submit(&applicant, id).await);
    let item: i64 =
        diesel::sql_query("SELECT id AS n FROM application_items WHERE kind = 'matter'")
            .get_result::<crate::apply::Count>(&mut conn)
            .await
            .unwrap()
            .n;
    World {
        clerk: staff(&app, 101, "county_clerk", federation).await,
        other_clerk: staff(&app, 102, "county_clerk", other_federation).await,
        doctor: staff(&app, 103, "doctor", institution).await,
        other_doctor: staff(&app, 104, "doctor", other_institution).await,
        app,
        applicant,
        institution,
        item,
        application,
    }
}

fn version(html: &str) -> String {
    crate::helpers::input_value(html, "version").unwrap_or_else(|| {
        let doc = scraper::Html::parse_document(html);
        let sel = scraper::Selector::parse("input[name=version]").unwrap();
        doc.select(&sel)
            .next()
            .and_then(|e| e.value().attr("value"))
            .unwrap()
            .to_owned()
    })
}

#[tokio::test]
async fn the_residence_county_clerk_accepts_and_the_applicant_follows_it() {
    let w = world().await;
    let (status, queue) = w.clerk.get_html("/staff").await;
    assert_eq!(status, 200);
    let (_, app_page) = w.applicant.get_html(&w.application).await;
    let reference = texts(&app_page, ".panel-confirmation strong").join("");
    assert!(
        queue.contains(&reference),
        "the case is in the county queue"
    );
    assert!(app_page.contains("已提交，等待受理"));

    let (status, page) = w.clerk.get_html(&format!("/staff/items/{}", w.item)).await;
    assert_eq!(status, 200);
    assert!(page.contains("受理并指定评定机构"));
    assert!(page.contains("芙蓉区医院"));
    let institution = w.institution.to_string();
    let res = w
        .clerk
        .post_form(
            &format!("/staff/items/{}", w.item),
            &[
                ("command", "accept"),
                ("version", &version(&page)),
                ("institution", &institution),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);

    let (_, app_page) = w.applicant.get_html(&w.application).await;
    assert!(app_page.contains("已受理，等待评定"));
    assert!(
        app_page.contains("受理并指定评定机构"),
        "the step is in the timeline"
    );
    let (_, inbox) = w.applicant.get_html("/inbox").await;
    assert!(inbox.contains(&format!("申请 {reference}：已受理，等待评定")));

    // The view and the action are in the audit log.
    let mut conn = w.app.db().await;
    let audited = diesel::sql_query("SELECT count(*) AS n FROM audit_log")
        .get_result::<crate::apply::Count>(&mut conn)
        .await
        .unwrap()
        .n;
    assert!(audited >= 2, "{audited}");
}

#[tokio::test]
async fn staff_of_another_county_or_institution_see_nothing_and_applicants_no_workbench() {
    let w = world().await;
    let (_, queue) = w.other_clerk.get_html("/staff").await;
    assert!(queue.contains("暂无待办"));
    let path = format!("/staff/items/{}", w.item);
    assert_eq!(w.other_clerk.get(&path).await.status().as_u16(), 404);
    let res = w
        .other_clerk
        .post_form(
            &path,
            &[("command", "reject"), ("version", "0"), ("reason", "x")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
    assert_eq!(w.applicant.get("/staff").await.status().as_u16(), 403);
    assert_eq!(w.applicant.get(&path).await.status().as_u16(), 403);
    // Before acceptance no doctor sees the case.
    assert_eq!(w.doctor.get(&path).await.status().as_u16(), 404);
}

#[tokio::test]
async fn the_designated_doctor_records_the_conclusion_and_others_cannot() {
    let w = world().await;
    let path = format!("/staff/items/{}", w.item);
    let institution = w.institution.to_string();
    w.clerk
        .post_form(
            &path,
            &[
                ("command", "accept"),
                ("version", "0"),
                ("institution", &institution),
            ],
        )
        .await;
    let (_, queue) = w.doctor.get_html("/staff").await;
    assert!(queue.contains(&format!("/staff/items/{}", w.item)));
    assert_eq!(w.other_doctor.get(&path).await.status().as_u16(), 404);
    let res = w
        .doctor
        .post_form(
            &path,
            &[
                ("command", "record_conclusion"),
                ("version", "1"),
                ("meets", "yes"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, page) = w.clerk.get_html(&path).await;
    assert!(page.contains("已评定：符合标准"));
    assert!(page.contains("公示或告知结果"));
    // The clerk publishes: an adult who meets the standard in Hunan is published.
    let res = w
        .clerk
        .post_form(&path, &[("command", "publish_or_notify"), ("version", "2")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, page) = w.clerk.get_html(&path).await;
    assert!(page.contains("评定结果公示中"));
    // Issuing waits for the objection window.
    let res = w
        .clerk
        .post_form(&path, &[("command", "issue"), ("version", "3")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("异议期至"));
}

#[tokio::test]
async fn a_stale_form_loses_with_an_explanation() {
    let w = world().await;
    let path = format!("/staff/items/{}", w.item);
    let institution = w.institution.to_string();
    let first = w
        .clerk
        .post_form(
            &path,
            &[
                ("command", "accept"),
                ("version", "0"),
                ("institution", &institution),
            ],
        )
        .await;
    assert_eq!(first.status().as_u16(), 303);
    let second = w
        .clerk
        .post_form(
            &path,
            &[
                ("command", "reject"),
                ("version", "0"),
                ("reason", "材料不全"),
            ],
        )
        .await;
    assert_eq!(second.status().as_u16(), 409);
    let html = second.text().await.unwrap();
    assert!(html.contains("您查看期间该办件已有变化"));
    assert!(html.contains("已受理，等待评定"), "shows what happened");
}

#[tokio::test]
async fn a_return_lists_everything_to_correct_and_pauses_the_clock() {
    let w = world().await;
    let path = format!("/staff/items/{}", w.item);
    let res = w
        .clerk
        .post_form(
            &path,
            &[
                ("command", "return_for_correction"),
                ("version", "0"),
                ("items", "  "),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("请填写原因"));
    let res = w
        .clerk
        .post_form(
            &path,
            &[
                ("command", "return_for_correction"),
                ("version", "0"),
                ("items", "户口本照片不清晰\n身份证反面缺失"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, page) = w.clerk.get_html(&path).await;
    assert!(page.contains("户口本照片不清晰；身份证反面缺失"));
    let (_, app_page) = w.applicant.get_html(&w.application).await;
    assert!(app_page.contains("退回补正"));
    // While returned there is no deadline for the office.
    let mut conn = w.app.db().await;
    let with_deadline = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM application_items WHERE id = {} AND deadline IS NOT NULL",
        w.item
    ))
    .get_result::<crate::apply::Count>(&mut conn)
    .await
    .unwrap()
    .n;
    assert_eq!(with_deadline, 0);
}

#[tokio::test]
async fn the_history_and_the_audit_log_cannot_be_changed() {
    let w = world().await;
    let (status, _) = w.clerk.get_html(&format!("/staff/items/{}", w.item)).await;
    assert_eq!(status, 200, "a view is audited");
    let mut conn = w.app.db().await;
    let update = diesel::sql_query("UPDATE item_events SET to_state = 'issued'")
        .execute(&mut conn)
        .await;
    assert!(update.is_err());
    let delete = diesel::sql_query("DELETE FROM audit_log")
        .execute(&mut conn)
        .await;
    assert!(delete.is_err());
    let truncate = diesel::sql_query("TRUNCATE item_events")
        .execute(&mut conn)
        .await;
    assert!(truncate.is_err());
}

#[tokio::test]
async fn the_applicant_may_withdraw_until_the_application_is_accepted() {
    let w = world().await;
    let withdraw = format!("{}/withdraw", w.application);
    // Nobody else can.
    assert_eq!(
        w.clerk.post_form(&withdraw, &[]).await.status().as_u16(),
        404
    );
    let (_, page) = w.applicant.get_html(&w.application).await;
    assert!(page.contains("撤回申请"));
    let res = w.applicant.post_form(&withdraw, &[]).await;
    assert_eq!(location(&res), w.application);
    let (_, page) = w.applicant.get_html(&w.application).await;
    assert!(page.contains("申请已撤回"));
    assert!(
        page.matches("已撤回").count() >= 2,
        "matter and service withdrawn"
    );
    let (_, queue) = w.clerk.get_html("/staff").await;
    assert!(queue.contains("暂无待办"), "gone from the queue");
}

#[tokio::test]
async fn an_accepted_application_can_no_longer_be_withdrawn() {
    let w = world().await;
    let institution = w.institution.to_string();
    w.clerk
        .post_form(
            &format!("/staff/items/{}", w.item),
            &[
                ("command", "accept"),
                ("version", "0"),
                ("institution", &institution),
            ],
        )
        .await;
    let (_, page) = w.applicant.get_html(&w.application).await;
    assert!(
        !page.contains("action=\"/applications/"),
        "no withdraw button"
    );
    w.applicant
        .post_form(&format!("{}/withdraw", w.application), &[])
        .await;
    let (_, page) = w.applicant.get_html(&w.application).await;
    assert!(page.contains("申请已被受理，不能在这里撤回"));
    assert!(page.contains("已受理，等待评定"));
}

#[tokio::test]
async fn a_returned_application_is_corrected_and_resubmitted_by_the_applicant() {
    let w = world().await;
    // Not returned yet: resubmitting changes nothing.
    let res = w
        .applicant
        .post_form(&format!("{}/resubmit", w.application), &[])
        .await;
    assert_eq!(location(&res), w.application);
    w.clerk
        .post_form(
            &format!("/staff/items/{}", w.item),
            &[
                ("command", "return_for_correction"),
                ("version", "0"),
                ("items", "照片不是白底"),
            ],
        )
        .await;
    let (_, page) = w.applicant.get_html(&w.application).await;
    assert!(page.contains("您的申请被退回补正"));
    assert!(page.contains("照片不是白底"));
    // Nobody else can replace a file or resubmit.
    let photo = format!("{}/materials/photo", w.application);
    let res = crate::apply::upload_to(&w.clerk, &photo, "a.png", crate::apply::PNG.to_vec()).await;
    assert_eq!(res.status().as_u16(), 404);
    let res = crate::apply::upload_to(
        &w.applicant,
        &photo,
        "white.png",
        crate::apply::PNG.to_vec(),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, page) = w.applicant.get_html(&w.application).await;
    assert!(page.contains("white.png"));
    let res = w
        .applicant
        .post_form(&format!("{}/resubmit", w.application), &[])
        .await;
    assert_eq!(location(&res), w.application);
    let (_, page) = w.applicant.get_html(&w.application).await;
    assert!(page.contains("补正后的申请已重新提交"));
    assert!(
        page.contains("补正后重新提交"),
        "the step is in the timeline"
    );
    let (_, staff_page) = w.clerk.get_html(&format!("/staff/items/{}", w.item)).await;
    assert!(staff_page.contains("已提交，等待受理"));
    assert!(
        staff_page.contains("white.png"),
        "the clerk sees the new file"
    );
}
