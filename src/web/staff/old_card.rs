//! `POST /staff/items/{id}/old-card` (`old_card` = handed_in | lost): a clerk of the residence
//! county records that the old card was handed in, or that the holder declared it lost (001 §六:
//! “旧证由经常居住地县级残联收回”). The applicant sees the same on their case page.

use actix_web::{http::StatusCode, web};

use super::Staff;
use super::item::{PageError, load, render};
use crate::db::applications;
use crate::db::audit;
use crate::domain::Role;
use crate::domain::item::ItemKind;
use crate::domain::matter::MatterKind;
use crate::domain::old_card::{self, OldCard};
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};
use crate::web::form::Fields;
use crate::web::render::see_other;

/// `POST /staff/items/{id}/old-card`
pub async fn record(
    mut ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::Form<Vec<(String, String)>>,
) -> AppResult {
    let staff = Staff::load(&ctx).await?;
    if staff.role != Role::CountyClerk {
        return Err(AppError::NotFound);
    }
    let (item, app) = load(&ctx, &staff, id.into_inner()).await?;
    let collects = item.kind() == ItemKind::Matter
        && MatterKind::ALL
            .into_iter()
            .find(|k| k.code() == item.code)
            .is_some_and(old_card::is_collected);
    if !collects {
        return Err(AppError::NotFound);
    }
    let Some(card) = OldCard::parse(&Fields::from(form.into_inner()).get("old_card")) else {
        let error = PageError::new(
            "old_card",
            Some("old_card".to_owned()),
            ctx.lang.t("old-card-choose"),
            Fields::default(),
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
    let mut conn = ctx.state.conn().await?;
    applications::record_old_card(
        &mut conn,
        item.application_id,
        card,
        ctx.state.clock.today(),
    )
    .await?;
    audit::entry(
        &mut conn,
        staff.account.id,
        Some(staff.office.id),
        Some(item.application_id),
        &format!("old card {}", card.code()),
    )
    .await?;
    drop(conn);
    ctx.flash("notice-old-card-recorded")?;
    Ok(see_other(&format!(
        "/staff/items/{}#old-card-heading",
        item.id
    )))
}
