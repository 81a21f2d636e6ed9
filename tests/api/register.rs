use crate::helpers::{TestUser, input_value, spawn_app, texts};

#[tokio::test]
async fn registering_with_valid_details_signs_the_person_in() {
    // Arrange
    let app = spawn_app().await;
    let user = TestUser::new(1);
    // Act
    let res = app.register(&user).await;
    // Assert
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/account");
    let (status, html) = app.get_html("/account").await;
    assert_eq!(status, 200);
    assert!(html.contains("张小明"));
    // The ID number is shown masked only.
    assert!(!html.contains(&user.id_number));
    assert!(html.contains(&format!(
        "{}**********{}",
        &user.id_number[..4],
        &user.id_number[14..]
    )));
}

#[tokio::test]
async fn the_password_is_stored_as_an_argon2id_hash() {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let app = spawn_app().await;
    let user = TestUser::new(2);
    app.register(&user).await;
    let mut conn = app.db().await;
    let hash: String = portal::db::schema::accounts::table
        .select(portal::db::schema::accounts::password_hash)
        .first(&mut conn)
        .await
        .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains(&user.password));
}

async fn register_expecting_error(fields: &[(&str, &str)], field: &str) -> String {
    let app = spawn_app().await;
    let res = app.post_form("/register", fields).await;
    assert_eq!(res.status().as_u16(), 422, "field {field}");
    let html = res.text().await.unwrap();
    // The summary links to the field, and the message sits next to it.
    let summary_links = texts(&html, ".error-summary a");
    assert!(!summary_links.is_empty(), "summary for {field}");
    assert!(
        html.contains(&format!("href=\"#{field}\"")),
        "summary link to {field}"
    );
    assert!(
        html.contains(&format!("id=\"{field}-error\"")),
        "inline error for {field}"
    );
    assert!(
        html.contains(&format!("aria-describedby=\"{field}-hint {field}-error\""))
            || html.contains(&format!("aria-describedby=\" {field}-error\"")),
        "described by error: {field}"
    );
    html
}

fn fields<'a>(u: &'a TestUser, overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("real_name", u.name.as_str()),
        ("id_number", u.id_number.as_str()),
        ("phone", u.phone.as_str()),
        ("email", u.email.as_str()),
        ("password", u.password.as_str()),
        ("password_confirm", u.password.as_str()),
    ];
    for (k, v) in overrides {
        for entry in f.iter_mut() {
            if entry.0 == *k {
                entry.1 = v;
            }
        }
    }
    f
}

#[tokio::test]
async fn a_wrong_check_digit_is_refused_and_the_typed_values_are_kept() {
    let u = TestUser::new(3);
    let html = register_expecting_error(
        &fields(&u, &[("id_number", "110101200001010011")]),
        "id_number",
    )
    .await;
    assert!(html.contains("校验码"));
    assert_eq!(
        input_value(&html, "id_number").as_deref(),
        Some("110101200001010011")
    );
    assert_eq!(input_value(&html, "real_name").as_deref(), Some("张小明"));
    assert_eq!(
        input_value(&html, "phone").as_deref(),
        Some(u.phone.as_str())
    );
    // Passwords are never sent back.
    assert_eq!(input_value(&html, "password").as_deref(), Some(""));
}

#[tokio::test]
async fn an_impossible_birth_date_is_refused() {
    let u = TestUser::new(4);
    let html = register_expecting_error(
        &fields(&u, &[("id_number", "110101199002300014")]),
        "id_number",
    )
    .await;
    assert!(html.contains("出生日期"));
}

#[tokio::test]
async fn a_short_password_is_refused() {
    let u = TestUser::new(5);
    let html = register_expecting_error(
        &fields(&u, &[("password", "short"), ("password_confirm", "short")]),
        "password",
    )
    .await;
    assert!(html.contains("至少需要 8 个字符"));
}

#[tokio::test]
async fn mismatched_passwords_are_refused() {
    let u = TestUser::new(6);
    register_expecting_error(
        &fields(&u, &[("password_confirm", "something-else")]),
        "password_confirm",
    )
    .await;
}

#[tokio::test]
async fn a_bad_mobile_number_and_email_are_refused() {
    let u = TestUser::new(7);
    let html = register_expecting_error(
        &fields(&u, &[("phone", "12345"), ("email", "not-an-email")]),
        "phone",
    )
    .await;
    assert!(html.contains("href=\"#email\""));
}

#[tokio::test]
async fn missing_fields_each_get_a_message() {
    let app = spawn_app().await;
    let res = app.post_form("/register", &[]).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    for field in ["real_name", "id_number", "phone", "password"] {
        assert!(html.contains(&format!("href=\"#{field}\"")), "{field}");
    }
    // Email is optional.
    assert!(!html.contains("href=\"#email\""));
    assert!(texts(&html, "title")[0].starts_with("错误："));
}

#[tokio::test]
async fn script_in_the_name_is_escaped_not_executed() {
    let u = TestUser::new(12);
    let html = register_expecting_error(
        &fields(&u, &[("real_name", "<script>alert(1)</script>")]),
        "real_name",
    )
    .await;
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"));
}
