//! `GET/POST /publications/lookup`: a person (or their guardian) enters the ID number and name and
//! sees their own assessment conclusion and how to request a review, with the exact last date.
//! Every attempt counts against the address and the ID number typed; the answer is the same for
//! an unknown person, a wrong name and a case not yet assessed.

use actix_web::{HttpRequest, web};
use askama::Template;
use chrono::Utc;

use crate::db::publications;
use crate::domain::publication::PublicationDates;
use crate::domain::review::ReviewState;
use crate::domain::workflow::ItemState;
use crate::domain::working_days::local_date;
use crate::domain::{IdNumber, RealName, policy};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::{Fields, FormErrors};
use crate::web::rate_limit::again_at;
use crate::web::render::form_page;

/// The result shown.
pub struct Found {
    meets: bool,
    /// The final conclusion of a review (终评).
    is_final: bool,
    category: String,
    grade: String,
    /// The right to a review in words: until when, closed since when, requested, or final.
    rights: String,
}

/// `templates/public/lookup.html`.
#[derive(Template)]
#[template(path = "public/lookup.html")]
pub struct LookupPage {
    page: Page,
    errors: FormErrors,
    id_number: String,
    name: String,
    /// Looked up: `Some(None)` is the uniform “nothing to show”.
    result: Option<Option<Found>>,
}

fn render(
    mut ctx: Ctx,
    errors: FormErrors,
    typed: (String, String),
    result: Option<Option<Found>>,
) -> AppResult {
    let mut page = ctx.page("lookup-title");
    page.has_errors = !errors.is_empty();
    let has_errors = page.has_errors;
    form_page(
        &LookupPage {
            page,
            errors,
            id_number: typed.0,
            name: typed.1,
            result,
        },
        has_errors,
    )
}

/// `GET /publications/lookup`
pub async fn show(ctx: Ctx) -> AppResult {
    render(ctx, FormErrors::default(), Default::default(), None)
}

/// `POST /publications/lookup`
pub async fn submit(
    req: HttpRequest,
    ctx: Ctx,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let f = Fields::from(form.into_inner());
    let lang = ctx.lang;
    let typed = (
        f.get("id_number").trim().to_uppercase(),
        f.get("name").trim().to_owned(),
    );
    let mut errors = FormErrors::default();
    let id = IdNumber::parse(&typed.0).ok();
    if id.is_none() {
        errors.add("id_number", lang.t("lookup-id-invalid"));
    }
    if RealName::parse(&typed.1).is_err() {
        errors.add("name", lang.t("lookup-name-invalid"));
    }
    let Some(id) = id.filter(|_| errors.is_empty()) else {
        return render(ctx, errors, typed, None);
    };
    let now = Utc::now();
    let ip = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    // Every lookup counts, per address and per ID number (`PORTAL_LOOKUP_PER_*` an hour).
    let limits = &ctx.state.limits;
    let allowed = limits
        .lookup_per_address
        .check(&ip)
        .and_then(|()| limits.lookup_per_id.check(id.as_str()));
    if let Err(until) = allowed {
        errors.add(
            "id_number",
            lang.t_args("lookup-locked", &[("time", again_at(until))]),
        );
        return render(ctx, errors, typed, None);
    }
    let mut conn = ctx.state.conn().await?;
    let found = publications::conclusion_of(&mut conn, id.as_str()).await?;
    drop(conn);
    let today = local_date(now);
    // Only a notified result without an announcement counts its window here.
    let calendar = match &found {
        Some(c) if c.objection_until.is_none() => Some(ctx.state.calendar().await?),
        _ => None,
    };
    let result = found.filter(|c| c.real_name == typed.1).and_then(|c| {
        // The window runs from the publication start or the notice (000 §三(二)).
        let until = c.objection_until.or_else(|| {
            let notified = ["notified_meets", "notified_not_meets"].contains(&c.status.as_str());
            let since = c.state_since.filter(|_| notified)?;
            let p = policy::for_province(&c.county).policy;
            Some(PublicationDates::new(p, calendar.as_deref()?, since, 0).objection_until)
        });
        let review = c.review_status.as_deref().and_then(ReviewState::from_code);
        let is_final = ItemState::from_code(&c.status)
            .is_some_and(|s| matches!(s, ItemState::FinalConclusion { .. }))
            || matches!(review, Some(ReviewState::Concluded { .. }));
        let review_open = review.is_some_and(ReviewState::is_open);
        let date = |d: chrono::NaiveDate| vec![("date", d.format("%Y-%m-%d").to_string())];
        let rights = if is_final {
            lang.t("lookup-final")
        } else if review_open {
            lang.t("lookup-review-requested")
        } else {
            let until = until?;
            if today <= until && c.review_status.is_none() {
                lang.t_args("lookup-review-open", &date(until))
            } else {
                lang.t_args("lookup-review-closed", &date(until))
            }
        };
        Some(Found {
            meets: c.meets,
            is_final,
            rights,
            category: c
                .category
                .map(|x| super::publications::category_name(lang, x))
                .unwrap_or_default(),
            grade: c
                .grade
                .map(|x| super::publications::grade_name(lang, x))
                .unwrap_or_default(),
        })
    });
    tracing::debug!(found = result.is_some(), "result lookup");
    render(ctx, FormErrors::default(), typed, Some(result))
}
