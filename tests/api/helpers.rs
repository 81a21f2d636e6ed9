//! Test harness: a real PostgreSQL (from `DATABASE_URL`, or a throwaway cluster started once per
//! test binary), a migrated template database cloned for every test, and the real app served on
//! a random port, driven over HTTP by a cookie-keeping client.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use portal::config::Settings;
use portal::local_pg::{Durability, LocalPostgres};
use portal::startup::Application;

/// The server every test of this binary uses, and its migrated template database.
struct Server {
    /// URL of a database that always exists (to run CREATE DATABASE from).
    admin_url: String,
    template: String,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static LOCAL: Mutex<Option<(LocalPostgres, PathBuf)>> = Mutex::new(None);

/// Stops the throwaway cluster and removes its folder when the test binary exits, keeping its
/// server log beside the run's logs (CI checks that no personal data reached either).
extern "C" fn stop_local_postgres() {
    if let Ok(mut guard) = LOCAL.lock()
        && let Some((pg, root)) = guard.take()
    {
        let log = pg.log_file();
        drop(pg);
        let kept = target_dir()
            .join("test-logs")
            .join(format!("postgres-{}.log", std::process::id()));
        let _ = std::fs::copy(log, kept);
        let _ = std::fs::remove_dir_all(root);
    }
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        &portal::auth::random_token()[..12]
    )
}

/// `url` with its database name replaced by `db` (works for `postgres://h/db?x` and
/// `postgresql:///db?host=/dir`).
fn with_database(url: &str, db: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (url, None),
    };
    let scheme_end = head.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match head[scheme_end..].find('/') {
        Some(i) => &head[..scheme_end + i],
        None => head,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        // Start (or reach) the server and build the template outside any async runtime.
        std::thread::spawn(|| {
            init_logs();
            let admin_url = match std::env::var("DATABASE_URL") {
                Ok(url) => url,
                Err(_) => {
                    // Under the system temp folder: reachable by the `postgres` user even when the
                    // checkout lives in a private folder (root runs the server as `postgres`).
                    let root =
                        std::env::temp_dir().join(format!("portal-test-pg-{}", std::process::id()));
                    let _ = std::fs::remove_dir_all(&root);
                    let pg = LocalPostgres::start_with(&root, Durability::Throwaway)
                        .expect("start a private PostgreSQL");
                    let admin = pg.url("postgres");
                    *LOCAL.lock().unwrap() = Some((pg, root));
                    // SAFETY: registering a plain extern "C" fn; it runs once at exit.
                    unsafe { libc::atexit(stop_local_postgres) };
                    admin
                }
            };
            let template = unique("tpl");
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(portal::db::ensure_database(&admin_url, &template))
                .expect("create template");
            portal::db::run_migrations(&with_database(&admin_url, &template))
                .expect("migrate template");
            Server {
                admin_url,
                template,
            }
        })
        .join()
        .expect("test database server")
    })
}

fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target")
}

/// Logs of the whole test run go to `target/test-logs/`; CI checks they hold no ID number.
fn init_logs() {
    let dir = target_dir().join("test-logs");
    std::fs::create_dir_all(&dir).unwrap();
    let file = std::fs::File::create(dir.join(format!("api-{}.log", std::process::id()))).unwrap();
    let _ = tracing_subscriber::fmt()
        .with_env_filter("info")
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
}

/// A new database copied from `template`; its URL.
async fn database_from(prefix: &str, template: &str) -> String {
    let server = server();
    let name = unique(prefix);
    let mut conn = AsyncPgConnection::establish(&server.admin_url)
        .await
        .unwrap();
    diesel::sql_query(format!(
        "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    with_database(&server.admin_url, &name)
}

/// A new empty database (no tables), e.g. to restore a dump into.
pub async fn empty_database() -> String {
    database_from("r", "template0").await
}

/// A fresh database cloned from the migrated template.
pub async fn fresh_database() -> String {
    database_from("t", &server().template).await
}

/// A running app and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    /// Keeps cookies, never follows redirects.
    pub client: reqwest::Client,
    /// The client's cookies.
    pub jar: Arc<reqwest::cookie::Jar>,
    /// The app's database.
    pub db_url: String,
    /// Its var folder (mail files etc.).
    pub var_dir: PathBuf,
}

/// The instant every test's "now" starts from: the suite pins the date, so it passes whatever
/// the real date is (a Wednesday in the official calendar's last published year).
pub const PINNED_START: &str = "2026-06-10T10:00:00+08:00";

/// The clock the tests and every app they start share: [`PINNED_START`] when the run began,
/// running on at the real pace.
pub fn clock() -> portal::clock::Clock {
    static CLOCK: std::sync::OnceLock<portal::clock::Clock> = std::sync::OnceLock::new();
    *CLOCK.get_or_init(|| {
        let start = chrono::DateTime::parse_from_rfc3339(PINNED_START).expect("an RFC 3339 time");
        portal::clock::Clock::starting_at(start.to_utc())
    })
}

/// Today on the shared clock (China Standard Time).
pub fn today() -> chrono::NaiveDate {
    clock().today()
}

/// A pool on the app's database whose `portal_now()` reads the shared clock.
/// Loads the demo accounts, the offices and the demo case (one announcement in 芙蓉区's listing)
/// through `conn` into the database at `db_url`.
pub async fn load_demo_case(conn: &mut AsyncPgConnection, db_url: &str) {
    let hash = portal::auth::hash_password(portal::db::demo::DEMO_PASSWORD.to_owned())
        .await
        .unwrap();
    portal::db::demo::load(conn, &hash, clock().now())
        .await
        .unwrap();
    portal::db::demo::load_offices(conn).await.unwrap();
    let storage = portal::storage::Storage::Database(pool_on(db_url, 1));
    portal::db::demo_case::load(conn, &storage, today())
        .await
        .unwrap();
}

pub fn pool_on(db_url: &str, size: usize) -> portal::db::DbPool {
    portal::db::pool(db_url, size, clock()).expect("a pool")
}

/// Options for [`spawn_app_with`].
pub type Tweak = Box<dyn FnOnce(&mut Settings)>;

/// Starts the app on a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Box::new(|_| {})).await
}

/// Starts the app on a fresh database with adjusted settings.
pub async fn spawn_app_with(tweak: Tweak) -> TestApp {
    spawn_app_on(fresh_database().await, tweak).await
}

/// Starts another app instance on the database at `db_url` (several instances, one database).
pub async fn spawn_app_on(db_url: String, tweak: Tweak) -> TestApp {
    // The var folders of an earlier run's apps (mail and SMS files, keys) go before this run's
    // first app; this run's stay until the next, to be read when a test fails.
    static EARLIER_RUN: std::sync::Once = std::sync::Once::new();
    EARLIER_RUN.call_once(|| {
        let _ = std::fs::remove_dir_all(target_dir().join("test-var"));
    });
    let var_dir = target_dir().join("test-var").join(unique("app"));
    let mut settings = Settings::defaults();
    settings.port = 0;
    settings.database_url = Some(db_url.clone());
    settings.var_dir = var_dir.clone();
    settings.demo = Some(false);
    settings.db_pool = 4;
    settings.smtp_host = None;
    settings.outbox_poll_ms = 200;
    settings.clock = Some(clock());
    tweak(&mut settings);
    let app = Application::build(settings, &db_url)
        .await
        .expect("build app");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let (client, jar) = new_client();
    TestApp {
        address,
        client,
        jar,
        db_url,
        var_dir,
    }
}

/// A port nothing listens on (at the moment of asking).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A new cookie-keeping client that does not follow redirects, and its cookies.
pub fn new_client() -> (reqwest::Client, Arc<reqwest::cookie::Jar>) {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    (client, jar)
}

impl TestApp {
    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    /// GET a path and return status and body.
    pub async fn get_html(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.text().await.unwrap())
    }

    /// POST a form *with* the session's CSRF token (taken from a page fetched first).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.client
            .post(format!("{}{path}", self.address))
            .form(&all)
            .send()
            .await
            .unwrap()
    }

    /// A request carrying the session's CSRF token in the `X-CSRF-Token` header.
    pub async fn with_token(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let token = self.csrf_token().await;
        self.client
            .request(method, format!("{}{path}", self.address))
            .header("x-csrf-token", token)
    }

    /// POST a form exactly as given (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    /// The CSRF token of the current session (from the home page's sign-out or switch form).
    pub async fn csrf_token(&self) -> String {
        let (_, html) = self.get_html("/password/forgot").await;
        extract_csrf(&html).expect("a CSRF token on the page")
    }

    /// Sends the registration form (the account opens only with the code texted next).
    pub async fn register_form(&self, user: &TestUser) -> reqwest::Response {
        self.post_form(
            "/register",
            &[
                ("real_name", &user.name),
                ("id_number", &user.id_number),
                ("phone", &user.phone),
                ("email", &user.email),
                ("password", &user.password),
                ("password_confirm", &user.password),
            ],
        )
        .await
    }

    /// Registers an account — the form, then the code texted to its mobile number — and stays
    /// signed in. Returns the last answer (the form's when it was refused).
    pub async fn register(&self, user: &TestUser) -> reqwest::Response {
        let before = sms_to(&self.var_dir, &user.phone).len();
        let res = self.register_form(user).await;
        if res.status().as_u16() != 303 {
            return res;
        }
        // The code's own text: other notices (about a case applied for at a window or by a
        // helper) may reach the same mobile number meanwhile.
        let mut text = String::new();
        for _ in 0..100 {
            let all = sms_to(&self.var_dir, &user.phone);
            if let Some(t) = all
                .into_iter()
                .skip(before)
                .find(|t| t.contains("注册验证码") || t.contains("registration code"))
            {
                text = t;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(!text.is_empty(), "no registration code within 5 s");
        self.post_form("/register/confirm", &[("code", &code_in(&text))])
            .await
    }

    /// Registers `user` and verifies the identity as a clerk at a counter would (the real
    /// verification, without the clerk's pages).
    pub async fn register_verified(&self, user: &TestUser) -> reqwest::Response {
        let res = self.register(user).await;
        self.verify_identity(user).await;
        res
    }

    /// Verifies the identity of the account registered with `user`'s ID number.
    pub async fn verify_identity(&self, user: &TestUser) {
        use diesel::{ExpressionMethods, QueryDsl};
        use portal::db::schema::accounts;
        let mut conn = self.db().await;
        let account: i64 = accounts::table
            .filter(accounts::id_number.eq(&user.id_number))
            .select(accounts::id)
            .first(&mut conn)
            .await
            .expect("a registered account");
        portal::db::identity::Verification {
            account_id: account,
            name: &user.name,
            id_number: &user.id_number,
            source: portal::domain::identity::IdentitySource::Counter,
            oidc_subject: None,
            lang: "zh",
        }
        .apply(&mut conn)
        .await
        .expect("verified");
    }

    /// Registers an account, then signs out (to test signing in).
    pub async fn register_signed_out(&self, user: &TestUser) {
        assert_eq!(self.register(user).await.status().as_u16(), 303);
        self.post_form("/logout", &[]).await;
    }

    /// The same app seen from another device (its own cookies).
    pub fn other_device(&self) -> TestApp {
        let (client, jar) = new_client();
        TestApp {
            address: self.address.clone(),
            client,
            jar,
            db_url: self.db_url.clone(),
            var_dir: self.var_dir.clone(),
        }
    }

    /// The `Cookie` header this client sends (as a thief would copy it).
    pub fn cookie_header(&self) -> String {
        use reqwest::cookie::CookieStore;
        self.jar
            .cookies(&self.address.parse().unwrap())
            .and_then(|v| v.to_str().ok().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Signs in and returns the status code.
    pub async fn login_status(&self, identifier: &str, password: &str) -> u16 {
        self.login(identifier, password).await.status().as_u16()
    }

    /// Signs in.
    pub async fn login(&self, identifier: &str, password: &str) -> reqwest::Response {
        self.post_form(
            "/login",
            &[("identifier", identifier), ("password", password)],
        )
        .await
    }

    /// A direct database connection (for arranging or checking rows).
    /// On the shared clock: `portal_now()` and `portal_today()` read it.
    pub async fn db(&self) -> AsyncPgConnection {
        use diesel_async::SimpleAsyncConnection;
        let mut conn = AsyncPgConnection::establish(&self.db_url).await.unwrap();
        conn.batch_execute(&clock().session_setting())
            .await
            .unwrap();
        conn
    }

    /// Takes the app's database out of reach (`false`: no new connections, open ones ended) or
    /// brings it back (`true`), as an outage of the database server looks to the app.
    pub async fn database_reachable(&self, reachable: bool) {
        let name = self
            .db_url
            .split('?')
            .next()
            .and_then(|head| head.rsplit('/').next())
            .expect("a database name")
            .to_owned();
        let mut admin = AsyncPgConnection::establish(&with_database(&self.db_url, "postgres"))
            .await
            .unwrap();
        diesel::sql_query(format!(
            "ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {reachable}"
        ))
        .execute(&mut admin)
        .await
        .unwrap();
        if !reachable {
            diesel::sql_query(format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            ))
            .execute(&mut admin)
            .await
            .unwrap();
        }
    }
}

/// The `csrf_token` hidden field of a page.
pub fn extract_csrf(html: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(r#"input[name="csrf_token"]"#).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr("value"))
        .map(str::to_owned)
}

/// The page of a form refused for a control character in `field`: 422, and the message both at
/// the field (`#{field}-error…`) and in the error summary. Returns the page for further checks.
pub async fn refused_for_control_characters(res: reqwest::Response, field: &str) -> String {
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    let at_field = texts(&html, &format!("[id^=\"{field}-error\"]"));
    assert!(
        at_field.iter().any(|t| t.contains("控制字符")),
        "the message at #{field}: {html}"
    );
    assert!(
        texts(&html, ".error-summary a")
            .iter()
            .any(|t| t.contains("控制字符")),
        "the message in the summary: {html}"
    );
    html
}

/// The `Set-Cookie` header of a response that sets cookie `name`, lower-cased (attribute names
/// differ in case between servers); `None` when the response does not set it.
pub fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    let prefix = format!("{}=", name.to_lowercase());
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_lowercase))
        .find(|v| v.starts_with(&prefix))
}

/// Texts of the elements matching `selector`.
pub fn texts(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

/// What follows `prefix` in the first `href="<prefix>…"` of a page (an id, a token, a cursor).
pub fn first_link(html: &str, prefix: &str) -> Option<String> {
    html.split(&format!("href=\"{prefix}"))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(str::to_owned)
}

/// The `value` attribute of the input with `id`.
pub fn input_value(html: &str, id: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(&format!("input#{id}")).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr("value"))
        .map(str::to_owned)
}

/// Someone to register.
#[derive(Clone, Debug)]
pub struct TestUser {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub password: String,
}

impl TestUser {
    /// A valid person with a unique ID number and phone (`n` picks the sequence).
    pub fn new(n: u32) -> Self {
        let first17 = format!("43010219900101{:03}", n % 1000);
        let check = portal::domain::id_number::check_char(&first17).unwrap() as char;
        Self {
            name: "张小明".to_owned(),
            id_number: format!("{first17}{check}"),
            phone: format!("139{:08}", n),
            email: format!("user{n}@example.cn"),
            password: "correct-horse-1".to_owned(),
        }
    }
}

/// Mail received by the loopback SMTP server.
#[derive(Clone, Debug, Default)]
pub struct Mail {
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Clone)]
struct Collector {
    inbox: Arc<Mutex<Vec<Mail>>>,
    current: Mail,
}

impl mailin_embedded::Handler for Collector {
    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        to: &[String],
    ) -> mailin_embedded::Response {
        self.current = Mail {
            to: to.to_vec(),
            data: String::new(),
        };
        mailin_embedded::response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.data.push_str(&String::from_utf8_lossy(buf));
        Ok(())
    }
    fn data_end(&mut self) -> mailin_embedded::Response {
        self.inbox
            .lock()
            .unwrap()
            .push(std::mem::take(&mut self.current));
        mailin_embedded::response::OK
    }
}

/// A real SMTP server on 127.0.0.1 (its own thread); returns its port and its inbox.
pub fn start_smtp() -> (u16, Arc<Mutex<Vec<Mail>>>) {
    start_smtp_on(std::net::TcpListener::bind("127.0.0.1:0").unwrap())
}

/// A real SMTP server on the given listener (to bring a server up on a port the app already
/// tried while nothing listened).
pub fn start_smtp_on(listener: std::net::TcpListener) -> (u16, Arc<Mutex<Vec<Mail>>>) {
    let port = listener.local_addr().unwrap().port();
    let inbox = Arc::new(Mutex::new(Vec::new()));
    let handler = Collector {
        inbox: inbox.clone(),
        current: Mail::default(),
    };
    std::thread::spawn(move || {
        let mut server = mailin_embedded::Server::new(handler);
        server
            .with_name("test.localhost")
            .with_ssl(mailin_embedded::SslConfig::None)
            .unwrap()
            .with_tcp_listener(listener);
        let _ = server.serve();
    });
    (port, inbox)
}

/// Waits (up to 5 s) for a mail written to `<var_dir>/mail` whose text contains `needle`.
pub async fn wait_for_mail_file(var_dir: &std::path::Path, needle: &str) -> Option<String> {
    for _ in 0..100 {
        if let Ok(dir) = std::fs::read_dir(var_dir.join("mail")) {
            for file in dir.filter_map(Result::ok) {
                let data = std::fs::read_to_string(file.path()).unwrap_or_default();
                let text = mail_text(&Mail { to: vec![], data });
                if text.contains(needle) {
                    return Some(text);
                }
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    None
}

/// The texts of the SMS sent to `phone` so far (the file channel's JSON files), oldest first.
pub fn sms_to(var_dir: &std::path::Path, phone: &str) -> Vec<String> {
    let mut found: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(var_dir.join("sms"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter_map(|f| {
                    let modified = f.metadata().ok()?.modified().ok()?;
                    let json: serde_json::Value =
                        serde_json::from_str(&std::fs::read_to_string(f.path()).ok()?).ok()?;
                    let text = json["text"].as_str()?.to_owned();
                    (json["to"] == phone).then_some((modified, text))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found.into_iter().map(|(_, text)| text).collect()
}

/// Waits (up to 5 s) for an SMS to `phone` beyond the first `before`, and returns the newest.
pub async fn next_sms(var_dir: &std::path::Path, phone: &str, before: usize) -> String {
    for _ in 0..100 {
        let all = sms_to(var_dir, phone);
        if all.len() > before {
            return all.last().cloned().unwrap_or_default();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no new SMS to the test number within 5 s");
}

/// Waits (up to 5 s) for any SMS to `phone`; the path of one of its files.
pub async fn wait_for_sms(var_dir: &std::path::Path, phone: &str) -> std::path::PathBuf {
    for _ in 0..100 {
        if let Ok(dir) = std::fs::read_dir(var_dir.join("sms")) {
            for f in dir.filter_map(Result::ok) {
                let text = std::fs::read_to_string(f.path()).unwrap_or_default();
                if text.contains(&format!("\"to\":\"{phone}\"")) {
                    return f.path();
                }
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no SMS to the test number within 5 s");
}

/// The six-digit code in a text.
pub fn code_in(text: &str) -> String {
    let digits: Vec<char> = text.chars().collect();
    for w in digits.windows(6) {
        if w.iter().all(char::is_ascii_digit) {
            return w.iter().collect();
        }
    }
    panic!("no code in the message");
}

/// The decoded text body of a mail.
pub fn mail_text(mail: &Mail) -> String {
    let parsed = mailparse::parse_mail(mail.data.as_bytes()).expect("a parsable mail");
    parsed.get_body().expect("a text body")
}

/// The subject of a mail.
pub fn mail_subject(mail: &Mail) -> String {
    use mailparse::MailHeaderMap;
    let parsed = mailparse::parse_mail(mail.data.as_bytes()).expect("a parsable mail");
    parsed
        .headers
        .get_first_value("Subject")
        .unwrap_or_default()
}
