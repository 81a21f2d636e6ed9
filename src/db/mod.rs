//! Database access: the pool, embedded migrations, and one module of queries per table.

pub mod accounts;
pub mod annual_reviews;
mod answers;
pub mod applications;
pub mod appointments;
pub mod audit;
pub mod blobs;
pub mod calendar;
pub mod cases;
pub mod certificates;
pub mod codes;
pub mod demo;
pub mod demo_case;
pub mod drafts;
pub mod identity;
pub mod inbox;
pub mod move_proposals;
pub mod objections;
pub mod offices;
pub mod one_time_codes;
pub mod outbox;
pub mod password_resets;
pub mod people;
pub mod publications;
pub mod rate_limits;
pub mod ratings;
pub mod recipients;
pub mod recovery;
pub mod reference;
pub mod registrations;
pub mod replica;
pub mod reviews;
/// The tables, as `diesel print-schema` writes them (`diesel.toml`).
#[allow(missing_docs)]
pub mod schema;
pub mod sessions;
pub mod throttle;
pub mod uploads;

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// The migrations in `migrations/`, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

diesel::define_sql_function! {
    /// The app's clock in the database: `now()` plus the connection's offset (migration 028,
    /// [`crate::clock`]); what queries compare and record times with.
    fn portal_now() -> diesel::sql_types::Timestamptz;
}

/// A pool of async PostgreSQL connections.
pub type DbPool = Pool<AsyncPgConnection>;
/// One pooled connection.
pub type DbConn = Object<AsyncPgConnection>;

/// A database failure.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// A query failed.
    #[error(transparent)]
    Query(#[from] DieselError),
    /// No connection could be had from the pool.
    #[error("database pool: {0}")]
    Pool(String),
    /// Migrations failed.
    #[error("migrations: {0}")]
    Migration(String),
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for DbError {
    fn from(e: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        DbError::Pool(e.to_string())
    }
}

/// Builds a pool of at most `size` connections to `url` whose `portal_now()` reads `clock`.
pub fn pool(url: &str, size: usize, clock: crate::clock::Clock) -> Result<DbPool, DbError> {
    build_pool(url, size, clock, None)
}

/// A pool for a task that sends one statement a batch (`web::conclusion_reads`): its
/// connections always use the generic plan of a prepared statement. A statement that takes an
/// array of a batch's keys would otherwise be planned anew on every call, since a plan made for
/// the few keys at hand is estimated cheaper than the generic one — and planning cost as much as
/// running it.
pub fn batch_pool(url: &str, size: usize, clock: crate::clock::Clock) -> Result<DbPool, DbError> {
    build_pool(
        url,
        size,
        clock,
        Some("SET plan_cache_mode = force_generic_plan"),
    )
}

fn build_pool(
    url: &str,
    size: usize,
    clock: crate::clock::Clock,
    setting: Option<&str>,
) -> Result<DbPool, DbError> {
    // No test query on every checkout (the default `Verified` costs a round trip per request);
    // a connection that broke is still discarded, and a dead one fails its first query.
    let mut config = ManagerConfig::default();
    config.recycling_method = RecyclingMethod::Fast;
    let settings: Vec<String> = clock
        .is_shifted()
        .then(|| clock.session_setting())
        .into_iter()
        .chain(setting.map(str::to_owned))
        .collect();
    if !settings.is_empty() {
        let settings = settings.join("; ");
        config.custom_setup = Box::new(move |url| {
            let (url, settings) = (url.to_owned(), settings.clone());
            Box::pin(async move {
                use diesel_async::{AsyncConnection, SimpleAsyncConnection};
                let mut conn = AsyncPgConnection::establish(&url).await?;
                conn.batch_execute(&settings)
                    .await
                    .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                Ok(conn)
            })
        });
    }
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(url, config);
    Pool::builder(manager)
        .max_size(size)
        .build()
        .map_err(|e| DbError::Pool(e.to_string()))
}

/// The connections each of `workers` server workers gets out of `size` (at least one): every
/// worker has a pool of its own because diesel-async drives a connection as a task on the runtime
/// that opened it — a pool shared by the workers hands connections to the other thread, and each
/// query then wakes two threads instead of one.
pub fn worker_pool_size(size: usize, workers: usize) -> usize {
    size.div_ceil(workers.max(1)).max(1)
}

/// Runs pending migrations on `url` (blocking; call from a blocking thread or before serving).
pub fn run_migrations(url: &str) -> Result<usize, DbError> {
    use diesel::Connection;
    let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(url)
        .map_err(|e| DbError::Migration(e.to_string()))?;
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map_err(|e| DbError::Migration(e.to_string()))?;
    Ok(applied.len())
}

/// Whether the database answers a trivial query within `within` (telling an outage from a bug).
pub async fn answers(pool: &DbPool, within: std::time::Duration) -> bool {
    use diesel_async::RunQueryDsl;
    let probe = async {
        let mut conn = pool.get().await.ok()?;
        diesel::sql_query("SELECT 1").execute(&mut conn).await.ok()
    };
    matches!(tokio::time::timeout(within, probe).await, Ok(Some(_)))
}

/// Whether every embedded migration has been applied (for `/readyz`).
pub async fn migrations_current(conn: &mut AsyncPgConnection) -> Result<bool, DbError> {
    use diesel::migration::MigrationSource;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;

    diesel::table! {
        __diesel_schema_migrations (version) {
            version -> Text,
        }
    }
    let applied: Vec<String> = __diesel_schema_migrations::table
        .select(__diesel_schema_migrations::version)
        .load(conn)
        .await?;
    let embedded = MigrationSource::<diesel::pg::Pg>::migrations(&MIGRATIONS)
        .map_err(|e| DbError::Migration(e.to_string()))?;
    Ok(embedded.iter().all(|m| {
        let v = m.name().version().to_string();
        applied.contains(&v)
    }))
}

/// True when `e` is a unique-constraint violation on the named constraint.
pub fn is_unique_violation(e: &DieselError, constraint: &str) -> bool {
    matches!(e, DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info)
        if info.constraint_name() == Some(constraint))
}

/// Creates database `name` on the server of `admin_url` (a URL of an existing database) unless it
/// exists. `name` must be a plain identifier.
pub async fn ensure_database(admin_url: &str, name: &str) -> Result<(), DbError> {
    use diesel::prelude::*;
    use diesel_async::{AsyncConnection, RunQueryDsl};
    assert!(
        name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "database names are plain identifiers"
    );
    let mut conn = AsyncPgConnection::establish(admin_url)
        .await
        .map_err(|e| DbError::Pool(e.to_string()))?;
    diesel::table! {
        pg_database (datname) {
            datname -> Text,
        }
    }
    let exists: bool = diesel::select(diesel::dsl::exists(
        pg_database::table.filter(pg_database::datname.eq(name)),
    ))
    .get_result(&mut conn)
    .await?;
    if !exists {
        diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
            .execute(&mut conn)
            .await?;
    }
    Ok(())
}
