//! `GET /apply/{id}/summary`: the form's answers on one printable page with the commitment of
//! 003 附件2 (申请承诺) and lines for the signature and date. At a window the person (or their
//! guardian) signs it and the clerk scans it in as the application form (004 附件3 五(三)2 “由申请人
//! 签字确认”); once submitted it carries the reference, for the person to take home.

use actix_web::web;
use askama::Template;

use super::check::{SummaryCard, cards};
use super::draft::{Loaded, places};
use crate::db::applications;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::render::html;

/// `templates/apply/summary.html`.
#[derive(Template)]
#[template(path = "apply/summary.html")]
pub struct SummaryPage {
    page: Page,
    draft_id: i64,
    /// The person's name and ID number.
    person: Option<(String, String)>,
    /// The reference, once submitted.
    reference: Option<String>,
    cards: Vec<SummaryCard>,
}

/// `GET /apply/{id}/summary`
pub async fn show(mut ctx: Ctx, path: web::Path<i64>) -> AppResult {
    let id = path.into_inner();
    let (d, submitted) = Loaded::load_printable(&ctx, id).await?;
    let places = places(&ctx, &d.answers).await?;
    let env = d.env(&ctx, &places);
    let cards = cards(&d, &env);
    let person = env
        .subject
        .as_ref()
        .map(|s| (s.name.clone(), s.id.as_str().to_owned()));
    let reference = match submitted {
        Some(app) => {
            let mut conn = ctx.state.conn().await?;
            applications::reference_of(&mut conn, app).await?
        }
        None => None,
    };
    html(&SummaryPage {
        page: ctx.page("counter-summary-title"),
        draft_id: id,
        person,
        reference,
        cards,
    })
}
