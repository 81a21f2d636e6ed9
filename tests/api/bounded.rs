//! Bounded work per request (issue #22): Argon2 runs a few at a time and answers 503 with
//! `Retry-After` beyond its queue; control characters are refused instead of reaching the
//! database.

use crate::helpers::{TestApp, TestUser, spawn_app, spawn_app_with, texts};

#[tokio::test]
async fn sign_ins_beyond_the_hashing_queue_are_answered_503_with_retry_after() {
    // One hash at a time, and no waiting in line.
    let app = spawn_app_with(Box::new(|s| {
        s.hash_parallel = Some(1);
        s.hash_queue_ms = 1;
    }))
    .await;
    let user = TestUser::new(42);
    app.register_signed_out(&user).await;
    let mut devices = Vec::new();
    for _ in 0..8 {
        let device = app.other_device();
        let token = device.csrf_token().await;
        devices.push((device, token));
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (device, token) in devices {
        let user = user.clone();
        tasks.spawn(async move {
            let res = device
                .post_raw(
                    "/login",
                    &[
                        ("identifier", user.phone.as_str()),
                        ("password", user.password.as_str()),
                        ("csrf_token", token.as_str()),
                    ],
                )
                .await;
            let status = res.status().as_u16();
            let retry = res
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            (status, retry, res.text().await.unwrap(), device)
        });
    }
    let answers = tasks.join_all().await;
    let signed_in = answers.iter().filter(|a| a.0 == 303).count();
    let busy: Vec<_> = answers.iter().filter(|a| a.0 == 503).collect();
    assert!(signed_in >= 1, "the first in line signs in");
    assert!(!busy.is_empty(), "the rest are told to come back");
    assert_eq!(signed_in + busy.len(), answers.len(), "nothing else");
    for (_, retry, body, _) in &busy {
        assert_eq!(retry.as_deref(), Some("5"));
        assert!(body.contains("您刚才提交的内容没有保存"), "{body}");
    }
    // Coming back later works (nothing was counted against the account).
    let (_, _, _, device) = busy[0];
    assert_eq!(device.login_status(&user.phone, &user.password).await, 303);
}

/// POSTs `fields` with the session's CSRF token as the raw body `extra` appended, so that bytes a
/// browser would never send (NUL) reach the server.
async fn post_with_raw_tail(app: &TestApp, path: &str, body: &str) -> reqwest::Response {
    let token = app.csrf_token().await;
    app.client
        .post(format!("{}{path}", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf_token={token}&{body}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn control_characters_are_refused_with_422_not_stored() {
    let app = spawn_app().await;
    let user = TestUser::new(43);
    app.register(&user).await;
    // A form of typed fields: the page says nothing was saved.
    let res = post_with_raw_tail(&app, "/account/notices", "notice_lang=en%00&email=yes").await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("控制字符"), "{body}");
    // A question page: the refusal at the field, the rest of what was typed kept, nothing saved.
    let res = app.post_form("/apply", &[]).await;
    let draft = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .and_then(|to| to.strip_suffix("/who"))
        .expect("a new draft")
        .to_owned();
    let res = post_with_raw_tail(
        &app,
        &format!("{draft}/contact"),
        "contact_name=%E5%BC%A0%00%E4%B8%89&contact_phone=13800000001",
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("控制字符"), "{body}");
    assert!(
        body.contains("href=\"#contact_name\""),
        "the summary links the field"
    );
    assert!(
        body.contains("value=\"张三\""),
        "typed text kept without the NUL"
    );
    let (_, page) = app.get_html(&format!("{draft}/contact")).await;
    assert!(!page.contains("value=\"张三\""), "nothing was saved");
}

#[tokio::test]
async fn sign_in_and_registration_refuse_control_characters_at_the_field() {
    let app = spawn_app().await;
    let user = TestUser::new(44);
    app.register_signed_out(&user).await;
    // Registration: the name pasted with a NUL — the message at the name, what was typed kept
    // without it, nothing registered.
    let other = app.other_device();
    let res = post_with_raw_tail(
        &other,
        "/register",
        "real_name=%E6%9D%8E%00%E5%9B%9B&id_number=11010119900307002X&phone=13900000045\
         &email=&password=correct-horse-1&password_confirm=correct-horse-1",
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("id=\"real_name-error\""),
        "at the field: {body}"
    );
    assert!(body.contains("控制字符"), "{body}");
    assert!(body.contains("href=\"#real_name\""), "in the summary");
    assert!(
        body.contains("value=\"李四\""),
        "typed text kept without the NUL"
    );
    assert!(
        body.contains("value=\"13900000045\""),
        "the other fields kept"
    );
    let mut conn = app.db().await;
    use diesel::QueryDsl;
    use diesel_async::RunQueryDsl;
    let pending: i64 = portal::db::schema::pending_registrations::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    let accounts: i64 = portal::db::schema::accounts::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!((pending, accounts), (0, 1), "only the earlier account");
    // Sign-in: the identifier pasted with a control character — at the field, not counted as a
    // wrong password; the clean identifier then signs in.
    let res = post_with_raw_tail(
        &other,
        "/login",
        &format!("identifier={}%07&password=correct-horse-1", user.phone),
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("id=\"identifier-error\""),
        "at the field: {body}"
    );
    assert!(body.contains("控制字符"), "{body}");
    assert!(body.contains(&format!("value=\"{}\"", user.phone)), "kept");
    assert_eq!(other.login_status(&user.phone, &user.password).await, 303);
}

#[tokio::test]
async fn the_public_lookup_and_verification_refuse_control_characters_at_the_field() {
    let app = spawn_app().await;
    let public = app.other_device();
    // The lookup: the name pasted with a NUL — at the name, the text kept without it, and no
    // code page.
    let res = public
        .post_form(
            "/publications/lookup",
            &[("id_number", "11010119900307002X"), ("name", "李\u{0}四")],
        )
        .await;
    let body = crate::helpers::refused_for_control_characters(res, "name").await;
    assert_eq!(texts(&body, ".error-summary li").len(), 1, "{body}");
    assert!(body.contains("value=\"李四\""), "kept without the NUL");
    // Typed verification: the code with an escape character.
    let res = public
        .post_form(
            "/verify",
            &[
                ("number", "11010119900307002X42"),
                ("code", "ABCD\u{1b}EFGH"),
            ],
        )
        .await;
    let body = crate::helpers::refused_for_control_characters(res, "code").await;
    assert_eq!(texts(&body, ".error-summary li").len(), 1, "{body}");
    assert!(body.contains("value=\"ABCDEFGH\""), "kept without it");
    // The lookup's code page (asked for everyone not shown a result at once): a code with a
    // NUL is refused at the field and not counted as a wrong code.
    let res = public
        .post_form(
            "/publications/lookup",
            &[("id_number", "11010119900307002X"), ("name", "李四")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let res = public
        .post_form("/publications/lookup/code", &[("code", "12\u{0}3456")])
        .await;
    crate::helpers::refused_for_control_characters(res, "code").await;
    // Every wrong code the limit allows is still “wrong”, not “spent”.
    for _ in 1..portal::domain::one_time_code::MAX_ATTEMPTS {
        let res = public
            .post_form("/publications/lookup/code", &[("code", "000000")])
            .await;
        let body = res.text().await.unwrap();
        assert!(
            body.contains("验证码不正确") && !body.contains("输错次数过多"),
            "{body}"
        );
    }
}
