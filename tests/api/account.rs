use crate::helpers::{TestUser, spawn_app};

#[tokio::test]
async fn the_account_page_needs_a_signed_in_person() {
    let app = spawn_app().await;
    let res = app.get("/account").await;
    assert_eq!(res.status().as_u16(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    assert_eq!(app.get("/account/password").await.status().as_u16(), 303);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one() {
    let app = spawn_app().await;
    let user = TestUser::new(30);
    app.register(&user).await;
    let res = app
        .post_form(
            "/account/password",
            &[
                ("current_password", "wrong-one!"),
                ("password", "new-password-1"),
                ("password_confirm", "new-password-1"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("href=\"#current_password\"")
    );
    // The right current password with a control character pasted after it: refused at that
    // field without being compared, and the password is unchanged.
    let with_nul = format!("{}\u{0}", user.password);
    let res = app
        .post_form(
            "/account/password",
            &[
                ("current_password", &with_nul),
                ("password", "new-password-1"),
                ("password_confirm", "new-password-1"),
            ],
        )
        .await;
    crate::helpers::refused_for_control_characters(res, "current_password").await;
    app.post_form("/logout", &[]).await;
    assert_eq!(app.login_status(&user.phone, &user.password).await, 303);
}

#[tokio::test]
async fn after_a_password_change_the_new_password_works_and_other_sessions_end() {
    let app = spawn_app().await;
    let user = TestUser::new(31);
    app.register(&user).await;
    // A second device signed in to the same account.
    let other_device = app.other_device();
    other_device.login(&user.phone, &user.password).await;
    assert_eq!(other_device.get("/account").await.status().as_u16(), 200);

    let res = app
        .post_form(
            "/account/password",
            &[
                ("current_password", &user.password),
                ("password", "new-password-1"),
                ("password_confirm", "new-password-1"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    // This session continues; the other one has ended.
    assert_eq!(app.get("/account").await.status().as_u16(), 200);
    assert_eq!(other_device.get("/account").await.status().as_u16(), 303);

    app.post_form("/logout", &[]).await;
    assert_eq!(app.login_status(&user.phone, &user.password).await, 422);
    assert_eq!(app.login_status(&user.phone, "new-password-1").await, 303);
}
