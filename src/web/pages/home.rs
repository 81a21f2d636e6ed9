//! The home page: what the service is and where to start.

use askama::Template;

use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::render::html;

/// `templates/pages/home.html`.
#[derive(Template)]
#[template(path = "pages/home.html")]
pub struct HomePage {
    page: Page,
}

/// `GET /`
pub async fn home(mut ctx: Ctx) -> AppResult {
    html(&HomePage {
        page: ctx.page("home-title"),
    })
}
