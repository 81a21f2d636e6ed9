//! The trust pages in the browser (issue #16): axe (WCAG 2.2 A/AA) with a keyboard walk in both
//! languages and display modes on the registration code page, the sign-in and registration pages
//! with the government-account button, its failure page, the counter's identity check, the claims
//! a clerk checks, the administrator's accounts page and the people who act for a person; then a
//! keyboard-only journey through their forms and error states (`trust-journey.mjs`), in both
//! languages and display modes.

use diesel_async::RunQueryDsl;

use super::{axe_everywhere, ready, run_node, staff_member, submitted_application};
use crate::helpers::{self, TestUser, spawn_app_with};

/// Says `claimant` acts for `person` as a helper (with the right name).
async fn claim(claimant: &helpers::TestApp, person: &TestUser) {
    let token = claimant.csrf_token().await;
    let form = reqwest::multipart::Form::new()
        .text("kind", "helper")
        .text("real_name", person.name.clone())
        .text("id_number", person.id_number.clone())
        .text("relationship", "99")
        .part(
            "proof",
            reqwest::multipart::Part::bytes(b"%PDF-1.4 authorization".to_vec())
                .file_name("authorization.pdf"),
        );
    let res = claimant
        .client
        .post(format!(
            "{}/people/new?csrf_token={token}",
            claimant.address
        ))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
}

#[tokio::test(flavor = "multi_thread")]
async fn trust_pages_have_no_axe_violations_and_work_keyboard_only() {
    if !ready() {
        return;
    }
    // A government account that cannot be reached: its button shows, its failure page too.
    let app = spawn_app_with(Box::new(|s| {
        s.oidc_issuer = Some("http://127.0.0.1:9".to_owned());
        s.oidc_client_id = Some("portal".to_owned());
        s.oidc_client_secret = Some("secret".to_owned());
    }))
    .await;
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
    let (clerk, clerk_session) = staff_member(&app, 980, "county_clerk", federation).await;
    let (_, admin_session) = staff_member(&app, 981, "admin", federation).await;
    // The person (verified) has a case in the clerk's county, with a result that is not public.
    let (_, person_session, application) = submitted_application(&app, 982).await;
    let person = TestUser::new(982);
    let id: i64 = application.rsplit('/').next().unwrap().parse().unwrap();
    diesel::sql_query(format!(
        "UPDATE application_items SET status = 'notified_not_meets', state_since = portal_today(), \
         conclusion_meets = false WHERE application_id = {id} AND kind = 'matter'"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    // Four people say they act for the person (one confirmed per journey run).
    for n in 983..987 {
        let claimant = app.other_device();
        claimant.register(&TestUser::new(n)).await;
        claim(&claimant, &person).await;
    }
    let (_, claims) = clerk.get_html("/staff/claims").await;
    let claim_page = helpers::first_link(&claims, "/staff/claims/")
        .map(|c| format!("/staff/claims/{c}"))
        .expect("a claim to check");
    // Someone waiting for a registration code.
    let waiting = app.other_device();
    let res = waiting.register_form(&TestUser::new(987)).await;
    assert_eq!(res.status().as_u16(), 303);
    let waiting_session = waiting.cookie_header();

    let mut failures = axe_everywhere(
        &app.address,
        "",
        &["/login".to_owned(), "/register".to_owned()],
    )
    .await;
    failures.extend(
        axe_everywhere(
            &app.address,
            &waiting_session,
            &["/register/confirm".to_owned()],
        )
        .await,
    );
    failures.extend(
        axe_everywhere(
            &app.address,
            &clerk_session,
            &[
                "/staff".to_owned(),
                "/staff/identity".to_owned(),
                "/staff/claims".to_owned(),
                claim_page,
            ],
        )
        .await,
    );
    failures.extend(
        axe_everywhere(
            &app.address,
            &admin_session,
            &["/admin".to_owned(), "/admin/accounts".to_owned()],
        )
        .await,
    );
    failures.extend(
        axe_everywhere(
            &app.address,
            &person_session,
            &["/people".to_owned(), "/account".to_owned()],
        )
        .await,
    );
    assert!(
        failures.is_empty(),
        "axe violations:\n{}",
        failures.join("\n")
    );

    let o = serde_json::json!({
        "clerk": clerk_session,
        "admin": admin_session,
        "person": person_session,
        "idNumber": person.id_number,
        "name": person.name,
        "lookupId": person.id_number,
        "lookupName": person.name,
    })
    .to_string();
    for lang in ["zh-CN", "en"] {
        for display in ["", "large,contrast"] {
            let args = vec![
                "trust-journey.mjs".to_owned(),
                app.address.clone(),
                lang.to_owned(),
                display.to_owned(),
                o.clone(),
            ];
            let (ok, output) = tokio::task::spawn_blocking(move || run_node(&args))
                .await
                .unwrap();
            println!("{output}");
            assert!(ok, "trust journey in {lang} {display} failed:\n{output}");
        }
    }
}
