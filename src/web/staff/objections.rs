//! `GET/POST /staff/objections/{id}`: a public objection (公众异议) to an announced entry of the
//! clerk's county — who sent it and how to reach them, what they say, and the case it concerns —
//! marked handled with a note. Only clerks of the entry's county (404 for anyone else); every
//! view is audited, since it shows the sender's contact details.

use actix_web::{http::StatusCode, web};
use askama::Template;

use super::Staff;
use crate::db::audit;
use crate::db::objections::{self, Objection};
use crate::domain::Role;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::{Fields, FormErrors};
use crate::web::render::{html_status, see_other};

/// Open objections shown on the queue page.
pub const LISTED: i64 = 25;

/// `templates/staff/objection.html`.
#[derive(Template)]
#[template(path = "staff/objection.html")]
pub struct ObjectionPage {
    page: Page,
    o: Objection,
    received: String,
    errors: FormErrors,
    note: String,
}

/// The county clerk (not a township clerk) of the objection's county, and the objection.
async fn load(ctx: &Ctx, id: i64) -> Result<(Staff, Objection), AppError> {
    let staff = Staff::load(ctx).await?;
    if staff.role != Role::CountyClerk || staff.is_township() {
        return Err(AppError::NotFound);
    }
    let mut conn = ctx.state.conn().await?;
    let o = objections::find(&mut conn, id)
        .await?
        .filter(|o| o.county_code == staff.office.division_code)
        .ok_or(AppError::NotFound)?;
    Ok((staff, o))
}

async fn render(
    mut ctx: Ctx,
    staff: &Staff,
    o: Objection,
    errors: FormErrors,
    note: String,
) -> AppResult {
    let mut conn = ctx.state.conn().await?;
    audit::entry(
        &mut conn,
        staff.account.id,
        Some(staff.office.id),
        None,
        &format!("view public objection {}", o.id),
    )
    .await?;
    drop(conn);
    let mut page = ctx.page("staff-objection-title");
    page.has_errors = !errors.is_empty();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html_status(
        status,
        &ObjectionPage {
            page,
            received: o
                .received_at
                .with_timezone(&chrono_tz::Asia::Shanghai)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            o,
            errors,
            note,
        },
    )
}

/// `GET /staff/objections/{id}`
pub async fn show(ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let (staff, o) = load(&ctx, id.into_inner()).await?;
    render(ctx, &staff, o, FormErrors::default(), String::new()).await
}

/// `POST /staff/objections/{id}`: handled, with what was done.
pub async fn handle(
    ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let (staff, o) = load(&ctx, id.into_inner()).await?;
    let (fields, mut errors) = form.into_parts(ctx.lang);
    let note = Fields::from(fields).get("note").trim().to_owned();
    if note.is_empty() || note.chars().count() > 2000 {
        errors.add("note", ctx.lang.t("staff-objection-note-missing"));
    }
    if !errors.is_empty() {
        return render(ctx, &staff, o, errors, note).await;
    }
    let mut conn = ctx.state.conn().await?;
    let done = objections::handle(&mut conn, o.id, staff.account.id, &note).await?;
    audit::entry(
        &mut conn,
        staff.account.id,
        Some(staff.office.id),
        None,
        &format!("handle public objection {}", o.id),
    )
    .await?;
    drop(conn);
    ctx.flash(if done {
        "notice-objection-handled"
    } else {
        "notice-objection-already-handled"
    })?;
    Ok(see_other("/staff#objections"))
}
