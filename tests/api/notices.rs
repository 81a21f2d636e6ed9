//! Notices about a case reach everyone who should hear them, once each (issue #21), and each
//! account chooses the language and the channels of its notices.

use crate::helpers::{TestUser, next_sms, sms_to, spawn_app};
use crate::workflow::{inbox_count, number, staff};

#[tokio::test]
async fn a_case_notice_reaches_the_helper_the_guardian_and_the_person_once_each() {
    let app = spawn_app().await;
    let clerk = {
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
        drop(conn);
        staff(&app, 101, "county_clerk", federation).await
    };
    let institution = {
        let mut conn = app.db().await;
        portal::db::offices::ensure(
            &mut conn,
            portal::domain::office::OfficeKind::Institution,
            "430102",
            None,
            "芙蓉区医院",
        )
        .await
        .unwrap()
        .to_string()
    };
    let helper = TestUser::new(20);
    let person = TestUser::new(21);
    let client = app.other_device();
    client.register_verified(&helper).await;
    let application = crate::apply::helper_applies_for(&client, &helper, &person).await;
    let id: i64 = application
        .trim_start_matches("/applications/")
        .parse()
        .unwrap();
    // Submitted: the helper's inbox, and one SMS to the person who has no account.
    let sms = next_sms(&app.var_dir, &person.phone, 0).await;
    assert!(sms.contains("申请编号"), "{sms}");
    assert_eq!(
        inbox_count(&app, &helper.id_number, "application-submitted").await,
        1
    );
    // A guardian whose authority a clerk confirmed (as the claims page does).
    let guardian = TestUser::new(22);
    app.other_device().register_verified(&guardian).await;
    {
        let mut conn = app.db().await;
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "WITH g AS (SELECT id FROM accounts WHERE id_number = '{g}'), \
                 u AS (INSERT INTO uploads (owner_account_id, sha256, content_type, byte_size, \
                 original_name) SELECT id, 'x', 'image/png', 1, 'proof.png' FROM g RETURNING id) \
                 INSERT INTO representations (account_id, person_id, kind, relationship_code, \
                 proof_upload_id, status, claimed_name) SELECT g.id, p.id, 'guardian', '99', u.id, \
                 'confirmed', p.real_name FROM g, u, people p WHERE p.id_number = '{p}'",
                g = guardian.id_number,
                p = person.id_number
            )),
            &mut conn,
        )
        .await
        .unwrap();
    }
    // The clerk accepts: the helper, the guardian and the person hear it, once each.
    let item = number(
        &app,
        &format!(
            "SELECT id AS n FROM application_items WHERE application_id = {id} AND kind = 'matter'"
        ),
    )
    .await;
    let before = sms_to(&app.var_dir, &person.phone).len();
    let path = format!("/staff/items/{item}");
    let (_, page) = clerk.get_html(&path).await;
    let version = crate::workflow::version(&page);
    let status = crate::workflow::act(
        &clerk,
        &path,
        version.parse().unwrap(),
        &[("command", "accept"), ("institution", &institution)],
    )
    .await;
    assert_eq!(status, 303);
    // No session was published: the institution will give a date (the acceptance's notice).
    next_sms(&app.var_dir, &person.phone, before).await;
    assert_eq!(
        inbox_count(&app, &helper.id_number, "assessment-waiting").await,
        1
    );
    assert_eq!(
        inbox_count(&app, &guardian.id_number, "assessment-waiting").await,
        1,
        "the guardian"
    );
    assert_eq!(
        number(
            &app,
            &format!(
                "SELECT count(*) AS n FROM outbox WHERE recipient = '{}' \
                 AND kind = 'assessment-waiting'",
                person.phone
            )
        )
        .await,
        1,
        "one SMS to the person"
    );
}

#[tokio::test]
async fn an_account_chooses_the_language_and_channels_of_its_notices() {
    let app = spawn_app().await;
    let user = TestUser::new(40);
    app.register(&user).await;
    let (status, page) = app.get_html("/account/notices").await;
    assert_eq!(status, 200);
    assert!(page.contains("name=\"notice_lang\""));
    // A language that does not exist is refused next to the field.
    let res = app
        .post_form("/account/notices", &[("notice_lang", "fr"), ("sms", "yes")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("id=\"notice_lang-error\"")
    );
    // English, by email only.
    let res = app
        .post_form(
            "/account/notices",
            &[("notice_lang", "en"), ("email", "yes")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let res = app
        .post_form(
            "/account/password",
            &[
                ("current_password", &user.password),
                ("password", "another-horse-9"),
                ("password_confirm", "another-horse-9"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let channels = |channel: &str| {
        format!(
            "SELECT count(*) AS n FROM outbox WHERE kind = 'password-changed' \
             AND channel = '{channel}' AND lang = 'en'"
        )
    };
    assert_eq!(
        number(&app, &channels("email")).await,
        1,
        "by email, in English"
    );
    assert_eq!(number(&app, &channels("sms")).await, 0, "no SMS");
    assert_eq!(
        number(
            &app,
            "SELECT count(*) AS n FROM inbox_messages WHERE kind = 'password-changed'"
        )
        .await,
        1,
        "the inbox keeps it"
    );
}
