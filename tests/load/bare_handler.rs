//! The bare handler kept beside the benchmarks (a command, not a test): the ceiling of our stack on
//! this machine — actix-web with the portal's pool (`portal::db::pool`), one indexed SELECT of 20
//! rows (`portal::db::publications::list`, the announcement's own query) and one askama render,
//! with no middleware, no session and no layout. The load scripts measure the portal's pages
//! against it in the same run.
//!
//! ```sh
//! cargo run --release --example bare_handler -- DATABASE_URL PORT [POOL_SIZE] [per-worker|shared]
//! ```
//!
//! The load scripts run it both ways: per-worker pools give it more requests per second, one
//! shared pool a shorter tail at 16 connections; each figure of the portal is compared with the
//! better of the two.
//!
//! `GET /{county}` answers the newest 20 entries in view of that county (the announcement
//! benchmark); `GET /c/{id}` the 20 certificates from id `id` on, by primary key (the
//! verification benchmark).

// Tests and measuring commands may unwrap (Cargo.toml `[lints]` is for the product).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use actix_web::{App, HttpResponse, HttpServer, web};
use askama::Template;
use chrono::Utc;
use portal::db::DbPool;
use portal::db::publications::{self, Listing, Publication};
use portal::domain::working_days::local_date;

/// A table of entries, nothing else.
#[derive(Template)]
#[template(
    ext = "html",
    source = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>bare</title></head><body><table><tbody>{% for r in rows %}<tr><th scope=\"row\">{{ r.masked_name }}</th><td>{{ r.masked_id }}</td><td>{{ r.category }}</td><td>{{ r.grade }}</td><td>{{ r.published_on }}</td><td>{% if let Some(d) = r.objection_until %}{{ d }}{% endif %}</td></tr>{% endfor %}</tbody></table></body></html>"
)]
struct Bare {
    rows: Vec<Publication>,
}

/// A table of certificates, nothing else.
#[derive(Template)]
#[template(
    ext = "html",
    source = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>bare</title></head><body><table><tbody>{% for (n, s, c, g, e) in rows %}<tr><th scope=\"row\">{{ n }}</th><td>{{ s }}</td><td>{{ c }}</td><td>{{ g }}</td><td>{{ e }}</td></tr>{% endfor %}</tbody></table></body></html>"
)]
struct BareCertificates {
    rows: Vec<(String, String, i16, i16, chrono::NaiveDate)>,
}

async fn certificates(pool: web::Data<DbPool>, from: web::Path<i64>) -> HttpResponse {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use portal::db::schema::certificates as c;
    let rows = match pool.get().await {
        Ok(mut conn) => {
            c::table
                .filter(c::id.ge(from.into_inner()))
                .order(c::id)
                .limit(20)
                .select((c::number, c::status, c::category, c::grade, c::expires_on))
                .load(&mut conn)
                .await
        }
        Err(e) => return HttpResponse::ServiceUnavailable().body(e.to_string()),
    };
    match rows.map(|rows| BareCertificates { rows }.render()) {
        Ok(Ok(body)) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(body),
        Ok(Err(e)) => HttpResponse::InternalServerError().body(e.to_string()),
        Err(e) => HttpResponse::InternalServerError().body(e.to_string()),
    }
}

async fn entries(pool: web::Data<DbPool>, county: web::Path<String>) -> HttpResponse {
    let listing = Listing {
        county: county.into_inner(),
        ..Listing::default()
    };
    let rows = match pool.get().await {
        Ok(mut conn) => publications::list(&mut conn, &listing, local_date(Utc::now()), 20).await,
        Err(e) => return HttpResponse::ServiceUnavailable().body(e.to_string()),
    };
    match rows.map(|rows| Bare { rows }.render()) {
        Ok(Ok(body)) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(body),
        Ok(Err(e)) => HttpResponse::InternalServerError().body(e.to_string()),
        Err(e) => HttpResponse::InternalServerError().body(e.to_string()),
    }
}

/// The portal binary's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bare_handler DATABASE_URL PORT [POOL_SIZE] [per-worker|shared]";
    let url = args.next().ok_or_else(|| anyhow::anyhow!(usage))?;
    let port: u16 = args.next().ok_or_else(|| anyhow::anyhow!(usage))?.parse()?;
    let size: usize = args.next().map_or(Ok(16), |s| s.parse())?;
    // `per-worker` (the default): pools as the portal makes them, one per worker
    // (`portal::db::worker_pool_size`); `shared`: one pool for both workers, as before.
    let shared = match args.next().as_deref() {
        None | Some("per-worker") => None,
        Some("shared") => Some(portal::db::pool(
            &url,
            size,
            portal::clock::Clock::system(),
        )?),
        Some(_) => anyhow::bail!(usage),
    };
    let workers = portal::config::server_workers();
    let per_worker = portal::db::worker_pool_size(size, workers);
    portal::db::pool(&url, per_worker, portal::clock::Clock::system())?;
    eprintln!("bare handler on http://127.0.0.1:{port}/{{county}}");
    HttpServer::new(move || {
        let pool = match &shared {
            Some(pool) => pool.clone(),
            None => portal::db::pool(&url, per_worker, portal::clock::Clock::system())
                .expect("checked above"),
        };
        App::new()
            .app_data(web::Data::new(pool))
            .route("/c/{from}", web::get().to(certificates))
            .route("/{county}", web::get().to(entries))
    })
    .workers(workers)
    .bind(("127.0.0.1", port))?
    .run()
    .await?;
    Ok(())
}
