//! 亮证: the holder shows their electronic certificate full screen, readable at arm's length —
//! name, photo, number, category and grade, validity, status and a large QR code — with the
//! time it was last loaded online. A service worker (`/certificates/sw.js`, scope
//! `/certificates/`) keeps the last loaded card on the device so that it still shows offline;
//! signing out clears it (`Clear-Site-Data`).

use actix_web::{HttpResponse, http::header, web};
use askama::Template;

use super::certificates::{CardView, load, view};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::render::html;

/// `templates/certificates/present.html`.
#[derive(Template)]
#[template(path = "certificates/present.html")]
pub struct PresentPage {
    page: Page,
    c: CardView,
    /// When this copy was loaded from the server (Beijing time).
    checked_at: String,
}

/// `GET /certificates/{id}/show`
pub async fn show(mut ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let (c, name) = load(&ctx, id.into_inner()).await?;
    let card = view(&ctx, &c, &name).await?;
    let checked_at = ctx
        .state
        .clock
        .now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    html(&PresentPage {
        page: ctx.page("present-title"),
        c: card,
        checked_at,
    })
}

/// The service worker, served from `/certificates/` so that its scope is the certificate pages.
const WORKER: &str = include_str!("../../static/js/card-offline.js");

/// `GET /certificates/sw.js`
pub async fn worker() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(WORKER)
}
