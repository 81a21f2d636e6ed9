//! Correcting a returned application: the applicant sees every item the county listed at once,
//! replaces the materials concerned, and resubmits; the acceptance clock resumes with the working
//! days that were left (000 §三(二) 一次性告知补正).

use actix_multipart::Multipart;
use actix_web::web;
use chrono::Utc;

use crate::db::applications::{self, Application};
use crate::db::calendar;
use crate::db::cases::{self, Event, ItemRow, Transition};
use crate::domain::materials::Material;
use crate::domain::policy;
use crate::domain::workflow::{self, Actor, Command, Facts, ItemState, Jurisdiction};
use crate::domain::working_days::local_date;
use crate::web::apply::answers::Answers;
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};
use crate::web::render::see_other;
use crate::web::upload;

/// What the county asked to correct: the list of the latest return of the matter item.
pub fn requested(events: &[Event], matter_item: i64) -> Vec<String> {
    events
        .iter()
        .rev()
        .find(|e| e.item_id == matter_item && e.command == "return_for_correction")
        .and_then(|e| e.note.get("items"))
        .and_then(|v| v.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The application of the signed-in applying account and its matter item, if returned.
async fn returned(ctx: &Ctx, id: i64) -> Result<(Application, ItemRow), AppError> {
    let account = ctx.require_account()?;
    let mut conn = ctx.state.conn().await?;
    let app = applications::find_visible(&mut conn, account.id, id)
        .await?
        .filter(|a| a.account_id == account.id)
        .ok_or(AppError::NotFound)?;
    let matter = cases::items_of(&mut conn, app.id)
        .await?
        .into_iter()
        .find(|i| i.1 == "matter")
        .ok_or(AppError::NotFound)?;
    let (item, _) = cases::find_item(&mut conn, matter.0)
        .await?
        .ok_or(AppError::NotFound)?;
    if item.status != ItemState::ReturnedForCorrection.code() {
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
        Some(Ok((name, bytes))) => match upload::store(&ctx, account_id, &name, bytes).await? {
            Ok(upload_id) => {
                let mut conn = ctx.state.conn().await?;
                cases::set_material(&mut conn, app.id, material.code(), upload_id).await?;
                "notice-material-uploaded"
            }
            Err(e) => upload::error_key(e),
        },
        Some(Err(e)) => upload::error_key(e),
        None => "apply-material-choose-file",
    };
    ctx.flash(notice)?;
    Ok(see_other(&format!("/applications/{}#correction", app.id)))
}

/// `POST /applications/{id}/resubmit`: corrected; back to the county with the days left.
pub async fn resubmit(ctx: Ctx, path: web::Path<i64>) -> AppResult {
    let (app, item) = returned(&ctx, path.into_inner()).await?;
    let mut conn = ctx.state.conn().await?;
    let calendar = calendar::load(&mut conn).await?;
    let jurisdiction = Jurisdiction {
        handling_county: item.handling_county.clone().unwrap_or_default(),
        approving_county: item.approving_county.clone().unwrap_or_default(),
        institution: item.institution_id,
    };
    let policy = policy::for_province(&jurisdiction.handling_county).policy;
    let today = local_date(Utc::now());
    let flow = Answers::flow_of(&app.answers);
    let next = workflow::decide(
        &Facts {
            state: ItemState::ReturnedForCorrection,
            flow,
            jurisdiction: &jurisdiction,
            policy,
            calendar: &calendar,
            since: item.state_since.unwrap_or(today),
            today,
        },
        &Actor::Applicant,
        &Command::Resubmit,
    )
    .map_err(|_| AppError::NotFound)?;
    let used = u32::try_from(item.used_days).unwrap_or(0);
    let deadline = workflow::deadline(policy, &calendar, next, flow, today, used).map(|d| d.date);
    let stored = Transition {
        item_id: item.id,
        expected_version: item.version,
        from: item.status.as_str(),
        to: next.code(),
        since: today,
        deadline,
        used_days: item.used_days,
        institution_id: item.institution_id,
        actor_account_id: app.account_id,
        actor_role: "applicant",
        office_id: None,
        command: Command::Resubmit.code(),
        note: serde_json::json!({}),
        application_id: app.id,
        notice: None,
        followers: vec![],
        conclusion: None,
    }
    .apply(&mut conn)
    .await?;
    drop(conn);
    ctx.flash(if stored {
        "notice-resubmitted"
    } else {
        "staff-conflict"
    })?;
    Ok(see_other(&format!("/applications/{}", app.id)))
}
