//! `POST /staff/items/{id}/card`: the clerk records that the physical card was sent, the way
//! the applicant asked among those the province offers (`domain::card_delivery`: by post with a
//! tracking number, handed to the township or village, or — in Henan — ready at the window),
//! and the holder is told. Delivery itself is confirmed with the
//! matter's `confirm_delivery` command.

use actix_web::{http::StatusCode, web};

use super::Staff;
use super::item::PageError;
use crate::db::audit;
use crate::db::cases::{self, CaseApplication, ItemRow};
use crate::db::certificates::{self, Certificate};
use crate::db::inbox::MessageKind;
use crate::db::outbox::{Notice, To};
use crate::domain::Role;
use crate::domain::card_delivery::CardDelivery;
use crate::domain::item::ItemKind;
use crate::i18n::Lang;
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};
use crate::web::form::Fields;
use crate::web::render::see_other;

/// The clerk (county or hukou county), the matter item of the case and its current certificate,
/// if the item lies in the clerk's jurisdiction (else 404).
async fn load(
    ctx: &Ctx,
    id: i64,
) -> Result<(Staff, ItemRow, CaseApplication, Certificate), AppError> {
    let staff = Staff::load(ctx).await?;
    if !matches!(staff.role, Role::CountyClerk | Role::HukouClerk) {
        return Err(AppError::NotFound);
    }
    let mut conn = ctx.state.conn().await?;
    let (item, app) = cases::find_item(&mut conn, id)
        .await?
        .filter(|(item, _)| staff.may_see(item) && item.kind() == ItemKind::Matter)
        .ok_or(AppError::NotFound)?;
    let cert = certificates::of_application(&mut conn, item.application_id)
        .await?
        .filter(|c| c.superseded_by.is_none())
        .ok_or(AppError::NotFound)?;
    Ok((staff, item, app, cert))
}

/// The item again with the refusal at its field and what was typed kept (422).
async fn refuse(
    mut ctx: Ctx,
    staff: &Staff,
    item: &ItemRow,
    app: &CaseApplication,
    error: PageError,
) -> AppResult {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    super::item::render(&mut ctx, staff, item, app, Some(error), status).await
}

/// A tracking number: 6–40 letters, digits or dashes.
pub fn tracking_number(input: &str) -> Option<String> {
    let t = input.trim();
    ((6..=40).contains(&t.len()) && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .then(|| t.to_ascii_uppercase())
}

/// `POST /staff/items/{id}/card` (`method` = post | township | window, `tracking`).
pub async fn sent(
    ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let (staff, item, app, cert) = load(&ctx, id.into_inner()).await?;
    let (fields, refused) = form.into_parts(ctx.lang);
    let f = Fields::from(fields);
    if let Some(error) = PageError::control_characters("card", &refused, &f) {
        return refuse(ctx, &staff, &item, &app, error).await;
    }
    let method = f.get("method");
    let tracking = tracking_number(&f.get("tracking"));
    let back = format!("/staff/items/{}", item.id);
    // The ways the residence province offers (000 §三(三); 004 附件1 十(一)1).
    let way =
        CardDelivery::from_code(&method).filter(|w| app.answers.card_deliveries().contains(w));
    let problem = match way {
        Some(w) if w.tracked() && tracking.is_none() => {
            Some(("tracking", "staff-card-tracking-invalid"))
        }
        Some(_) => None,
        None => Some(("method", "staff-card-method-missing")),
    };
    if let Some((field, key)) = problem {
        let error = PageError::new("card", Some(field.to_owned()), ctx.lang.t(key), f);
        return refuse(ctx, &staff, &item, &app, error).await;
    }
    let mut conn = ctx.state.conn().await?;
    let today = ctx.state.clock.today();
    let tracking = tracking.filter(|_| way.is_some_and(CardDelivery::tracked));
    certificates::card_sent(&mut conn, cert.id, &method, tracking.as_deref(), today).await?;
    Notice {
        to: To::Case(item.application_id),
        kind: MessageKind::CaseUpdated,
        params: serde_json::json!({ "reference": app.reference, "state": "card_sent" }),
        lang: Lang::from_tag(&app.lang).unwrap_or_default().tag(),
    }
    .post(&mut conn)
    .await?;
    audit::entry(
        &mut conn,
        staff.account.id,
        Some(staff.office.id),
        Some(item.application_id),
        &format!("card sent for certificate {}", cert.id),
    )
    .await?;
    drop(conn);
    crate::web::notify::sent(&ctx.state, app.account_id);
    ctx.flash("notice-card-sent")?;
    Ok(see_other(&back))
}

/// `POST /staff/items/{id}/hukou-moved` (`moved_on`, YYYY-MM-DD, not in the future): records that
/// the holder's hukou moved without migrating the certificate (001 §四(三)); the scheduled job
/// then gives notice, freezes after 6 months and cancels after a year.
pub async fn hukou_moved(
    ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let (staff, item, app, cert) = load(&ctx, id.into_inner()).await?;
    let today = ctx.state.clock.today();
    let (fields, refused) = form.into_parts(ctx.lang);
    let f = Fields::from(fields);
    if let Some(error) = PageError::control_characters("hukou", &refused, &f) {
        return refuse(ctx, &staff, &item, &app, error).await;
    }
    let moved = crate::domain::answers::parse_date(&f.get("moved_on")).filter(|d| *d <= today);
    let back = format!("/staff/items/{}", item.id);
    let Some(moved) = moved else {
        let message = ctx.lang.t("notice-moved-date-invalid");
        let error = PageError::new("hukou", Some("moved_on".to_owned()), message, f);
        return refuse(ctx, &staff, &item, &app, error).await;
    };
    let mut conn = ctx.state.conn().await?;
    certificates::set_hukou_moved(&mut conn, cert.id, Some(moved)).await?;
    audit::entry(
        &mut conn,
        staff.account.id,
        Some(staff.office.id),
        Some(item.application_id),
        &format!("hukou move recorded for certificate {}", cert.id),
    )
    .await?;
    drop(conn);
    ctx.flash("notice-moved-recorded")?;
    Ok(see_other(&back))
}
