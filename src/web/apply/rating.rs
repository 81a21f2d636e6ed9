//! `POST /applications/{id}/items/{item}/rating`: 好差评 — the person rates a completed item of their
//! case (good / average / poor, an optional comment), once.

use actix_web::web;

use crate::db::applications;
use crate::db::cases;
use crate::db::ratings::{self, NewRating};
use crate::domain::rating::{self, Rating};
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};
use crate::web::form::Fields;
use crate::web::render::see_other;

/// `POST /applications/{id}/items/{item}/rating` (`rating`, `comment`).
pub async fn rate(
    ctx: Ctx,
    path: web::Path<(i64, i64)>,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let account = ctx.require_account()?.clone();
    let (id, item_id) = path.into_inner();
    let (fields, refused) = form.into_parts(ctx.lang);
    let f = Fields::from(fields);
    let mut conn = ctx.state.conn().await?;
    let app = applications::find_visible(&mut conn, account.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let items = cases::items_of(&mut conn, app.id).await?;
    let item = items
        .iter()
        .find(|i| i.id == item_id)
        .ok_or(AppError::NotFound)?;
    let back = format!("/applications/{}#rate-{item_id}", app.id);
    let comment = f.get("comment").trim().to_owned();
    let chosen = Rating::from_code(&f.get("rating"));
    let notice = match chosen {
        _ if !rating::may_rate(item.status) => "notice-rating-not-yet",
        None => "notice-rating-choose",
        // This form answers with a notice above it, as for its other refusals.
        Some(_) if !refused.is_empty() => "notice-rating-control-characters",
        Some(_) if comment.chars().count() > rating::MAX_COMMENT => "notice-rating-too-long",
        Some(r) => {
            let office_id = ratings::completing_office(&mut conn, item_id).await?;
            let stored = ratings::insert(
                &mut conn,
                &NewRating {
                    item_id,
                    account_id: account.id,
                    office_id,
                    code: item.code.clone(),
                    rating: r.code().to_owned(),
                    comment: (!comment.is_empty()).then_some(comment),
                },
            )
            .await?;
            if stored {
                "notice-rating-thanks"
            } else {
                "notice-rating-already"
            }
        }
    };
    drop(conn);
    ctx.flash(notice)?;
    Ok(see_other(&back))
}
