//! The one application form: every way of applying, the matters, the linked services, the rules
//! at entry, materials, drafts, check answers, and the idempotent submission.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use reqwest::multipart::{Form, Part};

use crate::helpers::{TestApp, TestUser, spawn_app, texts, wait_for_mail_file};

/// A real picture (the upload checks read its header).
pub const PNG: &[u8] = include_bytes!("../fixtures/photo.png");
/// A real JPEG.
pub const JPEG: &[u8] = include_bytes!("../fixtures/scan.jpg");

/// Starts a draft and returns its id.
pub async fn start(app: &TestApp) -> i64 {
    let res = app.post_form("/apply", &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    let to = location(&res);
    assert!(to.ends_with("/who"), "{to}");
    to.trim_start_matches("/apply/")
        .trim_end_matches("/who")
        .parse()
        .unwrap()
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// Saves a section; returns the response.
pub async fn save(
    app: &TestApp,
    id: i64,
    section: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.post_form(&format!("/apply/{id}/{section}"), fields)
        .await
}

/// Saves a section and expects to move on (303).
pub async fn ok(app: &TestApp, id: i64, section: &str, fields: &[(&str, &str)]) -> String {
    let res = save(app, id, section, fields).await;
    let status = res.status().as_u16();
    let to = location(&res);
    if status != 303 {
        let body = res.text().await.unwrap();
        panic!(
            "{section}: expected 303, got {status}: {:?}",
            texts(&body, ".error-summary li")
        );
    }
    to
}

/// Saves a section and expects errors (422); returns the page.
pub async fn refused(app: &TestApp, id: i64, section: &str, fields: &[(&str, &str)]) -> String {
    let res = save(app, id, section, fields).await;
    assert_eq!(res.status().as_u16(), 422, "{section} should be refused");
    res.text().await.unwrap()
}

/// Uploads a file for a material of a draft; returns the response.
pub async fn upload(
    app: &TestApp,
    id: i64,
    material: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    upload_to(
        app,
        &format!("/apply/{id}/materials/{material}"),
        name,
        bytes,
    )
    .await
}

/// Posts a file as the multipart field `file` to `path` (CSRF token in the query).
pub async fn upload_to(app: &TestApp, path: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let token = app.csrf_token().await;
    app.client
        .post(format!("{}{path}?csrf_token={token}", app.address))
        .multipart(Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned())))
        .send()
        .await
        .unwrap()
}

/// The hukou address in 长沙市芙蓉区文艺路街道, living there.
pub const HUKOU: [(&str, &str); 6] = [
    ("hukou_province", "43"),
    ("hukou_city", "4301"),
    ("hukou_county", "430102"),
    ("hukou_township", "430102001"),
    ("hukou_detail", "幸福村3组12号"),
    ("same_residence", "yes"),
];

/// Every yes/no fact the services' rules may ask, answered for a person who can get them all.
pub const EVERY_FACT: [(&str, &str); 7] = [
    ("long_term_care", "yes"),
    ("student", "no"),
    ("public_sector", "no"),
    ("employee_pension", "no"),
    ("employed", "no"),
    ("able_and_willing", "yes"),
    ("work_ability", "partial"),
];

/// The services' questions: `benefit`, a bank card held by `holder`, and `more` answers.
pub fn service_details<'a>(
    benefit: &'a str,
    holder: &'a str,
    more: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("benefits", benefit),
        ("bank_holder", holder),
        ("bank_name", "中国农业银行长沙芙蓉支行"),
        ("bank_card", "6228480402564890018"),
    ];
    fields.extend_from_slice(more);
    fields
}

/// Fills every section for a person applying for themself for a new certificate (physical),
/// with `services`.
pub async fn fill_new_for_self(app: &TestApp, id: i64, services: &[&str]) {
    ok(app, id, "who", &[("applying_as", "self")]).await;
    ok(app, id, "certificate", &[("held", "none")]).await;
    ok(app, id, "matter", &[("matter", "new"), ("categories", "4")]).await;
    ok(
        app,
        id,
        "personal",
        &[
            ("ethnicity", "01"),
            ("marital", "10"),
            ("education", "10"),
            ("phone", "13900000001"),
        ],
    )
    .await;
    ok(app, id, "address", &HUKOU).await;
    ok(app, id, "contact", &[]).await;
    let mut chosen: Vec<(&str, &str)> = services.iter().map(|s| ("services", *s)).collect();
    chosen.push(("x", ""));
    ok(app, id, "services", &chosen).await;
    if !services.is_empty() {
        ok(
            app,
            id,
            "service-details",
            &service_details("dibao", "张小明", &EVERY_FACT),
        )
        .await;
    }
    ok(app, id, "needs", &[("needs", "home_visit")]).await;
    ok(app, id, "delivery", &[("delivery", "township")]).await;
    for m in ["id_card", "hukou_book", "photo"] {
        let res = upload(app, id, m, &format!("{m}.png"), PNG.to_vec()).await;
        assert_eq!(res.status().as_u16(), 303, "upload {m}");
    }
}

/// Submits with the commitment; returns the response.
pub async fn submit(app: &TestApp, id: i64) -> reqwest::Response {
    app.post_form(&format!("/apply/{id}/submit"), &[("commitment", "yes")])
        .await
}

/// Starts a draft for oneself, holding a valid certificate of physical disability of grade
/// digits `category_grade` (e.g. "41": category 4, grade 1), issued 2020-05-20.
/// A draft for a lost-card replacement (挂失补办) of the certificate `user` holds with
/// `category_grade`, every section answered and the files uploaded; returns the draft id.
pub async fn fill_replacement(app: &TestApp, user: &TestUser, category_grade: &str) -> i64 {
    let id = holding(app, user, category_grade).await;
    ok(app, id, "matter", &[("matter", "replacement")]).await;
    ok(
        app,
        id,
        "personal",
        &[
            ("ethnicity", "01"),
            ("marital", "10"),
            ("education", "10"),
            ("phone", "13900000001"),
        ],
    )
    .await;
    ok(app, id, "address", &HUKOU).await;
    ok(app, id, "contact", &[]).await;
    ok(app, id, "services", &[("x", "")]).await;
    ok(app, id, "delivery", &[("delivery", "township")]).await;
    for m in ["id_card", "hukou_book", "photo"] {
        upload(app, id, m, &format!("{m}.png"), PNG.to_vec()).await;
    }
    id
}

pub async fn holding(app: &TestApp, user: &TestUser, category_grade: &str) -> i64 {
    let id = start(app).await;
    ok(app, id, "who", &[("applying_as", "self")]).await;
    let number = format!("{}{category_grade}", user.id_number);
    ok(
        app,
        id,
        "certificate",
        &[
            ("held", "valid"),
            ("cert_number", &number),
            ("cert_issued", "2020-05-20"),
        ],
    )
    .await;
    id
}

/// Adds a person the account acts for, with a PNG proof named `proof`.
async fn add_person(
    app: &TestApp,
    kind: &str,
    name: &str,
    id_number: &str,
    relationship: &str,
    proof: &str,
) {
    let form = Form::new()
        .text("kind", kind.to_owned())
        .text("real_name", name.to_owned())
        .text("id_number", id_number.to_owned())
        .text("relationship", relationship.to_owned())
        .part(
            "proof",
            Part::bytes(PNG.to_vec()).file_name(proof.to_owned()),
        );
    let res = app
        .client
        .post(format!(
            "{}/people/new?csrf_token={}",
            app.address,
            app.csrf_token().await
        ))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
}

async fn applicant() -> (TestApp, TestUser) {
    let app = spawn_app().await;
    let user = TestUser::new(1);
    app.register(&user).await;
    (app, user)
}

fn today() -> chrono::NaiveDate {
    crate::helpers::today()
}

#[tokio::test]
async fn a_person_applies_for_themself_for_a_certificate_and_two_subsidies() {
    let (app, user) = applicant().await;
    let id = start(&app).await;
    fill_new_for_self(&app, id, &["living_subsidy", "nursing_subsidy"]).await;

    let (status, tasks) = app.get_html(&format!("/apply/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        tasks.contains("已完成 11 项，共 11 项"),
        "every section complete"
    );

    let (_, check) = app.get_html(&format!("/apply/{id}/check")).await;
    assert!(!check.contains("提交前还需完成"), "nothing blocks");
    assert!(check.contains("文艺路街道"));
    assert!(check.contains("困难残疾人生活补贴"));
    assert!(check.contains("**** **** 0018"));
    assert!(
        !check.contains("6228480402564890018"),
        "the card number is masked"
    );
    assert!(check.contains("本人确认申报信息、内容真实有效"));
    // Every Change link names its answer for screen readers.
    assert!(check.contains("修改<span class=\"visually-hidden\"> 民族</span>"));

    let res = submit(&app, id).await;
    assert_eq!(res.status().as_u16(), 303);
    let to = location(&res);
    assert!(to.starts_with("/applications/"));
    let (status, page) = app.get_html(&to).await;
    assert_eq!(status, 200);
    let reference = texts(&page, ".panel-confirmation strong").join("");
    let pattern = format!("{}-430102-", today().format("%Y%m%d"));
    assert!(reference.starts_with(&pattern), "{reference}");

    // The first deadline: acceptance review, 3 working days on the official calendar (Hunan).
    let calendar =
        portal::domain::Calendar::from_csv(include_str!("../fixtures/holidays_cn.csv")).unwrap();
    let (_, due) = portal::domain::application::first_deadline(
        &portal::domain::policy::HUNAN,
        &calendar,
        Some(&portal::domain::CertificateMatter::New {
            categories: vec![portal::domain::Category::Physical],
        }),
        today(),
    );
    assert!(page.contains(&due.date.format("%Y-%m-%d").to_string()));
    assert!(page.contains("芙蓉区残疾人联合会"));

    // One application with its items and materials, in the database.
    let mut conn = app.db().await;
    let items: Vec<(String, String)> =
        diesel::sql_query("SELECT kind, code FROM application_items ORDER BY id")
            .load::<ItemRow>(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.kind, r.code))
            .collect();
    assert_eq!(
        items,
        vec![
            ("matter".to_owned(), "new".to_owned()),
            ("service".to_owned(), "living_subsidy".to_owned()),
            ("service".to_owned(), "nursing_subsidy".to_owned()),
        ]
    );
    assert_eq!(count(&mut conn, "application_materials").await, 3);

    // Inbox and email tell the reference.
    let (_, inbox) = app.get_html("/inbox").await;
    assert!(inbox.contains(&reference));
    let mail = wait_for_mail_file(&app.var_dir, &reference).await;
    assert!(mail.is_some(), "a confirmation mail to {}", user.email);

    // The draft is gone from the list; the application is listed.
    let (_, list) = app.get_html("/applications").await;
    assert!(list.contains(&reference));
    assert!(list.contains("您没有尚未完成的申请"));
    // The submitted draft now leads to its application.
    let again = app.get(&format!("/apply/{id}/who")).await;
    assert_eq!(location(&again), to);
}

#[derive(QueryableByName)]
struct ItemRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    kind: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    code: String,
}

#[derive(QueryableByName)]
pub struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub n: i64,
}

#[tokio::test]
async fn references_count_the_county_s_applications_of_the_day_without_gaps() {
    let (app, _) = applicant().await;
    let mut others = Vec::new();
    for n in 1..3 {
        let other = app.other_device();
        other.register(&TestUser::new(300 + n)).await;
        others.push(other);
    }
    let mut references = Vec::new();
    for client in std::iter::once(&app).chain(others.iter()) {
        let id = start(client).await;
        fill_new_for_self(client, id, &[]).await;
        // A repeated submission (a double click) neither makes a second application nor uses a
        // number.
        let first = location(&submit(client, id).await);
        assert_eq!(location(&submit(client, id).await), first);
        let (_, page) = client.get_html(&first).await;
        references.push(texts(&page, ".panel-confirmation strong").join(""));
    }
    let day = today().format("%Y%m%d");
    assert_eq!(
        references,
        (1..=3)
            .map(|n| format!("{day}-430102-{n:06}"))
            .collect::<Vec<_>>()
    );
}

async fn count(conn: &mut diesel_async::AsyncPgConnection, table: &str) -> i64 {
    diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
        .get_result::<Count>(conn)
        .await
        .unwrap()
        .n
}

#[tokio::test]
async fn submitting_twice_or_concurrently_creates_one_application() {
    let (app, _) = applicant().await;
    let id = start(&app).await;
    fill_new_for_self(&app, id, &[]).await;
    let token = app.csrf_token().await;
    let send = || {
        app.client
            .post(format!("{}/apply/{id}/submit", app.address))
            .form(&[("commitment", "yes"), ("csrf_token", token.as_str())])
            .send()
    };
    let (a, b, c) = tokio::join!(send(), send(), send());
    let places: Vec<String> = [a, b, c]
        .iter()
        .map(|r| {
            let r = r.as_ref().unwrap();
            assert_eq!(r.status().as_u16(), 303);
            location(r)
        })
        .collect();
    assert!(places.iter().all(|p| p == &places[0]), "{places:?}");
    let later = submit(&app, id).await;
    assert_eq!(location(&later), places[0]);
    let mut conn = app.db().await;
    assert_eq!(count(&mut conn, "applications").await, 1);
    assert_eq!(count(&mut conn, "application_items").await, 1);
    assert_eq!(
        diesel::sql_query(
            "SELECT count(*) AS n FROM inbox_messages WHERE kind = 'application-submitted'"
        )
        .get_result::<Count>(&mut conn)
        .await
        .unwrap()
        .n,
        1
    );
}

#[tokio::test]
async fn nothing_is_submitted_without_the_commitment_or_with_a_section_missing() {
    let (app, _) = applicant().await;
    let id = start(&app).await;
    ok(&app, id, "who", &[("applying_as", "self")]).await;
    let res = submit(&app, id).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("提交前还需完成"));
    assert!(html.contains("持证情况：尚未填写"));
    assert!(html.contains("请上传：居民身份证"));

    fill_new_for_self(&app, id, &[]).await;
    let res = app.post_form(&format!("/apply/{id}/submit"), &[]).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("请确认申请承诺后提交"));
    assert!(html.contains("href=\"#commitment\""));
    let mut conn = app.db().await;
    assert_eq!(count(&mut conn, "applications").await, 0);
}

#[tokio::test]
async fn errors_are_listed_and_shown_at_each_field_and_what_was_typed_is_kept() {
    let (app, _) = applicant().await;
    let id = start(&app).await;
    ok(&app, id, "who", &[("applying_as", "self")]).await;
    let html = refused(
        &app,
        id,
        "personal",
        &[
            ("ethnicity", "01"),
            ("marital", "99x"),
            ("phone", "1390000"),
            ("email", "not-an-email"),
        ],
    )
    .await;
    let summary = texts(&html, ".error-summary a");
    assert_eq!(summary.len(), 4, "{summary:?}");
    assert!(html.contains("href=\"#marital\""));
    assert!(html.contains("href=\"#phone\""));
    assert!(html.contains("id=\"phone-error\""));
    assert!(html.contains("aria-describedby=\"phone-hint phone-error\""));
    assert!(html.contains("value=\"1390000\""), "typed value kept");
    assert!(html.contains("<title>错误："));
    // The draft kept it too.
    let (_, again) = app.get_html(&format!("/apply/{id}/personal")).await;
    assert!(again.contains("value=\"1390000\""));
    assert!(again.contains("<option value=\"01\" selected>"));
}

#[tokio::test]
async fn scripts_typed_into_the_form_are_shown_as_text() {
    let (app, _) = applicant().await;
    let id = start(&app).await;
    ok(&app, id, "who", &[("applying_as", "self")]).await;
    let mut fields = HUKOU.to_vec();
    fields[4] = ("hukou_detail", "<script>alert(1)</script>");
    ok(&app, id, "address", &fields).await;
    let (_, html) = app.get_html(&format!("/apply/{id}/address")).await;
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || html.contains("&lt;script&gt;")
    );
    let (_, check) = app.get_html(&format!("/apply/{id}/check")).await;
    assert!(!check.contains("<script>alert(1)"));
}

#[tokio::test]
async fn a_huge_body_is_refused() {
    let (app, _) = applicant().await;
    let id = start(&app).await;
    let big = "x".repeat(2 * 1024 * 1024);
    let res = save(&app, id, "address", &[("hukou_detail", &big)]).await;
    assert_eq!(res.status().as_u16(), 413);
}

#[tokio::test]
async fn a_form_page_refuses_other_content_types() {
    let (app, _) = applicant().await;
    let id = start(&app).await;
    let res = app
        .with_token(reqwest::Method::POST, &format!("/apply/{id}/who"))
        .await
        .header("content-type", "application/json")
        .body(r#"{"applying_as":"self"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 415);
}

#[tokio::test]
async fn the_address_lists_work_without_javascript_and_as_json() {
    let (app, _) = applicant().await;
    let id = start(&app).await;
    ok(&app, id, "who", &[("applying_as", "self")]).await;
    let res = save(
        &app,
        id,
        "address",
        &[("hukou_province", "43"), ("refresh", "hukou_city")],
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(location(&res), format!("/apply/{id}/address#hukou_city"));
    let (_, html) = app.get_html(&format!("/apply/{id}/address")).await;
    assert!(html.contains("<option value=\"4301\">长沙市</option>"));
    let counties = texts(&html, "#hukou_county option");
    assert_eq!(
        counties,
        vec!["请选择"],
        "no counties before a city is chosen"
    );
    // Changing the province clears a city of another province.
    save(
        &app,
        id,
        "address",
        &[
            ("hukou_province", "41"),
            ("hukou_city", "4301"),
            ("refresh", "hukou_city"),
        ],
    )
    .await;
    let (_, html) = app.get_html(&format!("/apply/{id}/address")).await;
    assert!(html.contains("<option value=\"4101\">郑州市</option>"));
    assert!(!html.contains("<option value=\"4301\" selected>"));
    // A county that is not in the chosen city is refused on continue.
    let html = refused(
        &app,
        id,
        "address",
        &[
            ("hukou_province", "43"),
            ("hukou_city", "4301"),
            ("hukou_county", "410105"),
            ("hukou_detail", "x"),
            ("same_residence", "yes"),
        ],
    )
    .await;
    assert!(html.contains("请选择县（市、区）"));

    let res = app.get("/divisions/430102").await;
    assert_eq!(res.status().as_u16(), 200);
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json[0]["code"], "430102001");
    assert_eq!(json[0]["name"], "文艺路街道");
    assert_eq!(app.get("/divisions/43%27;--").await.status().as_u16(), 404);
}

#[tokio::test]
async fn living_elsewhere_needs_the_residence_address_and_a_residence_permit_and_routes_across() {
    let (app, _) = applicant().await;
    let id = start(&app).await;
    fill_new_for_self(&app, id, &[]).await;
    let mut fields = HUKOU.to_vec();
    fields[5] = ("same_residence", "no");
    let html = refused(&app, id, "address", &fields).await;
    assert!(html.contains("请选择省"));
    fields.extend([
        ("residence_province", "41"),
        ("residence_city", "4101"),
        ("residence_county", "410105"),
        ("residence_township", "410105001"),
        ("residence_detail", "经八路1号"),
    ]);
    ok(&app, id, "address", &fields).await;
    // Living in Henan: township delivery is not a way Henan offers, so the choice is asked
    // again (004 附件1 十(一)1).
    let (_, check) = app.get_html(&format!("/apply/{id}/check")).await;
    assert!(check.contains("请选择领取方式"));
    ok(&app, id, "delivery", &[("delivery", "window")]).await;
    let (_, check) = app.get_html(&format!("/apply/{id}/check")).await;
    assert!(check.contains("请上传：居住证明"));
    let res = upload(
        &app,
        id,
        "residence_permit",
        "permit.pdf",
        b"%PDF-1.7 permit".to_vec(),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let res = submit(&app, id).await;
    let (_, page) = app.get_html(&location(&res)).await;
    assert!(
        page.contains("金水区残疾人联合会"),
        "handled where the person lives"
    );
    assert!(page.contains("审批单位（户籍地）"));
    assert!(
        page.contains("芙蓉区残疾人联合会"),
        "approved by the hukou county"
    );
}

#[tokio::test]
async fn a_guardian_applies_for_a_child_and_the_subsidy_goes_to_the_guardians_card() {
    let app = spawn_app().await;
    let guardian = TestUser::new(2);
    app.register(&guardian).await;
    let child_id = id_born("20150301", 7);
    add_person(&app, "guardian", "李小红", &child_id, "30", "hukou.png").await;

    let id = start(&app).await;
    // Applying “for myself” as the guardian is possible, but not choosing nobody.
    let html = refused(&app, id, "who", &[("applying_as", "guardian")]).await;
    assert!(html.contains("请选择这份申请的申请人"));
    let (_, who) = app.get_html(&format!("/apply/{id}/who")).await;
    let representation = crate::helpers::input_value(&who, "representation-1")
        .or_else(|| {
            scraper::Html::parse_document(&who)
                .select(&scraper::Selector::parse("input[name=representation]").unwrap())
                .next()
                .and_then(|e| e.value().attr("value").map(str::to_owned))
        })
        .unwrap();
    ok(
        &app,
        id,
        "who",
        &[
            ("applying_as", "guardian"),
            ("representation", &representation),
        ],
    )
    .await;
    ok(&app, id, "certificate", &[("held", "none")]).await;
    ok(
        &app,
        id,
        "matter",
        &[("matter", "new"), ("categories", "2")],
    )
    .await;
    let (_, personal) = app.get_html(&format!("/apply/{id}/personal")).await;
    assert!(personal.contains("李小红"));
    assert!(!personal.contains(&child_id), "the ID number is masked");
    ok(
        &app,
        id,
        "personal",
        &[
            ("ethnicity", "01"),
            ("marital", "10"),
            ("education", "10"),
            ("phone", "13900000002"),
        ],
    )
    .await;
    ok(&app, id, "address", &HUKOU).await;
    // The guardian is the contact, filled in from the account.
    let (_, contact) = app.get_html(&format!("/apply/{id}/contact")).await;
    assert!(contact.contains("value=\"张小明\""));
    assert!(contact.contains("<option value=\"30\" selected>"));
    ok(
        &app,
        id,
        "contact",
        &[
            ("contact_name", "张小明"),
            ("contact_phone", &guardian.phone),
            ("contact_relationship", "30"),
        ],
    )
    .await;
    ok(&app, id, "services", &[("services", "living_subsidy")]).await;
    let html = refused(
        &app,
        id,
        "service-details",
        &service_details("dibao", "李小红", &[]),
    )
    .await;
    assert!(html.contains("银行卡须为 张小明 本人的"));
    ok(
        &app,
        id,
        "service-details",
        &service_details("dibao", "张小明", &[]),
    )
    .await;
    ok(&app, id, "needs", &[("needs", "none")]).await;
    ok(
        &app,
        id,
        "delivery",
        &[
            ("delivery", "post"),
            ("post_address", "长沙市芙蓉区1号"),
            ("postcode", "410011"),
        ],
    )
    .await;
    // The proof given on “people I act for” already serves as the guardianship proof.
    let (_, materials) = app.get_html(&format!("/apply/{id}/materials")).await;
    assert!(materials.contains("hukou.png"));
    for m in ["id_card", "hukou_book", "photo", "guardian_id"] {
        assert_eq!(
            upload(&app, id, m, "a.jpg", JPEG.to_vec())
                .await
                .status()
                .as_u16(),
            303
        );
    }
    let res = submit(&app, id).await;
    assert_eq!(res.status().as_u16(), 303);
    let mut conn = app.db().await;
    let who: Vec<Count> = diesel::sql_query(
        "SELECT count(*) AS n FROM applications a JOIN people p ON p.id = a.person_id \
         WHERE a.applying_as = 'guardian' AND p.real_name = '李小红'",
    )
    .load(&mut conn)
    .await
    .unwrap();
    assert_eq!(who[0].n, 1);
}

/// An ID number born on `yyyymmdd` in 芙蓉区.
pub fn id_born(yyyymmdd: &str, n: u32) -> String {
    let first17 = format!("430102{yyyymmdd}{:03}", n % 1000);
    let check = portal::domain::id_number::check_char(&first17).unwrap() as char;
    format!("{first17}{check}")
}

#[tokio::test]
async fn the_rules_at_entry_explain_what_to_do_instead() {
    let (app, user) = applicant().await;
    let id = start(&app).await;
    ok(&app, id, "who", &[("applying_as", "self")]).await;
    ok(&app, id, "certificate", &[("held", "none")]).await;
    // An adult applying for an intellectual disability needs a guardian.
    let html = refused(
        &app,
        id,
        "matter",
        &[("matter", "new"), ("categories", "5")],
    )
    .await;
    assert!(html.contains("申请智力残疾或精神残疾需要由监护人申请"));
    // A renewal without a certificate.
    let html = refused(&app, id, "matter", &[("matter", "replacement")]).await;
    assert!(html.contains("办理这项事项需要持有残疾人证"));
    // A valid certificate blocks a new one.
    let number = format!("{}42", user.id_number);
    ok(
        &app,
        id,
        "certificate",
        &[
            ("held", "valid"),
            ("cert_number", &number),
            ("cert_issued", "2020-05-20"),
        ],
    )
    .await;
    let html = refused(
        &app,
        id,
        "matter",
        &[("matter", "new"), ("categories", "4")],
    )
    .await;
    assert!(html.contains("您已持有有效的残疾人证"));
    // Renewal on expiry opens 9 years after issue, with the date.
    let html = refused(
        &app,
        id,
        "matter",
        &[("matter", "renewal"), ("renewal_kind", "expiry")],
    )
    .await;
    assert!(html.contains("2029-05-20"));
    // A certificate cancelled less than a year ago: from which date a new one is possible.
    let cancelled = (today() - chrono::Days::new(30))
        .format("%Y-%m-%d")
        .to_string();
    ok(
        &app,
        id,
        "certificate",
        &[
            ("held", "cancelled"),
            ("cert_number", &number),
            ("cert_issued", "2020-05-20"),
            ("cert_cancelled", &cancelled),
        ],
    )
    .await;
    let html = refused(
        &app,
        id,
        "matter",
        &[("matter", "new"), ("categories", "4")],
    )
    .await;
    let from = (today() - chrono::Days::new(30))
        .checked_add_months(chrono::Months::new(12))
        .unwrap()
        .format("%Y-%m-%d")
        .to_string();
    assert!(html.contains(&from), "says from {from}");
    // Services alone need a valid certificate.
    ok(&app, id, "certificate", &[("held", "none")]).await;
    ok(&app, id, "matter", &[("matter", "none")]).await;
    let html = refused(
        &app,
        id,
        "services",
        &[("services", "resident_medical_insurance")],
    )
    .await;
    assert!(html.contains("申请这些服务需要持有有效的残疾人证"));
    // A certificate number of somebody else is refused.
    let other = format!("{}42", TestUser::new(3).id_number);
    let html = refused(
        &app,
        id,
        "certificate",
        &[
            ("held", "valid"),
            ("cert_number", &other),
            ("cert_issued", "2020-05-20"),
        ],
    )
    .await;
    assert!(html.contains("对应的身份证号与申请人不一致"));
}

#[tokio::test]
async fn services_the_person_cannot_get_are_shown_with_the_reason() {
    let (app, user) = applicant().await;
    // Grade 3 physical: not severe, so no nursing subsidy.
    let id = holding(&app, &user, "43").await;
    ok(&app, id, "matter", &[("matter", "none")]).await;
    ok(&app, id, "address", &HUKOU).await;
    let (_, html) = app.get_html(&format!("/apply/{id}/services")).await;
    let hints = texts(&html, "#services-nursing_subsidy-hint");
    assert!(hints[0].starts_with("不能申请"), "{hints:?}");
    let html = refused(&app, id, "services", &[("services", "nursing_subsidy")]).await;
    assert!(html.contains("重度残疾人护理补贴：申请人不能享受这项服务"));
    // The living subsidy depends on the answers: without 低保 it is refused with the reason.
    ok(&app, id, "services", &[("services", "living_subsidy")]).await;
    let html = refused(
        &app,
        id,
        "service-details",
        &service_details("none", "张小明", &[]),
    )
    .await;
    assert!(html.contains("困难残疾人生活补贴：申请人不能享受这项服务"));
}

#[tokio::test]
async fn a_holder_of_a_valid_certificate_applies_for_all_seven_services_alone() {
    let (app, user) = applicant().await;
    // Grade 1 physical: severe, so the nursing subsidy too.
    let id = holding(&app, &user, "41").await;
    ok(&app, id, "matter", &[("matter", "none")]).await;
    ok(
        &app,
        id,
        "personal",
        &[
            ("ethnicity", "01"),
            ("marital", "20"),
            ("education", "10"),
            ("phone", &user.phone),
        ],
    )
    .await;
    ok(&app, id, "address", &HUKOU).await;
    ok(&app, id, "contact", &[]).await;
    let all = [
        "living_subsidy",
        "nursing_subsidy",
        "resident_pension",
        "resident_medical_insurance",
        "employment_training",
        "employment_referral",
        "individual_business",
    ];
    let chosen: Vec<(&str, &str)> = all.iter().map(|s| ("services", *s)).collect();
    ok(&app, id, "services", &chosen).await;
    // The questions are those the chosen services' rules need.
    let (_, details) = app.get_html(&format!("/apply/{id}/service-details")).await;
    for q in [
        "student-yes",
        "employee_pension-yes",
        "able_and_willing-yes",
        "work_ability-full",
        "bank_card",
    ] {
        assert!(details.contains(&format!("id=\"{q}\"")), "asks {q}");
    }
    // Long-term care is Henan's condition for the nursing subsidy (004 附件2 六8), not Hunan's
    // (003 附件3 一(二)): a Hunan hukou is not asked.
    assert!(!details.contains("id=\"long_term_care-yes\""));
    let next = ok(
        &app,
        id,
        "service-details",
        &service_details(
            "dibao",
            "张小明",
            &[EVERY_FACT.as_slice(), &[("work_wishes", "电脑录入")]].concat(),
        ),
    )
    .await;
    // No card follows and no assessment: straight to the materials.
    assert_eq!(next, format!("/apply/{id}/materials"));
    assert_eq!(
        upload(&app, id, "id_card", "id.png", PNG.to_vec())
            .await
            .status()
            .as_u16(),
        303
    );
    let res = submit(&app, id).await;
    assert_eq!(
        res.status().as_u16(),
        303,
        "{:?}",
        texts(&res.text().await.unwrap_or_default(), ".notice-warning li")
    );
    let mut conn = app.db().await;
    assert_eq!(count(&mut conn, "application_items").await, 7);
}

#[tokio::test]
async fn each_matter_asks_its_own_questions_and_skips_what_does_not_apply() {
    let (app, user) = applicant().await;
    let id = holding(&app, &user, "43").await;
    // Damaged renewal: no assessment, so no assessment needs.
    let next = ok(
        &app,
        id,
        "matter",
        &[("matter", "renewal"), ("renewal_kind", "damaged")],
    )
    .await;
    assert_eq!(next, format!("/apply/{id}/personal"));
    assert_eq!(
        location(&app.get(&format!("/apply/{id}/needs")).await),
        format!("/apply/{id}")
    );
    // Migration needs the old address and the date.
    let html = refused(&app, id, "matter", &[("matter", "migration")]).await;
    assert!(html.contains("请填写迁出前的户籍地址"));
    assert!(html.contains("请填写户口迁移日期"));
    let html = refused(
        &app,
        id,
        "matter",
        &[
            ("matter", "migration"),
            ("old_hukou", "郑州"),
            ("moved_on", "2099-01-01"),
        ],
    )
    .await;
    assert!(html.contains("日期不能晚于今天"));
    ok(
        &app,
        id,
        "matter",
        &[
            ("matter", "migration"),
            ("old_hukou", "河南省郑州市金水区"),
            ("moved_on", "2026-01-05"),
        ],
    )
    .await;
    // Cancellation: scope and reason; some categories need the categories; no card follows.
    let html = refused(
        &app,
        id,
        "matter",
        &[("matter", "cancellation"), ("cancel_scope", "some")],
    )
    .await;
    assert!(html.contains("请选择要注销的残疾类别"));
    assert!(html.contains("请选择注销的原因"));
    ok(
        &app,
        id,
        "matter",
        &[
            ("matter", "cancellation"),
            ("cancel_scope", "all"),
            ("cancel_reason", "recovery"),
        ],
    )
    .await;
    assert_eq!(
        location(&app.get(&format!("/apply/{id}/delivery")).await),
        format!("/apply/{id}")
    );
    let (_, tasks) = app.get_html(&format!("/apply/{id}")).await;
    assert_eq!(texts(&tasks, "#task-delivery-status"), vec!["无需填写"]);
    // Replacement and change are accepted with a valid certificate.
    ok(&app, id, "matter", &[("matter", "replacement")]).await;
    ok(&app, id, "matter", &[("matter", "change")]).await;
    assert_eq!(location(&app.get(&format!("/apply/{id}/needs")).await), "");
}

#[tokio::test]
async fn materials_are_checked_by_content_and_can_be_replaced_and_removed() {
    let (app, _) = applicant().await;
    let id = start(&app).await;
    ok(&app, id, "who", &[("applying_as", "self")]).await;
    ok(
        &app,
        id,
        "matter",
        &[("matter", "new"), ("categories", "4")],
    )
    .await;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "photo.jpg",
            b"MZ\x90\x00renamed executable".to_vec(),
            "必须是 JPG、PNG 或 PDF",
        ),
        ("empty.png", vec![], "选择的文件是空的"),
        (
            "bomb.png",
            include_bytes!("../fixtures/bomb.png").to_vec(),
            "图片尺寸太大",
        ),
        (
            "broken.png",
            b"\x89PNG\r\n\x1a\n cut short".to_vec(),
            "这张图片已损坏",
        ),
        (
            "huge.pdf",
            {
                let mut v = b"%PDF-".to_vec();
                v.resize(10 * 1024 * 1024 + 1, b'0');
                v
            },
            "不能超过 10 MB",
        ),
    ];
    for (name, bytes, message) in cases {
        let res = upload(&app, id, "photo", name, bytes).await;
        assert_eq!(res.status().as_u16(), 422, "{name}");
        let html = res.text().await.unwrap();
        assert!(html.contains(message), "{name}: {message}");
        assert!(html.contains("href=\"#file-photo\""));
    }
    assert_eq!(
        upload(&app, id, "photo", "me.png", PNG.to_vec())
            .await
            .status()
            .as_u16(),
        303
    );
    let (_, html) = app.get_html(&format!("/apply/{id}/materials")).await;
    assert!(html.contains("me.png"));
    assert!(html.contains("文件已上传"));
    assert_eq!(
        upload(&app, id, "photo", "me2.jpg", JPEG.to_vec())
            .await
            .status()
            .as_u16(),
        303
    );
    let (_, html) = app.get_html(&format!("/apply/{id}/materials")).await;
    assert!(
        html.contains("me2.jpg") && !html.contains("me.png"),
        "replaced"
    );
    let res = app
        .post_form(&format!("/apply/{id}/materials/photo/remove"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get_html(&format!("/apply/{id}/materials")).await;
    assert!(!html.contains("me2.jpg"));
    assert_eq!(
        upload(&app, id, "not_a_material", "a.png", PNG.to_vec())
            .await
            .status()
            .as_u16(),
        404
    );
}

#[tokio::test]
async fn other_peoples_drafts_and_applications_answer_404() {
    let (app, _) = applicant().await;
    let id = start(&app).await;
    fill_new_for_self(&app, id, &[]).await;
    let other = app.other_device();
    other.register(&TestUser::new(9)).await;
    for path in [
        format!("/apply/{id}"),
        format!("/apply/{id}/who"),
        format!("/apply/{id}/materials"),
        format!("/apply/{id}/check"),
    ] {
        assert_eq!(other.get(&path).await.status().as_u16(), 404, "{path}");
    }
    assert_eq!(
        save(&other, id, "who", &[("applying_as", "self")])
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        upload(&other, id, "photo", "a.png", PNG.to_vec())
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(submit(&other, id).await.status().as_u16(), 404);
    let res = submit(&app, id).await;
    let to = location(&res);
    assert_eq!(other.get(&to).await.status().as_u16(), 404);
    assert_eq!(app.get(&to).await.status().as_u16(), 200);
    // Signed out: sign in first.
    let anonymous = other.other_device();
    let res = anonymous.get(&format!("/apply/{id}/who")).await;
    assert!(location(&res).starts_with("/login?next="));
}

#[tokio::test]
async fn nobody_can_apply_for_a_person_another_account_acts_for() {
    let app = spawn_app().await;
    app.register(&TestUser::new(6)).await;
    add_person(
        &app,
        "guardian",
        "李小红",
        &id_born("20150301", 8),
        "30",
        "p.png",
    )
    .await;
    let mut conn = app.db().await;
    let theirs = diesel::sql_query("SELECT max(id) AS n FROM representations")
        .get_result::<Count>(&mut conn)
        .await
        .unwrap()
        .n
        .to_string();
    let other = app.other_device();
    other.register(&TestUser::new(7)).await;
    let id = start(&other).await;
    let html = refused(
        &other,
        id,
        "who",
        &[("applying_as", "guardian"), ("representation", &theirs)],
    )
    .await;
    assert!(html.contains("您还没有以这一身份添加代办的人"));
    assert!(
        !html.contains("李小红"),
        "nothing about the other account's ward shows"
    );
}

#[tokio::test]
async fn a_draft_is_saved_on_every_page_and_listed_to_continue() {
    let (app, _) = applicant().await;
    let id = start(&app).await;
    ok(&app, id, "who", &[("applying_as", "self")]).await;
    let res = save(
        &app,
        id,
        "certificate",
        &[
            ("held", "valid"),
            ("cert_number", "bad"),
            ("action", "later"),
        ],
    )
    .await;
    assert_eq!(location(&res), format!("/apply/{id}"));
    let (_, tasks) = app.get_html(&format!("/apply/{id}")).await;
    assert!(tasks.contains("已保存您填写的内容"));
    assert_eq!(texts(&tasks, "#task-who-status"), vec!["已完成"]);
    assert_eq!(texts(&tasks, "#task-certificate-status"), vec!["未完成"]);
    assert_eq!(texts(&tasks, "#task-matter-status"), vec!["未开始"]);
    let (_, list) = app.get_html("/applications").await;
    assert!(list.contains(&format!("/apply/{id}\"")));
    let (_, dashboard) = app.get_html("/account").await;
    assert!(
        dashboard.contains(&format!("/apply/{id}\"")),
        "the dashboard lists the draft"
    );
    let (_, start_page) = app.get_html("/apply").await;
    assert!(start_page.contains(&format!("/apply/{id}\"")));
    // Signed in again on another device, the answers are there.
    let other = app.other_device();
    other
        .login(&TestUser::new(1).phone, "correct-horse-1")
        .await;
    let (_, page) = other.get_html(&format!("/apply/{id}/certificate")).await;
    assert!(page.contains("value=\"bad\""));
}

#[tokio::test]
async fn old_drafts_are_warned_about_and_then_deleted() {
    let (app, _) = applicant().await;
    let old = start(&app).await;
    let fresh = start(&app).await;
    let mut conn = app.db().await;
    diesel::sql_query(format!(
        "UPDATE drafts SET updated_at = portal_now() - interval '24 days' WHERE id = {old}"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let pool = crate::helpers::pool_on(&app.db_url, 1);
    // The app's own outbox worker (polling) delivers what the sweep queues.
    let outbox = portal::delivery::Outbox::default();
    // Two instances sweeping at the same moment, each with its own connection: one warning.
    let second = crate::helpers::pool_on(&app.db_url, 1);
    let (a, b) = tokio::join!(
        portal::jobs::sweep_drafts(&pool, &outbox, crate::helpers::clock().now()),
        portal::jobs::sweep_drafts(&second, &outbox, crate::helpers::clock().now())
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(
        (a.warned + b.warned, a.deleted + b.deleted),
        (1, 0),
        "{a:?} {b:?}"
    );
    // Each draft is warned about once.
    let again = portal::jobs::sweep_drafts(&pool, &outbox, crate::helpers::clock().now())
        .await
        .unwrap();
    assert_eq!(again.warned, 0);
    let (_, inbox) = app.get_html("/inbox").await;
    assert!(inbox.contains("您未完成的申请将于"));
    assert!(
        wait_for_mail_file(&app.var_dir, "为保护您的个人信息")
            .await
            .is_some()
    );
    // A week after the warning and 30 days after the last save, it is deleted.
    diesel::sql_query(format!(
        "UPDATE drafts SET updated_at = portal_now() - interval '31 days', warned_at = portal_now() - interval '8 days' WHERE id = {old}"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let (a, b) = tokio::join!(
        portal::jobs::sweep_drafts(&pool, &outbox, crate::helpers::clock().now()),
        portal::jobs::sweep_drafts(&second, &outbox, crate::helpers::clock().now())
    );
    assert_eq!(a.unwrap().deleted + b.unwrap().deleted, 1);
    assert_eq!(
        app.get(&format!("/apply/{old}")).await.status().as_u16(),
        404
    );
    assert_eq!(
        app.get(&format!("/apply/{fresh}")).await.status().as_u16(),
        200
    );
    // Saving restarts the 30 days and clears the warning.
    ok(&app, fresh, "who", &[("applying_as", "self")]).await;
}

/// `helper` (signed in on `app`) says it acts for `person` as a village helper and applies for
/// them (new certificate); the application's path.
pub(crate) async fn helper_applies_for(
    app: &TestApp,
    helper: &TestUser,
    person: &TestUser,
) -> String {
    add_person(
        app,
        "helper",
        &person.name,
        &person.id_number,
        "99",
        "authorization.png",
    )
    .await;
    let id = start(app).await;
    let (_, who) = app.get_html(&format!("/apply/{id}/who")).await;
    let rep = scraper::Html::parse_document(&who)
        .select(&scraper::Selector::parse("input[name=representation]").unwrap())
        .next()
        .and_then(|e| e.value().attr("value").map(str::to_owned))
        .unwrap();
    ok(
        app,
        id,
        "who",
        &[("applying_as", "helper"), ("representation", &rep)],
    )
    .await;
    ok(app, id, "certificate", &[("held", "none")]).await;
    ok(app, id, "matter", &[("matter", "new"), ("categories", "1")]).await;
    ok(
        app,
        id,
        "personal",
        &[
            ("ethnicity", "01"),
            ("marital", "20"),
            ("education", "10"),
            ("phone", &person.phone),
        ],
    )
    .await;
    ok(app, id, "address", &HUKOU).await;
    ok(
        app,
        id,
        "contact",
        &[
            ("contact_name", "张小明"),
            ("contact_phone", &helper.phone),
            ("contact_relationship", "99"),
        ],
    )
    .await;
    ok(app, id, "services", &[]).await;
    ok(app, id, "needs", &[("needs", "sign_language")]).await;
    ok(app, id, "delivery", &[("delivery", "township")]).await;
    let (_, materials) = app.get_html(&format!("/apply/{id}/materials")).await;
    // 004 附件2 七4: the helper's own ID; no signed authorization is an application material
    // (004 二(三): nothing may be added).
    assert!(materials.contains("id=\"material-agent_id\""));
    assert!(!materials.contains("id=\"material-helper_authorization\""));
    for m in ["id_card", "hukou_book", "photo", "agent_id"] {
        assert_eq!(
            upload(app, id, m, "a.png", PNG.to_vec())
                .await
                .status()
                .as_u16(),
            303
        );
    }
    let res = submit(app, id).await;
    let to = location(&res);
    assert!(to.starts_with("/applications/"));
    to
}

#[tokio::test]
async fn a_person_who_registers_later_sees_the_application_made_for_them() {
    let app = spawn_app().await;
    let helper = TestUser::new(4);
    app.register(&helper).await;
    let person = TestUser::new(5);
    let to = helper_applies_for(&app, &helper, &person).await;

    // Registering with the person's ID number is not enough (anyone can type it) ...
    let later = app.other_device();
    later.register(&person).await;
    let (_, list) = later.get_html("/applications").await;
    assert!(
        !list.contains(&format!("href=\"{to}\"")),
        "an unverified account does not see what others applied for"
    );
    assert_eq!(later.get(&to).await.status().as_u16(), 404);
    // ... a verified identity with the same ID number and name is.
    later.verify_identity(&person).await;
    let (_, list) = later.get_html("/applications").await;
    assert!(
        list.contains(&format!("href=\"{to}\"")),
        "their own application is listed once verified"
    );
    assert_eq!(later.get(&to).await.status().as_u16(), 200);
}

#[tokio::test]
async fn the_english_form_is_complete() {
    let (app, _) = applicant().await;
    app.get("/preferences/language?set=en&back=/").await;
    let id = start(&app).await;
    let (_, html) = app.get_html(&format!("/apply/{id}/who")).await;
    assert!(html.contains("Who are you applying for?"));
    assert!(html.contains("Save and continue"));
    ok(&app, id, "who", &[("applying_as", "self")]).await;
    let html = refused(&app, id, "matter", &[]).await;
    assert!(html.contains("Choose what you want to do with the disability certificate"));
}

/// Text that looks like a locale key left untranslated.
fn untranslated(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let body = scraper::Selector::parse("body").unwrap();
    let text: String = doc
        .select(&body)
        .flat_map(|b| b.text())
        .collect::<Vec<_>>()
        .join(" ");
    text.split(|c: char| c.is_whitespace() || "，。：；、()（）".contains(c))
        .filter(|w| {
            let prefixes = [
                "apply-",
                "application-",
                "benefit-",
                "linked-",
                "material-",
                "entry-",
                "matter-",
                "step-",
                "people-",
                "upload-",
                "inbox-",
            ];
            prefixes.iter().any(|p| w.starts_with(p))
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        })
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn every_form_page_is_fully_translated_in_both_languages() {
    let (app, _) = applicant().await;
    let id = start(&app).await;
    fill_new_for_self(
        &app,
        id,
        &["living_subsidy", "employment_training", "resident_pension"],
    )
    .await;
    let res = refused(
        &app,
        id,
        "service-details",
        &[("benefits", "none"), ("benefits", "dibao")],
    )
    .await;
    assert!(untranslated(&res).is_empty(), "{:?}", untranslated(&res));
    for lang in ["zh-CN", "en"] {
        app.get(&format!("/preferences/language?set={lang}&back=/"))
            .await;
        let mut pages: Vec<String> = [
            "who",
            "certificate",
            "matter",
            "personal",
            "address",
            "contact",
            "services",
            "service-details",
            "needs",
            "delivery",
            "materials",
            "check",
        ]
        .iter()
        .map(|s| format!("/apply/{id}/{s}"))
        .collect();
        pages.extend([
            format!("/apply/{id}"),
            "/apply".to_owned(),
            "/applications".to_owned(),
        ]);
        for path in pages {
            let (status, html) = app.get_html(&path).await;
            assert_eq!(status, 200, "{path}");
            let left = untranslated(&html);
            assert!(left.is_empty(), "{lang} {path}: {left:?}");
        }
    }
}

#[tokio::test]
async fn a_pre_2018_card_asks_whether_it_was_assessed_by_sight() {
    // 001 §四(二)1, §四(三): such a card is reassessed on an expiry renewal or a migration.
    let (app, user) = applicant().await;
    let id = start(&app).await;
    ok(&app, id, "who", &[("applying_as", "self")]).await;
    let number = format!("{}42", user.id_number);
    let held = |issued: &'static str| {
        vec![
            ("held", "valid"),
            ("cert_number", number.as_str()),
            ("cert_issued", issued),
        ]
    };
    let html = refused(&app, id, "certificate", &held("2016-05-01")).await;
    assert!(
        html.contains("href=\"#visual_pre2018-yes\""),
        "asked for a 2016 card"
    );
    let mut answered = held("2016-05-01");
    answered.push(("visual_pre2018", "yes"));
    ok(&app, id, "certificate", &answered).await;
    // A card from 2019 is not asked about.
    ok(&app, id, "certificate", &held("2019-05-01")).await;
}

#[tokio::test]
async fn a_family_may_cancel_an_expired_or_frozen_card() {
    // 004 附件2 六6 (“死亡的，应及时将残疾人证注销”), 001 §四(五): no status condition.
    let (app, user) = applicant().await;
    let number = format!("{}42", user.id_number);
    for status in ["expired", "frozen"] {
        let id = start(&app).await;
        ok(&app, id, "who", &[("applying_as", "self")]).await;
        ok(
            &app,
            id,
            "certificate",
            &[
                ("held", status),
                ("cert_number", &number),
                ("cert_issued", "2019-05-01"),
            ],
        )
        .await;
        ok(
            &app,
            id,
            "matter",
            &[
                ("matter", "cancellation"),
                ("cancel_scope", "all"),
                ("cancel_reason", "death"),
            ],
        )
        .await;
        let (_, check) = app.get_html(&format!("/apply/{id}/check")).await;
        assert!(
            !check.contains("办理这项事项需要持有残疾人证"),
            "{status}: no certificate problem"
        );
    }
}

#[tokio::test]
async fn the_photo_must_be_a_picture_not_a_pdf() {
    // The 2-inch photo is printed on the card and shown on the e-certificate (002 四, 004 附件2
    // 七3): a PDF cannot be shown.
    let (app, _) = applicant().await;
    let id = start(&app).await;
    fill_new_for_self(&app, id, &[]).await;
    let res = upload(&app, id, "photo", "photo.pdf", b"%PDF-1.7 a photo".to_vec()).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("请上传 JPG 或 PNG 格式的图片") && html.contains("href=\"#file-photo\""));
    // Other materials may be PDFs.
    let res = upload(&app, id, "id_card", "id.pdf", b"%PDF-1.7 id".to_vec()).await;
    assert_eq!(res.status().as_u16(), 303);
}
