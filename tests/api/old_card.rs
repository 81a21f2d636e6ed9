//! The old card (001 §六: “换领、迁移、注销、残疾类别/等级变更时，旧证由经常居住地县级残联收回”): the
//! applicant is told to hand it in, the residence county's clerk records it handed in or lost, and
//! both see what was recorded.

use crate::apply::{HUKOU, holding, location, ok, submit, upload};
use crate::helpers::{TestUser, spawn_app, texts};
use crate::workflow::{number, staff};

#[tokio::test]
async fn the_residence_county_records_the_old_card_of_a_renewal() {
    let app = spawn_app().await;
    let mut conn = app.db().await;
    use portal::db::offices::ensure;
    let federation = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Federation,
        "430102",
        None,
        "芙蓉区残联",
    )
    .await
    .unwrap();
    let other = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Federation,
        "410105",
        None,
        "金水区残联",
    )
    .await
    .unwrap();
    let applicant = app.other_device();
    let user = TestUser::new(1);
    applicant.register(&user).await;
    let id = holding(&applicant, &user, "41").await;
    ok(
        &applicant,
        id,
        "matter",
        &[("matter", "renewal"), ("renewal_kind", "damaged")],
    )
    .await;
    ok(
        &applicant,
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
    ok(&applicant, id, "address", &HUKOU).await;
    ok(&applicant, id, "contact", &[]).await;
    ok(&applicant, id, "services", &[("x", "")]).await;
    ok(&applicant, id, "delivery", &[("delivery", "township")]).await;
    for m in ["id_card", "hukou_book", "photo"] {
        upload(
            &applicant,
            id,
            m,
            &format!("{m}.png"),
            crate::apply::PNG.to_vec(),
        )
        .await;
    }
    // The list says the old card is handed in (001 §六), also on renewal.
    let (_, materials) = applicant.get_html(&format!("/apply/{id}/materials")).await;
    assert!(materials.contains("material-old_certificate"));
    let res = submit(&applicant, id).await;
    assert_eq!(res.status().as_u16(), 303);
    let application = location(&res);
    let (_, page) = applicant.get_html(&application).await;
    assert_eq!(
        texts(&page, "#old-card-status"),
        vec!["待交回：请将原残疾人证交回经常居住地县级残联（可邮寄），由其收回。"]
    );

    let item = number(
        &app,
        "SELECT id AS n FROM application_items WHERE kind = 'matter'",
    )
    .await;
    let path = format!("/staff/items/{item}");
    let clerk = staff(&app, 101, "county_clerk", federation).await;
    let (_, html) = clerk.get_html(&path).await;
    assert!(html.contains("id=\"old_card\""), "the form");

    // No choice: the error is at the field and in the summary, linked to it.
    let res = clerk.post_form(&format!("{path}/old-card"), &[]).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#old_card\""));
    assert!(html.contains("id=\"old_card-error\""));
    assert!(html.contains("old_card-hint old_card-error"));
    let res = clerk
        .post_form(&format!("{path}/old-card"), &[("old_card", "burnt")])
        .await;
    assert_eq!(res.status().as_u16(), 422);

    // Another county's clerk cannot record it.
    let stranger = staff(&app, 102, "county_clerk", other).await;
    let res = stranger
        .post_form(&format!("{path}/old-card"), &[("old_card", "lost")])
        .await;
    assert_eq!(res.status().as_u16(), 404);
    // Nor can the applicant.
    let res = applicant
        .post_form(&format!("{path}/old-card"), &[("old_card", "handed_in")])
        .await;
    assert!(matches!(res.status().as_u16(), 403 | 404));

    let res = clerk
        .post_form(&format!("{path}/old-card"), &[("old_card", "handed_in")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let today = crate::helpers::today().to_string();
    let (_, html) = clerk.get_html(&path).await;
    assert_eq!(
        texts(&html, "#old-card-status"),
        vec![format!("{today} 已交回县级残联")]
    );
    let (_, page) = applicant.get_html(&application).await;
    assert_eq!(
        texts(&page, "#old-card-status"),
        vec![format!("{today} 已交回县级残联")]
    );
    let audited = number(
        &app,
        "SELECT count(*) AS n FROM audit_log WHERE what = 'old card handed_in'",
    )
    .await;
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn a_lost_card_replacement_has_no_old_card_to_collect() {
    let app = spawn_app().await;
    let mut conn = app.db().await;
    let federation = portal::db::offices::ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Federation,
        "430102",
        None,
        "芙蓉区残联",
    )
    .await
    .unwrap();
    let applicant = app.other_device();
    let user = TestUser::new(1);
    applicant.register(&user).await;
    let id = crate::apply::fill_replacement(&applicant, &user, "41").await;
    let application = location(&submit(&applicant, id).await);
    let (_, page) = applicant.get_html(&application).await;
    assert!(texts(&page, "#old-card-status").is_empty());
    let item = number(
        &app,
        "SELECT id AS n FROM application_items WHERE kind = 'matter'",
    )
    .await;
    let clerk = staff(&app, 101, "county_clerk", federation).await;
    let path = format!("/staff/items/{item}");
    let (_, html) = clerk.get_html(&path).await;
    assert!(!html.contains("id=\"old_card\""));
    let res = clerk
        .post_form(&format!("{path}/old-card"), &[("old_card", "handed_in")])
        .await;
    assert_eq!(res.status().as_u16(), 404);
}
