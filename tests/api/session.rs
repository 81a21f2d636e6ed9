use std::time::Duration;

use crate::helpers::{TestUser, spawn_app_with, texts};

#[tokio::test]
async fn an_idle_session_ends_and_says_so_on_the_next_page() {
    let app = spawn_app_with(Box::new(|s| s.idle_seconds = Some(2))).await;
    app.register(&TestUser::new(60)).await;
    assert_eq!(app.get("/account").await.status().as_u16(), 200);
    tokio::time::sleep(Duration::from_millis(3100)).await;
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
    let app = spawn_app_with(Box::new(|s| s.idle_seconds = Some(3))).await;
    app.register(&TestUser::new(61)).await;
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(app.get("/account").await.status().as_u16(), 200);
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
