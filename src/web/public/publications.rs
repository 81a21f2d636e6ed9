//! `GET /publications`: 评残公示 — choose a province, city and county (page reloads, no script
//! needed), then the county's entries in public view, newest first, paged by key, filtered by
//! category and date range. Names and ID numbers were masked when the entry was written.

use std::sync::Arc;

use actix_web::HttpRequest;
use askama::Template;
use chrono::NaiveDate;

use crate::db::publications::{self, Listing};
use crate::db::reference::Division;
use crate::domain::{Category, Grade};
use crate::i18n::Lang;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::render::html;

/// Rows per page.
const PAGE: i64 = 20;

/// An entry as shown.
pub struct Row {
    id: i64,
    name: String,
    id_number: String,
    category: String,
    grade: String,
    published_on: String,
    objection_until: String,
    open: bool,
}

/// `templates/public/publications.html`.
#[derive(Template)]
#[template(path = "public/publications.html")]
pub struct PublicationsPage<'a> {
    page: Page,
    provinces: &'a [Division],
    cities: &'a [Division],
    counties: &'a [Division],
    province: String,
    city: String,
    county: String,
    county_name: String,
    categories: Vec<(i16, String)>,
    category: String,
    from: String,
    to: String,
    rows: Vec<Row>,
    next: Option<String>,
}

/// The query: which county and filters, and the paging key.
#[derive(Default)]
struct Query {
    province: String,
    city: String,
    county: String,
    category: String,
    from: String,
    to: String,
    before: Option<(NaiveDate, i64)>,
}

fn digits(v: &str, n: usize) -> String {
    if v.len() == n && v.bytes().all(|b| b.is_ascii_digit()) {
        v.to_owned()
    } else {
        String::new()
    }
}

fn parse(req: &HttpRequest) -> Query {
    let mut q = Query::default();
    for (k, v) in form_urlencoded::parse(req.query_string().as_bytes()) {
        match k.as_ref() {
            "province" => q.province = digits(&v, 2),
            "city" => q.city = digits(&v, 4),
            "county" => q.county = digits(&v, 6),
            "category" => q.category = digits(&v, 1),
            "from" if NaiveDate::parse_from_str(&v, "%Y-%m-%d").is_ok() => q.from = v.into_owned(),
            "to" if NaiveDate::parse_from_str(&v, "%Y-%m-%d").is_ok() => q.to = v.into_owned(),
            "before" => {
                q.before = v.split_once('.').and_then(|(d, id)| {
                    Some((
                        NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?,
                        id.parse().ok()?,
                    ))
                })
            }
            _ => {}
        }
    }
    // A lower level only within the chosen higher one.
    if !q.city.starts_with(&q.province) || q.province.is_empty() {
        q.city.clear();
    }
    if !q.county.starts_with(&q.city) || q.city.is_empty() {
        q.county.clear();
    }
    q
}

/// A category in words (“肢体残疾”).
/// The last day to object, or — where the seeds set no window (001 §四(一)4, 004 附件3 五(四)1) —
/// that the county's own period applies.
pub fn until_text(lang: Lang, until: Option<chrono::NaiveDate>) -> String {
    match until {
        Some(d) => d.to_string(),
        None => lang.t("publications-until-local"),
    }
}

/// A category's name.
pub fn category_name(lang: Lang, category: i16) -> String {
    u8::try_from(category)
        .ok()
        .and_then(Category::from_code)
        .map(|c| lang.category(c))
        .unwrap_or_default()
}

/// A grade in words (“二级（重度）”).
pub fn grade_name(lang: Lang, grade: i16) -> String {
    u8::try_from(grade)
        .ok()
        .and_then(Grade::from_code)
        .map(|g| lang.grade(g))
        .unwrap_or_default()
}

/// An entry's category and grade in words (“肢体残疾 二级”).
pub fn category_grade(lang: Lang, category: i16, grade: i16) -> String {
    format!(
        "{} {}",
        category_name(lang, category),
        grade_name(lang, grade)
    )
}

/// The link to the entries after `last` (its day and id), with the same county and filters.
fn next_page(q: &Query, last: (NaiveDate, i64)) -> String {
    const PATH: &str = "/publications?";
    // Pairs after the path's `?`, the first without a `&` before it.
    let mut url = form_urlencoded::Serializer::for_suffix(String::from(PATH), PATH.len());
    url.append_pair("province", &q.province)
        .append_pair("city", &q.city)
        .append_pair("county", &q.county);
    for (k, v) in [("category", &q.category), ("from", &q.from), ("to", &q.to)] {
        if !v.is_empty() {
            url.append_pair(k, v);
        }
    }
    url.append_pair("before", &format!("{}.{}", last.0, last.1));
    url.finish()
}

/// `GET /publications?province=&city=&county=&category=&from=&to=&before=`
pub async fn list(req: HttpRequest, mut ctx: Ctx) -> AppResult {
    let q = parse(&req);
    let lang = ctx.lang;
    let today = ctx.state.clock.today();
    // The code lists are borrowed from the copy read at start-up, not copied per request.
    let reference = ctx.state.reference.clone();
    let provinces = &reference.provinces;
    let cities = reference.children(&q.province);
    let counties = reference.children(&q.city);
    let county_name = counties
        .iter()
        .find(|d| d.code == q.county)
        .map(|d| d.name.clone())
        .unwrap_or_default();
    let found = if q.county.is_empty() {
        Arc::default()
    } else {
        let listing = Listing {
            county: q.county.clone(),
            category: q.category.parse().ok(),
            from: q.from.parse().ok(),
            to: q.to.parse().ok(),
            before: q.before,
        };
        // Shared with the requests for the same page at the same moment (`web::flights`).
        let state = &ctx.state;
        let read = async || {
            let mut conn = state.read_conn().await.map_err(|e| e.to_string())?;
            publications::list(&mut conn, &listing, today, PAGE + 1)
                .await
                .map(Arc::new)
                .map_err(|e| e.to_string())
        };
        state
            .listings
            .share((listing.clone(), today), read)
            .await
            .map_err(|e| anyhow::anyhow!("announcement listing: {e}"))?
    };
    let shown = &found[..found.len().min(PAGE as usize)];
    let next = (found.len() as i64 > PAGE).then(|| {
        let last = shown
            .last()
            .map(|p| (p.published_on, p.id))
            .unwrap_or((today, 0));
        next_page(&q, last)
    });
    // `Display` of a date is ISO 8601 (YYYY-MM-DD), without strftime parsing.
    let day = |d: NaiveDate| d.to_string();
    let rows = shown
        .iter()
        .map(|p| Row {
            open: p.open(today),
            id: p.id,
            name: p.masked_name.clone(),
            id_number: p.masked_id.clone(),
            category: category_name(lang, p.category),
            grade: grade_name(lang, p.grade),
            published_on: day(p.published_on),
            objection_until: until_text(lang, p.objection_until),
        })
        .collect();
    html(&PublicationsPage {
        provinces,
        cities,
        counties,
        county_name,
        categories: Category::ALL
            .into_iter()
            .map(|c| (i16::from(c.code()), lang.category(c)))
            .collect(),
        province: q.province,
        city: q.city,
        county: q.county,
        category: q.category,
        from: q.from,
        to: q.to,
        rows,
        next,
        page: ctx.page("publications-title"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(uri: &str) -> Query {
        parse(&actix_web::test::TestRequest::with_uri(uri).to_http_request())
    }

    #[test]
    fn the_next_page_keeps_the_county_and_filters_and_moves_the_key() {
        let q =
            query("/publications?province=43&city=4301&county=430102&category=2&from=2026-01-01");
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let next = next_page(&q, (day, 999_201));
        assert_eq!(
            next,
            "/publications?province=43&city=4301&county=430102&category=2&from=2026-01-01\
             &before=2026-12-05.999201"
        );
        let again = query(&next);
        assert_eq!(
            (
                again.county,
                again.category,
                again.from,
                again.to,
                again.before
            ),
            (
                q.county,
                q.category,
                q.from,
                String::new(),
                Some((day, 999_201))
            )
        );
    }
}
