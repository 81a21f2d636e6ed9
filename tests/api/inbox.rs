use diesel_async::RunQueryDsl;

use crate::helpers::{TestUser, spawn_app, texts};

#[tokio::test]
async fn registering_puts_a_welcome_message_in_the_inbox_and_the_header_counts_it() {
    let app = spawn_app().await;
    app.register(&TestUser::new(80)).await;
    let (_, account) = app.get_html("/account").await;
    assert!(account.contains("消息（1 条未读）"));
    let (status, list) = app.get_html("/inbox").await;
    assert_eq!(status, 200);
    let subjects = texts(&list, "tbody th a");
    assert_eq!(subjects, vec!["欢迎使用残疾人服务一件事".to_owned()]);
    assert!(list.contains("未读"));
    // Opening it marks it read; the header follows at once.
    let href = crate::helpers::first_link(&list, "/inbox/").unwrap();
    let (status, message) = app.get_html(&format!("/inbox/{href}")).await;
    assert_eq!(status, 200);
    assert!(message.contains("张小明，您好"));
    assert!(!message.contains("条未读"));
    let (_, list) = app.get_html("/inbox").await;
    assert!(!list.contains("class=\"tag\""));
}

#[tokio::test]
async fn a_password_change_is_announced_in_the_inbox() {
    let app = spawn_app().await;
    let user = TestUser::new(81);
    app.register(&user).await;
    app.post_form(
        "/account/password",
        &[
            ("current_password", &user.password),
            ("password", "new-password-1"),
            ("password_confirm", "new-password-1"),
        ],
    )
    .await;
    let (_, list) = app.get_html("/inbox").await;
    let subjects = texts(&list, "tbody th a");
    assert_eq!(subjects[0], "您的密码已修改", "newest first: {subjects:?}");
}

#[tokio::test]
async fn messages_are_paged_by_key_and_private() {
    let app = spawn_app().await;
    app.register(&TestUser::new(82)).await;
    let mut conn = app.db().await;
    diesel::sql_query(
        "INSERT INTO inbox_messages (account_id, kind, params)
         SELECT a.id, 'password-changed', '{}' FROM accounts a, generate_series(1, 25)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let (_, first) = app.get_html("/inbox").await;
    assert_eq!(texts(&first, "tbody tr").len(), 20);
    let older = crate::helpers::first_link(&first, "/inbox?before=").unwrap();
    let (_, second) = app.get_html(&format!("/inbox?before={older}")).await;
    assert_eq!(
        texts(&second, "tbody tr").len(),
        6,
        "25 + the welcome message"
    );
    assert!(!second.contains("href=\"/inbox?before="));
    assert!(second.contains("欢迎使用"));

    let href = crate::helpers::first_link(&first, "/inbox/").unwrap();
    let stranger = app.other_device();
    stranger.register(&TestUser::new(83)).await;
    assert_eq!(
        stranger
            .get(&format!("/inbox/{href}"))
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        app.other_device().get("/inbox").await.status().as_u16(),
        303
    );
}
