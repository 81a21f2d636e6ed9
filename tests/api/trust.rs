//! Trust (issue #16), replayed as an attacker who knows a victim's ID number and name would try it:
//! registration tells nobody whether an identifier is taken; a false helper sees nothing of the
//! person; an ID squatter sees nothing and the real person reclaims the number with a verified
//! identity; representation is confirmed by the person's code, the person's account or a clerk;
//! a replayed cookie after sign-out opens nothing; an administrator ends an account's sessions.

use diesel_async::RunQueryDsl;

use crate::apply::helper_applies_for;
use crate::certificates::issued;
use crate::helpers::{TestApp, TestUser, code_in, first_link, next_sms, sms_to, spawn_app, texts};
use crate::workflow::{number, world};

/// What the registration form leads to: the status, where it goes and that page's text.
async fn registration_answer(app: &TestApp, user: &TestUser) -> (u16, String, String) {
    let device = app.other_device();
    let res = device.register_form(user).await;
    let status = res.status().as_u16();
    let to = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let (_, page) = device.get_html(&to).await;
    // The masked number differs by design; everything else must not.
    let text = texts(&page, "main h1, main h2, main label, main button").join("|");
    (status, to, text)
}

#[tokio::test]
async fn registration_answers_the_same_whether_or_not_an_identifier_is_taken() {
    let app = spawn_app().await;
    let owner = TestUser::new(601);
    app.register(&owner).await;

    let free = TestUser::new(602);
    let answer_free = registration_answer(&app, &free).await;
    assert_eq!(answer_free.0, 303);
    assert_eq!(answer_free.1, "/register/confirm");

    let mut same_id = TestUser::new(603);
    same_id.id_number = owner.id_number.clone();
    let mut same_phone = TestUser::new(604);
    same_phone.phone = owner.phone.clone();
    let mut same_email = TestUser::new(605);
    same_email.email = owner.email.to_uppercase();
    for taken in [&same_id, &same_phone, &same_email] {
        assert_eq!(
            registration_answer(&app, taken).await,
            answer_free,
            "the same answer for a taken identifier"
        );
    }
    // Only the free registration waits for a code (nothing was hashed or stored for the others);
    // the owner was told three times, in the inbox.
    assert_eq!(
        number(&app, "SELECT count(*) AS n FROM pending_registrations").await,
        1
    );
    assert_eq!(
        number(
            &app,
            "SELECT count(*) AS n FROM inbox_messages WHERE kind = 'registration-attempt'"
        )
        .await,
        3
    );
    let (_, inbox) = app.get_html("/inbox").await;
    assert!(inbox.contains("有人试图用您的信息注册账号"));
    // A typed code that is wrong is refused at the field, five wrong ones spend it.
    let device = app.other_device();
    let before = sms_to(&app.var_dir, &free.phone).len();
    device.register_form(&free).await;
    let code = code_in(&next_sms(&app.var_dir, &free.phone, before).await);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        let res = device
            .post_form("/register/confirm", &[("code", wrong)])
            .await;
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("验证码不正确") && html.contains("href=\"#code\""));
    }
    let res = device
        .post_form("/register/confirm", &[("code", wrong)])
        .await;
    assert!(res.text().await.unwrap().contains("已经失效"));
    let res = device
        .post_form("/register/confirm", &[("code", &code)])
        .await;
    assert_eq!(res.status().as_u16(), 422, "the right code is spent too");
    assert_eq!(
        number(&app, "SELECT count(*) AS n FROM accounts").await,
        1,
        "no account was made"
    );
}

#[tokio::test]
async fn registrations_are_limited_per_address() {
    let app = crate::helpers::spawn_app_with(Box::new(|s| s.register_per_address = 2)).await;
    for n in 0..2 {
        let res = app
            .other_device()
            .register_form(&TestUser::new(610 + n))
            .await;
        assert_eq!(res.status().as_u16(), 303);
    }
    let res = app.other_device().register_form(&TestUser::new(612)).await;
    assert_eq!(res.status().as_u16(), 429);
    assert!(res.text().await.unwrap().contains("注册次数过多"));
}

/// Says `claimant` acts for `person` (with `name` typed); where it leads.
async fn claim(claimant: &TestApp, kind: &str, name: &str, id_number: &str) -> reqwest::Response {
    let token = claimant.csrf_token().await;
    let form = reqwest::multipart::Form::new()
        .text("kind", kind.to_owned())
        .text("real_name", name.to_owned())
        .text("id_number", id_number.to_owned())
        .text("relationship", "99")
        .part(
            "proof",
            reqwest::multipart::Part::bytes(crate::apply::PNG.to_vec()).file_name("proof.png"),
        );
    claimant
        .client
        .post(format!(
            "{}/people/new?csrf_token={token}",
            claimant.address
        ))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The signed-in account sees nothing of the person's records.
async fn sees_nothing_of(attacker: &TestApp, certificate: &str, application: &str) {
    let (_, list) = attacker.get_html("/certificates").await;
    assert!(
        first_link(&list, "/certificates/").is_none(),
        "no certificate listed"
    );
    for path in [
        certificate.to_owned(),
        format!("{certificate}/photo"),
        format!("{certificate}/card.pdf"),
        format!("{certificate}/card.svg"),
        application.to_owned(),
        format!("{application}/review"),
    ] {
        assert_eq!(attacker.get(&path).await.status().as_u16(), 404, "{path}");
    }
    let (_, apps) = attacker.get_html("/applications").await;
    assert!(!apps.contains(&format!("href=\"{application}\"")));
}

#[tokio::test]
async fn a_false_helper_sees_nothing_and_the_person_is_told_and_can_end_it() {
    let w = world().await;
    let certificate = issued(&w).await;
    let victim = TestUser::new(1);
    let attacker = w.app.other_device();
    attacker.register(&TestUser::new(620)).await;

    // A made-up name and the real one get the same answer.
    let wrong = claim(&attacker, "helper", "王某某", &victim.id_number).await;
    let right = attacker.other_device();
    right.register(&TestUser::new(621)).await;
    let right_res = claim(&right, "helper", &victim.name, &victim.id_number).await;
    assert_eq!(wrong.status().as_u16(), 303);
    assert_eq!(right_res.status().as_u16(), 303);
    let (wrong_to, right_to) = (location(&wrong), location(&right_res));
    let strip = |html: String| {
        texts(&html, "main h2, main li, main label, .tag, .notice p")
            .join("|")
            .replace("王某某", "NAME")
            .replace(&victim.name, "NAME")
    };
    let (_, wrong_page) = attacker.get_html(&wrong_to).await;
    let (_, right_page) = right.get_html(&right_to).await;
    assert_eq!(
        strip(wrong_page),
        strip(right_page),
        "the same neutral page"
    );

    sees_nothing_of(&attacker, &certificate, &w.application).await;
    sees_nothing_of(&right, &certificate, &w.application).await;
    // The who-page of a new draft names the person only as the claimant typed it.
    let (_, people) = attacker.get_html("/people").await;
    assert!(people.contains("王某某") && !people.contains(&victim.name));

    // The person is told of both, in their inbox; the code only for the matching name.
    let (_, inbox) = w.applicant.get_html("/inbox").await;
    assert!(
        inbox.contains("试图以代办人身份关联您的信息"),
        "the mismatch is reported"
    );
    assert!(inbox.contains("说自己是您的"), "the claim is reported");
    // A guessed code does nothing.
    let res = right
        .post_form(&format!("{right_to}/confirm"), &[("code", "123456")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    sees_nothing_of(&right, &certificate, &w.application).await;

    // The person ends the claim from their own (verified) account.
    let (_, mine) = w.applicant.get_html("/people").await;
    let claim_id = first_link(&mine, "").and(
        mine.split("action=\"/people/claims/")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .map(str::to_owned),
    );
    let claim_id = claim_id.expect("a claim on the person");
    let res = w
        .applicant
        .post_form(
            &format!("/people/claims/{claim_id}"),
            &[("decision", "end")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    // Another account cannot decide claims on someone else.
    let res = attacker
        .post_form(
            &format!("/people/claims/{claim_id}"),
            &[("decision", "confirm")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
}

#[tokio::test]
async fn the_persons_code_confirms_a_representation_and_then_it_grants_access() {
    let w = world().await;
    let certificate = issued(&w).await;
    let victim = TestUser::new(1);
    let guardian = w.app.other_device();
    guardian.register(&TestUser::new(630)).await;
    let before = sms_to(&w.app.var_dir, &victim.phone).len();
    let res = claim(&guardian, "guardian", &victim.name, &victim.id_number).await;
    let page = location(&res);
    // The person receives the code by SMS and tells it to the guardian.
    let sms = next_sms(&w.app.var_dir, &victim.phone, before).await;
    assert!(
        sms.contains("张小明") || sms.contains("说自己是您的"),
        "{sms}"
    );
    let res = guardian
        .post_form(&format!("{page}/confirm"), &[("code", &code_in(&sms))])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, list) = guardian.get_html("/certificates").await;
    assert_eq!(
        first_link(&list, "/certificates/").map(|id| format!("/certificates/{id}")),
        Some(certificate.clone()),
        "the confirmed guardian sees the certificate"
    );
    assert_eq!(guardian.get(&w.application).await.status().as_u16(), 200);
    // The guardian ends it: the access ends with it.
    let res = guardian.post_form(&format!("{page}/remove"), &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    sees_nothing_of(&guardian, &certificate, &w.application).await;
}

#[tokio::test]
async fn a_clerk_of_the_persons_county_checks_the_proof_and_confirms() {
    let w = world().await;
    let victim = TestUser::new(1);
    let helper = w.app.other_device();
    helper.register(&TestUser::new(640)).await;
    claim(&helper, "helper", &victim.name, &victim.id_number).await;
    let (status, queue) = w.clerk.get_html("/staff/claims").await;
    assert_eq!(status, 200);
    let id = first_link(&queue, "/staff/claims/").expect("the claim waits in the county");
    let page = format!("/staff/claims/{id}");
    // Other counties' clerks and other roles never see it.
    assert_eq!(w.other_clerk.get(&page).await.status().as_u16(), 404);
    let (_, other_queue) = w.other_clerk.get_html("/staff/claims").await;
    assert!(!other_queue.contains(&page));
    assert_eq!(w.doctor.get(&page).await.status().as_u16(), 403);
    assert_eq!(helper.get(&page).await.status().as_u16(), 403);
    // The proof opens for the clerk; every view is audited.
    assert_eq!(
        w.clerk
            .get(&format!("{page}/proof"))
            .await
            .status()
            .as_u16(),
        200
    );
    // Refusing needs a reason; the form keeps the choice and marks the field.
    let res = w.clerk.post_form(&page, &[("decision", "refuse")]).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#note\"") && html.contains("aria-invalid=\"true\""));
    assert!(html.contains("value=\"refuse\" checked"));
    // A confirmation whose note holds a control character: refused at the note, not confirmed.
    let res = w
        .clerk
        .post_form(&page, &[("decision", "confirm"), ("note", "核对\u{0}")])
        .await;
    let html = crate::helpers::refused_for_control_characters(res, "note").await;
    assert!(html.contains("value=\"confirm\" checked"));
    assert_eq!(helper.get(&w.application).await.status().as_u16(), 404);
    let res = w.clerk.post_form(&page, &[("decision", "confirm")]).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(helper.get(&w.application).await.status().as_u16(), 200);
    assert!(
        number(
            &w.app,
            &format!(
                "SELECT count(*) AS n FROM audit_log WHERE what IN ('view representation claim {id}', 'representation {id} confirmed')"
            )
        )
        .await
            >= 3
    );
    // The helper hears of it.
    let (_, inbox) = helper.get_html("/inbox").await;
    assert!(inbox.contains("已确认"));
}

#[tokio::test]
async fn an_id_squatter_sees_nothing_and_the_real_person_reclaims_the_number_at_the_counter() {
    let w = world().await;
    // A helper applied for the victim, who has no account.
    let helper = w.app.other_device();
    let helper_user = TestUser::new(650);
    helper.register(&helper_user).await;
    let victim = TestUser::new(651);
    let application = helper_applies_for(&helper, &helper_user, &victim).await;

    // The squatter registers with the victim's ID number and another name.
    let squatter = w.app.other_device();
    let mut squatter_user = TestUser::new(652);
    squatter_user.id_number = victim.id_number.clone();
    squatter_user.name = "李四".to_owned();
    assert_eq!(
        squatter.register(&squatter_user).await.status().as_u16(),
        303
    );
    let (_, apps) = squatter.get_html("/applications").await;
    assert!(!apps.contains(&application), "nothing of the victim's case");
    assert_eq!(squatter.get(&application).await.status().as_u16(), 404);
    assert_eq!(
        squatter
            .get(&format!("{application}/review"))
            .await
            .status()
            .as_u16(),
        404,
        "no review to file for her"
    );

    // The real person cannot register with her own number (the same answer as always) ...
    let real = w.app.other_device();
    let (status, to, _) = registration_answer(&w.app, &victim).await;
    assert_eq!((status, to.as_str()), (303, "/register/confirm"));
    // ... so she goes to the counter: the clerk checks her ID card, sees the account holding the
    // number is not hers, and takes the number off it.
    let fields = |action: &'static str, account: String| {
        vec![
            ("action", action.to_owned()),
            ("id_number", victim.id_number.clone()),
            ("real_name", victim.name.clone()),
            ("seen", "yes".to_owned()),
            ("account", account),
        ]
    };
    let post = async |fields: Vec<(&str, String)>| {
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        w.clerk.post_form("/staff/identity", &borrowed).await
    };
    let res = post(vec![("action", "find".to_owned())]).await;
    assert_eq!(res.status().as_u16(), 422, "the ID card box must be ticked");
    // A name pasted with a control character: refused at the name, kept, nobody looked up.
    let mut pasted = fields("find", String::new());
    pasted[2].1 = format!("{}\u{0}", victim.name);
    let res = post(pasted).await;
    let html = crate::helpers::refused_for_control_characters(res, "real_name").await;
    assert!(html.contains(&format!("value=\"{}\"", victim.name)), "kept");
    assert!(!html.contains("139****0652"), "nobody looked up");
    let res = post(fields("find", String::new())).await;
    let html = res.text().await.unwrap();
    assert!(
        html.contains("李四") && html.contains("139****0652"),
        "the holder, masked"
    );
    let account = html
        .split("name=\"account\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    assert_eq!(
        w.other_doctor
            .get("/staff/identity")
            .await
            .status()
            .as_u16(),
        403
    );
    let res = post(fields("detach", account)).await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, inbox) = squatter.get_html("/inbox").await;
    assert!(
        inbox.contains("身份证号码已被解除"),
        "the squatter is told why"
    );

    // Now she registers, is verified at the counter, and sees her case.
    assert_eq!(real.register(&victim).await.status().as_u16(), 303);
    let res = post(fields("find", String::new())).await;
    let html = res.text().await.unwrap();
    let account = html
        .split("name=\"account\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    assert_eq!(post(fields("verify", account)).await.status().as_u16(), 303);
    let (_, apps) = real.get_html("/applications").await;
    assert!(
        apps.contains(&format!("href=\"{application}\"")),
        "her case, once verified"
    );
    assert!(
        number(
            &w.app,
            "SELECT count(*) AS n FROM audit_log WHERE what LIKE '%at the counter%' AND subject_account_id IS NOT NULL"
        )
        .await
            >= 3,
        "every counter look-up and action is audited"
    );
}

#[tokio::test]
async fn a_replayed_cookie_after_sign_out_opens_nothing() {
    let app = spawn_app().await;
    app.register(&TestUser::new(660)).await;
    // The cookie as a thief would copy it.
    let res = app.get("/account").await;
    assert_eq!(res.status().as_u16(), 200);
    let jar_cookie = session_cookie_of(&app).await;
    app.post_form("/logout", &[]).await;
    let thief = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for path in ["/account", "/applications", "/inbox"] {
        let res = thief
            .get(format!("{}{path}", app.address))
            .header("cookie", &jar_cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303, "{path}");
        assert!(location(&res).starts_with("/login"), "{path}");
    }
    // Nor can it extend itself.
    let res = thief
        .post(format!("{}/session/extend", app.address))
        .header("cookie", &jar_cookie)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_ne!(res.status().as_u16(), 200);
}

/// The session cookie the client holds now, checking that its state lives on the server.
async fn session_cookie_of(app: &TestApp) -> String {
    assert!(
        number(
            app,
            "SELECT count(*) AS n FROM sessions WHERE account_id IS NOT NULL"
        )
        .await
            >= 1,
        "sessions live on the server"
    );
    let cookie = app.cookie_header();
    assert!(cookie.contains("portal_session="));
    cookie
}

#[tokio::test]
async fn sessions_are_browser_sessions_with_an_absolute_lifetime_and_end_when_an_admin_says_so() {
    let app = crate::helpers::spawn_app_with(Box::new(|s| s.session_hours = 1)).await;
    let user = TestUser::new(670);
    let res = app.register(&user).await;
    let cookie = crate::helpers::set_cookie(&res, "portal_session").unwrap();
    assert!(
        !cookie.contains("max-age") && !cookie.contains("expires"),
        "a browser-session cookie: {cookie}"
    );
    // Past the absolute lifetime the session ends, however active.
    let mut conn = app.db().await;
    diesel::sql_query(
        "UPDATE sessions SET state = jsonb_set(state, '{since}', to_jsonb((extract(epoch from portal_now())::bigint - 3700)::text))",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let res = app.get("/account").await;
    assert_eq!(res.status().as_u16(), 303);
    // An administrator ends every session of an account.
    app.login(&user.id_number, &user.password).await;
    let second = app.other_device();
    second.login(&user.id_number, &user.password).await;
    assert_eq!(second.get("/account").await.status().as_u16(), 200);
    let admin = crate::admin::admin(&app).await;
    // Pasted with a control character: refused at the field, nobody looked up.
    let res = admin
        .post_form(
            "/admin/accounts",
            &[
                ("action", "find"),
                ("identifier", &format!("{}\u{0}", user.phone)),
            ],
        )
        .await;
    let html = crate::helpers::refused_for_control_characters(res, "identifier").await;
    assert!(!html.contains("139****0670"));
    let res = admin
        .post_form(
            "/admin/accounts",
            &[("action", "find"), ("identifier", &user.phone)],
        )
        .await;
    let html = res.text().await.unwrap();
    assert!(html.contains("139****0670"));
    let account = html
        .split("name=\"account\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let res = admin
        .post_form(
            "/admin/accounts",
            &[("action", "end-sessions"), ("account", &account)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    for device in [&app, &second] {
        assert_eq!(device.get("/account").await.status().as_u16(), 303);
    }
    app.login(&user.id_number, &user.password).await;
    assert_eq!(
        app.get("/admin/accounts").await.status().as_u16(),
        403,
        "not an administrator"
    );
}

#[tokio::test]
async fn an_unverified_applicant_is_told_to_verify_before_the_certificate_opens() {
    let w = world().await;
    let certificate = issued(&w).await;
    // The same case, had the applicant never verified their identity.
    let mut conn = w.app.db().await;
    for sql in [
        "UPDATE accounts SET identity = 'unverified', identity_source = NULL WHERE id_number IS NOT NULL AND NOT ('county_clerk' = ANY(roles) OR 'doctor' = ANY(roles))",
        "UPDATE people SET account_id = NULL",
    ] {
        diesel::sql_query(sql).execute(&mut conn).await.unwrap();
    }
    let (_, page) = w.applicant.get_html(&w.application).await;
    assert!(
        !page.contains(&format!("href=\"{certificate}\"")),
        "no link to open"
    );
    assert!(
        page.contains("电子证照只向已核验身份的本人"),
        "says what to do"
    );
    assert_eq!(w.applicant.get(&certificate).await.status().as_u16(), 404);
}
