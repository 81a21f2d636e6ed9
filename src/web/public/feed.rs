//! `GET /publications/{county}/feed.atom`: the county's public announcement as an Atom feed (the
//! newest entries in public view), so that media and community workers can follow it.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::offices;
use crate::db::publications::{self, Listing};
use crate::domain::{Category, Grade};
use crate::i18n::Lang;
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};

/// Entries in the feed.
const ENTRIES: i64 = 50;

/// An entry as the feed shows it.
pub struct Entry {
    id: i64,
    title: String,
    published: String,
    summary: String,
}

/// `templates/public/feed.xml`.
#[derive(Template)]
#[template(path = "public/feed.xml")]
pub struct Feed {
    base: String,
    county: String,
    title: String,
    updated: String,
    entries: Vec<Entry>,
}

/// `GET /publications/{county}/feed.atom`
pub async fn show(ctx: Ctx, county: web::Path<String>) -> AppResult {
    let county = county.into_inner();
    let lang = ctx.lang;
    let mut conn = ctx.state.read_conn().await?;
    let name = offices::division_name(&mut conn, &county, 3)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = ctx.state.clock.today();
    let listing = Listing {
        county: county.clone(),
        ..Listing::default()
    };
    let found = publications::list(&mut conn, &listing, today, ENTRIES).await?;
    drop(conn);
    let stamp = |d: chrono::NaiveDate| format!("{}T00:00:00+08:00", d.format("%Y-%m-%d"));
    let updated = stamp(found.first().map_or(today, |p| p.published_on));
    let entries = found
        .into_iter()
        .map(|p| {
            let category = u8::try_from(p.category)
                .ok()
                .and_then(Category::from_code)
                .map(|c| Lang::ZhCn.category(c))
                .unwrap_or_default();
            let grade = u8::try_from(p.grade)
                .ok()
                .and_then(Grade::from_code)
                .map(|g| Lang::ZhCn.grade(g))
                .unwrap_or_default();
            Entry {
                id: p.id,
                title: format!("{} {category} {grade}", p.masked_name),
                published: stamp(p.published_on),
                summary: lang.t_args(
                    "feed-entry-summary",
                    &[
                        ("id", p.masked_id),
                        (
                            "date",
                            super::publications::until_text(lang, p.objection_until),
                        ),
                    ],
                ),
            }
        })
        .collect();
    let body = Feed {
        base: ctx.state.base_url.clone(),
        title: lang.t_args("publications-caption", &[("county", name)]),
        county,
        updated,
        entries,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .body(body))
}
