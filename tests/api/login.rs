use crate::helpers::{TestUser, spawn_app, texts};

#[tokio::test]
async fn a_person_signs_in_with_the_id_number_or_the_mobile_number() {
    let app = spawn_app().await;
    let user = TestUser::new(20);
    app.register_signed_out(&user).await;

    let res = app
        .login(&user.id_number.to_lowercase(), &user.password)
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(app.get("/account").await.status().as_u16(), 200);

    app.post_form("/logout", &[]).await;
    let res = app.login(&user.phone, &user.password).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(app.get("/account").await.status().as_u16(), 200);

    // Spaces and a +86 prefix, as people type them, work too.
    app.post_form("/logout", &[]).await;
    let spaced = format!(
        "+86 {} {} {}",
        &user.phone[..3],
        &user.phone[3..7],
        &user.phone[7..]
    );
    assert_eq!(app.login_status(&spaced, &user.password).await, 303);
}

#[tokio::test]
async fn unknown_accounts_and_wrong_passwords_get_the_same_answer() {
    let app = spawn_app().await;
    let user = TestUser::new(21);
    app.register_signed_out(&user).await;

    let wrong = app.login(&user.id_number, "wrong-password").await;
    assert_eq!(wrong.status().as_u16(), 422);
    let wrong_errors = texts(&wrong.text().await.unwrap(), ".error-summary li");
    let unknown = app.login("110101200001010010", "wrong-password").await;
    assert_eq!(unknown.status().as_u16(), 422);
    let unknown_errors = texts(&unknown.text().await.unwrap(), ".error-summary li");
    assert_eq!(wrong_errors, unknown_errors);
    assert_eq!(app.get("/account").await.status().as_u16(), 303);
}

#[tokio::test]
async fn the_session_id_changes_at_sign_in() {
    let app = spawn_app().await;
    let user = TestUser::new(22);
    app.register_signed_out(&user).await;
    let before = app.get("/login").await;
    let cookie_before = before
        .cookies()
        .find(|c| c.name() == "portal_session")
        .map(|c| c.value().to_owned());
    let res = app.login(&user.id_number, &user.password).await;
    let cookie_after = res
        .cookies()
        .find(|c| c.name() == "portal_session")
        .map(|c| c.value().to_owned());
    assert!(cookie_after.is_some());
    assert_ne!(cookie_before, cookie_after);
    let raw = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(raw.contains("HttpOnly"));
    assert!(raw.contains("SameSite=Lax"));
    assert!(
        !raw.contains("Secure"),
        "no Secure flag unless configured for TLS"
    );
}

#[tokio::test]
async fn repeated_failures_lock_the_identifier_with_a_clear_message() {
    let app = spawn_app().await;
    let user = TestUser::new(23);
    app.register_signed_out(&user).await;
    for _ in 0..4 {
        assert_eq!(
            app.login_status(&user.id_number, "wrong-password").await,
            422
        );
    }
    let fifth = app.login(&user.id_number, "wrong-password").await;
    assert_eq!(fifth.status().as_u16(), 429);
    assert!(fifth.text().await.unwrap().contains("登录失败次数过多"));
    // Even the right password is refused while locked.
    let right = app.login(&user.id_number, &user.password).await;
    assert_eq!(right.status().as_u16(), 429);
    // An unknown identifier locks the same way: nothing tells them apart.
    for _ in 0..4 {
        app.login("110101200001010010", "x-wrong-password").await;
    }
    assert_eq!(
        app.login_status("110101200001010010", "x-wrong-password")
            .await,
        429
    );
}

#[tokio::test]
async fn a_stranger_s_guesses_never_lock_the_owner_out_of_a_device_they_used() {
    let app = spawn_app().await;
    let user = TestUser::new(25);
    app.register_signed_out(&user).await;
    // The owner's phone signs in once (and so is known), then signs out.
    assert_eq!(app.login_status(&user.phone, &user.password).await, 303);
    app.post_form("/logout", &[]).await;
    // A stranger who knows the mobile number guesses until it is locked.
    let stranger = app.other_device();
    for _ in 0..5 {
        stranger.login(&user.phone, "guess-password").await;
    }
    assert_eq!(
        stranger.login_status(&user.phone, &user.password).await,
        429,
        "locked for the stranger, even with the right password"
    );
    // A device cookie of another account does not unlock this one.
    let other = TestUser::new(26);
    let thief = app.other_device();
    thief.register_signed_out(&other).await;
    assert_eq!(thief.login_status(&other.phone, &other.password).await, 303);
    thief.post_form("/logout", &[]).await;
    assert_eq!(thief.login_status(&user.phone, &user.password).await, 429);
    // The owner's device: a wrong password is only wrong, the right one signs in.
    assert_eq!(app.login_status(&user.phone, "typo-password").await, 422);
    assert_eq!(app.login_status(&user.phone, &user.password).await, 303);
}

#[tokio::test]
async fn many_failures_from_one_address_lock_that_address() {
    let app = spawn_app().await;
    let user = TestUser::new(24);
    app.register_signed_out(&user).await;
    // 20 failures spread over different identifiers (none reaches its own limit).
    for i in 0..20u32 {
        let other = TestUser::new(100 + i);
        app.login(&other.phone, "wrong-password").await;
    }
    let res = app.login(&user.id_number, &user.password).await;
    assert_eq!(res.status().as_u16(), 429);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    app.register(&TestUser::new(25)).await;
    let res = app.post_form("/logout", &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    let res = app.get("/account").await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/login?next=%2Faccount");
    let (_, home) = app.get_html("/").await;
    assert!(home.contains("您已退出登录"));
}

#[tokio::test]
async fn after_sign_in_the_person_returns_to_a_local_page_only() {
    let app = spawn_app().await;
    let user = TestUser::new(26);
    app.register_signed_out(&user).await;
    let res = app
        .post_form(
            "/login",
            &[
                ("identifier", &user.phone),
                ("password", &user.password),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/account");
    app.post_form("/logout", &[]).await;
    let res = app
        .post_form(
            "/login",
            &[
                ("identifier", &user.phone),
                ("password", &user.password),
                ("next", "/account/password"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/account/password");
}
