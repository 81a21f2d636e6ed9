//! `GET/POST /publications/entries/{id}/objection`: anyone may object to an announced entry
//! (公众异议) while its window is open, with a name and a mobile number or email address. The
//! objection goes to the clerks of the entry's county; nobody else sees the sender. At most
//! 5 objections per address an hour.

use actix_web::{HttpRequest, web};
use askama::Template;

use crate::db::objections::{self, NewObjection};
use crate::db::publications::{self, Publication};
use crate::domain::objection::{Objection, ObjectionError};
use crate::i18n::Lang;
use crate::rate_limit::again_at;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::{Fields, FormErrors};
use crate::web::render::{form_page, see_other};

/// `templates/public/objection.html`.
#[derive(Template)]
#[template(path = "public/objection.html")]
pub struct ObjectionPage {
    page: Page,
    entry: Publication,
    category: String,
    /// The window closed: no form.
    closed: bool,
    /// The window's last day in words.
    until: String,
    errors: FormErrors,
    name: String,
    contact: String,
    text: String,
}

async fn entry(ctx: &Ctx, id: i64) -> Result<Publication, AppError> {
    let mut conn = ctx.state.conn().await?;
    publications::find_shown(&mut conn, id, ctx.state.clock.today())
        .await?
        .ok_or(AppError::NotFound)
}

fn render(mut ctx: Ctx, entry: Publication, errors: FormErrors, typed: [String; 3]) -> AppResult {
    let lang = ctx.lang;
    let mut page = ctx.page("objection-title");
    page.has_errors = !errors.is_empty();
    let has_errors = page.has_errors;
    let [name, contact, text] = typed;
    form_page(
        &ObjectionPage {
            page,
            category: super::publications::category_grade(lang, entry.category, entry.grade),
            closed: !entry.open(ctx.state.clock.today()),
            until: super::publications::until_text(lang, entry.objection_until),
            entry,
            errors,
            name,
            contact,
            text,
        },
        has_errors,
    )
}

/// `GET /publications/entries/{id}/objection`
pub async fn show(ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let entry = entry(&ctx, id.into_inner()).await?;
    render(ctx, entry, FormErrors::default(), Default::default())
}

fn message(lang: Lang, e: ObjectionError) -> String {
    lang.t(match e {
        ObjectionError::Name => "objection-name-invalid",
        ObjectionError::Contact => "objection-contact-invalid",
        ObjectionError::TextMissing => "objection-text-missing",
        ObjectionError::TextTooLong => "objection-text-too-long",
    })
}

/// `POST /publications/entries/{id}/objection`
pub async fn submit(
    req: HttpRequest,
    ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let entry = entry(&ctx, id.into_inner()).await?;
    let lang = ctx.lang;
    let (fields, mut errors) = form.into_parts(lang);
    let f = Fields::from(fields);
    let typed = [f.get("name"), f.get("contact"), f.get("text")];
    if !entry.open(ctx.state.clock.today()) {
        return render(ctx, entry, FormErrors::default(), typed);
    }
    let checked = Objection::parse(&typed[0], &typed[1], &typed[2]);
    if let Err(problems) = &checked {
        for e in problems {
            errors.add(e.field(), message(lang, *e));
        }
    }
    let objection = match checked {
        Ok(o) if errors.is_empty() => o,
        _ => return render(ctx, entry, errors, typed),
    };
    let ip = crate::web::client::client_address(&req);
    if let Err(until) = ctx.state.limits.objection_per_address.check(&ip).await? {
        errors.add(
            "text",
            lang.t_args("objection-locked", &[("time", again_at(until))]),
        );
        return render(ctx, entry, errors, typed);
    }
    let mut conn = ctx.state.conn().await?;
    objections::insert(
        &mut conn,
        &NewObjection {
            publication_id: entry.id,
            county_code: entry.county_code.clone(),
            sender_name: objection.name.as_str().to_owned(),
            sender_contact: objection.contact.as_str().to_owned(),
            body: objection.text,
        },
    )
    .await?;
    drop(conn);
    tracing::info!(entry = entry.id, "public objection received");
    ctx.flash("notice-objection-sent")?;
    let county = &entry.county_code;
    let prefix = |n: usize| county.get(..n).unwrap_or_default();
    Ok(see_other(&format!(
        "/publications?province={}&city={}&county={county}",
        prefix(2),
        prefix(4)
    )))
}
