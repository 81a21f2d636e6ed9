//! 网上年审 (001 通知六: “在系统平台中同步实现网上年审”): `GET/POST /certificates/{id}/annual-review`
//! — once a calendar year the holder (or a confirmed representative) checks the certificate's
//! details and says whether anything changed; the record stays on the certificate's page. The
//! scheduled job reminds them (`jobs::sweep_certificates`). Anyone else gets 404.

use actix_web::web;
use askama::Template;

use crate::db::{annual_reviews, certificates};
use crate::domain::annual_review::{self, Answer, AnswerError, ReviewDue};
use crate::web::certificates::{CardView, due_of, load, view};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::{Fields, FormErrors};
use crate::web::render::{form_page, see_other};

/// `templates/certificates/annual_review.html`.
#[derive(Template)]
#[template(path = "certificates/annual_review.html")]
pub struct ReviewPage {
    page: Page,
    c: CardView,
    year: i32,
    changed: String,
    what: String,
    errors: FormErrors,
}

async fn due_now(ctx: &Ctx, c: &certificates::Certificate) -> AppResult<ReviewDue> {
    let mut conn = ctx.state.conn().await?;
    let reviewed = annual_reviews::of_certificate(&mut conn, c.id).await?;
    Ok(due_of(c, &reviewed, ctx.state.clock.today()))
}

fn render(
    ctx: &mut Ctx,
    c: CardView,
    year: i32,
    fields: (String, String),
    errors: FormErrors,
) -> AppResult {
    let mut page = ctx.page("annual-review-title");
    page.has_errors = !errors.is_empty();
    let p = ReviewPage {
        page,
        c,
        year,
        changed: fields.0,
        what: fields.1,
        errors,
    };
    form_page(&p, !p.errors.is_empty())
}

/// `GET /certificates/{id}/annual-review`
pub async fn show(mut ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let id = id.into_inner();
    let (c, name) = load(&ctx, id).await?;
    let ReviewDue::Due(year) = due_now(&ctx, &c).await? else {
        ctx.flash("notice-annual-review-not-due")?;
        return Ok(see_other(&format!("/certificates/{id}#annual-review")));
    };
    let card = view(&ctx, &c, &name).await?;
    render(
        &mut ctx,
        card,
        year,
        Default::default(),
        FormErrors::default(),
    )
}

/// `POST /certificates/{id}/annual-review` (`changed` = yes | no, `what`).
pub async fn submit(
    mut ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let (fields, mut errors) = form.into_parts(ctx.lang);
    let id = id.into_inner();
    let (c, name) = load(&ctx, id).await?;
    let ReviewDue::Due(year) = due_now(&ctx, &c).await? else {
        ctx.flash("notice-annual-review-not-due")?;
        return Ok(see_other(&format!("/certificates/{id}#annual-review")));
    };
    let f = Fields::from(fields);
    let (changed, what) = (f.get("changed"), f.get("what"));
    let checked = annual_review::answer(&changed, &what);
    if let Err(e) = &checked {
        let (field, key) = match e {
            AnswerError::NoChoice => ("changed", "annual-review-choose"),
            AnswerError::NothingSaid => ("what", "annual-review-say-what"),
            AnswerError::TooLong => ("what", "annual-review-too-long"),
        };
        errors.add(field, ctx.lang.t(key));
    }
    let answer = match checked {
        Ok(a) if errors.is_empty() => a,
        _ => {
            let card = view(&ctx, &c, &name).await?;
            return render(&mut ctx, card, year, (changed, what), errors);
        }
    };
    let account = ctx.require_account()?.id;
    let said = match &answer {
        Answer::Unchanged => None,
        Answer::Changed(what) => Some(what.as_str()),
    };
    let mut conn = ctx.state.conn().await?;
    annual_reviews::record(&mut conn, c.id, year, account, said).await?;
    // Done: no reminder this year.
    certificates::mark_review_reminded(&mut conn, c.id, year).await?;
    drop(conn);
    ctx.flash("notice-annual-review-done")?;
    Ok(see_other(&format!("/certificates/{id}#annual-review")))
}
