use std::time::Duration;

use crate::helpers::{
    Mail, TestApp, TestUser, mail_subject, mail_text, spawn_app_with, start_smtp,
};

async fn app_with_smtp() -> (TestApp, std::sync::Arc<std::sync::Mutex<Vec<Mail>>>) {
    let (port, inbox) = start_smtp();
    let app = spawn_app_with(Box::new(move |s| {
        s.smtp_host = Some("127.0.0.1".to_owned());
        s.smtp_port = port;
    }))
    .await;
    (app, inbox)
}

/// The reset-link mails among those received (registration also sends a welcome mail).
fn reset_mails(mails: &[Mail]) -> Vec<Mail> {
    mails
        .iter()
        .filter(|m| mail_subject(m).contains("重设您的密码"))
        .cloned()
        .collect()
}

/// Waits for `n` reset-link mails and returns them.
async fn wait_for_mail(inbox: &std::sync::Arc<std::sync::Mutex<Vec<Mail>>>, n: usize) -> Vec<Mail> {
    for _ in 0..100 {
        let mails = reset_mails(&inbox.lock().unwrap());
        if mails.len() >= n {
            return mails;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    reset_mails(&inbox.lock().unwrap())
}

fn reset_path(mail: &Mail) -> String {
    let text = mail_text(mail);
    let start = text
        .find("/password/reset/")
        .expect("a reset link in the mail");
    text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim()
        .to_owned()
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_an_emailed_single_use_link() {
    // Arrange
    let (app, inbox) = app_with_smtp().await;
    let user = TestUser::new(40);
    app.register_signed_out(&user).await;

    // The number pasted with a control character: refused at the field, kept, no mail.
    let res = app
        .post_form(
            "/password/forgot",
            &[("identifier", &format!("{}\u{7}", user.phone))],
        )
        .await;
    let html = crate::helpers::refused_for_control_characters(res, "identifier").await;
    assert!(html.contains(&format!("value=\"{}\"", user.phone)), "kept");

    // Act: ask for a link (by mobile number).
    let res = app
        .post_form("/password/forgot", &[("identifier", &user.phone)])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let mails = wait_for_mail(&inbox, 1).await;
    assert_eq!(mails.len(), 1, "one mail over real SMTP");
    assert_eq!(mails[0].to, vec![user.email.clone()]);
    assert!(mail_subject(&mails[0]).contains("重设"));
    let path = reset_path(&mails[0]);

    // The link shows the form; a new password is set.
    assert_eq!(app.get(&path).await.status().as_u16(), 200);
    let res = app
        .post_form(
            &path,
            &[
                ("password", "brand-new-pass"),
                ("password_confirm", "brand-new-pass"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/login");

    // Assert: the new password works, the old one does not, the link is spent.
    assert_eq!(app.login_status(&user.phone, &user.password).await, 422);
    assert_eq!(app.login_status(&user.phone, "brand-new-pass").await, 303);
    assert_eq!(app.get(&path).await.status().as_u16(), 404);
    let again = app
        .post_form(
            &path,
            &[
                ("password", "another-pass-1"),
                ("password_confirm", "another-pass-1"),
            ],
        )
        .await;
    assert_eq!(again.status().as_u16(), 404);
}

#[tokio::test]
async fn the_answer_is_the_same_for_unknown_accounts_and_no_mail_is_sent() {
    let (app, inbox) = app_with_smtp().await;
    let known = TestUser::new(41);
    app.register_signed_out(&known).await;
    let a = app
        .post_form("/password/forgot", &[("identifier", &known.id_number)])
        .await;
    let a_status = a.status().as_u16();
    let a_body = crate::helpers::texts(&a.text().await.unwrap(), "main");
    let b = app
        .post_form("/password/forgot", &[("identifier", "11010119900307002X")])
        .await;
    assert_eq!(a_status, b.status().as_u16());
    assert_eq!(
        a_body,
        crate::helpers::texts(&b.text().await.unwrap(), "main")
    );
    let mails = wait_for_mail(&inbox, 1).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    // A link is mailed only with a reset stored for it: only the known account has one.
    use diesel::{ExpressionMethods, QueryDsl};
    use diesel_async::RunQueryDsl;
    use portal::db::schema::password_resets;
    let mut conn = app.db().await;
    let resets: i64 = password_resets::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    let for_known: i64 = password_resets::table
        .inner_join(portal::db::schema::accounts::table)
        .filter(portal::db::schema::accounts::id_number.eq(&known.id_number))
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        (resets, for_known),
        (1, 1),
        "only the known account got a link"
    );
}

#[tokio::test]
async fn an_expired_link_does_not_work() {
    use diesel_async::RunQueryDsl;
    let (app, inbox) = app_with_smtp().await;
    let user = TestUser::new(42);
    app.register_signed_out(&user).await;
    app.post_form("/password/forgot", &[("identifier", &user.phone)])
        .await;
    let path = reset_path(&wait_for_mail(&inbox, 1).await[0]);
    let mut conn = app.db().await;
    diesel::sql_query("UPDATE password_resets SET expires_at = portal_now() - interval '1 minute'")
        .execute(&mut conn)
        .await
        .unwrap();
    let res = app.get(&path).await;
    assert_eq!(res.status().as_u16(), 404);
    assert!(res.text().await.unwrap().contains("已经过期"));
}

#[tokio::test]
async fn a_made_up_token_shows_the_expired_page() {
    let (app, _) = app_with_smtp().await;
    assert_eq!(
        app.get(&format!("/password/reset/{}", "a".repeat(64)))
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        app.get("/password/reset/not-a-token")
            .await
            .status()
            .as_u16(),
        404
    );
}

#[tokio::test]
async fn without_smtp_the_mail_is_written_to_a_file() {
    let app = crate::helpers::spawn_app().await;
    let user = TestUser::new(43);
    app.register_signed_out(&user).await;
    app.post_form("/password/forgot", &[("identifier", &user.phone)])
        .await;
    let text = crate::helpers::wait_for_mail_file(&app.var_dir, "/password/reset/").await;
    assert!(text.is_some(), "the reset mail was written to a file");
}
