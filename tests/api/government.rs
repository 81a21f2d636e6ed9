//! Signing in with the provincial government account (OpenID Connect) end to end, against a real
//! provider (the `oidc-provider` package under Node.js, `tests/oidc/`) started on loopback: the
//! verified real-name claims verify the identity; a tampered nonce, a provider that is not the
//! configured issuer and a login below the verified level are refused and change nothing; the
//! real person reclaims an ID number an unverified account squatted.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::helpers::{TestApp, TestUser, free_port, spawn_app_with, texts};
use crate::workflow::number;

/// The test provider, stopped on drop.
struct Provider {
    child: Child,
    issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const CLIENT_ID: &str = "disability-portal";
const CLIENT_SECRET: &str = "a-client-secret-for-the-tests-only";

impl Provider {
    /// Starts the provider for a portal at `base_url`, with the people who can sign in (id →
    /// name, ID number, mobile number, assurance level).
    fn start(base_url: &str, people: &[(&str, &TestUser, &str)]) -> Provider {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc");
        assert!(
            dir.join("node_modules/oidc-provider").exists(),
            "the test OpenID provider needs its packages: run `npm ci --prefix tests/oidc`"
        );
        let accounts: serde_json::Map<String, serde_json::Value> = people
            .iter()
            .map(|(id, user, acr)| {
                (
                    (*id).to_owned(),
                    serde_json::json!({
                        "name": user.name,
                        "id_number": user.id_number,
                        "phone_number": user.phone,
                        "acr": acr,
                    }),
                )
            })
            .collect();
        let config = serde_json::json!({
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uri": format!("{base_url}/login/government/callback"),
            "accounts": accounts,
        });
        let file = std::env::temp_dir().join(format!(
            "portal-oidc-{}-{}.json",
            std::process::id(),
            &portal::auth::random_token()[..8]
        ));
        std::fs::write(&file, config.to_string()).unwrap();
        let mut child = Command::new("node")
            .arg(dir.join("provider.mjs"))
            .arg(&file)
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs");
        let mut line = String::new();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        out.read_line(&mut line).unwrap();
        // The provider goes on writing notices: keep reading so it never writes to a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let port = line
            .trim()
            .strip_prefix("READY ")
            .expect("the provider says it is ready")
            .to_owned();
        Provider {
            child,
            issuer: format!("http://127.0.0.1:{port}"),
        }
    }
}

/// A portal configured for the provider the people can sign in at; `issuer` overrides the
/// issuer the portal is told (to test a mismatch).
async fn portal_with(
    people: &[(&str, &TestUser, &str)],
    issuer: impl Fn(&str) -> String,
) -> (TestApp, Provider) {
    let port = free_port();
    let provider = Provider::start(&format!("http://127.0.0.1:{port}"), people);
    let configured = issuer(&provider.issuer);
    let app = spawn_app_with(Box::new(move |s| {
        s.port = port;
        s.oidc_issuer = Some(configured);
        s.oidc_client_id = Some(CLIENT_ID.to_owned());
        s.oidc_client_secret = Some(CLIENT_SECRET.to_owned());
    }))
    .await;
    (app, provider)
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Signs in at the provider as `account` through `portal`'s button, as a browser would (the
/// provider on its own cookie-keeping client); `tamper` may change the authorization URL. The
/// portal's answer to the callback.
async fn government_sign_in(
    portal: &TestApp,
    account: &str,
    tamper: impl Fn(String) -> String,
) -> reqwest::Response {
    let res = portal.get("/login/government").await;
    assert_eq!(res.status().as_u16(), 303, "to the provider");
    let mut url = tamper(location(&res));
    let browser = portal.other_device();
    for _ in 0..10 {
        if url.starts_with(&portal.address) {
            return portal
                .client
                .get(&url)
                .send()
                .await
                .expect("the portal's callback answers");
        }
        let res = browser.client.get(&url).send().await.unwrap();
        let next = location(&res);
        if next.starts_with("/interaction/") {
            let origin = url.split("/auth").next().unwrap().to_owned();
            let form = format!("{origin}{next}/login");
            let res = browser
                .client
                .post(&form)
                .form(&[("account", account)])
                .send()
                .await
                .unwrap();
            url = location(&res);
        } else if next.starts_with('/') {
            let origin = url.split('/').take(3).collect::<Vec<_>>().join("/");
            url = format!("{origin}{next}");
        } else {
            url = next;
        }
    }
    panic!("the sign-in did not come back to the portal");
}

async fn identity_of(app: &TestApp, id_number: &str) -> Option<(String, Option<String>)> {
    use diesel::{ExpressionMethods, OptionalExtension, QueryDsl};
    use diesel_async::RunQueryDsl;
    use portal::db::schema::accounts;
    accounts::table
        .filter(accounts::id_number.eq(id_number))
        .select((accounts::identity, accounts::identity_source))
        .first(&mut app.db().await)
        .await
        .optional()
        .unwrap()
}

#[tokio::test]
async fn the_government_account_verifies_the_identity_and_the_real_person_reclaims_her_number() {
    let real = TestUser::new(701);
    let (app, _provider) = portal_with(&[("real", &real, "L3")], str::to_owned).await;
    // A squatter registered with her ID number first.
    let squatter = app.other_device();
    let mut squatter_user = TestUser::new(702);
    squatter_user.id_number = real.id_number.clone();
    squatter_user.name = "李四".to_owned();
    squatter.register(&squatter_user).await;
    assert_eq!(
        identity_of(&app, &real.id_number).await,
        Some(("unverified".to_owned(), None))
    );

    let her = app.other_device();
    let res = government_sign_in(&her, "real", |u| u).await;
    assert_eq!(res.status().as_u16(), 303, "signed in");
    assert_eq!(location(&res), "/account");
    let (_, account) = her.get_html("/account").await;
    assert!(account.contains("已核验") && account.contains("政务服务账号"));
    assert!(account.contains(&real.name));
    assert_eq!(
        identity_of(&app, &real.id_number).await,
        Some(("verified".to_owned(), Some("oidc".to_owned())))
    );
    // The squatter lost the number and was told why.
    let (_, inbox) = squatter.get_html("/inbox").await;
    assert!(inbox.contains("身份证号码已被解除"));
    let (_, squatter_account) = squatter.get_html("/account").await;
    assert!(squatter_account.contains("已解除"));
    // The next sign-in finds the same account by the government account's subject.
    her.post_form("/logout", &[]).await;
    let again = government_sign_in(&her, "real", |u| u).await;
    assert_eq!(location(&again), "/account");
    assert_eq!(number(&app, "SELECT count(*) AS n FROM accounts").await, 2);
}

#[tokio::test]
async fn a_signed_in_unverified_account_is_verified_by_its_government_account() {
    let me = TestUser::new(711);
    let (app, _provider) = portal_with(&[("me", &me, "L3")], str::to_owned).await;
    app.register(&me).await;
    let (_, before) = app.get_html("/account").await;
    assert!(before.contains("未核验") && before.contains("/login/government"));
    let res = government_sign_in(&app, "me", |u| u).await;
    assert_eq!(location(&res), "/account");
    assert_eq!(
        identity_of(&app, &me.id_number).await,
        Some(("verified".to_owned(), Some("oidc".to_owned())))
    );
    assert_eq!(number(&app, "SELECT count(*) AS n FROM accounts").await, 1);
}

#[tokio::test]
async fn a_login_below_the_verified_level_changes_nothing() {
    let me = TestUser::new(721);
    let (app, _provider) = portal_with(&[("low", &me, "L1")], str::to_owned).await;
    app.register(&me).await;
    let res = government_sign_in(&app, "low", |u| u).await;
    assert_eq!(res.status().as_u16(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("实名认证等级不够"), "says why");
    assert_eq!(
        identity_of(&app, &me.id_number).await,
        Some(("unverified".to_owned(), None)),
        "not upgraded"
    );
}

#[tokio::test]
async fn a_tampered_nonce_or_state_is_refused() {
    let me = TestUser::new(731);
    let (app, _provider) = portal_with(&[("me", &me, "L3")], str::to_owned).await;
    let browser = app.other_device();
    // The browser changes the nonce on its way to the provider: the ID token carries another one.
    let res = government_sign_in(&browser, "me", |url| {
        let (head, tail) = url.split_once("nonce=").unwrap();
        let rest = tail
            .split_once('&')
            .map(|(_, r)| format!("&{r}"))
            .unwrap_or_default();
        format!("{head}nonce=someone-elses-nonce{rest}")
    })
    .await;
    assert_eq!(res.status().as_u16(), 400);
    assert!(res.text().await.unwrap().contains("没有通过校验"));
    assert_eq!(
        browser.get("/account").await.status().as_u16(),
        303,
        "not signed in"
    );
    // A callback with another state is refused too.
    browser.get("/login/government").await;
    let res = browser
        .get("/login/government/callback?code=x&state=not-the-one")
        .await;
    assert_eq!(res.status().as_u16(), 400);
    // Replaying a callback once its start was used answers “expired”.
    let res = browser
        .get("/login/government/callback?code=x&state=not-the-one")
        .await;
    assert!(res.text().await.unwrap().contains("已经过期或已经用过"));
    assert_eq!(number(&app, "SELECT count(*) AS n FROM accounts").await, 0);
}

#[tokio::test]
async fn a_provider_that_is_not_the_configured_issuer_is_refused() {
    let me = TestUser::new(741);
    // Told “localhost”, the provider calls itself “127.0.0.1”: its metadata names another issuer.
    let (app, _provider) = portal_with(&[("me", &me, "L3")], |issuer| {
        issuer.replace("127.0.0.1", "localhost")
    })
    .await;
    let res = app.get("/login/government").await;
    assert_eq!(res.status().as_u16(), 400);
    let html = res.text().await.unwrap();
    assert!(texts(&html, "h1")[0].contains("政务服务账号登录未完成"));
    assert!(html.contains("暂时连接不上"));
}
