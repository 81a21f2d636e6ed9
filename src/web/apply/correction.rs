//! Correcting a returned application: the applicant sees every item the county listed at once,
//! replaces the materials concerned, and resubmits; the acceptance clock resumes with the working
//! days that were left (000 §三(二) 一次性告知补正).

use actix_multipart::Multipart;
use actix_web::web;

use crate::cases::correct;
use crate::db::applications::{self, Application};
use crate::db::cases::{self, ItemRow};
use crate::domain::item::{ItemStatus, ItemSummary};
use crate::domain::materials::Material;
use crate::domain::workflow::ItemState;

use super::draft::Loaded;
use super::pages::Places;
use super::sections;
use crate::domain::section::Section;
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};
use crate::web::render::see_other;
use crate::web::upload;

/// The application of the signed-in applying account and its matter item, if returned.
async fn returned(ctx: &Ctx, id: i64) -> Result<(Application, ItemRow), AppError> {
    let account = ctx.require_account()?;
    let mut conn = ctx.state.conn().await?;
    let app = applications::find_visible(&mut conn, account.id, id)
        .await?
        .filter(|a| a.account_id == account.id)
        .ok_or(AppError::NotFound)?;
    let items = cases::items_of(&mut conn, app.id).await?;
    let matter = ItemSummary::matter_of(&items).ok_or(AppError::NotFound)?;
    let (item, _) = cases::find_item(&mut conn, matter.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if item.status != ItemStatus::Matter(ItemState::ReturnedForCorrection) {
        return Err(AppError::Redirect(format!("/applications/{}", app.id)));
    }
    Ok((app, item))
}

/// `POST /applications/{id}/materials/{material}` (multipart): replace a material while returned.
pub async fn replace_material(
    ctx: Ctx,
    path: web::Path<(i64, String)>,
    payload: Multipart,
) -> AppResult {
    let (id, code) = path.into_inner();
    let material = Material::ALL
        .into_iter()
        .find(|m| m.code() == code)
        .ok_or(AppError::NotFound)?;
    let (app, _) = returned(&ctx, id).await?;
    let form = upload::read_form(payload, "file").await?;
    let account_id = app.account_id;
    let notice = match form.file {
        Some(Ok((name, bytes))) => {
            match upload::store_material(&ctx, account_id, material, &name, bytes).await? {
                Ok(upload_id) => {
                    let mut conn = ctx.state.conn().await?;
                    cases::set_material(&mut conn, app.id, material.code(), upload_id).await?;
                    "notice-material-uploaded"
                }
                Err(e) => upload::error_key(e),
            }
        }
        Some(Err(e)) => upload::error_key(e),
        None => "apply-material-choose-file",
    };
    ctx.flash(notice)?;
    Ok(see_other(&format!("/applications/{}#correction", app.id)))
}

/// `POST /applications/{id}/resubmit`: corrected; back to the county with the days left.
pub async fn resubmit(ctx: Ctx, path: web::Path<i64>) -> AppResult {
    let (app, item) = returned(&ctx, path.into_inner()).await?;
    // Reopened sections must be complete; their answers replace the submitted ones.
    let mut conn = ctx.state.conn().await?;
    let sections = correct::reopened_of(&mut conn, app.id).await?;
    drop(conn);
    let corrected = match sections.first() {
        Some(first) => {
            let d = Loaded::load_section(&ctx, app.draft_id, Some(first)).await?;
            let places = Places::default();
            let env = d.env(&ctx, &places);
            let incomplete = sections
                .iter()
                .filter_map(|s| Section::from_code(s))
                .any(|s| !sections::validate(s, &d.answers, &env).is_empty());
            if incomplete {
                ctx.flash("notice-correction-incomplete")?;
                return Ok(see_other(&format!("/applications/{}#correction", app.id)));
            }
            Some(d.answers)
        }
        None => None,
    };
    let calendar = ctx.state.calendar().await?;
    let mut conn = ctx.state.conn().await?;
    let stored = correct::resubmit(
        &mut conn,
        &app,
        &item,
        corrected.as_ref(),
        &calendar,
        ctx.state.clock.today(),
    )
    .await?;
    drop(conn);
    ctx.flash(if stored {
        "notice-resubmitted"
    } else {
        "staff-conflict"
    })?;
    Ok(see_other(&format!("/applications/{}", app.id)))
}
