//! 免提交 and reuse (issue #17 item 6): what each province does not ask for (004 附件2 七2, 七4,
//! 七6; 003 附件1 “或系统获取”), and a file given with an earlier application about the same
//! person offered again instead of demanded.

use crate::apply::{HUKOU, fill_new_for_self, holding, ok, start, submit};
use crate::helpers::{TestApp, TestUser, spawn_app, texts};

const HENAN_HUKOU: [(&str, &str); 6] = [
    ("hukou_province", "41"),
    ("hukou_city", "4101"),
    ("hukou_county", "410105"),
    ("hukou_township", "410105001"),
    ("hukou_detail", "金水路1号"),
    ("same_residence", "yes"),
];

/// Answers a lost-card replacement for the holder of a valid certificate, at `address`, without
/// uploading anything; returns the draft id.
async fn replacement_without_files(
    app: &TestApp,
    user: &TestUser,
    address: &[(&str, &str)],
) -> i64 {
    let id = holding(app, user, "41").await;
    ok(app, id, "matter", &[("matter", "replacement")]).await;
    ok(
        app,
        id,
        "personal",
        &[
            ("ethnicity", "01"),
            ("marital", "10"),
            ("education", "10"),
            ("phone", "13900000001"),
        ],
    )
    .await;
    ok(app, id, "address", address).await;
    ok(app, id, "contact", &[]).await;
    ok(app, id, "services", &[("x", "")]).await;
    // Post: a way every province offers (`domain::card_delivery`).
    let post = [
        ("delivery", "post"),
        ("post_address", "幸福村3组12号"),
        ("postcode", "410000"),
    ];
    ok(app, id, "delivery", &post).await;
    id
}

fn missing(check: &str) -> Vec<String> {
    texts(check, "#blockers li")
        .into_iter()
        .filter(|t| t.starts_with("请上传"))
        .collect()
}

#[tokio::test]
async fn a_file_from_an_earlier_application_is_used_again_until_the_applicant_removes_it() {
    let app = spawn_app().await;
    let user = TestUser::new(1);
    app.register(&user).await;
    let first = start(&app).await;
    fill_new_for_self(&app, first, &[]).await;
    assert_eq!(submit(&app, first).await.status().as_u16(), 303);

    let id = replacement_without_files(&app, &user, &HUKOU).await;
    let (status, html) = app.get_html(&format!("/apply/{id}/materials")).await;
    assert_eq!(status, 200);
    // 003 附件1 “或系统获取”: the photo, ID card and hukou book serve again, with where they came
    // from; nothing is demanded at the check.
    for name in ["photo.png", "id_card.png", "hukou_book.png"] {
        assert!(html.contains(name), "{name}");
    }
    assert!(html.contains("material-photo-reused"));
    assert!(html.contains("本次直接使用"));
    assert!(html.contains("或由系统获取"));
    let (_, check) = app.get_html(&format!("/apply/{id}/check")).await;
    assert_eq!(missing(&check), Vec::<String>::new());

    // Removed, it is not offered again: the photo is asked for.
    let res = app
        .post_form(&format!("/apply/{id}/materials/photo/remove"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get_html(&format!("/apply/{id}/materials")).await;
    assert!(!html.contains("photo.png") && !html.contains("material-photo-reused"));
    assert!(html.contains("id_card.png"));
    let (_, check) = app.get_html(&format!("/apply/{id}/check")).await;
    assert_eq!(missing(&check).len(), 1, "{:?}", missing(&check));
    assert!(missing(&check)[0].contains("照片"));
}

#[tokio::test]
async fn nothing_is_offered_from_another_persons_or_another_accounts_applications() {
    let app = spawn_app().await;
    let user = TestUser::new(1);
    app.register(&user).await;
    let first = start(&app).await;
    fill_new_for_self(&app, first, &[]).await;
    assert_eq!(submit(&app, first).await.status().as_u16(), 303);

    let mut conn = app.db().await;
    let account: i64 = {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        use portal::db::schema::accounts;
        accounts::table
            .filter(accounts::id_number.eq(&user.id_number))
            .select(accounts::id)
            .first(&mut conn)
            .await
            .unwrap()
    };
    let codes = ["photo", "id_card"];
    let own = portal::db::uploads::earlier_for_person(&mut conn, account, &user.id_number, &codes)
        .await
        .unwrap();
    assert_eq!(own.len(), 2);
    let other_person = TestUser::new(2).id_number;
    assert!(
        portal::db::uploads::earlier_for_person(&mut conn, account, &other_person, &codes)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        portal::db::uploads::earlier_for_person(&mut conn, account + 1, &user.id_number, &codes)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn henan_does_not_ask_for_the_id_card_or_the_hukou_book() {
    let app = spawn_app().await;
    let user = TestUser::new(1);
    app.register(&user).await;
    let id = replacement_without_files(&app, &user, &HENAN_HUKOU).await;
    let (_, html) = app.get_html(&format!("/apply/{id}/materials")).await;
    // 004 附件2 七2: one line, “身份证或户口簿”, 免提交 — no file asked for.
    assert!(html.contains("居民身份证（正反面）或户口本"), "one line");
    assert!(html.contains("免提交：办理部门通过共享数据获取"));
    assert!(!html.contains("id=\"file-id_card\""));
    assert!(!html.contains("id=\"file-hukou_book\""));
    assert!(html.contains("id=\"file-photo\""));
    let (_, check) = app.get_html(&format!("/apply/{id}/check")).await;
    let missing = missing(&check);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("照片"));

    // The English guide says the same, with the clause in digits (no Chinese without `lang`).
    let guide = app
        .client
        .get(format!(
            "{}/guide?province=41&matter=replacement&show=1",
            app.address
        ))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(guide.contains("identity card (both sides) or Household"));
    assert!(guide.contains("Annex 2 7.2"));
}
