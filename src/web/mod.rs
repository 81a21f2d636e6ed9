//! The web layer: routes, extractors, handlers grouped by area. Handlers are thin:
//! parse → domain → db → render.

pub mod account;
pub mod ctx;
pub mod error;
pub mod form;
pub mod middleware;
pub mod pages;
pub mod render;
pub mod state;

use actix_web::web;

/// Registers every route.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(pages::home::home)
        .service(pages::health::healthz)
        .service(pages::health::readyz)
        .service(pages::preferences::language)
        .service(pages::preferences::display)
        .service(pages::preferences::extend)
        .service(account::register::show)
        .service(account::register::submit)
        .service(account::login::show)
        .service(account::login::submit)
        .service(account::login::logout)
        .service(account::dashboard::show)
        .service(account::password::show)
        .service(account::password::submit)
        .service(account::reset::show)
        .service(account::reset::submit)
        .service(account::reset::show_reset)
        .service(account::reset::submit_reset);
}

/// The default service: an unknown path is a (localised) 404.
pub async fn not_found() -> actix_web::HttpResponse {
    actix_web::HttpResponse::NotFound().finish()
}
