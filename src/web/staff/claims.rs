//! `GET /staff/claims`, `GET/POST /staff/claims/{id}`: the clerks of the county handling a person's
//! case check claims to act for that person — the guardianship proof or the signed authorization
//! beside the name on record — and confirm or refuse them (with a reason the representative
//! reads). Only county and township clerks of the claim's county (404 for anyone else); every
//! view of a claim, of its proof and every decision is audited.

use actix_web::web;
use askama::Template;
use serde::Deserialize;

use super::Staff;
use crate::db::audit;
use crate::db::people::{self, ClaimToCheck};
use crate::db::uploads::Upload;
use crate::domain::representation::RepresentationStatus;
use crate::domain::{IdNumber, Role};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::{Fields, FormErrors};
use crate::web::render::{form_page, html, see_other};

/// Claims shown per page.
const PAGE: i64 = 25;

/// A claim as listed and shown.
pub struct ClaimView {
    id: i64,
    record_name: String,
    claimed_name: String,
    name_matches: bool,
    id_masked: String,
    kind: String,
    relationship: String,
    claimant: String,
    claimed_on: String,
    proof_name: String,
}

fn view(ctx: &Ctx, c: &ClaimToCheck) -> ClaimView {
    ClaimView {
        id: c.id,
        record_name: c.record_name.clone(),
        claimed_name: c.claimed_name.clone(),
        name_matches: c.name_matches(),
        id_masked: IdNumber::parse(&c.id_number)
            .map(|id| id.masked())
            .unwrap_or_default(),
        kind: ctx.lang.t(&format!("people-kind-{}", c.kind.code())),
        relationship: ctx.lang.code_name("relationship", &c.relationship_code),
        claimant: c.claimant_name.clone(),
        claimed_on: c
            .created_at
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%Y-%m-%d")
            .to_string(),
        proof_name: c.proof_name.clone(),
    }
}

async fn clerk(ctx: &Ctx) -> Result<Staff, AppError> {
    let staff = Staff::load(ctx).await?;
    if staff.role != Role::CountyClerk {
        return Err(AppError::Forbidden);
    }
    Ok(staff)
}

/// `templates/staff/claims.html`.
#[derive(Template)]
#[template(path = "staff/claims.html")]
pub struct ClaimsPage {
    page: Page,
    claims: Vec<ClaimView>,
    next: Option<i64>,
}

/// Query of the list: keyset paging.
#[derive(Deserialize)]
pub struct ListQuery {
    after: Option<i64>,
}

/// `GET /staff/claims`
pub async fn list(mut ctx: Ctx, query: web::Query<ListQuery>) -> AppResult {
    let staff = clerk(&ctx).await?;
    let mut conn = ctx.state.conn().await?;
    let found = people::claims_to_check(&mut conn, &staff.county(), query.after, PAGE + 1).await?;
    drop(conn);
    let next = (found.len() as i64 > PAGE).then(|| found[PAGE as usize - 1].id);
    let claims = found
        .iter()
        .take(PAGE as usize)
        .map(|c| view(&ctx, c))
        .collect();
    html(&ClaimsPage {
        page: ctx.page("staff-claims-title"),
        claims,
        next,
    })
}

/// `templates/staff/claim.html`.
#[derive(Template)]
#[template(path = "staff/claim.html")]
pub struct ClaimPage {
    page: Page,
    c: ClaimView,
    open: bool,
    errors: FormErrors,
    decision: String,
    note: String,
}

async fn load(ctx: &Ctx, staff: &Staff, id: i64) -> Result<ClaimToCheck, AppError> {
    let mut conn = ctx.state.conn().await?;
    let claim = people::claim_in(&mut conn, &staff.county(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::about_person(
        &mut conn,
        staff.account.id,
        Some(staff.office.id),
        None,
        Some(claim.person_id),
        &format!("view representation claim {id}"),
    )
    .await?;
    Ok(claim)
}

fn render(
    ctx: &mut Ctx,
    claim: &ClaimToCheck,
    errors: FormErrors,
    decision: String,
    note: String,
) -> AppResult {
    let c = view(ctx, claim);
    let mut page = ctx.page("staff-claim-title");
    page.has_errors = !errors.is_empty();
    let p = ClaimPage {
        page,
        c,
        open: claim.status == RepresentationStatus::Claimed,
        errors,
        decision,
        note,
    };
    form_page(&p, !p.errors.is_empty())
}

/// `GET /staff/claims/{id}`
pub async fn show(mut ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let staff = clerk(&ctx).await?;
    let claim = load(&ctx, &staff, id.into_inner()).await?;
    render(
        &mut ctx,
        &claim,
        FormErrors::default(),
        String::new(),
        String::new(),
    )
}

/// `GET /staff/claims/{id}/proof`: the proof file, for the clerk to check.
pub async fn proof(ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let staff = clerk(&ctx).await?;
    let claim = load(&ctx, &staff, id.into_inner()).await?;
    let mut conn = ctx.state.conn().await?;
    let upload = Upload::find(&mut conn, claim.proof_upload_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    crate::web::upload::serve(&ctx, &upload).await
}

/// `POST /staff/claims/{id}`: `decision` = `confirm` or `refuse` (with a `note` saying why).
pub async fn decide(
    mut ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let staff = clerk(&ctx).await?;
    let id = id.into_inner();
    let claim = load(&ctx, &staff, id).await?;
    let lang = ctx.lang;
    let (fields, mut errors) = form.into_parts(lang);
    let f = Fields::from(fields);
    let decision = f.get("decision").to_owned();
    let note = f.get("note").trim().to_owned();
    let confirm = match decision.as_str() {
        "confirm" => Some(true),
        "refuse" => Some(false),
        _ => {
            errors.add("decision-confirm", lang.t("staff-claim-decision-missing"));
            None
        }
    };
    if confirm == Some(false) && note.is_empty() {
        errors.add("note", lang.t("staff-claim-note-missing"));
    }
    let (Some(confirm), true) = (confirm, errors.is_empty()) else {
        return render(&mut ctx, &claim, errors, decision, note);
    };
    let mut conn = ctx.state.conn().await?;
    let county = staff.county();
    let done = people::decide_by_clerk(
        &mut conn,
        &people::ClerkDecision {
            clerk: staff.account.id,
            office: staff.office.id,
            county: &county,
            id,
            confirm,
            note: &note,
            lang: lang.tag(),
        },
    )
    .await?;
    drop(conn);
    if !done {
        return Err(AppError::NotFound);
    }
    ctx.state.outbox.wake();
    crate::web::notify::sent(&ctx.state, claim.claimant_id);
    tracing::info!(
        clerk = staff.account.id,
        representation = id,
        confirm,
        "claim decided by a clerk"
    );
    ctx.flash(if confirm {
        "notice-claim-confirmed-clerk"
    } else {
        "notice-claim-refused-clerk"
    })?;
    Ok(see_other("/staff/claims"))
}
