//! `GET/POST /staff/counter/applications/{id}/review`: a clerk at the window files a review
//! request (复核) for a person who came in, within the same window as online (000 §三(二)); the
//! clerk types the person's reasons and scans in the request the person signed (001 附件三(一)).
//! Only applications the clerk's county handles; every view and filing is audited.

use actix_multipart::Multipart;
use actix_web::web;

use super::counter::AtWindow;
use crate::cases::review::Standing;
use crate::db::audit;
use crate::domain::Role;
use crate::web::apply::review::{Via, file_request, render_via};
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};
use crate::web::form::FormErrors;

fn via(id: i64, item: Option<i64>) -> Via {
    Via {
        action: format!("/staff/counter/applications/{id}/review"),
        back: item.map_or_else(
            || "/staff/counter".to_owned(),
            |i| format!("/staff/items/{i}"),
        ),
        at_counter: true,
    }
}

/// The clerk, and the application if their county handles it (the view audited).
async fn load(ctx: &Ctx, id: i64, what: &str) -> Result<(AtWindow, Standing), AppError> {
    let at = AtWindow::load(ctx).await?;
    if at.staff.role != Role::CountyClerk {
        return Err(AppError::Forbidden);
    }
    let calendar = ctx.state.calendar().await?;
    let mut conn = ctx.state.conn().await?;
    let case = Standing::load_in_county(&mut conn, &at.staff.county(), id, &calendar).await?;
    audit::entry(
        &mut conn,
        at.staff.account.id,
        Some(at.staff.office.id),
        Some(id),
        what,
    )
    .await?;
    Ok((at, case))
}

/// `GET /staff/counter/applications/{id}/review`
pub async fn show(ctx: Ctx, path: web::Path<i64>) -> AppResult {
    let id = path.into_inner();
    let (_, case) = load(&ctx, id, "review request form opened at the window").await?;
    let via = via(id, Some(case.matter.id));
    render_via(ctx, &case, FormErrors::default(), String::new(), via)
}

/// `POST /staff/counter/applications/{id}/review` (multipart: `reasons`, `attachment`).
pub async fn submit(ctx: Ctx, path: web::Path<i64>, payload: Multipart) -> AppResult {
    let id = path.into_inner();
    let (at, case) = load(&ctx, id, "review request form submitted at the window").await?;
    let via = via(id, Some(case.matter.id));
    file_request(ctx, &case, payload, at.staff.account.id, via).await
}
