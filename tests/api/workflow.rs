//! The case workflow over HTTP: staff queues scoped to their jurisdiction, the case page and its
//! actions, the applicant's timeline and inbox, stale forms, and the append-only history.

use diesel_async::RunQueryDsl;

use crate::apply::{fill_new_for_self, location, start, submit};
use crate::helpers::{TestApp, TestUser, spawn_app, texts};

/// A staff member of `role` in `office`, signed in on their own client.
pub(crate) async fn staff(app: &TestApp, n: u32, role: &str, office: i64) -> TestApp {
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

pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) applicant: TestApp,
    pub(crate) clerk: TestApp,
    pub(crate) other_clerk: TestApp,
    pub(crate) doctor: TestApp,
    pub(crate) other_doctor: TestApp,
    pub(crate) institution: i64,
    pub(crate) item: i64,
    pub(crate) application: String,
}

/// An application of a person living in 芙蓉区 (430102), and staff in 芙蓉区 and in 金水区.
pub(crate) async fn world() -> World {
    world_with(false).await
}

/// The world, with the person's hukou in 金水区 (河南) while they live in 芙蓉区 (湖南).
pub(crate) async fn world_with_hukou_in_henan() -> World {
    world_with(true).await
}

/// The world whose app delivers notices only when woken by the request that queued them (never
/// by polling), so a test can deliver what a job queued itself.
pub(crate) async fn world_delivering_only_when_woken() -> World {
    world_on(
        false,
        crate::helpers::spawn_app_with(Box::new(|s| s.outbox_poll_ms = 3_600_000)).await,
    )
    .await
}

async fn world_with(hukou_in_henan: bool) -> World {
    world_on(hukou_in_henan, spawn_app().await).await
}

async fn world_on(hukou_in_henan: bool, app: TestApp) -> World {
    let mut conn = app.db().await;
    use portal::db::offices::ensure;
    let federation = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Federation,
        "430102",
        None,
        "芙蓉区残联",
    )
    .await
    .unwrap();
    let institution = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Institution,
        "430102",
        None,
        "芙蓉区医院",
    )
    .await
    .unwrap();
    let other_federation = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Federation,
        "410105",
        None,
        "金水区残联",
    )
    .await
    .unwrap();
    let other_institution = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Institution,
        "410105",
        None,
        "金水区医院",
    )
    .await
    .unwrap();
    let applicant = app.other_device();
    // Verified: the certificate and the conclusion are the person's own once issued.
    applicant.register_verified(&TestUser::new(1)).await;
    let id = start(&applicant).await;
    fill_new_for_self(&applicant, id, &["living_subsidy"]).await;
    if hukou_in_henan {
        crate::apply::ok(
            &applicant,
            id,
            "address",
            &[
                ("hukou_province", "41"),
                ("hukou_city", "4101"),
                ("hukou_county", "410105"),
                ("hukou_township", "410105001"),
                ("hukou_detail", "经八路1号"),
                ("same_residence", "no"),
                ("residence_province", "43"),
                ("residence_city", "4301"),
                ("residence_county", "430102"),
                ("residence_township", "430102001"),
                ("residence_detail", "幸福村3组12号"),
            ],
        )
        .await;
        let permit = b"%PDF-1.7 permit".to_vec();
        crate::apply::upload(&applicant, id, "residence_permit", "permit.pdf", permit).await;
    }
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

pub(crate) fn version(html: &str) -> String {
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
    // What to do now (the person asked for a home visit: the institution phones to agree a
    // date), whom to call, and the step diagram with the current step marked.
    let now = texts(&app_page, ".now").join("");
    assert!(now.contains("评定机构会打电话与您约定日期"), "{now}");
    assert!(
        texts(&app_page, "#contacts")
            .join("")
            .contains("芙蓉区医院")
    );
    assert_eq!(
        texts(&app_page, ".step-done .step-name"),
        vec!["提交申请", "受理审核"]
    );
    assert_eq!(
        texts(&app_page, "li[aria-current=step] .step-name"),
        vec!["残疾评定"]
    );
    assert_eq!(
        texts(&app_page, ".step-current .step-who"),
        vec!["芙蓉区医院"]
    );
    assert!(
        app_page.contains("县级残联办证员，芙蓉区残联"),
        "who handled the step"
    );
    assert!(
        texts(&app_page, ".step-current .tag").is_empty(),
        "not overdue"
    );
    // Past its deadline the step is flagged for the applicant and in the doctor's queue.
    let mut conn = w.app.db().await;
    diesel::sql_query(format!(
        "UPDATE application_items SET deadline = portal_today() - 1 WHERE id = {}",
        w.item
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let (_, app_page) = w.applicant.get_html(&w.application).await;
    assert_eq!(texts(&app_page, ".step-current .tag"), vec!["已超期"]);
    let (_, queue) = w.doctor.get_html("/staff").await;
    assert!(queue.contains("已超期"));
    let (_, case) = w.doctor.get_html(&format!("/staff/items/{}", w.item)).await;
    assert_eq!(
        texts(&case, ".summary-list .tag"),
        vec!["已超期"],
        "and on the case page"
    );
    assert!(
        app_page.contains("受理并指定评定机构"),
        "the step is in the timeline"
    );
    let (_, inbox) = w.applicant.get_html("/inbox").await;
    // Accepted with a home visit asked for: the notice says so, and who will phone.
    assert!(inbox.contains(&format!("申请 {reference}：已安排上门评定")));

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
    // The signed form is required, and grades must fit the answer.
    let no_scan = conclude(
        &w.doctor,
        w.item,
        1,
        &[("meets", "yes"), ("grade-4", "2")],
        None,
    )
    .await;
    assert_eq!(no_scan.status().as_u16(), 422);
    assert!(
        no_scan
            .text()
            .await
            .unwrap()
            .contains("请上传签字盖章的残疾评定表扫描件")
    );
    let pdf = || Some(("评定表.pdf", b"%PDF-1.4 signed".to_vec()));
    let none = conclude(&w.doctor, w.item, 1, &[("meets", "yes")], pdf()).await;
    assert_eq!(none.status().as_u16(), 422);
    // Refused at the grades, with the answer and the stored scan kept (nothing to do twice).
    let html = none.text().await.unwrap();
    assert!(
        html.contains("<a href=\"#grade-1\">"),
        "linked to the first grade list"
    );
    assert_eq!(texts(&html, "#grades-error").len(), 1);
    assert_eq!(texts(&html, "#meets-yes[checked]").len(), 1);
    assert!(texts(&html, "#form_scan-kept")[0].contains("评定表.pdf"));
    let kept = crate::helpers::input_value(&html, "form_scan_upload").expect("the scan kept");
    // A missing answer is refused at its own radios, with the grade chosen kept.
    let html = conclude(&w.doctor, w.item, 1, &[("grade-4", "2")], None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<a href=\"#meets-yes\">请选择是否符合残疾标准。</a>"));
    assert_eq!(
        texts(&html, "input[name=meets][aria-invalid=true]").len(),
        2
    );
    assert_eq!(texts(&html, "#grade-4 option[selected]"), ["二级（重度）"]);
    // Another doctor cannot use that scan.
    let html = conclude(
        &w.doctor,
        w.item,
        1,
        &[("meets", "yes"), ("form_scan_upload", "999999")],
        None,
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(html.contains("<a href=\"#grade-1\">"));
    assert!(crate::helpers::input_value(&html, "form_scan_upload").is_none());
    let exe = Some(("form.pdf", b"MZ\x90 not a pdf".to_vec()));
    let wrong = conclude(
        &w.doctor,
        w.item,
        1,
        &[("meets", "yes"), ("grade-4", "2")],
        exe,
    )
    .await;
    assert_eq!(wrong.status().as_u16(), 422);
    // Another institution's doctor cannot record it.
    let other = conclude(
        &w.other_doctor,
        w.item,
        1,
        &[("meets", "yes"), ("grade-4", "2")],
        pdf(),
    )
    .await;
    assert_eq!(other.status().as_u16(), 404);
    // Physical grade 2 and hearing grade 3: multiple disabilities, graded 2.
    let both = [
        ("meets", "yes"),
        ("grade-4", "2"),
        ("grade-2", "3"),
        ("form_scan_upload", kept.as_str()),
    ];
    let res = conclude(&w.doctor, w.item, 1, &both, None).await;
    assert_eq!(res.status().as_u16(), 303);
    let stored = number(
        &w.app,
        &format!(
            "SELECT count(*) AS n FROM application_items WHERE id = {} AND conclusion_meets \
             AND conclusion_category = 7 AND conclusion_grade = 2 \
             AND jsonb_array_length(conclusion_components) = 2",
            w.item
        ),
    )
    .await;
    assert_eq!(stored, 1, "multiple, graded by the most severe component");
    let (_, page) = w.clerk.get_html(&path).await;
    assert!(page.contains("已评定：符合标准"));
    assert!(
        page.contains("评定表.pdf"),
        "the scan is among the materials"
    );
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
    // A reason pasted with a control character: refused at the reason, kept, nothing done.
    let res = w
        .clerk
        .post_form(
            &path,
            &[
                ("command", "reject"),
                ("version", "0"),
                ("reason", "材料\u{0}不全"),
            ],
        )
        .await;
    let html = crate::helpers::refused_for_control_characters(res, "reason").await;
    assert!(html.contains("材料不全"), "kept");
    // Nothing was done: the form of version 0 still acts.
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
    // The refusal sits at the list it is about, linked from the summary.
    let html = res.text().await.unwrap();
    assert!(html.contains("<a href=\"#items\">请逐条写明需要补正的内容。</a>"));
    assert!(html.contains("id=\"items-error\""));
    assert_eq!(texts(&html, "#items[aria-invalid=true]").len(), 1);
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

/// The withdrawal is a use case: driven without a request (as the counter or a job will), it
/// refuses another account as if the application did not exist, withdraws for the account that
/// applied, and then says it is too late.
#[tokio::test]
async fn the_withdrawal_use_case_needs_no_request() {
    use diesel::{ExpressionMethods, QueryDsl};
    use portal::cases::CaseError;
    use portal::cases::withdraw::{self, Withdrawal};
    use portal::db::schema::{accounts, applications};
    let w = world().await;
    let id: i64 = w.application.rsplit('/').next().unwrap().parse().unwrap();
    let mut conn = w.app.db().await;
    let owner: i64 = applications::table
        .find(id)
        .select(applications::account_id)
        .first(&mut conn)
        .await
        .unwrap();
    let other: i64 = accounts::table
        .filter(accounts::id.ne(owner))
        .select(accounts::id)
        .first(&mut conn)
        .await
        .unwrap();
    assert!(matches!(
        withdraw::application(&mut conn, other, id).await,
        Err(CaseError::NotFound)
    ));
    assert_eq!(
        withdraw::application(&mut conn, owner, id).await.unwrap(),
        Withdrawal::Done { notify: None }
    );
    assert_eq!(
        withdraw::application(&mut conn, owner, id).await.unwrap(),
        Withdrawal::TooLate
    );
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

/// The doctor's multipart conclusion form: `meets`, grades by category code, and the scan.
pub(crate) async fn conclude(
    client: &TestApp,
    item: i64,
    version: u32,
    fields: &[(&str, &str)],
    scan: Option<(&str, Vec<u8>)>,
) -> reqwest::Response {
    conclude_with(client, item, version, "record_conclusion", fields, scan).await
}

/// The multipart conclusion form with `command` (`record_conclusion`, or the committee's
/// `record_final_conclusion`).
pub(crate) async fn conclude_with(
    client: &TestApp,
    item: i64,
    version: u32,
    command: &'static str,
    fields: &[(&str, &str)],
    scan: Option<(&str, Vec<u8>)>,
) -> reqwest::Response {
    use reqwest::multipart::{Form, Part};
    let token = client.csrf_token().await;
    let mut form = Form::new()
        .text("command", command)
        .text("version", version.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some((name, bytes)) = scan {
        form = form.part("form_scan", Part::bytes(bytes).file_name(name.to_owned()));
    }
    client
        .client
        .post(format!(
            "{}/staff/items/{item}/conclusion?csrf_token={token}",
            client.address
        ))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Gives `command` on `path` at `version`; returns the status.
pub(crate) async fn act(
    client: &TestApp,
    path: &str,
    version: u32,
    fields: &[(&str, &str)],
) -> u16 {
    let v = version.to_string();
    let mut all = vec![("version", v.as_str())];
    all.extend_from_slice(fields);
    client.post_form(path, &all).await.status().as_u16()
}

/// How many inbox messages of `kind` the account with `id_number` has.
pub(crate) async fn inbox_count(app: &TestApp, id_number: &str, kind: &str) -> i64 {
    number(
        app,
        &format!(
            "SELECT count(*) AS n FROM inbox_messages m JOIN accounts c ON c.id = m.account_id \
             WHERE c.id_number = '{id_number}' AND m.kind = '{kind}'"
        ),
    )
    .await
}

/// The number from a one-row `SELECT … AS n`.
pub(crate) async fn number(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.db().await;
    diesel::sql_query(sql)
        .get_result::<crate::apply::Count>(&mut conn)
        .await
        .unwrap()
        .n
}

/// The result lookup's rows (`result_lookups`, kept by triggers) equal their definition
/// (`result_lookup_rows`, the joins of the case tables) for everyone; returns how many there are.
pub(crate) async fn lookups_current(app: &TestApp) -> i64 {
    let differing = number(
        app,
        "SELECT count(*) AS n FROM ( \
           (SELECT * FROM result_lookup_rows EXCEPT SELECT * FROM result_lookups) \
           UNION ALL \
           (SELECT * FROM result_lookups EXCEPT SELECT * FROM result_lookup_rows)) d",
    )
    .await;
    assert_eq!(
        differing, 0,
        "result_lookups differs from result_lookup_rows"
    );
    number(app, "SELECT count(*) AS n FROM result_lookups").await
}

/// The clerk accepts with the designated institution and its doctor records `meets` (physical,
/// grade 2 when met) with the signed form: the item is at version 2, assessed.
pub(crate) async fn assessed(w: &World, meets: bool) {
    let path = format!("/staff/items/{}", w.item);
    let institution = w.institution.to_string();
    let accept = [("command", "accept"), ("institution", institution.as_str())];
    assert_eq!(act(&w.clerk, &path, 0, &accept).await, 303);
    let fields: &[(&str, &str)] = if meets {
        &[("meets", "yes"), ("grade-4", "2")]
    } else {
        &[("meets", "no")]
    };
    let scan = Some(("评定表.pdf", b"%PDF-1.4 signed".to_vec()));
    let res = conclude(&w.doctor, w.item, 1, fields, scan).await;
    assert_eq!(res.status().as_u16(), 303);
}

/// Accept → conclusion (meets) → publish, then moves the publication start back past the
/// objection window (versions 0–2 used; the item is at version 3).
pub(crate) async fn published_long_ago(w: &World) {
    let path = format!("/staff/items/{}", w.item);
    assessed(w, true).await;
    let publish = [("command", "publish_or_notify")];
    assert_eq!(act(&w.clerk, &path, 2, &publish).await, 303);
    let mut conn = w.app.db().await;
    diesel::sql_query(format!(
        "UPDATE application_items SET state_since = portal_today() - 40 WHERE id = {}",
        w.item
    ))
    .execute(&mut conn)
    .await
    .unwrap();
}

#[tokio::test]
async fn issuing_the_certificate_sends_the_services_to_their_departments_only() {
    let w = world().await;
    let mut conn = w.app.db().await;
    use portal::db::offices::ensure;
    let civil = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Department,
        "430102",
        Some("civil_affairs"),
        "芙蓉区民政局",
    )
    .await
    .unwrap();
    let hr = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Department,
        "430102",
        Some("human_resources"),
        "芙蓉区人社局",
    )
    .await
    .unwrap();
    let far = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Department,
        "410105",
        Some("civil_affairs"),
        "金水区民政局",
    )
    .await
    .unwrap();
    let officer = staff(&w.app, 105, "department_officer", civil).await;
    let other_department = staff(&w.app, 106, "department_officer", hr).await;
    let other_county = staff(&w.app, 107, "department_officer", far).await;
    let service = number(
        &w.app,
        "SELECT id AS n FROM application_items WHERE kind = 'service'",
    )
    .await;
    let service_path = format!("/staff/items/{service}");
    // While the certificate is pending the department has nothing to do.
    let (_, queue) = officer.get_html("/staff").await;
    assert!(!queue.contains(&service_path));
    // Officers never see the certificate matter.
    let matter_path = format!("/staff/items/{}", w.item);
    assert_eq!(officer.get(&matter_path).await.status().as_u16(), 404);

    published_long_ago(&w).await;
    assert_eq!(
        act(&w.clerk, &matter_path, 3, &[("command", "issue")]).await,
        303
    );
    let at_department = number(
        &w.app,
        &format!(
            "SELECT count(*) AS n FROM application_items WHERE id = {service} \
             AND status = 'at_department' AND deadline IS NULL"
        ),
    )
    .await;
    // Hunan's 003 promises no time limit for the departments (the 10 working days are Henan's).
    assert_eq!(
        at_department, 1,
        "forwarded, with no deadline Hunan never promised"
    );
    let by_system = number(
        &w.app,
        &format!(
            "SELECT count(*) AS n FROM item_events WHERE item_id = {service} \
             AND actor_role = 'system' AND command = 'forward_to_department'"
        ),
    )
    .await;
    assert_eq!(by_system, 1);

    let (_, queue) = officer.get_html("/staff").await;
    assert!(queue.contains(&service_path), "in the civil-affairs queue");
    let (_, queue) = other_department.get_html("/staff").await;
    assert!(!queue.contains(&service_path));
    for outsider in [&other_department, &other_county, &w.clerk] {
        assert_eq!(outsider.get(&service_path).await.status().as_u16(), 404);
        let approve = [("command", "approve"), ("note", "")];
        assert_eq!(act(outsider, &service_path, 1, &approve).await, 404);
    }
    let (status, page) = officer.get_html(&service_path).await;
    assert_eq!(status, 200);
    assert!(page.contains("审核通过") && page.contains("不予办理"));
    let blank = [("command", "refuse"), ("reason", " ")];
    assert_eq!(act(&officer, &service_path, 1, &blank).await, 422);
    // The first month of payment is what the department records.
    let no_month = [("command", "approve"), ("note", "按月发放")];
    assert_eq!(act(&officer, &service_path, 1, &no_month).await, 422);
    // Each refusal at its own field, with a text of its own and what was typed kept.
    for (fields, field, message, kept) in [
        (&blank[..], "reason", "请填写原因。", "#reason"),
        (&no_month[..], "start_month", "", "#note"),
    ] {
        let mut all = vec![("version", "1")];
        all.extend_from_slice(fields);
        let html = officer
            .post_form(&service_path, &all)
            .await
            .text()
            .await
            .unwrap();
        let links = texts(&html, &format!(".error-summary a[href='#{field}']"));
        assert_eq!(links.len(), 1, "{field}");
        assert!(links[0].contains(message));
        assert_eq!(texts(&html, &format!("#{field}-error")).len(), 1);
        assert_eq!(
            texts(&html, &format!("#{field}[aria-invalid=true]")).len(),
            1
        );
        if field == "start_month" {
            assert_eq!(texts(&html, kept), ["按月发放"], "the note kept");
        }
    }
    let approve = [
        ("command", "approve"),
        ("start_month", "2027-01"),
        ("note", "按月发放"),
    ];
    assert_eq!(act(&officer, &service_path, 1, &approve).await, 303);
    let (_, timeline) = w.applicant.get_html(&w.application).await;
    assert!(timeline.contains("补贴自 2027-01 起发放"), "{timeline}");
    assert!(timeline.contains("转相关部门办理"));
    assert!(timeline.contains("联办事项已办结"));
    let (_, inbox) = w.applicant.get_html("/inbox").await;
    assert!(inbox.contains("联办事项已办结"));
}

#[tokio::test]
async fn a_matter_that_ends_without_a_certificate_ends_its_services() {
    let w = world().await;
    let path = format!("/staff/items/{}", w.item);
    let reject = [("command", "reject"), ("reason", "已持有有效残疾人证")];
    assert_eq!(act(&w.clerk, &path, 0, &reject).await, 303);
    let lapsed = number(
        &w.app,
        "SELECT count(*) AS n FROM application_items WHERE kind = 'service' AND status = 'lapsed'",
    )
    .await;
    assert_eq!(lapsed, 1);
    let (_, timeline) = w.applicant.get_html(&w.application).await;
    assert!(timeline.contains("未取得残疾人证，不再办理"));
}

#[tokio::test]
async fn the_hukou_county_approves_or_returns_a_cross_region_case() {
    let w = world().await;
    let mut conn = w.app.db().await;
    let hukou_federation = portal::db::offices::ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Federation,
        "410105",
        None,
        "金水区残联",
    )
    .await
    .unwrap();
    let hukou = staff(&w.app, 108, "hukou_clerk", hukou_federation).await;
    // The person's hukou is in 金水区: the case crosses regions.
    diesel::sql_query(format!(
        "UPDATE application_items SET approving_county = '410105' WHERE id = {}",
        w.item
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let path = format!("/staff/items/{}", w.item);
    // Nothing for the hukou county before the residence county passes it on.
    assert_eq!(hukou.get(&path).await.status().as_u16(), 404);
    published_long_ago(&w).await;
    let (_, page) = w.clerk.get_html(&path).await;
    assert!(page.contains("转户籍地审批"));
    assert_eq!(act(&w.clerk, &path, 3, &[("command", "issue")]).await, 422);
    assert_eq!(
        act(&w.clerk, &path, 3, &[("command", "pass_to_hukou_county")]).await,
        303
    );
    let (_, queue) = hukou.get_html("/staff").await;
    assert!(
        queue.contains(&path),
        "in the hukou county's approval queue"
    );
    // Only the hukou clerk decides; the residence clerk's attempt finds no such action.
    assert_eq!(
        act(&w.clerk, &path, 4, &[("command", "approve_and_issue")]).await,
        404
    );
    let back = [
        ("command", "return_outside_jurisdiction"),
        ("reason", "户籍已迁出本区"),
    ];
    assert_eq!(act(&hukou, &path, 4, &back).await, 303);
    let (_, page) = w.clerk.get_html(&path).await;
    assert!(page.contains("户籍地退回") && page.contains("户籍已迁出本区"));
    assert_eq!(
        act(&w.clerk, &path, 5, &[("command", "pass_to_hukou_county")]).await,
        303
    );
    assert_eq!(
        act(&hukou, &path, 6, &[("command", "approve_and_issue")]).await,
        303
    );
    let (_, timeline) = w.applicant.get_html(&w.application).await;
    assert!(timeline.contains("已发证"));
    assert!(timeline.contains("审批并发证"));
}

#[tokio::test]
async fn a_lost_card_is_replaced_without_assessment_on_the_same_day() {
    let app = spawn_app().await;
    let mut conn = app.db().await;
    let federation = portal::db::offices::ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Federation,
        "430102",
        None,
        "芙蓉区残联",
    )
    .await
    .unwrap();
    portal::db::offices::ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Institution,
        "430102",
        None,
        "芙蓉区医院",
    )
    .await
    .unwrap();
    let applicant = app.other_device();
    let user = TestUser::new(1);
    applicant.register(&user).await;
    let id = crate::apply::fill_replacement(&applicant, &user, "41").await;
    let res = submit(&applicant, id).await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    let application = location(&res);
    let item = number(
        &app,
        "SELECT id AS n FROM application_items WHERE kind = 'matter'",
    )
    .await;
    // Hunan: non-assessment matters are due the same (working) day (000 §三(一)).
    let same_day = number(
        &app,
        &format!(
            "SELECT count(*) AS n FROM application_items WHERE id = {item} \
             AND deadline - state_since BETWEEN 0 AND 3"
        ),
    )
    .await;
    assert_eq!(same_day, 1);
    let clerk = staff(&app, 101, "county_clerk", federation).await;
    let path = format!("/staff/items/{item}");
    let (_, page) = clerk.get_html(&path).await;
    assert!(page.contains("办结（无需评定）"));
    assert!(
        !page.contains("受理并指定评定机构"),
        "no assessment offered"
    );
    let accept = [("command", "accept"), ("institution", "1")];
    assert_ne!(act(&clerk, &path, 0, &accept).await, 303);
    assert_eq!(act(&clerk, &path, 0, &[("command", "complete")]).await, 303);
    let (_, timeline) = applicant.get_html(&application).await;
    assert!(timeline.contains("已发证"));
    assert!(timeline.contains("办结（无需评定）"));
}

#[tokio::test]
async fn a_township_clerk_with_delegated_authority_accepts_only_their_townships_cases() {
    let w = world().await;
    let mut conn = w.app.db().await;
    use portal::db::offices::ensure;
    let ours = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Township,
        "430102001",
        None,
        "文艺路街道残联",
    )
    .await
    .unwrap();
    let theirs = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Township,
        "430102002",
        None,
        "朝阳街街道残联",
    )
    .await
    .unwrap();
    let clerk = staff(&w.app, 109, "county_clerk", ours).await;
    let other = staff(&w.app, 110, "county_clerk", theirs).await;
    let path = format!("/staff/items/{}", w.item);
    let (_, queue) = clerk.get_html("/staff").await;
    assert!(queue.contains(&path), "the township's case is in its queue");
    let (_, queue) = other.get_html("/staff").await;
    assert!(!queue.contains(&path));
    assert_eq!(other.get(&path).await.status().as_u16(), 404);
    // The same duties as the county clerk (000 §三(四)): accept with the county's institution.
    let (_, page) = clerk.get_html(&path).await;
    assert!(page.contains("芙蓉区医院"));
    let institution = w.institution.to_string();
    let accept = [("command", "accept"), ("institution", institution.as_str())];
    assert_eq!(act(&other, &path, 0, &accept).await, 404);
    assert_eq!(act(&clerk, &path, 0, &accept).await, 303);
    let (_, timeline) = w.applicant.get_html(&w.application).await;
    assert!(
        timeline.contains("文艺路街道残联"),
        "the office that acted is named"
    );
}

#[tokio::test]
async fn reopened_sections_are_corrected_on_the_same_form_and_only_they() {
    let w = world().await;
    let path = format!("/staff/items/{}", w.item);
    let draft = number(&w.app, "SELECT draft_id AS n FROM applications").await;
    // Before a return the submitted form is closed.
    let personal = format!("/apply/{draft}/personal");
    assert_eq!(location(&w.applicant.get(&personal).await), w.application);
    let back = [
        ("command", "return_for_correction"),
        ("items", ""),
        ("sections", "personal"),
        ("sections", "who"),
    ];
    assert_eq!(act(&w.clerk, &path, 0, &back).await, 303);
    let (_, page) = w.applicant.get_html(&w.application).await;
    assert!(
        page.contains("请修改“基本情况”"),
        "the section is named in the list"
    );
    assert!(page.contains(&format!("href=\"{personal}\"")));
    // Only the reopened section opens; “who” was not reopenable.
    let who = format!("/apply/{draft}/who");
    assert_eq!(location(&w.applicant.get(&who).await), w.application);
    assert_eq!(w.clerk.get(&personal).await.status().as_u16(), 404);
    let (status, form) = w.applicant.get_html(&personal).await;
    assert_eq!(status, 200);
    assert!(
        form.contains(&format!("href=\"{}#correction\"", w.application)),
        "back to the case"
    );
    let fields = |phone: &'static str| {
        vec![
            ("ethnicity", "01"),
            ("marital", "10"),
            ("education", "10"),
            ("phone", phone),
        ]
    };
    let res = w.applicant.post_form(&personal, &fields("123")).await;
    assert_eq!(res.status().as_u16(), 422);
    let res = w
        .applicant
        .post_form(&personal, &fields("13700000001"))
        .await;
    assert_eq!(location(&res), format!("{}#correction", w.application));
    // Resubmitted: the corrected answer replaces the submitted one, and the form closes again.
    let res = w
        .applicant
        .post_form(&format!("{}/resubmit", w.application), &[])
        .await;
    assert_eq!(location(&res), w.application);
    let corrected = number(
        &w.app,
        "SELECT count(*) AS n FROM applications WHERE answers->>'phone' = '13700000001'",
    )
    .await;
    assert_eq!(corrected, 1);
    assert_eq!(location(&w.applicant.get(&personal).await), w.application);
    let (_, page) = w.clerk.get_html(&path).await;
    assert!(page.contains("已提交，等待受理"));
}

#[tokio::test]
async fn a_newcomer_walks_the_demo_case_to_issue_and_grants_its_subsidy_with_the_demo_logins() {
    let app = spawn_app().await;
    let mut conn = app.db().await;
    crate::helpers::load_demo_case(&mut conn, &app.db_url).await;
    // Loading again adds nothing.
    let storage = portal::storage::Storage::Database(crate::helpers::pool_on(&app.db_url, 1));
    portal::db::demo_case::load(&mut conn, &storage, crate::helpers::today())
        .await
        .unwrap();
    assert_eq!(
        number(&app, "SELECT count(*) AS n FROM applications").await,
        1
    );
    // Its announcement is still in public view, the window closed.
    let (_, listing) = app
        .get_html("/publications?province=43&city=4301&county=430102")
        .await;
    assert_eq!(texts(&listing, "tbody tr").len(), 1);
    assert!(listing.contains("已结束"));
    let login = |phone: &'static str| {
        let client = app.other_device();
        async move {
            let res = client
                .post_form(
                    "/login",
                    &[
                        ("identifier", phone),
                        ("password", portal::db::demo::DEMO_PASSWORD),
                    ],
                )
                .await;
            assert_eq!(res.status().as_u16(), 303, "{phone}");
            client
        }
    };
    let clerk = login("13900000100").await;
    let (_, queue) = clerk.get_html("/staff").await;
    let item = crate::helpers::first_link(&queue, "/staff/items/").expect("the demo case");
    let path = format!("/staff/items/{item}");
    let (_, page) = clerk.get_html(&path).await;
    assert!(page.contains("评定结果公示中"));
    assert!(
        !queue.contains("已超期") && !page.contains("已超期"),
        "due, not overdue"
    );
    let v = version(&page);
    let res = clerk
        .post_form(&path, &[("command", "issue"), ("version", &v)])
        .await;
    assert_eq!(
        res.status().as_u16(),
        303,
        "the window has closed: issue now"
    );
    let officer = login("13900000104").await;
    let (_, queue) = officer.get_html("/staff").await;
    let service = crate::helpers::first_link(&queue, "/staff/items/").expect("the subsidy");
    let service = format!("/staff/items/{service}");
    let (_, page) = officer.get_html(&service).await;
    let v = version(&page);
    let res = officer
        .post_form(
            &service,
            &[
                ("command", "approve"),
                ("version", &v),
                ("start_month", "2027-01"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let applicant = login("13900000001").await;
    let (_, list) = applicant.get_html("/applications").await;
    let case = crate::helpers::first_link(&list, "/applications/").expect("the case");
    assert!(
        list.contains("已发证"),
        "the list shows where the case stands"
    );
    let (_, timeline) = applicant.get_html(&format!("/applications/{case}")).await;
    assert!(timeline.contains("已发证"));
    assert!(timeline.contains("联办事项已办结"));
    assert!(
        timeline.contains("评残医生"),
        "the assessment step is in the history"
    );
    // The certificate carries the photo of the sample case's materials.
    let (_, list) = applicant.get_html("/certificates").await;
    let certificate = crate::helpers::first_link(&list, "/certificates/").expect("the card");
    let (_, card) = applicant
        .get_html(&format!("/certificates/{certificate}"))
        .await;
    let photo = format!("/certificates/{certificate}/photo");
    assert!(card.contains(&format!("src=\"{photo}\"")), "{card}");
    let res = applicant.get(&photo).await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.bytes().await.unwrap().starts_with(b"\x89PNG"));
}

#[tokio::test]
async fn a_published_adult_appears_masked_in_the_public_announcement_and_others_never() {
    let w = world().await;
    let path = format!("/staff/items/{}", w.item);
    assessed(&w, true).await;
    let listing = "/publications?province=43&city=4301&county=430102";
    let anonymous = w.app.other_device();
    let (status, before) = anonymous.get_html(listing).await;
    assert_eq!(status, 200);
    assert!(!before.contains("张*明"), "not before publication");
    assert_eq!(
        act(&w.clerk, &path, 2, &[("command", "publish_or_notify")]).await,
        303
    );
    let (_, page) = anonymous.get_html(listing).await;
    assert_eq!(
        texts(&page, "tbody th"),
        vec!["张*明"],
        "masked name, no account needed"
    );
    assert!(!page.contains("张小明"));
    let id = TestUser::new(1).id_number;
    assert!(page.contains(&format!("43**************{}", &id[16..])));
    assert!(!page.contains(&id[6..14]), "no birth date");
    assert!(page.contains("肢体残疾") && page.contains("二级") && page.contains("公示中"));
    // The county's Atom feed carries the same masked entry.
    let res = anonymous.get("/publications/430102/feed.atom").await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let feed = res.text().await.unwrap();
    assert!(feed.contains("<title>张*明 肢体残疾 二级"), "{feed}");
    assert!(!feed.contains("张小明"));
    assert_eq!(
        anonymous
            .get("/publications/999999/feed.atom")
            .await
            .status()
            .as_u16(),
        404
    );
    // Other counties and categories do not show it.
    let (_, other) = anonymous
        .get_html("/publications?province=43&city=4301&county=430103")
        .await;
    assert!(!other.contains("张*明"));
    let (_, visual) = anonymous.get_html(&format!("{listing}&category=1")).await;
    assert!(!visual.contains("张*明"));
    // Some days after the window the entry leaves public view.
    let mut conn = w.app.db().await;
    diesel::sql_query("UPDATE publications SET shown_until = portal_today() - 1")
        .execute(&mut conn)
        .await
        .unwrap();
    let (_, later) = anonymous.get_html(listing).await;
    assert!(!later.contains("张*明"));
}

#[tokio::test]
async fn results_that_do_not_meet_the_standard_are_notified_not_published() {
    let w = world().await;
    let path = format!("/staff/items/{}", w.item);
    assessed(&w, false).await;
    assert_eq!(
        act(&w.clerk, &path, 2, &[("command", "publish_or_notify")]).await,
        303
    );
    let (_, page) = w.clerk.get_html(&path).await;
    assert!(page.contains("已告知结果：不符合标准"));
    assert_eq!(
        number(&w.app, "SELECT count(*) AS n FROM publications").await,
        0
    );
}

#[tokio::test]
async fn people_look_up_their_own_result_with_uniform_answers_and_a_limit() {
    let w = world().await;
    let path = format!("/staff/items/{}", w.item);
    assessed(&w, true).await;
    let user = TestUser::new(1);
    let visitor = w.app.other_device();
    let look = async |id: &str, name: &str| {
        let res = visitor
            .post_form("/publications/lookup", &[("id_number", id), ("name", name)])
            .await;
        let status = res.status().as_u16();
        let html = res.text().await.unwrap();
        let shown = texts(&html, "#result p").join(" ");
        // Whatever is not public gets the page asking for a texted code.
        if html.contains("id=\"lookup-code-heading\"") {
            (status, texts_nothing())
        } else {
            (status, shown)
        }
    };
    // Assessed but not yet published: nothing to show, as for anyone unknown.
    let (_, before) = look(&user.id_number, "张小明").await;
    assert_eq!(texts_nothing(), before);
    assert_eq!(
        act(&w.clerk, &path, 2, &[("command", "publish_or_notify")]).await,
        303
    );
    let (status, found) = look(&user.id_number, "张小明").await;
    assert_eq!(status, 200);
    assert!(found.contains("符合残疾标准，肢体残疾，二级"), "{found}");
    assert!(found.contains("（含当日）前申请复核"), "{found}");
    let (_, wrong_name) = look(&user.id_number, "李四").await;
    let (_, unknown) = look(&TestUser::new(2).id_number, "张小明").await;
    assert_eq!(wrong_name, texts_nothing());
    assert_eq!(
        unknown, wrong_name,
        "the same answer whether or not someone applied"
    );
    let (status, _) = look("12345", "张小明").await;
    assert_eq!(status, 422);
    // Five lookups of an ID number an hour (three so far); the sixth waits.
    look(&user.id_number, "张小明").await;
    let (_, fifth) = look(&user.id_number, "张小明").await;
    assert!(fifth.contains("肢体残疾"));
    let res = visitor
        .post_form(
            "/publications/lookup",
            &[("id_number", &user.id_number), ("name", "张小明")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("查询次数过多"), "locked");
    assert!(!html.contains("肢体残疾"), "no result once locked");
    assert_eq!(lookups_current(&w.app).await, 1);
}

/// The uniform answer to everything that is not public: the page asking for a texted code.
fn texts_nothing() -> String {
    "code page".to_owned()
}

/// Answers that cannot be read are an error where they are loaded (for the applicant and for
/// staff), never an empty application that hides what was submitted.
#[tokio::test]
async fn unreadable_answers_are_an_error_not_an_empty_application() {
    let w = world().await;
    let (status, _) = w.applicant.get_html(&w.application).await;
    assert_eq!(status, 200);
    let (status, _) = w.clerk.get_html(&format!("/staff/items/{}", w.item)).await;
    assert_eq!(status, 200);
    let mut conn = w.app.db().await;
    diesel::sql_query(r#"UPDATE applications SET answers = '{"matter": 5}'"#)
        .execute(&mut conn)
        .await
        .unwrap();
    let (status, _) = w.applicant.get_html(&w.application).await;
    assert_eq!(status, 500);
    let (status, _) = w.clerk.get_html(&format!("/staff/items/{}", w.item)).await;
    assert_eq!(status, 500);
}
