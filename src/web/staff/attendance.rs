//! `POST /staff/items/{id}/attended` (`attended_on`, YYYY-MM-DD): the designated institution's
//! doctor, or the county clerk, records the day the applicant came for assessment (or was visited
//! at home). The institution's own limit counts from that day (000 §三(二) “评残结束后的3个工作日
//! 内”, 002 三, 004 附件3 五(四)1 “评定机构应在3日内完成评定”), so the applicant's delay before it is
//! never held against the institution, and an applicant who came is never marked as having given
//! up (002 三).

use actix_web::{http::StatusCode, web};

use super::Staff;
use super::item::{PageError, load, render};
use crate::db::audit;
use crate::db::cases;
use crate::domain::Role;
use crate::domain::answers::parse_date;
use crate::domain::item::ItemStatus;
use crate::domain::policy;
use crate::domain::workflow::{self, ItemState};
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};
use crate::web::form::Fields;
use crate::web::render::see_other;

/// `POST /staff/items/{id}/attended`
pub async fn record(
    mut ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let staff = Staff::load(&ctx).await?;
    if !matches!(staff.role, Role::Doctor | Role::CountyClerk) {
        return Err(AppError::NotFound);
    }
    let (item, app) = load(&ctx, &staff, id.into_inner()).await?;
    if item.status != ItemStatus::Matter(ItemState::Accepted) {
        return Err(AppError::NotFound);
    }
    let today = ctx.state.clock.today();
    let designated = item.state_since.unwrap_or(today);
    let (fields, refused) = form.into_parts(ctx.lang);
    let input = Fields::from(fields).get("attended_on");
    let kept = Fields::from(vec![("attended_on".to_owned(), input.clone())]);
    if let Some(error) = PageError::control_characters("attended", &refused, &kept) {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return render(&mut ctx, &staff, &item, &app, Some(error), status).await;
    }
    let day = parse_date(&input);
    let problem = match day {
        None => Some("attended-invalid"),
        Some(d) if d > today => Some("attended-future"),
        Some(d) if d < designated => Some("attended-before-designation"),
        Some(_) => None,
    };
    let (Some(day), None) = (day, problem) else {
        let error = PageError::new(
            "attended",
            Some("attended_on".to_owned()),
            ctx.lang.t(problem.unwrap_or("attended-invalid")),
            kept,
        );
        return render(
            &mut ctx,
            &staff,
            &item,
            &app,
            Some(error),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let calendar = ctx.state.calendar().await?;
    let policy = policy::for_province(&item.handling_county).policy;
    let deadline =
        workflow::assessment_deadline(policy, &calendar, designated, Some(day)).map(|d| d.date);
    let mut conn = ctx.state.conn().await?;
    if !cases::set_attended(&mut conn, item.id, day, deadline).await? {
        return Err(AppError::NotFound);
    }
    audit::entry(
        &mut conn,
        staff.account.id,
        Some(staff.office.id),
        Some(item.application_id),
        &format!("attendance {day} recorded on item {}", item.id),
    )
    .await?;
    drop(conn);
    ctx.flash("notice-attended-recorded")?;
    Ok(see_other(&format!("/staff/items/{}#attended", item.id)))
}
