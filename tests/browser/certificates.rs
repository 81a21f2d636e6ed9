//! The electronic certificate and what follows it in the browser: axe (WCAG 2.2 A/AA) in both
//! languages and display modes, with a keyboard walk, on the holder's certificate list and card,
//! the case page with its rating form and offers, public verification (the form, an error state,
//! a token's result), the clerk's certificate section and proposed freezes, a department's grant
//! form, and the administrator's ratings.

use diesel_async::RunQueryDsl;

use super::{axe_everywhere, ready, staff_member, submitted_application};
use crate::helpers::{self, spawn_app};

/// A certificate issued to an applicant of 芙蓉区 (`TestUser::new(n)`), with a subsidy waiting.
struct Issued {
    applicant: helpers::TestApp,
    session: String,
    application: String,
    /// `/certificates/{id}`.
    card: String,
    /// The clerk's case page of the matter.
    matter: String,
    clerk_session: String,
    officer_session: String,
    federation: i64,
}

async fn issued(app: &helpers::TestApp, n: u32) -> Issued {
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
    let civil = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Department,
        "430102",
        Some("civil_affairs"),
        "芙蓉区民政局",
    )
    .await
    .unwrap();
    let (clerk, clerk_session) = staff_member(app, n, "county_clerk", federation).await;
    let (_, officer_session) = staff_member(app, n + 1, "department_officer", civil).await;
    let (applicant, session, application) = submitted_application(app, n + 2).await;
    let id: i64 = application.rsplit('/').next().unwrap().parse().unwrap();
    // Assessed (physical grade 2), published long ago, with a subsidy waiting: then issued.
    for q in [
        format!(
            "UPDATE application_items SET status = 'published', state_since = portal_today() - 40, \
             version = 3, conclusion_meets = true, conclusion_category = 4, conclusion_grade = 2, \
             conclusion_components = '[{{\"category\": 4, \"grade\": 2}}]' \
             WHERE application_id = {id} AND kind = 'matter'"
        ),
        format!(
            "INSERT INTO application_items (application_id, kind, code, status, handling_county, \
             approving_county) SELECT id, 'service', 'living_subsidy', 'waiting', handling_county, \
             approving_county FROM applications WHERE id = {id}"
        ),
    ] {
        diesel::sql_query(q).execute(&mut conn).await.unwrap();
    }
    let (_, queue) = clerk.get_html("/staff").await;
    let matter = helpers::first_link(&queue, "/staff/items/")
        .map(|i| format!("/staff/items/{i}"))
        .expect("the case");
    let res = clerk
        .post_form(&matter, &[("command", "issue"), ("version", "3")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, list) = applicant.get_html("/certificates").await;
    let card = helpers::first_link(&list, "/certificates/")
        .map(|c| format!("/certificates/{c}"))
        .expect("the certificate");
    Issued {
        applicant,
        session,
        application,
        card,
        matter,
        clerk_session,
        officer_session,
        federation,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn certificate_and_verification_pages_have_no_axe_violations() {
    if !ready() {
        return;
    }
    let app = spawn_app().await;
    let mut conn = app.db().await;
    let Issued {
        applicant,
        session,
        application,
        card,
        matter,
        clerk_session,
        officer_session,
        federation,
    } = issued(&app, 970).await;
    let id: i64 = application.rsplit('/').next().unwrap().parse().unwrap();
    let (_, html) = applicant.get_html(&card).await;
    let token = helpers::first_link(&html, &format!("{}/verify?t=", app.address)).unwrap();
    let service = diesel::sql_query(format!(
        "SELECT id AS n FROM application_items WHERE application_id = {id} AND kind = 'service'"
    ))
    .get_result::<Count>(&mut conn)
    .await
    .unwrap()
    .n;
    // Issued last year: this year's online review (网上年审) is due.
    diesel::sql_query("UPDATE certificates SET issued_on = issued_on - 400")
        .execute(&mut conn)
        .await
        .unwrap();
    let mut failures = axe_everywhere(
        &app.address,
        &session,
        &[
            "/certificates".to_owned(),
            card.clone(),
            format!("{card}/show"),
            format!("{card}/annual-review"),
            application.clone(),
        ],
    )
    .await;
    failures.extend(
        axe_everywhere(
            &app.address,
            "",
            &[
                "/verify".to_owned(),
                format!("/verify?t={token}"),
                "/verify?t=v1.nothing".to_owned(),
            ],
        )
        .await,
    );
    // The scheduled job proposed a freeze after an un-migrated move (001 §四(三)).
    diesel::sql_query(
        "UPDATE certificates SET hukou_moved_on = portal_today() - 200, proposed_step = 'freeze', \
         proposed_on = portal_today()",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    failures.extend(
        axe_everywhere(
            &app.address,
            &clerk_session,
            &[matter, "/staff/proposals".to_owned()],
        )
        .await,
    );
    failures.extend(
        axe_everywhere(
            &app.address,
            &officer_session,
            &[format!("/staff/items/{service}")],
        )
        .await,
    );
    // A rating, then the administrator's summary.
    let (admin, admin_session) = staff_member(&app, 975, "admin", federation).await;
    let matter_item = diesel::sql_query(format!(
        "SELECT id AS n FROM application_items WHERE application_id = {id} AND kind = 'matter'"
    ))
    .get_result::<Count>(&mut conn)
    .await
    .unwrap()
    .n;
    let res = applicant
        .post_form(
            &format!("{application}/items/{matter_item}/rating"),
            &[("rating", "good"), ("comment", "很方便")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(admin.get("/admin/ratings").await.status().as_u16(), 200);
    failures
        .extend(axe_everywhere(&app.address, &admin_session, &["/admin/ratings".to_owned()]).await);
    assert!(
        failures.is_empty(),
        "axe violations:\n{}",
        failures.join("\n")
    );
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[tokio::test(flavor = "multi_thread")]
async fn the_card_fits_every_phone_in_every_mode_and_shows_offline() {
    if !ready() {
        return;
    }
    let app = spawn_app().await;
    let Issued { session, card, .. } = issued(&app, 980).await;
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots");
    let args = vec![
        "card-fit.mjs".to_owned(),
        app.address.clone(),
        session,
        card,
        crate::helpers::TestUser::new(982).name,
        shots.display().to_string(),
    ];
    let (ok, output) = tokio::task::spawn_blocking(move || super::run_node(&args))
        .await
        .unwrap();
    println!("{output}");
    assert!(ok, "the card on phones:\n{output}");
}
