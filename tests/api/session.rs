use diesel_async::RunQueryDsl;

use crate::helpers::{TestApp, TestUser, spawn_app, spawn_app_with, texts};

/// Moves every session's last activity `seconds` into the past, on the app's clock (as if the
/// person had left the page alone that long).
async fn idle_for(app: &TestApp, seconds: i64) {
    let mut conn = app.db().await;
    diesel::sql_query(format!(
        "UPDATE sessions SET state = jsonb_set(state, '{{seen}}', \
         to_jsonb((extract(epoch from portal_now())::bigint - {seconds})::text))"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
}

/// The last activity of the app's only session, seconds before now on the app's clock.
async fn seconds_since_seen(app: &TestApp) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Ago {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        ago: i64,
    }
    let mut conn = app.db().await;
    diesel::sql_query(
        "SELECT extract(epoch from portal_now())::bigint - (state->>'seen')::bigint AS ago \
         FROM sessions WHERE state ? 'uid'",
    )
    .get_result::<Ago>(&mut conn)
    .await
    .unwrap()
    .ago
}

#[tokio::test]
async fn an_idle_session_ends_and_says_so_on_the_next_page() {
    let app = spawn_app().await;
    app.register(&TestUser::new(60)).await;
    assert_eq!(app.get("/account").await.status().as_u16(), 200);
    // Past the idle time (20 minutes) by more than the rounding of whole seconds.
    idle_for(&app, 20 * 60 + 5).await;
    let res = app.get("/account").await;
    assert_eq!(
        res.status().as_u16(),
        303,
        "signed out after the idle timeout"
    );
    let (_, html) = app.get_html("/login").await;
    assert!(html.contains("由于长时间没有操作"));
}

#[tokio::test]
async fn activity_keeps_the_session_alive() {
    let app = spawn_app().await;
    app.register(&TestUser::new(61)).await;
    for _ in 0..3 {
        // Nearly the whole idle time (20 minutes) left alone, then a page: still signed in, and
        // the idle time starts again from that page.
        idle_for(&app, 20 * 60 - 30).await;
        assert_eq!(app.get("/account").await.status().as_u16(), 200);
        let ago = seconds_since_seen(&app).await;
        assert!((0..5).contains(&ago), "activity recorded {ago} s ago");
    }
}

#[tokio::test]
async fn every_signed_in_page_warns_when_the_session_will_end_and_offers_to_extend_it() {
    let app = spawn_app_with(Box::new(|s| s.idle_minutes = 20)).await;
    app.register(&TestUser::new(62)).await;
    let (_, html) = app.get_html("/account").await;
    let notice = texts(&html, "#session-timeout p");
    assert_eq!(notice.len(), 1);
    assert!(notice[0].contains("20 分钟"), "{notice:?}");
    assert!(html.contains("action=\"/session/extend\""));
    let res = app
        .post_form("/session/extend", &[("back", "/account")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/account");
    // The bar's own button (without JavaScript) stays on the page: 204 keeps what was typed.
    let res = app.post_form("/session/extend", &[("stay", "1")]).await;
    assert_eq!(res.status().as_u16(), 204);
}

#[tokio::test]
async fn javascript_extends_the_session_with_json() {
    let app = spawn_app_with(Box::new(|s| s.idle_minutes = 20)).await;
    app.register(&TestUser::new(63)).await;
    let token = app.csrf_token().await;
    let res = app
        .client
        .post(format!("{}/session/extend", app.address))
        .header("accept", "application/json")
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let expires = body["expires"].as_i64().unwrap();
    let now = crate::helpers::clock().now().timestamp();
    assert!((now + 20 * 60 - expires).abs() < 5);
    // The page's warning counts the seconds left on the device, whatever its clock says.
    let left = body["expires_in"].as_i64().unwrap();
    assert!((20 * 60 - left).abs() < 5, "{left}");
    // The new end in words, for the bar and the dialog.
    let time = chrono::DateTime::from_timestamp(expires, 0)
        .unwrap()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%H:%M")
        .to_string();
    assert!(body["notice"].as_str().unwrap().contains(&time));
    assert!(body["warning"].as_str().unwrap().contains(&time));
}
