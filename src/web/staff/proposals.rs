//! `GET /staff/proposals`, `POST /staff/proposals/{id}`: freezes and cancellations the scheduled
//! job proposes after an un-migrated hukou move, confirmed or dismissed by a clerk of the issuing
//! county (001 §四(三): “原发证残联经核实后可在系统中标注为冻结状态…经核实后可注销”). Only the
//! county federation's clerks (townships and others are refused); every view and decision is
//! audited, and the holder is told when a step is confirmed.

use actix_web::web;
use askama::Template;
use serde::Deserialize;

use super::Staff;
use crate::db::audit;
use crate::db::inbox::MessageKind;
use crate::db::move_proposals::{self, Decision, Proposal};
use crate::db::outbox::{Notice, To};
use crate::domain::certificate::{CertificateStatus, MoveStep, confirm_move_step};
use crate::domain::{IdNumber, Role};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::Fields;
use crate::web::render::{html, see_other};

/// Proposals shown per page.
const PAGE: i64 = 25;

/// A proposal as listed.
pub struct ProposalView {
    id: i64,
    name: String,
    id_masked: String,
    number_masked: String,
    step: String,
    moved_on: String,
    proposed_on: String,
}

/// `templates/staff/proposals.html`.
#[derive(Template)]
#[template(path = "staff/proposals.html")]
pub struct ProposalsPage {
    page: Page,
    proposals: Vec<ProposalView>,
    next: Option<i64>,
}

/// Query of the list: keyset paging.
#[derive(Deserialize)]
pub struct ListQuery {
    after: Option<i64>,
}

/// A clerk of a county federation (not a township's counter).
async fn county_clerk(ctx: &Ctx) -> Result<Staff, AppError> {
    let staff = Staff::load(ctx).await?;
    if staff.role != Role::CountyClerk || staff.is_township() {
        return Err(AppError::Forbidden);
    }
    Ok(staff)
}

fn view(ctx: &Ctx, p: &Proposal) -> ProposalView {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    ProposalView {
        id: p.id,
        name: p.real_name.clone(),
        id_masked: IdNumber::parse(&p.id_number)
            .map(|id| id.masked())
            .unwrap_or_default(),
        number_masked: crate::domain::CertificateNumber::parse(&p.number)
            .map(|n| n.masked())
            .unwrap_or_default(),
        step: ctx.lang.t(&format!(
            "proposal-step-{}",
            p.step.as_deref().unwrap_or_default()
        )),
        moved_on: day(p.hukou_moved_on),
        proposed_on: day(p.proposed_on),
    }
}

/// `GET /staff/proposals`
pub async fn list(mut ctx: Ctx, query: web::Query<ListQuery>) -> AppResult {
    let staff = county_clerk(&ctx).await?;
    let mut conn = ctx.state.conn().await?;
    let found =
        move_proposals::of_county(&mut conn, &staff.county(), query.after, PAGE + 1).await?;
    audit::entry(
        &mut conn,
        staff.account.id,
        Some(staff.office.id),
        None,
        "view move proposals",
    )
    .await?;
    drop(conn);
    let next = (found.len() as i64 > PAGE).then(|| found[PAGE as usize - 1].id);
    let proposals = found
        .iter()
        .take(PAGE as usize)
        .map(|p| view(&ctx, p))
        .collect();
    html(&ProposalsPage {
        page: ctx.page("proposals-title"),
        proposals,
        next,
    })
}

/// `POST /staff/proposals/{id}` (`decision` = confirm | dismiss).
pub async fn decide(
    ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::Form<Vec<(String, String)>>,
) -> AppResult {
    let staff = county_clerk(&ctx).await?;
    let id = id.into_inner();
    let confirm = match Fields::from(form.into_inner()).get("decision").as_str() {
        "confirm" => true,
        "dismiss" => false,
        _ => return Err(AppError::BadRequest),
    };
    let today = ctx.state.clock.today();
    let mut conn = ctx.state.conn().await?;
    let decided = move_proposals::decide(&mut conn, &staff.county(), id, |p| {
        if !confirm {
            return Some(Decision::Dismiss);
        }
        let step = MoveStep::from_proposal_code(p.step.as_deref()?)?;
        let to = confirm_move_step(step, p.hukou_moved_on?, today, p.status).ok()?;
        Some(Decision::Confirm {
            from: p.status,
            to,
            on: today,
        })
    })
    .await?;
    let Some((p, decision)) = decided else {
        return Err(AppError::NotFound);
    };
    let notice = match decision {
        Some(Decision::Confirm { to, .. }) => {
            let kind = if to == CertificateStatus::Frozen {
                MessageKind::Frozen
            } else {
                MessageKind::CancelledUnmigrated
            };
            if let Some(account) = p.holder_account.or(p.applicant_account) {
                Notice {
                    to: To::Account(account),
                    kind,
                    params: serde_json::json!({ "deadline": today.to_string() }),
                    lang: p
                        .lang
                        .as_deref()
                        .and_then(crate::i18n::Lang::from_tag)
                        .unwrap_or_default()
                        .tag(),
                }
                .post(&mut conn)
                .await?;
            }
            "notice-proposal-confirmed"
        }
        Some(Decision::Dismiss) => "notice-proposal-dismissed",
        None => "notice-proposal-not-due",
    };
    audit::entry(
        &mut conn,
        staff.account.id,
        Some(staff.office.id),
        None,
        &format!(
            "move proposal {} for certificate {id}: {}",
            p.step.as_deref().unwrap_or_default(),
            match decision {
                Some(Decision::Confirm { .. }) => "confirmed",
                Some(Decision::Dismiss) => "dismissed",
                None => "not due",
            }
        ),
    )
    .await?;
    drop(conn);
    crate::web::notify::sent(
        &ctx.state,
        p.holder_account.or(p.applicant_account).unwrap_or(0),
    );
    ctx.flash(notice)?;
    Ok(see_other("/staff/proposals"))
}
