//! Typed settings, read once from command-line flags or the equivalent environment variables.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

/// Everything the portal can be told at start-up. Each flag has an environment variable of the
/// same meaning; flags win. Secrets are never printed (see the `Debug` impl).
#[derive(Clone, Parser)]
#[command(
    name = "disability-portal",
    version,
    about = "残疾人证“一件事一次办” portal"
)]
pub struct Settings {
    /// Address to listen on.
    #[arg(long, env = "PORTAL_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "PORTAL_PORT", default_value_t = 8080)]
    pub port: u16,
    /// The address people reach the portal at, used in emailed links.
    #[arg(long, env = "PORTAL_BASE_URL")]
    pub base_url: Option<String>,
    /// PostgreSQL URL. When unset a private cluster is started under `<var-dir>/pg`.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Folder for the private cluster, keys and mail written to files.
    #[arg(long, env = "PORTAL_VAR_DIR", default_value = "var")]
    pub var_dir: PathBuf,
    /// Where uploaded files are kept: `database` (every instance reads them; a database backup
    /// holds them) or `folder` (`--upload-dir`; one machine, or a folder all instances share).
    /// With `database`, files found in the folder are copied in at start-up.
    #[arg(
        long,
        env = "PORTAL_UPLOAD_STORE",
        value_enum,
        default_value = "database"
    )]
    pub upload_store: UploadStore,
    /// Folder for uploaded materials (content-addressed). Defaults to `<var-dir>/uploads`.
    #[arg(long, env = "PORTAL_UPLOAD_DIR")]
    pub upload_dir: Option<PathBuf>,
    /// Folder of the CSS and JavaScript served under `/static`. Defaults to the `static/` folder of
    /// the source tree the binary was built from.
    #[arg(long, env = "PORTAL_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
    /// Largest number of database connections of the server's workers (default: two a core).
    #[arg(long, env = "PORTAL_DB_POOL", default_value_t = default_db_pool())]
    pub db_pool: usize,
    /// Session key: at least 64 bytes as hex (128 hex digits). When unset a key is generated
    /// once and kept in `<var-dir>/session.key`.
    #[arg(long, env = "PORTAL_SESSION_KEY", hide_env_values = true)]
    pub session_key: Option<String>,
    /// Serve behind TLS: session cookies get the `Secure` flag.
    #[arg(long, env = "PORTAL_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Minutes without activity after which a signed-in session ends.
    #[arg(long, env = "PORTAL_IDLE_MINUTES", default_value_t = 20)]
    pub idle_minutes: u64,
    /// Hours after signing in when a session ends however active it is.
    #[arg(long, env = "PORTAL_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: u64,
    /// Redis URL (`redis://host:6379`): sessions are kept there instead of in PostgreSQL.
    #[arg(long, env = "PORTAL_REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<String>,
    /// Runs the app's clock from this instant (RFC 3339, e.g. `2026-06-10T10:00:00+08:00`)
    /// instead of the real time: for training environments and tests, never in service.
    #[arg(long, env = "PORTAL_CLOCK_START")]
    pub clock_start: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The clock itself, given by a caller that shares it with the app (the tests); wins over
    /// `--clock-start`.
    #[arg(skip)]
    pub clock: Option<crate::clock::Clock>,
    /// Seconds of inactivity, overriding `--idle-minutes` (for tests and demos).
    #[arg(long, env = "PORTAL_IDLE_SECONDS", hide = true)]
    pub idle_seconds: Option<u64>,
    /// SMTP server host. When unset, mail is written as .eml files under `<var-dir>/mail`.
    #[arg(long, env = "SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// SMTP port.
    #[arg(long, env = "SMTP_PORT", default_value_t = 25)]
    pub smtp_port: u16,
    /// SMTP user name (optional).
    #[arg(long, env = "SMTP_USER")]
    pub smtp_user: Option<String>,
    /// SMTP password (optional).
    #[arg(long, env = "SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// SMTP security: none, starttls or tls.
    #[arg(long, env = "SMTP_SECURITY", default_value = "none")]
    pub smtp_security: SmtpSecurity,
    /// Sender address of the portal's mail.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "残疾人服务一件事 <noreply@portal.localhost>"
    )]
    pub mail_from: String,
    /// SMS gateway: notices are POSTed as JSON `{to, text, key}` with an `Idempotency-Key`
    /// header. When unset, SMS are written as JSON files under `<var-dir>/sms`.
    #[arg(long, env = "SMS_GATEWAY_URL")]
    pub sms_gateway_url: Option<String>,
    /// Bearer token for the SMS gateway (optional).
    #[arg(long, env = "SMS_GATEWAY_TOKEN", hide_env_values = true)]
    pub sms_gateway_token: Option<String>,
    /// First wait before retrying a failed email or SMS, in milliseconds (doubles each time, at
    /// most an hour).
    #[arg(long, env = "OUTBOX_RETRY_BASE_MS", default_value_t = 30_000)]
    pub outbox_retry_base_ms: u64,
    /// How often the outbox worker looks for due messages besides being woken, in milliseconds.
    #[arg(long, env = "OUTBOX_POLL_MS", default_value_t = 5_000)]
    pub outbox_poll_ms: u64,
    /// Days an entry of the public announcement (评残公示) stays in view after its objection
    /// window closes (data minimisation).
    #[arg(long, env = "PORTAL_PUBLICATION_DAYS", default_value_t = 30)]
    pub publication_days: u64,
    /// Personal result lookups allowed per ID number an hour.
    #[arg(long, env = "PORTAL_LOOKUP_PER_ID", default_value_t = 5)]
    pub lookup_per_id: u32,
    /// Personal result lookups allowed per client address an hour (raise it behind a shared
    /// address, such as a service hall's network, or for a load test from one machine).
    #[arg(long, env = "PORTAL_LOOKUP_PER_ADDRESS", default_value_t = 30)]
    pub lookup_per_address: u32,
    /// Verifications (QR code or typed number) allowed per client address an hour.
    #[arg(long, env = "PORTAL_VERIFY_PER_ADDRESS", default_value_t = 300)]
    pub verify_per_address: u32,
    /// Registrations allowed per client address an hour (codes asked for: twice as many).
    #[arg(long, env = "PORTAL_REGISTER_PER_ADDRESS", default_value_t = 10)]
    pub register_per_address: u32,
    /// Keys that sign e-certificate verification tokens: `kid:64-hex-secret[:retired-after]`,
    /// comma separated; the first key not retired signs, retired ones verify until their day.
    /// Generated once into `<var-dir>/signing.key` when unset.
    #[arg(long, env = "PORTAL_SIGNING_KEYS", hide_env_values = true)]
    pub signing_keys: Option<String>,
    /// OpenID Connect issuer URL of the provincial government account (统一身份认证): signing in
    /// with it verifies the identity. Off when unset.
    #[arg(long, env = "PORTAL_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// The portal's client id at the provider.
    #[arg(long, env = "PORTAL_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// The portal's client secret at the provider.
    #[arg(long, env = "PORTAL_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,
    /// The ID token's claim that carries the resident ID number.
    #[arg(long, env = "PORTAL_OIDC_ID_NUMBER_CLAIM", default_value = "id_number")]
    pub oidc_id_number_claim: String,
    /// Assurance levels (`acr` values, comma separated) that count as a verified real-name
    /// identity; a lower level signs nobody in and verifies nothing.
    #[arg(long, env = "PORTAL_OIDC_VERIFIED_ACR", default_value = "L3,L4")]
    pub oidc_verified_acr: String,
    /// Load the demo data set (demo accounts with a published password, among them an
    /// administrator) at start-up. Unset: only on the private cluster (no `DATABASE_URL`), never
    /// on a database someone configured.
    #[arg(long, env = "PORTAL_DEMO", num_args = 0..=1, default_missing_value = "true")]
    pub demo: Option<bool>,
    /// Reverse proxies in front of the portal (addresses or networks, comma separated): only
    /// for requests from these is the client address read from `Forwarded`/`X-Forwarded-For`.
    #[arg(long, env = "PORTAL_TRUSTED_PROXIES")]
    pub trusted_proxies: Option<String>,
    /// A streaming replica of the database (PostgreSQL URL): the announcement listing and feed,
    /// the personal lookup and certificate verification read from it while it keeps up.
    #[arg(long, env = "PORTAL_DATABASE_REPLICA_URL", hide_env_values = true)]
    pub database_replica_url: Option<String>,
    /// How far the replica may lag behind the primary before those pages read from the primary,
    /// in milliseconds.
    #[arg(long, env = "PORTAL_REPLICA_MAX_LAG_MS", default_value_t = 5_000)]
    pub replica_max_lag_ms: u64,
    /// Password hashes (Argon2) computed at once; unset: one a core but one (at least one), so
    /// that a rush of sign-ins always leaves a core to the pages (`auth::background`).
    #[arg(long, env = "PORTAL_HASH_PARALLEL")]
    pub hash_parallel: Option<usize>,
    /// How long a sign-in or registration waits for its turn to hash before it is answered 503
    /// with `Retry-After`, in milliseconds.
    #[arg(long, env = "PORTAL_HASH_QUEUE_MS", default_value_t = 5_000)]
    pub hash_queue_ms: u64,
    /// Largest accepted request body for forms, in bytes.
    #[arg(long, env = "PORTAL_FORM_LIMIT", default_value_t = 64 * 1024)]
    pub form_limit: usize,
}

/// Where uploaded files are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum UploadStore {
    /// The `upload_blobs` table.
    Database,
    /// A folder (`--upload-dir`).
    Folder,
}

/// How to talk to the SMTP server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SmtpSecurity {
    /// Plain SMTP (loopback relays, tests).
    None,
    /// Upgrade with STARTTLS.
    Starttls,
    /// Implicit TLS.
    Tls,
}

/// Two database connections a core: PostgreSQL's rule of thumb (“core count × 2 + spindles”)
/// for a server on the same cores. More connections than that only queue inside PostgreSQL,
/// where a backend waits for the CPU scheduler instead of in line for the pool: on this 2-core
/// machine 16 connections instead of 4 doubled the public listing's p99 at 64 concurrent
/// requests and lowered its requests/s.
pub fn default_db_pool() -> usize {
    2 * server_workers()
}

/// How many server workers run: one per core (actix-web's own default, made explicit because
/// each worker gets its share of the database connections).
pub fn server_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

impl Settings {
    /// Settings with every default and no flags or environment (for tests to adjust).
    pub fn defaults() -> Self {
        Self::parse_from(["disability-portal"])
    }

    /// Whether the demo data set is loaded: when asked for, else only on the private cluster.
    pub fn loads_demo(&self) -> bool {
        self.demo.unwrap_or(self.database_url.is_none())
    }

    /// The absolute lifetime of a signed-in session.
    pub fn session_lifetime(&self) -> Duration {
        Duration::from_secs(self.session_hours.max(1) * 3600)
    }

    /// The idle timeout as a duration.
    pub fn idle_timeout(&self) -> Duration {
        match self.idle_seconds {
            Some(s) => Duration::from_secs(s.max(1)),
            None => Duration::from_secs(self.idle_minutes.max(1) * 60),
        }
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("base_url", &self.base_url)
            .field("database_url", &self.database_url.as_ref().map(|_| "(set)"))
            .field("var_dir", &self.var_dir)
            .field("smtp_host", &self.smtp_host)
            .field("sms_gateway_url", &self.sms_gateway_url)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_security", &self.smtp_security)
            .field("idle_minutes", &self.idle_minutes)
            .field("demo", &self.demo)
            .field("redis_url", &self.redis_url.as_ref().map(|_| "(set)"))
            .field("oidc_issuer", &self.oidc_issuer)
            .field("session_hours", &self.session_hours)
            .field("clock_start", &self.clock_start)
            .finish_non_exhaustive()
    }
}
