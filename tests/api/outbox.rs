//! The transactional outbox: notices reach the inbox at once and email/SMS through the worker,
//! with retries that neither lose nor duplicate a message.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use portal::db::schema::outbox;

use crate::helpers::{TestUser, mail_subject, spawn_app_with, start_smtp_on};

/// (attempts, sent) of the account's only delivery on `channel`.
async fn delivery(app: &crate::helpers::TestApp, channel: &str) -> Option<(i32, bool)> {
    let mut conn = app.db().await;
    outbox::table
        .filter(outbox::channel.eq(channel))
        .select((outbox::attempts, outbox::sent_at.is_not_null()))
        .first::<(i32, bool)>(&mut conn)
        .await
        .optional()
        .unwrap()
}

/// How many deliveries on `channel` are not marked sent (the worker sends only those).
async fn unsent(app: &crate::helpers::TestApp, channel: &str) -> i64 {
    let mut conn = app.db().await;
    outbox::table
        .filter(outbox::channel.eq(channel))
        .filter(outbox::sent_at.is_null())
        .count()
        .get_result(&mut conn)
        .await
        .unwrap()
}

/// Polls `check` every 50 ms for up to 10 s.
async fn eventually<F: AsyncFnMut() -> bool>(mut check: F) -> bool {
    for _ in 0..200 {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test]
async fn mail_survives_an_smtp_outage_and_arrives_exactly_once() {
    // A port where nothing listens yet.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let app = spawn_app_with(Box::new(move |s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = port;
        s.outbox_retry_base_ms = 100;
    }))
    .await;
    let user = TestUser::new(71);
    assert_eq!(app.register(&user).await.status().as_u16(), 303);
    // The inbox has the welcome at once; the mail fails and is retried.
    let (_, inbox) = app.get_html("/inbox").await;
    assert!(inbox.contains("欢迎使用残疾人服务一件事"));
    assert!(
        eventually(async || matches!(delivery(&app, "email").await, Some((n, false)) if n >= 2))
            .await,
        "the mail was tried and retried while the server was down"
    );
    // The server comes up: the next retry delivers it, once.
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let (_, received) = start_smtp_on(listener);
    assert!(
        eventually(async || !received.lock().unwrap().is_empty()).await,
        "delivered after the outage"
    );
    assert!(eventually(async || matches!(delivery(&app, "email").await, Some((_, true)))).await);
    // Marked sent after the server took it, so whatever was sent is in `received` now, and the
    // worker never sends a row marked sent again (no waiting to see that nothing else comes).
    assert_eq!(unsent(&app, "email").await, 0);
    let mails = received.lock().unwrap().clone();
    assert_eq!(mails.len(), 1, "no duplicate after the retries");
    assert_eq!(mail_subject(&mails[0]), "欢迎使用残疾人服务一件事");
    assert!(
        mails[0].data.contains("Message-ID: <inbox-"),
        "{}",
        mails[0].data
    );
}

/// What the test gateway answered: (status, idempotency key, body) per request.
type GatewayLog = Arc<Mutex<Vec<(u16, String, serde_json::Value)>>>;

/// A gateway that refuses the first `refuse` requests with 503, then accepts; it records every
/// request's idempotency key and body.
fn sms_gateway(refuse: usize) -> (String, GatewayLog) {
    use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
    let seen: GatewayLog = Arc::default();
    let log = seen.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    let server = HttpServer::new(move || {
        let log = log.clone();
        App::new().route(
            "/sms",
            web::post().to(
                move |req: HttpRequest, body: web::Json<serde_json::Value>| {
                    let log = log.clone();
                    async move {
                        let mut log = log.lock().unwrap();
                        let status = if log.len() < refuse { 503 } else { 200 };
                        let key = req
                            .headers()
                            .get("idempotency-key")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_owned();
                        log.push((status, key, body.into_inner()));
                        HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                            .finish()
                    }
                },
            ),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    (url, seen)
}

/// An account for `user` with its welcome notice queued, as registration makes them.
async fn welcomed(app: &crate::helpers::TestApp, user: &TestUser) {
    use portal::db::accounts::NewAccount;
    use portal::db::inbox::MessageKind;
    use portal::db::outbox::{Notice, To};
    let mut conn = app.db().await;
    let account_id = NewAccount {
        real_name: &user.name,
        id_number: Some(&user.id_number),
        phone: &user.phone,
        email: None,
        password_hash: "!",
        roles: vec!["applicant".into()],
        is_demo: false,
        identity: "unverified",
        identity_source: None,
        phone_confirmed_at: None,
        oidc_subject: None,
        lang: "zh",
    }
    .insert(&mut conn)
    .await
    .unwrap();
    Notice {
        to: To::Account(account_id),
        kind: MessageKind::Registered,
        params: serde_json::json!({ "name": user.name, "time": "2026-12-03 10:00" }),
        lang: "zh",
    }
    .post(&mut conn)
    .await
    .unwrap();
}

#[tokio::test]
async fn sms_go_through_the_gateway_with_one_idempotency_key_across_retries() {
    let (url, seen) = sms_gateway(2);
    let app = spawn_app_with(Box::new(move |s| {
        s.sms_gateway_url = Some(url);
        s.outbox_retry_base_ms = 50;
    }))
    .await;
    let user = TestUser::new(72);
    // The account and its welcome notice straight into the database (the registration's own code
    // would take the gateway's first answers).
    welcomed(&app, &user).await;
    assert!(eventually(async || matches!(delivery(&app, "sms").await, Some((3, true)))).await);
    assert_eq!(unsent(&app, "sms").await, 0, "nothing left to send");
    let seen = seen.lock().unwrap().clone();
    let statuses: Vec<u16> = seen.iter().map(|(s, _, _)| *s).collect();
    assert_eq!(
        statuses,
        [503, 503, 200],
        "retried until accepted, then never again"
    );
    let key = &seen[0].1;
    assert!(key.starts_with("inbox-") && key.ends_with("-sms"), "{key}");
    assert!(seen.iter().all(|(_, k, _)| k == key));
    let body = &seen[2].2;
    assert_eq!(body["to"], user.phone.as_str());
    assert_eq!(body["text"], "欢迎使用残疾人服务一件事");
}

#[tokio::test]
async fn competing_workers_deliver_each_message_once() {
    use portal::db::inbox::MessageKind;
    use portal::db::outbox::{Notice, To};
    // The app's own worker only wakes for the welcome notice; the updates below are left to the two
    // competing workers.
    let app = spawn_app_with(Box::new(|s| s.outbox_poll_ms = 600_000)).await;
    let user = TestUser::new(73);
    assert_eq!(app.register(&user).await.status().as_u16(), 303);
    assert!(eventually(async || matches!(delivery(&app, "email").await, Some((_, true)))).await);
    let mut conn = app.db().await;
    let account_id: i64 = portal::db::schema::accounts::table
        .select(portal::db::schema::accounts::id)
        .first(&mut conn)
        .await
        .unwrap();
    for i in 0..30 {
        Notice {
            to: To::Account(account_id),
            kind: MessageKind::CaseUpdated,
            params: serde_json::json!({ "reference": format!("R{i}"), "state": "accepted" }),
            lang: "en",
        }
        .post(&mut conn)
        .await
        .unwrap();
    }
    // Two more workers beside the app's own, on their own pools, sending to a real SMTP server.
    let (smtp_port, received) = crate::helpers::start_smtp();
    let mut settings = portal::config::Settings::defaults();
    settings.smtp_host = Some("127.0.0.1".into());
    settings.smtp_port = smtp_port;
    settings.var_dir = app.var_dir.join("workers");
    let channels = portal::delivery::Channels {
        mailer: portal::email::Mailer::from_settings(&settings).unwrap(),
        sms: portal::delivery::Sms::from_settings(&settings).unwrap(),
        retry_base: Duration::from_secs(60),
    };
    let run = |channels: portal::delivery::Channels| {
        let pool = crate::helpers::pool_on(&app.db_url, 2);
        tokio::spawn(async move {
            portal::delivery::deliver_due(&pool, &channels, crate::helpers::clock().now())
                .await
                .unwrap()
        })
    };
    let (a, b) = (run(channels.clone()), run(channels));
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    // 30 updates × email and SMS, each delivered by exactly one of the two workers.
    assert_eq!(a.sent + b.sent, 60, "{a:?} {b:?}");
    assert_eq!(a.failed + b.failed, 0);
    let mut conn = app.db().await;
    let unsent: i64 = outbox::table
        .filter(outbox::sent_at.is_null())
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(unsent, 0);
    let mails = received.lock().unwrap().clone();
    assert_eq!(mails.len(), 30);
    let files = std::fs::read_dir(app.var_dir.join("workers").join("sms"))
        .unwrap()
        .count();
    assert_eq!(files, 30);
    let mut ids: Vec<&str> = mails
        .iter()
        .filter_map(|m| m.data.lines().find(|l| l.starts_with("Message-ID:")))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 30, "no message twice");
    // The notice's language, not the portal's default.
    assert!(mail_subject(&mails[0]).starts_with("Application R"));
}
