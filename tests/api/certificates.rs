//! The electronic certificate over HTTP: issued with the step that completes the matter, shown to
//! its holder (and nobody else) as an accessible card with a QR code and a code, downloadable as
//! SVG; verified by anyone from the QR code's link or the typed number and code, with the status
//! read afresh on every request; tokens checkable offline with the published keys; a replaced
//! card's code no longer valid.

use base64::Engine as _;
use diesel_async::RunQueryDsl;

use crate::apply::{fill_replacement, location, submit};
use crate::helpers::{TestApp, TestUser, first_link, spawn_app_with, texts};
use crate::workflow::{World, act, number, published_long_ago, world};

/// Issues the world's certificate (published long ago, then issued by the clerk); returns the
/// certificate's page path.
pub(crate) async fn issued(w: &World) -> String {
    published_long_ago(w).await;
    let matter = format!("/staff/items/{}", w.item);
    assert_eq!(
        act(&w.clerk, &matter, 3, &[("command", "issue")]).await,
        303
    );
    let (status, list) = w.applicant.get_html("/certificates").await;
    assert_eq!(status, 200);
    first_link(&list, "/certificates/")
        .map(|id| format!("/certificates/{id}"))
        .expect("the certificate is listed for its holder")
}

/// The verification link (`/verify?t=…`) and code shown on the certificate page.
async fn link_and_code(client: &TestApp, page: &str) -> (String, String) {
    let (_, html) = client.get_html(page).await;
    let link = first_link(&html, &format!("{}/verify?t=", client.address))
        .map(|t| format!("/verify?t={t}"))
        .expect("a verification link");
    let code = texts(&html, ".e-card-qr strong").join("");
    (link, code)
}

/// The heading of the verification result of a typed number and code (posted: the number never
/// goes into a URL), with the response's status.
async fn typed_verdict(
    client: &TestApp,
    number: &str,
    code: &str,
) -> (u16, String, String, String) {
    let res = client
        .post_raw("/verify", &[("number", number), ("code", code)])
        .await;
    let status = res.status().as_u16();
    let html = res.text().await.unwrap();
    (
        status,
        texts(&html, "#verify-result").join(""),
        texts(&html, ".error-summary a").join("|"),
        texts(&html, "#result dd").join(" "),
    )
}

/// The heading of the verification result.
async fn verdict(client: &TestApp, path: &str) -> (String, String) {
    let (status, html) = client.get_html(path).await;
    assert_eq!(status, 200, "{path}");
    (
        texts(&html, "#verify-result").join(""),
        texts(&html, "#result dd").join(" "),
    )
}

#[tokio::test]
async fn an_issued_certificate_is_shown_to_its_holder_and_verified_by_anyone_until_it_changes() {
    let w = world().await;
    let page = issued(&w).await;
    let user = TestUser::new(1);
    let number_text = format!("{}42", user.id_number);
    // Stored: number from the ID number, physical grade 2, 10 years less a day, the photo.
    let ok = number(
        &w.app,
        &format!(
            "SELECT count(*) AS n FROM certificates WHERE number = '{number_text}' \
             AND expires_on = (issued_on + interval '10 years' - interval '1 day')::date \
             AND photo_upload_id IS NOT NULL AND status = 'valid' AND issuing_office_id IS NOT NULL"
        ),
    )
    .await;
    assert_eq!(ok, 1);
    let (status, html) = w.applicant.get_html(&page).await;
    assert_eq!(status, 200);
    assert!(html.contains(&number_text) && html.contains("张小明"));
    assert!(html.contains("肢体残疾 二级（重度）") && html.contains("有效"));
    assert!(
        html.contains("<svg") && html.contains("role=\"img\""),
        "the QR code"
    );
    // Nobody else sees it.
    let stranger = w.app.other_device();
    stranger.register(&TestUser::new(9)).await;
    assert_eq!(stranger.get(&page).await.status().as_u16(), 404);
    assert_eq!(w.clerk.get(&page).await.status().as_u16(), 404);
    // The SVG download keeps the text as text.
    let res = w.applicant.get(&format!("{page}/card.svg")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("image/svg+xml")
    );
    let svg = res.text().await.unwrap();
    assert!(svg.contains(&number_text) && svg.contains("<text") && svg.contains("data:image/png"));
    // So does the PDF: an embedded font with a Unicode map, so the text can be read and copied.
    let res = w.applicant.get(&format!("{page}/card.pdf")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("/ToUnicode") && raw.contains("/FontFile"),
        "text, not a picture"
    );
    std::fs::write(w.app.var_dir.join("card.pdf"), &pdf).unwrap();

    // Anyone verifies from the QR code's link: the status and nothing that identifies more.
    let (link, code) = link_and_code(&w.applicant, &page).await;
    let public = w.app.other_device();
    let (heading, shown) = verdict(&public, &link).await;
    assert_eq!(heading, "核验通过");
    assert!(shown.contains("有效") && shown.contains("张*明") && shown.contains("肢体残疾"));
    let (_, html) = public.get_html(&link).await;
    assert!(!html.contains("张小明") && !html.contains(&user.id_number[6..14]));
    // A tampered token is invalid.
    let tampered = link.replacen(".1.", ".2.", 1);
    assert_eq!(verdict(&public, &tampered).await.0, "无法核验");
    assert_eq!(verdict(&public, "/verify?t=<script>").await.0, "无法核验");
    // Typed: the number and the code, posted (the number is an ID number plus two digits).
    assert_eq!(
        typed_verdict(&public, &number_text, &code).await.1,
        "核验通过"
    );
    assert_eq!(
        typed_verdict(&public, &number_text, "ABCDEFGH").await.1,
        "无法核验"
    );
    let (status, _, errors, _) = typed_verdict(&public, "123", "").await;
    assert_eq!(status, 422);
    assert_eq!(errors.split('|').count(), 2);
    // A number in the URL is never looked up.
    let (_, html) = public
        .get_html(&format!("/verify?number={number_text}&code={code}"))
        .await;
    assert!(texts(&html, "#verify-result").is_empty());
    assert!(html.contains("method=\"post\" action=\"/verify\""));

    // A status change shows at once: the old code is out of date, the new state is shown.
    let mut conn = w.app.db().await;
    diesel::sql_query(
        "UPDATE certificates SET status = 'frozen', status_version = status_version + 1",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let (heading, shown) = verdict(&public, &link).await;
    assert_eq!(heading, "二维码已失效：证件状态已变更");
    assert!(shown.contains("已冻结"));
    assert_eq!(
        typed_verdict(&public, &number_text, &code).await.1,
        "无法核验"
    );
    let (_, new_code) = link_and_code(&w.applicant, &page).await;
    assert_ne!(new_code, code);
    let (_, heading, _, shown) = typed_verdict(&public, &number_text, &new_code).await;
    assert_eq!(heading, "核验通过");
    assert!(shown.contains("已冻结"));
    // The PDF is rendered again for the new state (never the cached card of the old one), and
    // then served from the cache: the same bytes.
    let frozen = w.applicant.get(&format!("{page}/card.pdf")).await;
    assert_eq!(frozen.status().as_u16(), 200);
    let frozen = frozen.bytes().await.unwrap();
    assert_ne!(frozen, pdf, "the card of the old state");
    let again = w.applicant.get(&format!("{page}/card.pdf")).await;
    assert_eq!(again.bytes().await.unwrap(), frozen);
}

#[tokio::test]
async fn a_third_party_checks_a_token_offline_with_the_published_key() {
    let w = world().await;
    let page = issued(&w).await;
    let (link, _) = link_and_code(&w.applicant, &page).await;
    let token = link.trim_start_matches("/verify?t=");
    let res = w.app.get("/.well-known/certificate-keys.json").await;
    assert_eq!(res.status().as_u16(), 200);
    let keys: serde_json::Value = res.json().await.unwrap();
    let (message, sig) = token.rsplit_once('.').unwrap();
    let kid = message.split('.').nth(1).unwrap();
    let key = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid)
        .expect("the signing key is published");
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let public: [u8; 32] = b64
        .decode(key["x"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let sig: [u8; 64] = b64.decode(sig).unwrap().try_into().unwrap();
    let verifying = ed25519_dalek::VerifyingKey::from_bytes(&public).unwrap();
    let signature = ed25519_dalek::Signature::from_bytes(&sig);
    assert!(
        verifying
            .verify_strict(message.as_bytes(), &signature)
            .is_ok()
    );
    assert!(
        verifying
            .verify_strict(message.replacen(".1.", ".2.", 1).as_bytes(), &signature)
            .is_err()
    );
}

#[tokio::test]
async fn tokens_of_a_retired_key_are_refused_after_its_last_day_and_unknown_keys_always() {
    use portal::domain::e_certificate::{Key, Keyring};
    let active = "02".repeat(32);
    let retired = "03".repeat(32);
    let app = spawn_app_with(Box::new(move |s| {
        s.signing_keys = Some(format!("new:{active},old:{retired}:2020-01-01"));
    }))
    .await;
    let old = Keyring::new(vec![Key::new("old", [3; 32], None)]).unwrap();
    let forged = Keyring::new(vec![Key::new("nobody", [4; 32], None)]).unwrap();
    for token in [
        old.sign(1, "43010219900101001142", 1),
        forged.sign(1, "43010219900101001142", 1),
    ] {
        let (_, html) = app.get_html(&format!("/verify?t={token}")).await;
        assert_eq!(
            texts(&html, "#verify-result").join(""),
            "无法核验",
            "{token}"
        );
    }
    let (_, keys) = app.get_html("/.well-known/certificate-keys.json").await;
    assert!(keys.contains("\"old\"") && keys.contains("2020-01-01"));
}

#[tokio::test]
async fn a_lost_card_replacement_invalidates_the_old_card_s_code() {
    let w = world().await;
    let page = issued(&w).await;
    let (old_link, old_code) = link_and_code(&w.applicant, &page).await;
    let user = TestUser::new(1);
    let id = fill_replacement(&w.applicant, &user, "42").await;
    let res = submit(&w.applicant, id).await;
    assert_eq!(res.status().as_u16(), 303);
    location(&res);
    let item = number(
        &w.app,
        "SELECT max(id) AS n FROM application_items WHERE kind = 'matter'",
    )
    .await;
    let path = format!("/staff/items/{item}");
    assert_eq!(
        act(&w.clerk, &path, 0, &[("command", "complete")]).await,
        303
    );
    // Same number and validity, a new record; the old one replaced.
    let same = number(
        &w.app,
        "SELECT count(DISTINCT (number, valid_from, expires_on)) AS n FROM certificates",
    )
    .await;
    assert_eq!(same, 1);
    assert_eq!(
        number(
            &w.app,
            "SELECT count(*) AS n FROM certificates WHERE superseded_by IS NOT NULL"
        )
        .await,
        1
    );
    let public = w.app.other_device();
    let (heading, _) = verdict(&public, &old_link).await;
    assert_eq!(heading, "此证已换发新证，不再有效");
    let number_text = format!("{}42", user.id_number);
    // Typed with its number and code, the old card says the same as its QR link: replaced,
    // not "cannot be verified (may be forged)".
    let typed = typed_verdict(&public, &number_text, &old_code).await;
    assert_eq!(typed.1, "此证已换发新证，不再有效", "the old code");
    assert!(typed.3.is_empty(), "no holder details for a replaced card");
    assert_eq!(
        typed_verdict(&public, &number_text, "ABCD2345").await.1,
        "无法核验",
        "a made-up code"
    );
    let (_, list) = w.applicant.get_html("/certificates").await;
    let newest = first_link(&list, "/certificates/").unwrap();
    let (new_link, _) = link_and_code(&w.applicant, &format!("/certificates/{newest}")).await;
    assert_eq!(verdict(&public, &new_link).await.0, "核验通过");
    let (_, old_page) = w.applicant.get_html(&page).await;
    assert!(old_page.contains("此证已换发新证"));
}

#[tokio::test]
async fn anyone_finds_verification_the_announcement_and_the_lookup_from_the_home_page() {
    let app = crate::helpers::spawn_app().await;
    let (status, home) = app.get_html("/").await;
    assert_eq!(status, 200);
    let links = texts(&home, "main a[href='/verify']");
    assert_eq!(links.len(), 1, "one link to verification: {links:?}");
    assert!(links[0].contains("核验残疾人证"));
    assert_eq!(
        texts(&home, "main a[href='/publications/lookup']").len(),
        1,
        "the personal lookup"
    );
    // Each answers without signing in.
    for path in ["/verify", "/publications/lookup", "/publications"] {
        assert_eq!(app.get(path).await.status().as_u16(), 200, "{path}");
    }
}

/// 亮证: the holder's card full screen, the worker that keeps it for offline use, and signing
/// out that removes the kept copy.
#[tokio::test]
async fn the_holder_shows_the_card_full_screen_and_sign_out_clears_the_kept_copy() {
    let w = world().await;
    let page = issued(&w).await;
    let show = format!("{page}/show");
    let (status, html) = w.applicant.get_html(&show).await;
    assert_eq!(status, 200);
    assert_eq!(texts(&html, ".present-name"), ["张小明"]);
    assert!(html.contains(&format!("{}42", TestUser::new(1).id_number)));
    assert!(texts(&html, "#present-checked")[0].contains("联网核对时间"));
    assert!(html.contains("data-offline-card"));
    assert_eq!(texts(&html, ".present-qr [role=img]").len(), 1);
    // Nobody else sees it.
    let stranger = w.app.other_device();
    stranger.register(&TestUser::new(9)).await;
    assert_eq!(stranger.get(&show).await.status().as_u16(), 404);
    assert_eq!(w.clerk.get(&show).await.status().as_u16(), 404);
    // The worker is served from /certificates/ (its scope), as JavaScript, under the CSP.
    let res = w.app.get("/certificates/sw.js").await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(
        res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("addEventListener('fetch'")
    );
    // Signing out clears what the browser kept.
    let res = w.applicant.post_form("/logout", &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["clear-site-data"], "\"cache\", \"storage\"");
}
