//! Building and running the application: database, migrations, server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_session::SessionMiddleware;
use actix_session::config::{BrowserSession, CookieContentSecurity};
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web as aweb};

use crate::clock::Clock;
use crate::config::Settings;
use crate::db;
use crate::domain::e_certificate::Keyring;
use crate::email::Mailer;
use crate::web::{self as portal_web, state::AppState};

/// A built, bound, not yet awaited application.
pub struct Application {
    port: u16,
    server: Server,
    base_url: String,
    storage: crate::storage::Storage,
    clock: Clock,
}

impl Application {
    /// Connects to the database at `database_url` (migrating it), binds the listener and builds
    /// the server.
    pub async fn build(settings: Settings, database_url: &str) -> anyhow::Result<Self> {
        // What this process writes — uploads, keys, mail and SMS files — is its own: files 0600,
        // folders 0700, and the var folder too.
        // SAFETY: umask only sets the process's file-mode mask; it cannot fail.
        unsafe { libc::umask(0o077) };
        crate::local_pg::private_folder(&settings.var_dir)?;
        let url = database_url.to_owned();
        tokio::task::spawn_blocking(move || db::run_migrations(&url)).await??;
        let clock = settings.clock.unwrap_or_else(|| {
            settings
                .clock_start
                .map_or_else(Clock::system, |start| Clock::starting_at(start.to_utc()))
        });
        if clock.is_shifted() {
            tracing::warn!(now = %clock.now(), "the clock is set (--clock-start): not for service");
        }
        let pool = db::pool(database_url, settings.db_pool, clock)?;
        let listener = bind(settings.host, settings.port)?;
        let port = listener.local_addr()?.port();
        let base_url = settings
            .base_url
            .clone()
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{}:{port}", settings.host));
        let key = session_key(&settings)?;
        let mailer = Mailer::from_settings(&settings)?;
        let upload_dir = settings
            .upload_dir
            .clone()
            .unwrap_or_else(|| settings.var_dir.join("uploads"));
        let storage = match settings.upload_store {
            crate::config::UploadStore::Database => {
                let storage = crate::storage::Storage::Database(pool.clone());
                // Files an earlier version (or `--upload-store folder`) kept in the folder.
                let copied = storage.import_folder(&pool, &upload_dir).await?;
                if copied > 0 {
                    tracing::info!(copied, folder = %upload_dir.display(), "uploads copied into the database");
                }
                storage
            }
            crate::config::UploadStore::Folder => crate::storage::Storage::new(upload_dir)?,
        };
        let reference = {
            let mut conn = pool.get().await.map_err(db::DbError::from)?;
            db::reference::ReferenceData::load(&mut conn).await?
        };
        let outbox = crate::delivery::Outbox::default();
        outbox.spawn_worker(
            pool.clone(),
            crate::delivery::Channels {
                mailer: mailer.clone(),
                sms: crate::delivery::Sms::from_settings(&settings)?,
                retry_base: std::time::Duration::from_millis(settings.outbox_retry_base_ms.max(1)),
            },
            std::time::Duration::from_millis(settings.outbox_poll_ms.max(10)),
            clock,
        );
        crate::jobs::spawn_draft_sweeper(
            pool.clone(),
            outbox.clone(),
            std::time::Duration::from_secs(15 * 60),
            clock,
        );
        crate::jobs::spawn_certificate_sweeper(
            pool.clone(),
            outbox.clone(),
            std::time::Duration::from_secs(60 * 60),
            clock,
        );
        crate::jobs::spawn_upload_sweeper(
            pool.clone(),
            storage.clone(),
            std::time::Duration::from_secs(60 * 60),
            clock,
        );
        crate::jobs::spawn_session_sweeper(
            pool.clone(),
            std::time::Duration::from_secs(15 * 60),
            clock,
        );
        crate::jobs::digest::spawn_digest(
            pool.clone(),
            outbox.clone(),
            base_url.clone(),
            std::time::Duration::from_secs(15 * 60),
            clock,
        );
        crate::jobs::appointments::spawn_reminder(
            pool.clone(),
            outbox.clone(),
            std::time::Duration::from_secs(15 * 60),
            clock,
        );
        let counts = match &settings.redis_url {
            Some(url) => crate::rate_limit::Counts::Redis(
                redis::Client::open(url.as_str())
                    .map_err(|e| anyhow::anyhow!("PORTAL_REDIS_URL: {e}"))?
                    .get_connection_manager()
                    .await
                    .map_err(|e| anyhow::anyhow!("PORTAL_REDIS_URL: {e}"))?,
            ),
            None => crate::rate_limit::Counts::postgres(pool.clone()),
        };
        let limits = Arc::new(crate::rate_limit::RateLimits::new(&settings, counts));
        crate::jobs::spawn_limit_sweeper(limits.clone(), crate::rate_limit::FORGET_EVERY);
        let keyring = Arc::new(signing_keys(&settings)?);
        let oidc =
            crate::government_account::GovernmentAccount::from_settings(&settings, &base_url)?
                .map(Arc::new);
        let trusted_proxies = Arc::new(crate::client_address::TrustedProxies::parse(
            settings.trusted_proxies.as_deref().unwrap_or_default(),
        )?);
        let replica = match &settings.database_replica_url {
            Some(url) => {
                let replica = db::replica::Replica::new(db::pool(url, settings.db_pool, clock)?);
                // Judged before the first request, then four times a second.
                let max_lag = std::time::Duration::from_millis(settings.replica_max_lag_ms);
                replica.check(&pool, max_lag).await;
                replica
                    .clone()
                    .watch(pool.clone(), max_lag, std::time::Duration::from_millis(250));
                Some(replica)
            }
            None => None,
        };
        // One statement at a time, each on a connection of the task's own.
        let conclusions = crate::web::conclusion_reads::ConclusionReads::spawn(
            db::batch_pool(database_url, 1, clock)?,
            match (&replica, &settings.database_replica_url) {
                (Some(r), Some(url)) => Some(r.with_pool(db::batch_pool(url, 1, clock)?)),
                _ => None,
            },
        );
        let state = AppState {
            conclusions,
            listings: Arc::default(),
            replica,
            trusted_proxies,
            card_renders: Arc::new(crate::web::card_renders::CardRenders::new(
                crate::config::server_workers(),
                std::time::Duration::from_secs(10),
            )),
            device_key: Arc::from(key.signing()),
            hashing: Arc::new(crate::auth::Hashing::new(
                settings
                    .hash_parallel
                    .unwrap_or_else(|| crate::config::server_workers().saturating_sub(1).max(1)),
                std::time::Duration::from_millis(settings.hash_queue_ms),
            )),
            clock,
            oidc,
            keyring,
            limits,
            pool,
            mailer,
            outbox,
            settings: Arc::new(settings),
            base_url: base_url.clone(),
            storage: storage.clone(),
            reference: Arc::new(reference),
            calendar: Arc::new(crate::web::calendar_cache::CalendarCache::new(
                std::time::Duration::from_secs(60),
            )),
            accounts: Arc::new(crate::web::account_cache::AccountCache::new(
                std::time::Duration::from_secs(3),
            )),
        };
        let redis = match &state.settings.redis_url {
            Some(url) => Some(
                actix_session::storage::RedisSessionStore::new(url.clone())
                    .await
                    .map_err(|e| anyhow::anyhow!("PORTAL_REDIS_URL: {e}"))?,
            ),
            None => None,
        };
        let server = run(listener, state, key, database_url, redis)?;
        Ok(Self {
            port,
            server,
            base_url,
            storage,
            clock,
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The base URL people reach this server at.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The app's clock.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Where uploaded files are kept.
    pub fn storage(&self) -> &crate::storage::Storage {
        &self.storage
    }

    /// Serves until SIGTERM/SIGINT (graceful: in-flight requests finish).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Binds the server's address; an address in use says which, and how to choose another (issue
/// #22: a second `cargo run` on the same port).
pub fn bind(host: std::net::IpAddr, port: u16) -> anyhow::Result<TcpListener> {
    TcpListener::bind((host, port)).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
            "{host}:{port} is already in use (another portal, or another program, serves on it): \
             stop it, or choose another port with --port or PORTAL_PORT"
        ),
        _ => anyhow::anyhow!("cannot listen on {host}:{port}: {e}"),
    })
}

fn session_key(settings: &Settings) -> anyhow::Result<Key> {
    if let Some(hex_key) = &settings.session_key {
        let bytes = hex::decode(hex_key.trim())
            .map_err(|_| anyhow::anyhow!("PORTAL_SESSION_KEY must be hex"))?;
        return Key::try_from(bytes.as_slice()).map_err(|_| {
            anyhow::anyhow!("PORTAL_SESSION_KEY must be at least 64 bytes (128 hex digits)")
        });
    }
    let path = settings.var_dir.join("session.key");
    let parse = |text: &str| {
        let bytes = hex::decode(text).map_err(|e| e.to_string())?;
        Key::try_from(bytes.as_slice()).map_err(|e| e.to_string())
    };
    if let Some(key) = crate::key_file::read(&path, parse)? {
        return Ok(key);
    }
    let written = crate::key_file::create(&path, &hex::encode(Key::generate().master()))?;
    parse(&written).map_err(|e| anyhow::anyhow!("session key: {e}"))
}

/// The keys that sign the e-certificates' verification tokens: `PORTAL_SIGNING_KEYS`, or one
/// generated once into `<var-dir>/signing.key` (`kid:hex`).
fn signing_keys(settings: &Settings) -> anyhow::Result<Keyring> {
    if let Some(config) = &settings.signing_keys {
        return Keyring::parse(config).map_err(|e| anyhow::anyhow!("PORTAL_SIGNING_KEYS: {e}"));
    }
    let path = settings.var_dir.join("signing.key");
    if let Some(ring) = crate::key_file::read(&path, Keyring::parse)? {
        return Ok(ring);
    }
    let secret: [u8; 32] = rand::random();
    // The day and a random part: a key id is never given to another key (a key moved away and
    // replaced on the same day gets a new id, so old tokens say they cannot be verified).
    let kid = format!(
        "k{}-{:08x}",
        chrono::Utc::now().format("%Y%m%d"),
        rand::random::<u32>()
    );
    let entry = crate::key_file::create(&path, &format!("{kid}:{}", hex::encode(secret)))?;
    Keyring::parse(&entry).map_err(|e| anyhow::anyhow!("signing key: {e}"))
}

fn run(
    listener: TcpListener,
    state: AppState,
    key: Key,
    database_url: &str,
    redis: Option<actix_session::storage::RedisSessionStore>,
) -> anyhow::Result<Server> {
    let workers = crate::config::server_workers();
    let per_worker = db::worker_pool_size(state.settings.db_pool, workers);
    let url = database_url.to_owned();
    let secure = state.settings.secure_cookies;
    let form_limit = state.settings.form_limit;
    let lifetime = state.settings.session_lifetime();
    let static_dir = state
        .settings
        .static_dir
        .clone()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/static").into());
    portal_web::assets::init(&static_dir);
    let server = HttpServer::new(move || {
        // Each worker its own connections (see `db::worker_pool_size`); the shared pool stays
        // with the background jobs.
        let pool = db::pool(&url, per_worker, state.clock).unwrap_or_else(|_| state.pool.clone());
        let store = match &redis {
            Some(r) => crate::web::session_store::Store::Redis(r.clone()),
            None => crate::web::session_store::Store::Postgres(pool.clone(), state.clock),
        };
        let replica = match (&state.replica, &state.settings.database_replica_url) {
            (Some(r), Some(url)) => Some(match db::pool(url, per_worker, state.clock) {
                Ok(own) => r.with_pool(own),
                Err(_) => r.clone(),
            }),
            _ => None,
        };
        let data = aweb::Data::new(AppState {
            pool,
            replica,
            ..state.clone()
        });
        // A browser-session cookie (gone when the browser closes, as on a shared computer) that
        // holds only a key; the state lives on the server for at most the absolute lifetime.
        let session = SessionMiddleware::builder(store, key.clone())
            .cookie_name("portal_session".to_owned())
            .cookie_content_security(CookieContentSecurity::Private)
            .cookie_secure(secure)
            .cookie_http_only(true)
            .cookie_same_site(SameSite::Lax)
            .session_lifecycle(BrowserSession::default().state_ttl(
                actix_web::cookie::time::Duration::seconds(
                    i64::try_from(lifetime.as_secs()).unwrap_or(12 * 3600),
                ),
            ))
            .build();
        App::new()
            .app_data(data)
            .app_data(aweb::FormConfig::default().limit(form_limit))
            .app_data(aweb::PayloadConfig::default().limit(form_limit))
            .app_data(aweb::JsonConfig::default().limit(form_limit))
            // Outside the session (whose store is the database): the style sheet and script
            // still arrive while the database is out, so the outage page reads as a page.
            .service(actix_files::Files::new("/static", static_dir.clone()).prefer_utf8(true))
            .service(
                aweb::scope("")
                    .configure(portal_web::routes)
                    .default_service(aweb::to(portal_web::not_found))
                    .wrap(from_fn(portal_web::middleware::head::as_get))
                    .wrap(from_fn(portal_web::middleware::csrf::check))
                    .wrap(from_fn(portal_web::middleware::uri_limit::check))
                    .wrap(from_fn(portal_web::middleware::error_pages::render))
                    .wrap(session),
            )
            .wrap(from_fn(portal_web::assets::cache))
            .wrap(from_fn(portal_web::middleware::outage::tell))
            .wrap(portal_web::middleware::security_headers::headers())
            .wrap(from_fn(portal_web::middleware::request_log::log))
    })
    .workers(workers)
    // Without it a response written in parts (a file: headers, then the body) waited for the
    // client's delayed acknowledgement, 40 ms a style sheet, between its first and second part.
    .tcp_nodelay(true)
    .shutdown_timeout(10)
    .listen(listener)?
    .run();
    Ok(server)
}
