use crate::helpers::{TestUser, new_client, spawn_app};

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
}

#[tokio::test]
async fn after_a_password_change_the_new_password_works_and_other_sessions_end() {
    let app = spawn_app().await;
    let user = TestUser::new(31);
    app.register(&user).await;
    // A second device signed in to the same account.
    let other_device = clone_app(&app);
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
    assert_eq!(
        app.login(&user.phone, &user.password)
            .await
            .status()
            .as_u16(),
        422
    );
    assert_eq!(
        app.login(&user.phone, "new-password-1")
            .await
            .status()
            .as_u16(),
        303
    );
}

fn clone_app(app: &crate::helpers::TestApp) -> crate::helpers::TestApp {
    crate::helpers::TestApp {
        address: app.address.clone(),
        client: new_client(),
        db_url: app.db_url.clone(),
        var_dir: app.var_dir.clone(),
    }
}
