//! The counter (综合窗口, issue #21) over HTTP: a clerk applies for the person in front of them
//! (identity checked in person, prefilled form, signed summary scanned in, submitted for the
//! person who is told by SMS and later follows it with their own verified account), jurisdiction,
//! village helpers posted at a township, and account recovery at the window.

use crate::apply::{HUKOU, PNG, location, ok, refused, upload};
use crate::helpers::{TestApp, TestUser, next_sms, sms_to, spawn_app, texts};
use crate::workflow::{inbox_count, number, staff};

/// An app with the federations of 芙蓉区 (430102) and 金水区 (410105) and a clerk in each.
async fn counters() -> (TestApp, TestApp, TestApp) {
    let app = spawn_app().await;
    let mut conn = app.db().await;
    use portal::db::offices::ensure;
    use portal::domain::office::OfficeKind;
    let furong = ensure(
        &mut conn,
        OfficeKind::Federation,
        "430102",
        None,
        "芙蓉区残联",
    )
    .await
    .unwrap();
    let jinshui = ensure(
        &mut conn,
        OfficeKind::Federation,
        "410105",
        None,
        "金水区残联",
    )
    .await
    .unwrap();
    let clerk = staff(&app, 101, "county_clerk", furong).await;
    let other = staff(&app, 102, "county_clerk", jinshui).await;
    (app, clerk, other)
}

/// The clerk identifies `person` at the window (their mobile number given); the new draft's id.
async fn start_for(clerk: &TestApp, person: &TestUser) -> i64 {
    start_in(clerk, person, "zh").await
}

/// [`start_for`], the person told in `lang`.
async fn start_in(clerk: &TestApp, person: &TestUser, lang: &str) -> i64 {
    let res = clerk
        .post_form(
            "/staff/counter",
            &[
                ("id_number", &person.id_number),
                ("real_name", &person.name),
                ("seen", "yes"),
                ("present", "person"),
                ("notice_lang", lang),
                ("sms", "yes"),
                ("phone", &person.phone),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    location(&res)
        .trim_start_matches("/apply/")
        .parse()
        .unwrap()
}

/// Every section of a new certificate (physical) for the person at the window, and the ID card,
/// hukou book and photo scanned in.
async fn fill(clerk: &TestApp, id: i64, phone: &str) {
    ok(clerk, id, "who", &[("applying_as", "self")]).await;
    ok(clerk, id, "certificate", &[("held", "none")]).await;
    ok(
        clerk,
        id,
        "matter",
        &[("matter", "new"), ("categories", "4")],
    )
    .await;
    ok(
        clerk,
        id,
        "personal",
        &[
            ("ethnicity", "01"),
            ("marital", "10"),
            ("education", "10"),
            ("phone", phone),
        ],
    )
    .await;
    ok(clerk, id, "address", &HUKOU).await;
    ok(clerk, id, "contact", &[]).await;
    ok(clerk, id, "services", &[("x", "")]).await;
    ok(clerk, id, "needs", &[("needs", "none")]).await;
    ok(clerk, id, "delivery", &[("delivery", "township")]).await;
    for m in ["id_card", "hukou_book", "photo"] {
        let res = upload(clerk, id, m, &format!("{m}.png"), PNG.to_vec()).await;
        assert_eq!(res.status().as_u16(), 303, "upload {m}");
    }
}

#[tokio::test]
async fn a_clerk_applies_for_the_person_at_the_window_who_then_follows_it_online() {
    let (app, clerk, _) = counters().await;
    let person = TestUser::new(7);

    // Bad input keeps what was typed, and says what is wrong next to each field.
    let res = clerk
        .post_form(
            "/staff/counter",
            &[("id_number", &person.id_number), ("real_name", "")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let page = res.text().await.unwrap();
    assert_eq!(texts(&page, ".error-summary li").len(), 5, "{page}");
    assert!(page.contains(&person.id_number), "typed input kept");
    assert!(page.contains("id=\"seen-error\"") && page.contains("id=\"present-error\""));
    // A name pasted with a control character: refused at the name, kept without it, no draft.
    let name_with_nul = format!("{}\u{0}", person.name);
    let res = clerk
        .post_form(
            "/staff/counter",
            &[
                ("id_number", &person.id_number),
                ("real_name", &name_with_nul),
                ("seen", "yes"),
                ("present", "person"),
                ("notice_lang", "zh-CN"),
                ("sms", "no"),
            ],
        )
        .await;
    let page = crate::helpers::refused_for_control_characters(res, "real_name").await;
    assert_eq!(texts(&page, ".error-summary li").len(), 1, "{page}");
    assert!(page.contains(&format!("value=\"{}\"", person.name)), "kept");
    assert_eq!(
        crate::workflow::number(&app, "SELECT count(*) AS n FROM applications").await,
        0
    );

    let draft = start_for(&clerk, &person).await;
    // Identity checked in person, audited with the person.
    assert_eq!(
        number(
            &app,
            "SELECT count(*) AS n FROM audit_log WHERE person_id IS NOT NULL \
             AND what LIKE 'identity checked in person%'"
        )
        .await,
        1
    );
    // The form is about the person, not the clerk: their mobile number is prefilled.
    let (status, personal) = clerk.get_html(&format!("/apply/{draft}/personal")).await;
    assert_eq!(status, 200);
    assert!(personal.contains(&format!("value=\"{}\"", person.phone)));
    let (_, who) = clerk.get_html(&format!("/apply/{draft}/who")).await;
    assert!(who.contains(&person.name) && !who.contains("/people/new"));

    fill(&clerk, draft, &person.phone).await;
    // The signed form is a material at the window, with the summary to print.
    let (_, check) = clerk.get_html(&format!("/apply/{draft}/check")).await;
    assert!(check.contains(&format!("/apply/{draft}/summary")));
    assert!(check.contains("申请表"), "the signed form is still missing");
    let res = crate::apply::submit(&clerk, draft).await;
    assert_eq!(res.status().as_u16(), 422, "not without the signed form");
    let (status, summary) = clerk.get_html(&format!("/apply/{draft}/summary")).await;
    assert_eq!(status, 200);
    assert!(summary.contains(&person.id_number) && summary.contains("申请人（签名）"));
    assert!(
        summary.contains("本人确认申报信息、内容真实有效"),
        "003 附件2"
    );
    let res = upload(
        &clerk,
        draft,
        "application_form",
        "signed.pdf",
        b"%PDF-1.7 signed".to_vec(),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);

    let res = crate::apply::submit(&clerk, draft).await;
    assert_eq!(res.status().as_u16(), 303);
    let path = location(&res);
    let id: i64 = path.trim_start_matches("/applications/").parse().unwrap();
    let reference: String = {
        let mut conn = app.db().await;
        portal::db::applications::reference_of(&mut conn, id)
            .await
            .unwrap()
            .unwrap()
    };
    // Recorded as entered at the counter by this clerk.
    assert_eq!(
        number(
            &app,
            &format!(
                "SELECT count(*) AS n FROM applications a JOIN accounts c ON c.id = a.entered_by \
                 WHERE a.id = {id} AND a.channel = 'counter' AND c.id_number = '{}'",
                TestUser::new(101).id_number
            )
        )
        .await,
        1
    );
    // The person's SMS carries the reference and the first deadline; the clerk is not told.
    let sms = next_sms(&app.var_dir, &person.phone, 0).await;
    assert!(
        sms.contains(&reference) && sms.contains("第一步办理时限"),
        "{sms}"
    );
    assert_eq!(
        inbox_count(&app, &TestUser::new(101).id_number, "application-submitted").await,
        0,
        "the clerk is not the applicant"
    );
    // The office sees how it came in.
    let item = number(
        &app,
        &format!("SELECT id AS n FROM application_items WHERE application_id = {id}"),
    )
    .await;
    let (_, case) = clerk.get_html(&format!("/staff/items/{item}")).await;
    assert!(case.contains("在窗口申请，由工作人员录入"), "{case}");
    // The counter lists what the clerk submitted; the printout now carries the reference.
    let (_, counter) = clerk.get_html("/staff/counter").await;
    assert!(counter.contains(&reference));
    let (_, printed) = clerk.get_html(&format!("/apply/{draft}/summary")).await;
    assert!(printed.contains(&reference));

    // The person takes it over online once their own identity is verified.
    let own = app.other_device();
    own.register_verified(&person).await;
    let (_, list) = own.get_html("/applications").await;
    assert!(list.contains(&reference), "{list}");
    let (status, _) = own.get_html(&path).await;
    assert_eq!(status, 200);

    // A second form for the person comes prefilled from the first application.
    let again = start_for(&clerk, &person).await;
    let (_, address) = clerk.get_html(&format!("/apply/{again}/address")).await;
    assert!(address.contains("幸福村3组12号"), "the address on record");
}

#[tokio::test]
async fn a_person_who_asked_for_english_is_texted_in_english() {
    let (app, clerk, _) = counters().await;
    let person = TestUser::new(15);
    let draft = start_in(&clerk, &person, "en").await;
    fill(&clerk, draft, &person.phone).await;
    let res = upload(
        &clerk,
        draft,
        "application_form",
        "signed.pdf",
        b"%PDF-1.7 signed".to_vec(),
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    // The clerk works in Chinese; the person's SMS follows their own choice.
    assert_eq!(
        crate::apply::submit(&clerk, draft).await.status().as_u16(),
        303
    );
    let sms = next_sms(&app.var_dir, &person.phone, 0).await;
    assert!(
        sms.contains("reference") && !sms.contains("申请编号"),
        "{sms}"
    );
}

#[tokio::test]
async fn only_clerks_at_a_window_of_the_person_s_county_enter_their_application() {
    let (app, clerk, other) = counters().await;
    let person = TestUser::new(8);
    // A person living in 芙蓉区 is not taken at the 金水区 window.
    let draft = start_for(&other, &person).await;
    let page = refused(&other, draft, "address", &HUKOU).await;
    assert!(page.contains("请其到经常居住地的窗口申请"), "{page}");
    // Nobody else opens a form entered at a window.
    let mine = start_for(&clerk, &person).await;
    for path in [
        format!("/apply/{mine}/who"),
        format!("/apply/{mine}/summary"),
    ] {
        assert_eq!(other.get_html(&path).await.0, 404, "{path}");
    }
    // An applicant has no window.
    let applicant = app.other_device();
    applicant.register_verified(&TestUser::new(9)).await;
    assert_eq!(applicant.get_html("/staff/counter").await.0, 403);
    let res = applicant
        .post_form(
            "/staff/counter",
            &[
                ("id_number", &person.id_number),
                ("real_name", &person.name),
                ("seen", "yes"),
                ("present", "person"),
                ("notice_lang", "zh"),
                ("sms", "yes"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
    assert_eq!(
        number(
            &app,
            "SELECT count(*) AS n FROM drafts WHERE channel <> 'online'"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn a_village_helper_with_a_township_post_enters_forms_as_the_helper_channel() {
    let (app, _, _) = counters().await;
    let township = {
        let mut conn = app.db().await;
        portal::db::offices::ensure(
            &mut conn,
            portal::domain::office::OfficeKind::Township,
            "430102001",
            None,
            "文艺路街道便民服务中心",
        )
        .await
        .unwrap()
    };
    let helper = staff(&app, 130, "helper", township).await;
    let (_, dashboard) = helper.get_html("/account").await;
    assert!(
        dashboard.contains("href=\"/staff/counter\""),
        "linked for a helper with a post"
    );
    start_for(&helper, &TestUser::new(31)).await;
    assert_eq!(
        number(
            &app,
            "SELECT count(*) AS n FROM drafts WHERE channel = 'helper'"
        )
        .await,
        1
    );
    // A helper without a post (who acts for people online) has no window.
    let online = app.other_device();
    online.register_verified(&TestUser::new(132)).await;
    let mut conn = app.db().await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(format!(
            "UPDATE accounts SET roles = '{{helper}}' WHERE id_number = '{}'",
            TestUser::new(132).id_number
        )),
        &mut conn,
    )
    .await
    .unwrap();
    assert_eq!(online.get_html("/staff/counter").await.0, 403);
    let (_, dashboard) = online.get_html("/account").await;
    assert!(
        !dashboard.contains("href=\"/staff/counter\""),
        "no link without a post"
    );
}

/// Waits (up to 5 s) for an SMS to `phone` containing `needle`.
async fn sms_containing(var_dir: &std::path::Path, phone: &str, needle: &str) -> String {
    for _ in 0..100 {
        if let Some(t) = sms_to(var_dir, phone)
            .into_iter()
            .find(|t| t.contains(needle))
        {
            return t;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no SMS with {needle:?} within 5 s");
}

/// The clerk's identity form for `holder`'s `account` with `action`.
async fn identity_form(
    clerk: &TestApp,
    holder: &TestUser,
    account: &str,
    action: &str,
    phone: &str,
) -> reqwest::Response {
    clerk
        .post_form(
            "/staff/identity",
            &[
                ("action", action),
                ("account", account),
                ("id_number", &holder.id_number),
                ("real_name", &holder.name),
                ("seen", "yes"),
                ("new_phone", phone),
            ],
        )
        .await
}

#[tokio::test]
async fn a_clerk_helps_the_verified_holder_back_in_and_the_old_channels_are_told() {
    let (app, clerk, _) = counters().await;
    let holder = TestUser::new(12);
    let device = app.other_device();
    device.register_verified(&holder).await;
    let told = || {
        sms_to(&app.var_dir, &holder.phone)
            .iter()
            .filter(|t| t.contains("窗口找回"))
            .count()
    };
    let new_phone = "13912345678";
    let account = number(
        &app,
        &format!(
            "SELECT id AS n FROM accounts WHERE id_number = '{}'",
            holder.id_number
        ),
    )
    .await
    .to_string();
    let find = |action: &'static str, phone: &'static str| {
        identity_form(&clerk, &holder, &account, action, phone)
    };
    // Found: the recovery form is offered for a verified account.
    let page = find("find", "").await.text().await.unwrap();
    assert!(page.contains("name=\"new_phone\""), "{page}");
    // A malformed number is refused next to the field.
    let res = find("recover", "139").await;
    assert_eq!(res.status().as_u16(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("id=\"new_phone-error\""));
    assert_eq!(told(), 0, "a refused recovery changes and tells nothing");
    // Recovered: the old mobile number hears of it, the new one gets the link.
    let res = find("recover", new_phone).await;
    assert_eq!(res.status().as_u16(), 303);
    sms_containing(&app.var_dir, &holder.phone, "窗口找回").await;
    assert_eq!(told(), 1, "told once on the old number");
    let link_sms = sms_containing(&app.var_dir, new_phone, "/password/reset/").await;
    let link = link_sms
        .split_whitespace()
        .find_map(|w| w.find("/password/reset/").map(|i| w[i..].to_owned()))
        .unwrap_or_default();
    let token: String = link
        .trim_start_matches("/password/reset/")
        .chars()
        .take(64)
        .collect();
    assert_eq!(token.len(), 64, "{link_sms}");
    // Every session ended: the old device is signed out.
    assert_eq!(device.get_html("/account").await.0, 303);
    // The link sets a new password, used with the new mobile number.
    let fresh = app.other_device();
    let (status, _) = fresh.get_html(&format!("/password/reset/{token}")).await;
    assert_eq!(status, 200);
    let res = fresh
        .post_form(
            &format!("/password/reset/{token}"),
            &[
                ("password", "a-new-horse-2"),
                ("password_confirm", "a-new-horse-2"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(fresh.login_status(new_phone, "a-new-horse-2").await, 303);
    // Audited with the account.
    assert_eq!(
        number(
            &app,
            "SELECT count(*) AS n FROM audit_log WHERE subject_account_id IS NOT NULL \
             AND what LIKE 'account recovered at the counter%'"
        )
        .await,
        1
    );
}
