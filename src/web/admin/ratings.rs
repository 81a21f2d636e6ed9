//! `GET /admin/ratings`: 好差评 summed up per office and per matter or service (good / average /
//! poor), with the latest comments.

use askama::Template;

use super::require_admin;
use crate::db::{offices, ratings};
use crate::domain::rating::Rating;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::render::html;

/// One row of a summary: who or what, and the counts of good, average and poor.
pub struct Tally {
    name: String,
    good: i64,
    average: i64,
    poor: i64,
}

/// `templates/admin/ratings.html`.
#[derive(Template)]
#[template(path = "admin/ratings.html")]
pub struct RatingsPage {
    page: Page,
    /// Per office, then per matter or service: (caption, rows).
    tables: Vec<(String, Vec<Tally>)>,
    /// Nothing rated yet.
    empty: bool,
    comments: Vec<(String, String, String, String)>,
}

fn tally<K: PartialEq + Clone>(rows: &[(K, String, i64)]) -> Vec<(K, [i64; 3])> {
    let mut out: Vec<(K, [i64; 3])> = vec![];
    for (key, rating, n) in rows {
        // The columns follow Rating::ALL (good, average, poor).
        let Some(slot) =
            Rating::from_code(rating).and_then(|r| Rating::ALL.iter().position(|a| *a == r))
        else {
            continue;
        };
        match out.iter_mut().find(|(k, _)| k == key) {
            Some((_, counts)) => counts[slot] += n,
            None => {
                let mut counts = [0; 3];
                counts[slot] = *n;
                out.push((key.clone(), counts));
            }
        }
    }
    out
}

/// `GET /admin/ratings`
pub async fn show(mut ctx: Ctx) -> AppResult {
    require_admin(&ctx)?;
    let lang = ctx.lang;
    let mut conn = ctx.state.conn().await?;
    let per_office = ratings::by_office(&mut conn).await?;
    let per_code = ratings::by_code(&mut conn).await?;
    let latest = ratings::comments(&mut conn, 20).await?;
    let ids: Vec<i64> = per_office.iter().filter_map(|(o, _, _)| *o).collect();
    let names = offices::names(&mut conn, &ids).await?;
    drop(conn);
    let office_name = |o: &Option<i64>| {
        o.and_then(|id| names.get(&id))
            .cloned()
            .unwrap_or_else(|| lang.t("ratings-no-office"))
    };
    let code_name = |code: &str| {
        if crate::domain::LinkedService::from_code(code).is_some() {
            lang.item(crate::domain::item::ItemKind::Service, code)
        } else {
            lang.item(crate::domain::item::ItemKind::Matter, code)
        }
    };
    let to_rows = |t: Vec<(String, [i64; 3])>| {
        t.into_iter()
            .map(|(name, [good, average, poor])| Tally {
                name,
                good,
                average,
                poor,
            })
            .collect()
    };
    html(&RatingsPage {
        empty: per_office.is_empty() && per_code.is_empty(),
        tables: vec![
            (
                lang.t("ratings-by-office"),
                to_rows(
                    tally(&per_office)
                        .into_iter()
                        .map(|(o, c)| (office_name(&o), c))
                        .collect(),
                ),
            ),
            (
                lang.t("ratings-by-service"),
                to_rows(
                    tally(&per_code)
                        .into_iter()
                        .map(|(code, c)| (code_name(&code), c))
                        .collect(),
                ),
            ),
        ],
        comments: latest
            .into_iter()
            .map(|(code, rating, comment, at)| {
                (
                    code_name(&code),
                    lang.t(&format!("rating-{rating}")),
                    comment.unwrap_or_default(),
                    at.with_timezone(&chrono_tz::Asia::Shanghai)
                        .format("%Y-%m-%d")
                        .to_string(),
                )
            })
            .collect(),
        page: ctx.page("ratings-title"),
    })
}
