use reqwest::multipart::{Form, Part};

use crate::helpers::{TestApp, TestUser, input_value, spawn_app, texts};

/// A file to upload (name, bytes), or none.
type File<'a> = Option<(&'a str, Vec<u8>)>;

/// A real picture (the upload checks read its header).
const PROOF: &[u8] = include_bytes!("../fixtures/scan.jpg");

fn ward() -> TestUser {
    let mut w = TestUser::new(500);
    w.name = "李小红".to_owned();
    w
}

fn form(
    kind: &str,
    name: &str,
    id: &str,
    relationship: &str,
    file: Option<(&str, Vec<u8>)>,
) -> Form {
    let mut f = Form::new()
        .text("kind", kind.to_owned())
        .text("real_name", name.to_owned())
        .text("id_number", id.to_owned())
        .text("relationship", relationship.to_owned());
    if let Some((file_name, bytes)) = file {
        f = f.part("proof", Part::bytes(bytes).file_name(file_name.to_owned()));
    }
    f
}

async fn add(app: &TestApp, f: Form) -> reqwest::Response {
    let token = app.csrf_token().await;
    app.client
        .post(format!("{}/people/new?csrf_token={token}", app.address))
        .multipart(f)
        .send()
        .await
        .unwrap()
}

/// Adds `name`/`id` with a valid proof (a JPEG).
async fn add_with_proof(
    app: &TestApp,
    kind: &str,
    name: &str,
    id: &str,
    relationship: &str,
) -> reqwest::Response {
    add(
        app,
        form(
            kind,
            name,
            id,
            relationship,
            Some(("proof.png", PROOF.to_vec())),
        ),
    )
    .await
}

async fn guardian_app() -> TestApp {
    let app = spawn_app().await;
    app.register(&TestUser::new(501)).await;
    app
}

#[tokio::test]
async fn a_guardian_adds_a_ward_with_proof_and_sees_them_listed() {
    let app = guardian_app().await;
    let (_, empty) = app.get_html("/people").await;
    assert!(empty.contains("您还没有添加代为办理的人"));
    let (_, form_page) = app.get_html("/people/new").await;
    assert!(form_page.contains("data-upload-progress"));
    assert!(form_page.contains("data-label=\"已上传 {percent}%\""));
    let w = ward();
    let res = add_with_proof(&app, "guardian", &w.name, &w.id_number, "30").await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get_html("/people").await;
    assert!(html.contains("李小红"));
    // The relationship's name from the code list, in the page's language.
    assert!(crate::helpers::texts(&html, "td").iter().any(|t| t == "女"));
    assert!(
        !html.contains(&w.id_number),
        "the ID number is shown masked"
    );
    assert!(html.contains(&format!(
        "{}**********{}",
        &w.id_number[..4],
        &w.id_number[14..]
    )));
    // The person's page links the proof, which is served to the owner only.
    let link = texts(&html, "tbody a").len();
    assert_eq!(link, 1);
}

#[tokio::test]
async fn uploads_are_checked_by_content_not_name() {
    let app = guardian_app().await;
    let w = ward();
    let cases: Vec<(File, &str)> = vec![
        (
            Some(("photo.jpg", b"MZ\x90\x00renamed executable".to_vec())),
            "必须是 JPG、PNG 或 PDF",
        ),
        (Some(("empty.png", vec![])), "选择的文件是空的"),
        (
            Some(("huge.pdf", {
                let mut v = b"%PDF-".to_vec();
                v.resize(10 * 1024 * 1024 + 1, b'0');
                v
            })),
            "不能超过 10 MB",
        ),
        (None, "请选择要上传的证明材料"),
    ];
    for (file, message) in cases {
        let res = add(&app, form("guardian", &w.name, &w.id_number, "30", file)).await;
        assert_eq!(res.status().as_u16(), 422, "{message}");
        let html = res.text().await.unwrap();
        assert!(html.contains(message), "{message}");
        assert!(html.contains("href=\"#proof\""));
        // What was typed is kept.
        assert_eq!(input_value(&html, "real_name").as_deref(), Some("李小红"));
        assert_eq!(
            input_value(&html, "id_number").as_deref(),
            Some(w.id_number.as_str())
        );
        assert!(html.contains("value=\"30\" selected"));
    }
    let (_, html) = app.get_html("/people").await;
    assert!(
        html.contains("您还没有添加代为办理的人"),
        "nothing was added"
    );
}

#[tokio::test]
async fn bad_details_are_refused_next_to_their_fields() {
    let app = guardian_app().await;
    let me = TestUser::new(501);
    let res = add(
        &app,
        form(
            "",
            "",
            "110101200001010011",
            "zz",
            Some(("a.png", PROOF.to_vec())),
        ),
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    for field in ["kind-guardian", "real_name", "id_number", "relationship"] {
        assert!(html.contains(&format!("href=\"#{field}\"")), "{field}");
    }
    let res = add_with_proof(&app, "guardian", "本人", &me.id_number, "01").await;
    assert!(res.text().await.unwrap().contains("这是您自己的身份证号码"));
}

#[tokio::test]
async fn the_same_person_cannot_be_added_twice() {
    let app = guardian_app().await;
    let w = ward();
    add_with_proof(&app, "guardian", &w.name, &w.id_number, "30").await;
    let res = add_with_proof(&app, "helper", &w.name, &w.id_number, "99").await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("已经在您代为办理的名单中")
    );
}

#[tokio::test]
async fn other_accounts_get_404_for_people_uploads_and_removal() {
    let app = guardian_app().await;
    let w = ward();
    add_with_proof(&app, "helper", &w.name, &w.id_number, "99").await;
    let (_, list) = app.get_html("/people").await;
    let href = crate::helpers::first_link(&list, "/people/").unwrap();
    let (status, page) = app.get_html(&format!("/people/{href}")).await;
    assert_eq!(status, 200);
    let upload = crate::helpers::first_link(&page, "/uploads/").unwrap();
    let res = app.get(&format!("/uploads/{upload}")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PROOF);

    let stranger = app.other_device();
    stranger.register(&TestUser::new(502)).await;
    assert_eq!(
        stranger
            .get(&format!("/people/{href}"))
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        stranger
            .get(&format!("/uploads/{upload}"))
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        stranger
            .post_form(&format!("/people/{href}/remove"), &[])
            .await
            .status()
            .as_u16(),
        404
    );
    // Anonymous visitors are sent to sign in.
    let anonymous = app.other_device();
    assert_eq!(
        anonymous
            .get(&format!("/uploads/{upload}"))
            .await
            .status()
            .as_u16(),
        303
    );
    // The owner can remove.
    assert_eq!(
        app.post_form(&format!("/people/{href}/remove"), &[])
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(
        app.get(&format!("/people/{href}")).await.status().as_u16(),
        404
    );
}

#[tokio::test]
async fn a_multipart_post_without_the_token_is_refused() {
    let app = guardian_app().await;
    let w = ward();
    let res = app
        .client
        .post(format!("{}/people/new", app.address))
        .multipart(form(
            "guardian",
            &w.name,
            &w.id_number,
            "30",
            Some(("a.png", PROOF.to_vec())),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
}

#[tokio::test]
async fn identical_files_are_stored_once_and_a_ward_who_registers_is_linked() {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use portal::db::schema::people;
    let app = guardian_app().await;
    let w = ward();
    add_with_proof(&app, "guardian", &w.name, &w.id_number, "30").await;
    let other = TestUser::new(503);
    add_with_proof(&app, "guardian", "王小刚", &other.id_number, "20").await;
    assert_eq!(
        crate::workflow::number(&app, "SELECT count(*) AS n FROM upload_blobs").await,
        1,
        "one content for both"
    );

    // The ward registers later with the same ID number: the person record becomes theirs once
    // their identity is verified, not before.
    let ward_client = app.other_device();
    ward_client.register(&w).await;
    let linked = async || {
        people::table
            .filter(people::id_number.eq(&w.id_number))
            .select(people::account_id)
            .first::<Option<i64>>(&mut app.db().await)
            .await
            .unwrap()
    };
    assert!(linked().await.is_none(), "not while unverified");
    ward_client.verify_identity(&w).await;
    assert!(linked().await.is_some());
}

#[tokio::test]
async fn malformed_ids_in_urls_are_404() {
    let app = guardian_app().await;
    for path in [
        "/people/abc",
        "/people/-1",
        "/uploads/999999",
        "/people/1%27%20OR%201=1",
    ] {
        assert_eq!(app.get(path).await.status().as_u16(), 404, "{path}");
    }
}

#[tokio::test]
async fn multipart_floods_and_second_files_are_refused() {
    let app = guardian_app().await;
    let mut flood = Form::new();
    for i in 0..100 {
        flood = flood.text(format!("f{i}"), "x");
    }
    assert_eq!(add(&app, flood).await.status().as_u16(), 400);
    let w = ward();
    let two = form(
        "guardian",
        &w.name,
        &w.id_number,
        "30",
        Some(("a.png", PROOF.to_vec())),
    )
    .part("proof", Part::bytes(PROOF.to_vec()).file_name("b.png"));
    assert_eq!(add(&app, two).await.status().as_u16(), 400);
    let (_, html) = app.get_html("/people").await;
    assert!(html.contains("您还没有添加代为办理的人"));
}
