//! `/admin/calendar`: the official holiday calendar by year, and adding the next year's schedule
//! when the State Council publishes it (every line checked; nothing stored unless all are right).

use askama::Template;

use super::{audit, require_admin};
use crate::db::calendar::{self, YearRow};
use crate::domain::holiday_notice::{NoticeError, parse_notice};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::{Fields, FormErrors};
use crate::web::render::{form_page, see_other};

/// `templates/admin/calendar.html`.
#[derive(Template)]
#[template(path = "admin/calendar.html")]
pub struct CalendarPage {
    page: Page,
    years: Vec<YearRow>,
    errors: FormErrors,
    year: String,
    source: String,
    days: String,
}

async fn render(mut ctx: Ctx, errors: FormErrors, typed: [String; 3]) -> AppResult {
    let years = {
        let mut conn = ctx.state.conn().await?;
        calendar::years(&mut conn).await?
    };
    let mut page = ctx.page("admin-calendar-title");
    page.has_errors = !errors.is_empty();
    let [year, source, days] = typed;
    let has_errors = page.has_errors;
    form_page(
        &CalendarPage {
            page,
            years,
            errors,
            year,
            source,
            days,
        },
        has_errors,
    )
}

/// Counts again every open deadline from the first day of `year` on (they were counted without
/// its notice); how many changed.
async fn recount(ctx: &Ctx, year: i32) -> AppResult<usize> {
    use crate::domain::deadlines::{OpenItem, recount};
    use crate::domain::policy;
    let Some(from) = chrono::NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Ok(0);
    };
    let calendar = ctx.state.calendar().await?;
    let mut conn = ctx.state.conn().await?;
    let open = crate::db::cases::deadlines_from(&mut conn, from).await?;
    let mut changed = 0;
    for item in &open {
        let Some(since) = item.state_since else {
            continue;
        };
        let flow = item.answers.flow();
        let recounted = recount(
            &OpenItem {
                kind: &item.kind,
                code: &item.code,
                status: &item.status,
                since,
                used_days: u32::try_from(item.used_days).unwrap_or(0),
                flow,
                policy: policy::for_province(item.handling_county.as_deref().unwrap_or("")).policy,
                service_policy: policy::for_province(
                    item.approving_county.as_deref().unwrap_or(""),
                )
                .policy,
                attended: item.attended_on,
            },
            &calendar,
        );
        if recounted.is_some() && recounted != item.deadline {
            crate::db::cases::set_deadline(&mut conn, item.id, recounted).await?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// `GET /admin/calendar`
pub async fn show(ctx: Ctx) -> AppResult {
    require_admin(&ctx)?;
    render(ctx, FormErrors::default(), Default::default()).await
}

/// `POST /admin/calendar`: adds a year.
pub async fn add(ctx: Ctx, form: crate::web::form::FieldForm<Vec<(String, String)>>) -> AppResult {
    let admin = require_admin(&ctx)?;
    let lang = ctx.lang;
    let (fields, mut errors) = form.into_parts(lang);
    let f = Fields::from(fields);
    let (year_text, source, days_text) = (f.get("year"), f.get("source"), f.get("days"));
    let year = year_text
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        errors.add("year", lang.t("admin-calendar-year-invalid"));
    }
    if source.trim().is_empty() {
        errors.add("source", lang.t("admin-calendar-source-empty"));
    }
    let days = match parse_notice(year.unwrap_or(2000), &days_text) {
        Ok(days) => days,
        Err(problems) => {
            for NoticeError { line, problem } in problems {
                let key = format!("calendar-problem-{}", problem.code());
                errors.add("days", lang.t_args(&key, &[("line", line.to_string())]));
            }
            vec![]
        }
    };
    if let (Some(year), true) = (year, errors.is_empty()) {
        let added = {
            let mut conn = ctx.state.conn().await?;
            calendar::add_year(&mut conn, year, source.trim(), &days).await?
        };
        if added {
            ctx.state.calendar.forget();
            let recounted = recount(&ctx, year).await?;
            audit(
                &ctx,
                &admin,
                &format!(
                    "calendar: added {year} ({} days), {recounted} deadlines recounted",
                    days.len()
                ),
            )
            .await?;
            ctx.flash("notice-calendar-added")?;
            return Ok(see_other("/admin/calendar"));
        }
        errors.add("year", lang.t("admin-calendar-year-exists"));
    }
    render(ctx, errors, [year_text, source, days_text]).await
}
