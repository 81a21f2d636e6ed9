//! Outages told truly (issue #22): with the database out of reach a form answers 503 with
//! `Retry-After` on a page saying the entry was not saved; the app recovers without a restart.

use crate::helpers::{TestUser, extract_csrf, spawn_app};

#[tokio::test]
async fn a_database_outage_answers_503_saying_nothing_was_saved_and_recovers() {
    let app = spawn_app().await;
    let user = TestUser::new(41);
    app.register(&user).await;
    let (_, page) = app.get_html("/account/notices").await;
    let token = extract_csrf(&page).expect("a CSRF token");

    app.database_reachable(false).await;
    let res = app
        .post_raw(
            "/account/notices",
            &[
                ("notice_lang", "en"),
                ("email", "yes"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 503);
    assert_eq!(
        res.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("30")
    );
    let body = res.text().await.unwrap();
    assert!(body.contains("您刚才提交的内容没有保存"), "{body}");
    assert!(!body.contains("您已填写的内容已保存"));
    // A page read while the database is away (the session itself is stored there), in the
    // visitor's language.
    app.jar
        .add_cookie_str("lang=en", &app.address.parse().unwrap());
    let res = app.get("/account/notices").await;
    assert_eq!(res.status().as_u16(), 503);
    assert!(res.headers().contains_key("retry-after"));
    assert!(res.text().await.unwrap().contains("has not been saved"));
    app.jar
        .add_cookie_str("lang=zh-CN", &app.address.parse().unwrap());

    // Back without a restart; the choice sent during the outage was not stored.
    app.database_reachable(true).await;
    let (status, page) = app.get_html("/account/notices").await;
    assert_eq!(status, 200, "{page}");
    let english = page
        .split('<')
        .find(|tag| tag.starts_with("input") && tag.contains("value=\"en\""))
        .expect("the English choice");
    assert!(
        !english.contains("checked"),
        "English, sent during the outage, was not stored: {english}"
    );
}
