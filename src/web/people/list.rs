//! The people an account acts for (or says it does), one claim's page — where the code the
//! person received is entered — and ending a claim; and, for a verified person, the claims others
//! made to act for them, which the person confirms or ends.

use actix_web::{HttpRequest, web};
use askama::Template;
use serde::Deserialize;

use crate::db::people::{self, ClaimOnMe, Represented};
use crate::domain::IdNumber;
use crate::domain::one_time_code::CodeRefused;
use crate::rate_limit::again_at;
use crate::web::client::client_address;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::FormErrors;
use crate::web::render::{form_page, html, see_other};

/// A row as shown (ID number masked).
pub struct PersonRow {
    id: i64,
    name: String,
    id_masked: String,
    kind: String,
    relationship: String,
    proof_upload_id: i64,
    proof_name: String,
    confirmed: bool,
    status: String,
}

fn row(ctx: &Ctx, r: Represented) -> PersonRow {
    let status = r.status;
    PersonRow {
        id: r.id,
        name: r.real_name,
        id_masked: IdNumber::parse(&r.id_number)
            .map(|id| id.masked())
            .unwrap_or_default(),
        kind: ctx.lang.t(&format!("people-kind-{}", r.kind.code())),
        relationship: ctx.lang.code_name("relationship", &r.relationship_code),
        proof_upload_id: r.proof_upload_id,
        proof_name: r.proof_name,
        confirmed: status.grants_access(),
        status: ctx
            .lang
            .t(&format!("state-representation-{}", status.code())),
    }
}

/// A claim on the signed-in person, as shown to them.
pub struct ClaimRow {
    id: i64,
    claimant: String,
    kind: String,
    relationship: String,
    confirmed: bool,
    status: String,
    since: String,
}

fn claim_row(ctx: &Ctx, c: ClaimOnMe) -> ClaimRow {
    let status = c.status;
    ClaimRow {
        id: c.id,
        claimant: c.claimant_name,
        kind: ctx.lang.t(&format!("people-kind-{}", c.kind.code())),
        relationship: ctx.lang.code_name("relationship", &c.relationship_code),
        confirmed: status.grants_access(),
        status: ctx
            .lang
            .t(&format!("state-representation-{}", status.code())),
        since: c
            .created_at
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%Y-%m-%d")
            .to_string(),
    }
}

/// `templates/people/list.html`.
#[derive(Template)]
#[template(path = "people/list.html")]
pub struct ListPage {
    page: Page,
    people: Vec<PersonRow>,
    claims: Vec<ClaimRow>,
    verified: bool,
}

/// `GET /people`
pub async fn list(mut ctx: Ctx) -> AppResult {
    let account = ctx.require_account()?.clone();
    let mut conn = ctx.state.conn().await?;
    let found = people::represented_by(&mut conn, account.id).await?;
    // Only a verified person's record is attached to an account.
    let on_me = if account.is_verified() {
        people::claims_on(&mut conn, account.id).await?
    } else {
        vec![]
    };
    drop(conn);
    let people = found.into_iter().map(|r| row(&ctx, r)).collect();
    let claims = on_me.into_iter().map(|c| claim_row(&ctx, c)).collect();
    html(&ListPage {
        page: ctx.page("people-title"),
        people,
        claims,
        verified: account.is_verified(),
    })
}

/// `templates/people/show.html`.
#[derive(Template)]
#[template(path = "people/show.html")]
pub struct ShowPage {
    page: Page,
    person: PersonRow,
    code: String,
    errors: FormErrors,
}

async fn show_page(ctx: &mut Ctx, id: i64, code: String, errors: FormErrors) -> AppResult {
    let account_id = ctx.require_account()?.id;
    let mut conn = ctx.state.conn().await?;
    let found = people::find_represented(&mut conn, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let person = row(ctx, found);
    let mut page = ctx.page("people-person-title");
    // A Chinese name cannot be marked as Chinese inside an English title; the heading names them.
    if ctx.lang == crate::i18n::Lang::ZhCn {
        page.title = person.name.clone();
    }
    page.has_errors = !errors.is_empty();
    let p = ShowPage {
        page,
        person,
        code,
        errors,
    };
    form_page(&p, !p.errors.is_empty())
}

/// `GET /people/{id}` — 404 unless the signed-in account acts (or says it acts) for this person.
pub async fn show(mut ctx: Ctx, id: web::Path<i64>) -> AppResult {
    show_page(
        &mut ctx,
        id.into_inner(),
        String::new(),
        FormErrors::default(),
    )
    .await
}

/// The code form.
#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `POST /people/{id}/confirm`: the code the person gave the representative.
pub async fn confirm(
    mut ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::FieldForm<CodeForm>,
) -> AppResult {
    let account_id = ctx.require_account()?.id;
    let id = id.into_inner();
    let (form, mut errors) = form.into_parts(ctx.lang);
    let typed = form.code;
    if typed.trim().is_empty() {
        errors.add("code", ctx.lang.t("code-empty"));
    }
    if !errors.is_empty() {
        return show_page(&mut ctx, id, typed, errors).await;
    }
    let mut conn = ctx.state.conn().await?;
    if people::find_represented(&mut conn, account_id, id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let verdict =
        people::confirm_by_code(&mut conn, account_id, id, &typed, ctx.state.clock.now()).await?;
    drop(conn);
    match verdict {
        Ok(()) => {
            tracing::info!(
                account = account_id,
                representation = id,
                "representation confirmed by the person's code"
            );
            ctx.flash("notice-person-confirmed")?;
            Ok(see_other(&format!("/people/{id}")))
        }
        Err(e) => {
            errors.add(
                "code",
                ctx.lang.t(match e {
                    CodeRefused::Wrong => "code-wrong",
                    CodeRefused::Spent => "code-spent",
                }),
            );
            show_page(&mut ctx, id, typed, errors).await
        }
    }
}

/// `POST /people/{id}/code`: the person gets a new code (when the portal can reach them; the
/// answer is the same either way), within the limits per person and address.
pub async fn resend(req: HttpRequest, mut ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let account = ctx.require_account()?.clone();
    let id = id.into_inner();
    let limits = &ctx.state.limits;
    let limited = match limits.code_per_address.check(&client_address(&req)).await? {
        Ok(()) => {
            limits
                .code_per_phone
                .check(&format!("representation:{id}"))
                .await?
        }
        refused => refused,
    };
    if let Err(until) = limited {
        let mut errors = FormErrors::default();
        errors.add(
            "code",
            ctx.lang
                .t_args("code-too-many", &[("time", again_at(until))]),
        );
        return show_page(&mut ctx, id, String::new(), errors).await;
    }
    let mut conn = ctx.state.conn().await?;
    if people::find_represented(&mut conn, account.id, id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    people::resend_code(
        &mut conn,
        account.id,
        id,
        &account.real_name,
        &crate::auth::numeric_code(),
        ctx.lang.tag(),
        ctx.state.clock.now(),
    )
    .await?;
    drop(conn);
    ctx.state.outbox.wake();
    ctx.flash("notice-person-code-sent")?;
    Ok(see_other(&format!("/people/{id}")))
}

/// `POST /people/{id}/remove`: the representative ends the claim.
pub async fn remove(ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let account_id = ctx.require_account()?.id;
    let mut conn = ctx.state.conn().await?;
    if !people::end(&mut conn, account_id, id.into_inner()).await? {
        return Err(AppError::NotFound);
    }
    ctx.flash("notice-person-removed")?;
    Ok(see_other("/people"))
}

/// The person's decision on a claim.
#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
}

/// `POST /people/claims/{id}`: the verified person confirms or ends a claim to act for them.
pub async fn decide(
    ctx: Ctx,
    id: web::Path<i64>,
    form: crate::web::form::Form<DecisionForm>,
) -> AppResult {
    let account = ctx.require_account()?.clone();
    if !account.is_verified() {
        return Err(AppError::NotFound);
    }
    let confirm = match form.decision.as_str() {
        "confirm" => true,
        "end" => false,
        _ => return Err(AppError::BadRequest),
    };
    let mut conn = ctx.state.conn().await?;
    let id = id.into_inner();
    if !people::decide_by_person(&mut conn, account.id, id, confirm, ctx.lang.tag()).await? {
        return Err(AppError::NotFound);
    }
    drop(conn);
    ctx.state.outbox.wake();
    tracing::info!(
        account = account.id,
        representation = id,
        confirm,
        "the person decided on a claim"
    );
    ctx.flash(if confirm {
        "notice-claim-confirmed"
    } else {
        "notice-claim-ended"
    })?;
    Ok(see_other("/people"))
}
