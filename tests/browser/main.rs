//! Browser tests: the real app in headless Chromium, axe-core (WCAG 2.2 A/AA) on every page in
//! both languages and in the large-text/high-contrast mode, plus a keyboard-only journey.
//!
//! Needs Chromium and the pinned npm packages in `tests/browser/node_modules` (`.ci/run` installs
//! both). Without them the tests fail under CI and are skipped with a notice elsewhere.

// Tests and measuring commands may unwrap (Cargo.toml `[lints]` is for the product).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use std::path::{Path, PathBuf};
use std::process::Command;

mod certificates;
mod reviews;
mod trust;

use helpers::{TestUser, spawn_app};

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

fn chromium() -> String {
    std::env::var("A11Y_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned())
}

/// Whether the browser kit is installed. Its absence fails the test with the commands to run —
/// a test that checked nothing must not show as passed — unless the developer opted out with
/// `PORTAL_SKIP_BROWSER_TESTS=1` (never under CI).
fn ready() -> bool {
    let ok = Path::new(&chromium()).exists()
        && browser_dir().join("node_modules/playwright-core").exists()
        && browser_dir().join("node_modules/axe-core").exists();
    if !ok {
        let opted_out = std::env::var("PORTAL_SKIP_BROWSER_TESTS").is_ok_and(|v| v == "1");
        assert!(
            opted_out && std::env::var("CI").is_err(),
            "browser tests need Chromium and their packages: `apt-get install chromium \
             fonts-wqy-microhei` and `npm ci --prefix tests/browser` (see .ci/run), or set \
             PORTAL_SKIP_BROWSER_TESTS=1 to skip them"
        );
        eprintln!("SKIPPED browser tests (PORTAL_SKIP_BROWSER_TESTS=1)");
    }
    ok
}

fn run_node(args: &[String]) -> (bool, String) {
    let out = Command::new("node")
        .current_dir(browser_dir())
        .args(args)
        .env("A11Y_CHROMIUM", chromium())
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The session cookie the server set on a response.
fn session_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("portal_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_has_no_axe_violations_in_both_languages_and_display_modes() {
    if !ready() {
        return;
    }
    let app = spawn_app().await;
    let user = TestUser::new(900);
    let res = app.register(&user).await;
    let signed_in = session_cookie(&res);

    // A live reset link (from the mail file) so that the reset form is checked too.
    let other = app.other_device();
    other
        .post_form("/password/forgot", &[("identifier", &user.phone)])
        .await;
    let text = helpers::wait_for_mail_file(&app.var_dir, "/password/reset/")
        .await
        .expect("a reset mail");
    let start = text.find("/password/reset/").unwrap();
    let reset_path = text[start..].split_whitespace().next().unwrap().to_owned();

    let public = [
        "/",
        "/login",
        "/register",
        "/password/forgot",
        reset_path.as_str(),
        "/publications",
        "/publications?province=43&city=4301",
        "/publications/lookup",
    ];
    // Someone the user acts for, so that the list and the person's page have content.
    let token = app.csrf_token().await;
    let ward = TestUser::new(901);
    let proof = reqwest::multipart::Part::bytes(b"%PDF-1.4 proof".to_vec()).file_name("proof.pdf");
    let form = reqwest::multipart::Form::new()
        .text("kind", "guardian")
        .text("real_name", "李小红")
        .text("id_number", ward.id_number.clone())
        .text("relationship", "30")
        .part("proof", proof);
    let res = app
        .client
        .post(format!("{}/people/new?csrf_token={token}", app.address))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let (_, list) = app.get_html("/people").await;
    let person = helpers::first_link(&list, "/people/")
        .map(|id| format!("/people/{id}"))
        .expect("a person link");
    let (_, inbox) = app.get_html("/inbox").await;
    let message = helpers::first_link(&inbox, "/inbox/")
        .map(|id| format!("/inbox/{id}"))
        .expect("a welcome message");
    // A draft of the application form with a linked service, so that every question page shows.
    let res = app.post_form("/apply", &[]).await;
    let draft = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_end_matches("/who")
        .to_owned();
    for (section, fields) in [
        ("who", vec![("applying_as", "self")]),
        ("matter", vec![("matter", "new"), ("categories", "4")]),
        ("services", vec![("services", "living_subsidy")]),
    ] {
        let res = app.post_form(&format!("{draft}/{section}"), &fields).await;
        assert_eq!(res.status().as_u16(), 303, "{section}");
    }
    let form_pages: Vec<String> = [
        "",
        "/who",
        "/certificate",
        "/matter",
        "/personal",
        "/address",
        "/contact",
        "/services",
        "/service-details",
        "/needs",
        "/delivery",
        "/materials",
        "/check",
    ]
    .iter()
    .map(|s| format!("{draft}{s}"))
    .collect();
    let mut private = vec![
        "/inbox",
        message.as_str(),
        "/account",
        "/account/password",
        "/people",
        "/people/new",
        person.as_str(),
        "/apply",
        "/applications",
    ];
    private.extend(form_pages.iter().map(String::as_str));
    let public: Vec<String> = public.iter().map(|p| p.to_string()).collect();
    let private: Vec<String> = private.iter().map(|p| p.to_string()).collect();
    let mut failures = axe_everywhere(&app.address, "", &public).await;
    failures.extend(axe_everywhere(&app.address, &signed_in, &private).await);
    assert!(
        failures.is_empty(),
        "axe violations:\n{}",
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_account_journey_works_keyboard_only_with_no_axe_violations() {
    if !ready() {
        return;
    }
    let app = spawn_app().await;
    for (i, lang) in ["zh-CN", "en"].into_iter().enumerate() {
        let user = TestUser::new(910 + i as u32);
        let ward = TestUser::new(920 + i as u32);
        let args = vec![
            "journey.mjs".to_owned(),
            app.address.clone(),
            lang.to_owned(),
            user.id_number.clone(),
            user.phone.clone(),
            ward.id_number.clone(),
            app.var_dir.join("sms").display().to_string(),
        ];
        let (ok, output) = tokio::task::spawn_blocking(move || run_node(&args))
            .await
            .unwrap();
        println!("{output}");
        assert!(ok, "journey in {lang} failed:\n{output}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn staying_signed_in_keeps_what_was_typed_with_and_without_javascript() {
    if !ready() {
        return;
    }
    let app = spawn_app().await;
    let res = app.register(&TestUser::new(950)).await;
    let args = vec![
        "keep-typed.mjs".to_owned(),
        app.address.clone(),
        session_cookie(&res),
        "/people/new".to_owned(),
        "#real_name".to_owned(),
    ];
    let (ok, output) = tokio::task::spawn_blocking(move || run_node(&args))
        .await
        .unwrap();
    println!("{output}");
    assert!(ok, "typed input after «继续登录»:\n{output}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pages_saying_nothing_was_saved_are_accessible_in_every_mode() {
    if !ready() {
        return;
    }
    let app = spawn_app().await;
    let res = app.register(&TestUser::new(960)).await;
    let cookie = session_cookie(&res);
    let run = |lang: &str, which: &str| {
        let mut args = vec![
            "error-pages.mjs".to_owned(),
            app.address.clone(),
            lang.to_owned(),
            which.to_owned(),
        ];
        // Signed in for the outage (signed out for the sign-in form).
        if which == "503" {
            args.push(cookie.clone());
        }
        tokio::task::spawn_blocking(move || run_node(&args))
    };
    for (lang, which) in [
        ("zh-CN", "422"),
        ("en", "422"),
        ("zh-CN", "414"),
        ("en", "414"),
    ] {
        let (ok, output) = run(lang, which).await.unwrap();
        println!("{output}");
        assert!(ok, "the {which} page ({lang}):\n{output}");
    }
    // The database out of reach: every page that needs it answers 503.
    app.database_reachable(false).await;
    for lang in ["zh-CN", "en"] {
        let (ok, output) = run(lang, "503").await.unwrap();
        println!("{output}");
        assert!(ok, "the 503 page ({lang}):\n{output}");
    }
    app.database_reachable(true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_application_form_works_keyboard_only_with_no_axe_violations() {
    if !ready() {
        return;
    }
    let app = spawn_app().await;
    for (i, lang) in ["zh-CN", "en"].into_iter().enumerate() {
        let user = TestUser::new(930 + i as u32);
        let res = app.other_device().register(&user).await;
        let args = vec![
            "apply-journey.mjs".to_owned(),
            app.address.clone(),
            lang.to_owned(),
            session_cookie(&res),
        ];
        let (ok, output) = tokio::task::spawn_blocking(move || run_node(&args))
            .await
            .unwrap();
        println!("{output}");
        assert!(ok, "application journey in {lang} failed:\n{output}");
    }
}

/// Runs axe, the language-of-parts and 320 px reflow checks and a Tab walk over `paths` in both
/// languages, in the standard display and with large text and high contrast together (each mode's
/// rules apply unchanged in the pair: `display_modes_do_not_interact`), as the account holding
/// `session`; returns the failures.
async fn axe_everywhere(base: &str, session: &str, paths: &[String]) -> Vec<String> {
    let mut failures = vec![];
    for lang in ["zh-CN", "en"] {
        for display in ["", "large,contrast"] {
            let mut cookie = format!("lang={lang}");
            if !session.is_empty() {
                cookie.push_str(&format!("; {session}"));
            }
            if !display.is_empty() {
                cookie.push_str(&format!("; display={display}"));
            }
            // axe, the page's language and its parts, and reflow at 320 px; a Tab walk that
            // fails on any control without a visible focus change in every display mode (focus
            // styles do not depend on the language: the English walk runs in the standard mode).
            let mut args = vec![
                "a11y-check.mjs".to_owned(),
                "--lang".to_owned(),
                "--lang-mix".to_owned(),
                "--reflow".to_owned(),
                "--header".to_owned(),
                format!("Cookie: {cookie}"),
            ];
            if lang == "zh-CN" || display.is_empty() {
                args.push("--keyboard".to_owned());
            }
            args.extend(paths.iter().map(|p| format!("{base}{p}")));
            let (ok, output) = tokio::task::spawn_blocking(move || run_node(&args))
                .await
                .unwrap();
            println!("{output}");
            if !ok {
                failures.push(format!("{lang} {display:?}:\n{output}"));
            }
        }
    }
    failures
}

/// The large-text and high-contrast rules never depend on each other, so checking both together
/// checks each (a rule naming both classes would break that).
#[test]
fn display_modes_do_not_interact() {
    let css = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("static/css/portal.css"),
    )
    .unwrap();
    for rule in css.split('}') {
        let selector = rule.split('{').next().unwrap_or_default();
        assert!(
            !(selector.contains(".text-large") && selector.contains(".contrast-high")),
            "a rule for the pair of modes: {selector}"
        );
    }
}

/// An applicant (`TestUser::new(n)`, living in 芙蓉区) who submitted a complete application for a
/// new certificate: their client, session cookie and the application's path.
async fn submitted_application(
    app: &helpers::TestApp,
    n: u32,
) -> (helpers::TestApp, String, String) {
    let applicant = app.other_device();
    let user = TestUser::new(n);
    // Verified: the case's certificate and conclusion are the person's own.
    let res = applicant.register_verified(&user).await;
    let applicant_session = session_cookie(&res);
    let res = applicant.post_form("/apply", &[]).await;
    let draft = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_end_matches("/who")
        .to_owned();
    let sections: [(&str, &[(&str, &str)]); 10] = [
        ("who", &[("applying_as", "self")]),
        ("certificate", &[("held", "none")]),
        ("matter", &[("matter", "new"), ("categories", "4")]),
        (
            "personal",
            &[
                ("ethnicity", "01"),
                ("marital", "10"),
                ("education", "10"),
                ("phone", &user.phone),
            ],
        ),
        (
            "address",
            &[
                ("hukou_province", "43"),
                ("hukou_city", "4301"),
                ("hukou_county", "430102"),
                ("hukou_township", "430102001"),
                ("hukou_detail", "幸福村3组12号"),
                ("same_residence", "yes"),
            ],
        ),
        ("contact", &[]),
        ("services", &[]),
        ("needs", &[("needs", "none")]),
        ("delivery", &[("delivery", "township")]),
        ("materials", &[]),
    ];
    for (section, fields) in sections {
        if section == "materials" {
            for m in ["id_card", "hukou_book", "photo"] {
                let token = applicant.csrf_token().await;
                // A photo must be an image (002 四: it is printed on the card).
                let part = if m == "photo" {
                    reqwest::multipart::Part::bytes(
                        include_bytes!("../fixtures/photo.png").to_vec(),
                    )
                    .file_name("photo.png")
                } else {
                    reqwest::multipart::Part::bytes(b"%PDF-1.4 scan".to_vec()).file_name("scan.pdf")
                };
                let res = applicant
                    .client
                    .post(format!(
                        "{}{draft}/materials/{m}?csrf_token={token}",
                        app.address
                    ))
                    .multipart(reqwest::multipart::Form::new().part("file", part))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status().as_u16(), 303, "{m}");
            }
            continue;
        }
        let res = applicant
            .post_form(&format!("{draft}/{section}"), fields)
            .await;
        assert_eq!(res.status().as_u16(), 303, "{section}");
    }
    let res = applicant
        .post_form(&format!("{draft}/submit"), &[("commitment", "yes")])
        .await;
    let application = res.headers()["location"].to_str().unwrap().to_owned();
    (applicant, applicant_session, application)
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_pages_and_the_case_timeline_have_no_axe_violations() {
    if !ready() {
        return;
    }
    let app = spawn_app().await;
    // An applicant submits a complete application.
    let (applicant, applicant_session, application) = submitted_application(&app, 940).await;

    // A county clerk of 芙蓉区.
    let clerk = app.other_device();
    let staff_user = TestUser::new(941);
    let res = clerk.register(&staff_user).await;
    let clerk_session = session_cookie(&res);
    let mut conn = app.db().await;
    let office = portal::db::offices::ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Federation,
        "430102",
        None,
        "芙蓉区残联",
    )
    .await
    .unwrap();
    let hospital = portal::db::offices::ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Institution,
        "430102",
        None,
        "芙蓉区医院",
    )
    .await
    .unwrap();
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use portal::db::schema::accounts;
    let staff_id: i64 =
        diesel::update(accounts::table.filter(accounts::id_number.eq(&staff_user.id_number)))
            .set(accounts::roles.eq(vec!["county_clerk".to_owned()]))
            .returning(accounts::id)
            .get_result(&mut conn)
            .await
            .unwrap();
    portal::db::offices::assign(&mut conn, staff_id, "county_clerk", office)
        .await
        .unwrap();
    let (_, queue) = clerk.get_html("/staff").await;
    let item = helpers::first_link(&queue, "/staff/items/")
        .map(|id| format!("/staff/items/{id}"))
        .expect("the case in the queue");
    assert_eq!(clerk.get(&item).await.status().as_u16(), 200);

    // The clerk's forms in their error state, keyboard only, in both languages.
    for lang in ["zh-CN", "en"] {
        let args = vec![
            "staff-errors.mjs".to_owned(),
            app.address.clone(),
            lang.to_owned(),
            clerk_session.clone(),
            item.clone(),
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/browser-screenshots")
                .display()
                .to_string(),
        ];
        let (ok, output) = tokio::task::spawn_blocking(move || run_node(&args))
            .await
            .unwrap();
        println!("{output}");
        assert!(ok, "staff form errors in {lang}:\n{output}");
    }
    // The counter (issue #21): a form started for a person at the window, partly filled.
    let person = TestUser::new(945);
    let res = clerk
        .post_form(
            "/staff/counter",
            &[
                ("id_number", &person.id_number),
                ("real_name", &person.name),
                ("seen", "yes"),
                ("present", "guardian"),
                ("notice_lang", "en"),
                ("sms", "yes"),
                ("phone", &person.phone),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let draft = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    for (section, fields) in [
        ("who", vec![("applying_as", "guardian")]),
        ("certificate", vec![("held", "none")]),
        ("matter", vec![("matter", "new"), ("categories", "1")]),
    ] {
        let res = clerk
            .post_form(&format!("{draft}/{section}"), &fields)
            .await;
        assert_eq!(res.status().as_u16(), 303, "{section}");
    }
    let application_id = application.trim_start_matches("/applications/");
    let mut failures = axe_everywhere(
        &app.address,
        &clerk_session,
        &[
            "/staff".to_owned(),
            "/staff?state=submitted".to_owned(),
            item.clone(),
            "/staff/counter".to_owned(),
            draft.clone(),
            format!("{draft}/who"),
            format!("{draft}/materials"),
            format!("{draft}/check"),
            format!("{draft}/summary"),
            format!("/staff/counter/applications/{application_id}/review"),
            "/staff/identity".to_owned(),
        ],
    )
    .await;
    failures.extend(
        axe_everywhere(
            &app.address,
            &applicant_session,
            &["/account/notices".to_owned()],
        )
        .await,
    );
    // Returned for correction: the applicant's page shows the list, file replacement and resubmit.
    let res = clerk
        .post_form(
            &item,
            &[
                ("command", "return_for_correction"),
                ("version", "0"),
                ("items", "照片不是白底"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, returned) = applicant.get_html(&application).await;
    assert!(returned.contains("照片不是白底"));
    failures.extend(
        axe_everywhere(
            &app.address,
            &applicant_session,
            std::slice::from_ref(&application),
        )
        .await,
    );
    // Resubmitted and accepted: the designated doctor's queue and conclusion form.
    let res = applicant
        .post_form(&format!("{application}/resubmit"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let hospital_id = hospital.to_string();
    let res = clerk
        .post_form(
            &item,
            &[
                ("command", "accept"),
                ("version", "2"),
                ("institution", &hospital_id),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let doctor = app.other_device();
    let doctor_user = TestUser::new(942);
    let res = doctor.register(&doctor_user).await;
    let doctor_session = session_cookie(&res);
    let doctor_id: i64 =
        diesel::update(accounts::table.filter(accounts::id_number.eq(&doctor_user.id_number)))
            .set(accounts::roles.eq(vec!["doctor".to_owned()]))
            .returning(accounts::id)
            .get_result(&mut conn)
            .await
            .unwrap();
    portal::db::offices::assign(&mut conn, doctor_id, "doctor", hospital)
        .await
        .unwrap();
    let (_, page) = doctor.get_html(&item).await;
    assert!(page.contains("form_scan"), "the conclusion form");
    // The institution's sessions page with a session published and its form in error.
    let day = (crate::helpers::today() + chrono::Days::new(30)).to_string();
    let res = doctor
        .post_form(
            "/staff/sessions",
            &[
                ("kind", "site"),
                ("day", day.as_str()),
                ("starts_at", "09:00"),
                ("ends_at", "11:30"),
                ("place", "门诊楼 3 层"),
                ("capacity", "5"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    // The applicant's case page while waiting to be assessed (appointment, contacts, history).
    failures.extend(
        axe_everywhere(
            &app.address,
            &applicant_session,
            std::slice::from_ref(&application),
        )
        .await,
    );
    // The administrator's pages.
    let admin = app.other_device();
    let admin_user = TestUser::new(943);
    let res = admin.register(&admin_user).await;
    let admin_session = session_cookie(&res);
    diesel::update(accounts::table.filter(accounts::id_number.eq(&admin_user.id_number)))
        .set(accounts::roles.eq(vec!["admin".to_owned()]))
        .execute(&mut conn)
        .await
        .unwrap();
    let admin_pages: Vec<String> = [
        "/admin",
        "/admin/offices",
        "/admin/staff",
        "/admin/calendar",
        "/admin/policies",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut admin_pages = admin_pages;
    admin_pages.push(format!("/admin/offices/{hospital}"));
    failures.extend(axe_everywhere(&app.address, &admin_session, &admin_pages).await);
    // The public announcement with an entry (anonymous).
    diesel::sql_query(
        "INSERT INTO publications (item_id, province_code, city_code, county_code, masked_name, \
         masked_id, category, grade, published_on, objection_until, shown_until) \
         SELECT id, '43', '4301', '430102', '张*明', '43**************11', 4, 2, portal_today(), \
         portal_today() + 14, portal_today() + 44 FROM application_items WHERE kind = 'matter'",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    failures.extend(
        axe_everywhere(
            &app.address,
            "",
            &[
                "/publications?province=43&city=4301&county=430102".to_owned(),
                "/help".to_owned(),
                "/help?county=430102".to_owned(),
                "/accessibility".to_owned(),
                "/guide?province=43".to_owned(),
            ],
        )
        .await,
    );
    // A civil-affairs officer with a linked service at the department.
    let civil = portal::db::offices::ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Department,
        "430102",
        Some("civil_affairs"),
        "芙蓉区民政局",
    )
    .await
    .unwrap();
    diesel::sql_query(
        "INSERT INTO application_items (application_id, kind, code, status, handling_county, \
         approving_county, state_since, deadline) SELECT id, 'service', 'living_subsidy', \
         'at_department', handling_county, approving_county, portal_today(), portal_today() + 14 \
         FROM applications",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let officer = app.other_device();
    let officer_user = TestUser::new(944);
    let res = officer.register(&officer_user).await;
    let officer_session = session_cookie(&res);
    let officer_id: i64 =
        diesel::update(accounts::table.filter(accounts::id_number.eq(&officer_user.id_number)))
            .set(accounts::roles.eq(vec!["department_officer".to_owned()]))
            .returning(accounts::id)
            .get_result(&mut conn)
            .await
            .unwrap();
    portal::db::offices::assign(&mut conn, officer_id, "department_officer", civil)
        .await
        .unwrap();
    let (_, queue) = officer.get_html("/staff").await;
    let service = helpers::first_link(&queue, "/staff/items/")
        .map(|id| format!("/staff/items/{id}"))
        .expect("the service in the department's queue");
    failures.extend(
        axe_everywhere(
            &app.address,
            &officer_session,
            &["/staff".to_owned(), service],
        )
        .await,
    );
    failures.extend(
        axe_everywhere(
            &app.address,
            &doctor_session,
            &[
                "/staff".to_owned(),
                item.clone(),
                "/staff/sessions".to_owned(),
            ],
        )
        .await,
    );
    assert!(
        failures.is_empty(),
        "axe violations:\n{}",
        failures.join("\n")
    );
}

/// A staff member (`TestUser::new(n)`) holding `role` at `office`: their client and session.
async fn staff_member(
    app: &helpers::TestApp,
    n: u32,
    role: &str,
    office: i64,
) -> (helpers::TestApp, String) {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use portal::db::schema::accounts;
    let client = app.other_device();
    let user = TestUser::new(n);
    let res = client.register(&user).await;
    let session = session_cookie(&res);
    let mut conn = app.db().await;
    let id: i64 = diesel::update(accounts::table.filter(accounts::id_number.eq(&user.id_number)))
        .set(accounts::roles.eq(vec![role.to_owned()]))
        .returning(accounts::id)
        .get_result(&mut conn)
        .await
        .unwrap();
    portal::db::offices::assign(&mut conn, id, role, office)
        .await
        .unwrap();
    (client, session)
}
