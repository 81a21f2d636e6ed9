//! `cargo run --release`: serves the portal. With no `DATABASE_URL` it starts a private
//! PostgreSQL under `./var/pg`, migrates, loads reference and demo data, and prints the URL and
//! the demo logins. With `DATABASE_URL` set, demo data loads only when asked for (`--demo`).

use clap::Parser;
use portal::config::Settings;
use portal::db;
use portal::local_pg::LocalPostgres;
use portal::startup::Application;

/// mimalloc: under load glibc's malloc and free took a sixth of a public page's CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let settings = Settings::parse();
    let logs = portal::telemetry::init("info");
    if let Err(e) = run(settings).await {
        drop(logs);
        eprintln!("{e:#}");
        std::process::exit(1);
    }
}

async fn run(settings: Settings) -> anyhow::Result<()> {
    let demo = settings.loads_demo();
    // Before anything starts: a port in use is said first, not after the database came up.
    if settings.port != 0 {
        drop(portal::startup::bind(settings.host, settings.port)?);
    }
    portal::local_pg::private_folder(&settings.var_dir)?;
    let (database_url, local) = match &settings.database_url {
        Some(url) => (url.clone(), None),
        None => {
            let root = settings.var_dir.join("pg");
            let pg = tokio::task::spawn_blocking(move || LocalPostgres::start(&root)).await??;
            db::ensure_database(&pg.url("postgres"), "portal").await?;
            println!(
                "Private PostgreSQL running under {}",
                settings.var_dir.join("pg").display()
            );
            (pg.url("portal"), Some(pg))
        }
    };
    let app = Application::build(settings, &database_url).await?;
    if demo {
        let pool = db::pool(&database_url, 1, app.clock())?;
        let mut conn = pool.get().await.map_err(db::DbError::from)?;
        let hash = portal::auth::hash_password(db::demo::DEMO_PASSWORD.to_owned()).await?;
        db::demo::load(&mut conn, &hash, app.clock().now()).await?;
        db::demo::load_offices(&mut conn).await?;
        portal::db::demo_case::load(&mut conn, app.storage(), app.clock().today()).await?;
    }
    println!();
    println!("残疾人服务一件事 portal: {}", app.base_url());
    if demo {
        println!();
        println!("Demo accounts (演示账号) — sign in with the ID number or mobile number,");
        println!("password {:?}:", db::demo::DEMO_PASSWORD);
        for d in db::demo::accounts() {
            let post = match d.post {
                Some((county, Some(dept))) => format!("{county} {}", dept.code()),
                Some((county, None)) => county.to_owned(),
                None => String::new(),
            };
            println!(
                "  {:<19} {}  {}  {:<36} {}",
                d.role.code(),
                d.id_number,
                d.phone,
                post,
                d.name
            );
        }
    }
    println!();
    let result = app.run_until_stopped().await;
    drop(local);
    result?;
    Ok(())
}
