//! Outages told truly (issue #22): with the database out of reach a form answers 503 with
//! `Retry-After` on a page saying the entry was not saved; the app recovers without a restart.

use crate::helpers::{TestUser, extract_csrf, load_demo_case, spawn_app, texts};

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

#[tokio::test]
async fn the_public_listing_and_lookup_answer_503_in_an_outage_and_read_again_after() {
    // Both read through tasks and pools of their own (`web::conclusion_reads`, `web::flights`):
    // an outage is told as one, and they read again once the database is back.
    let app = spawn_app().await;
    let (id_number, name): (String, String) = {
        use diesel::QueryDsl;
        use diesel_async::RunQueryDsl;
        use portal::db::schema::result_lookups as r;
        let mut conn = app.db().await;
        load_demo_case(&mut conn, &app.db_url).await;
        r::table
            .filter(r::published)
            .select((r::id_number, r::real_name))
            .first(&mut conn)
            .await
            .unwrap()
    };
    let listing = "/publications?province=43&city=4301&county=430102";
    let (_, page) = app.get_html("/publications/lookup").await;
    let token = extract_csrf(&page).expect("a CSRF token");
    let fields = [
        ("id_number", id_number.as_str()),
        ("name", name.as_str()),
        ("csrf_token", token.as_str()),
    ];
    let both_read = async || {
        let (status, page) = app.get_html(listing).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(texts(&page, "tbody tr").len(), 1, "the demo case's entry");
        let res = app.post_raw("/publications/lookup", &fields).await;
        assert_eq!(res.status().as_u16(), 200);
        assert!(res.text().await.unwrap().contains("id=\"result\""));
    };
    both_read().await;

    app.database_reachable(false).await;
    for res in [
        app.get(listing).await,
        app.post_raw("/publications/lookup", &fields).await,
    ] {
        assert_eq!(res.status().as_u16(), 503);
        assert!(res.headers().contains_key("retry-after"));
    }

    app.database_reachable(true).await;
    both_read().await;
}
