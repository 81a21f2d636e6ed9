//! `/admin/staff`: who holds which staff post in which office, appointing an existing account to a
//! post (the role must fit the office: clerks at a federation, doctors at a designated institution,
//! department officers at a department or, for employment help, a federation), and ending a post.

use askama::Template;

use super::{audit, require_admin};
use crate::db::accounts::Account;
use crate::db::offices::{self, Office, Post};
use crate::domain::Role;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::{Fields, FormErrors};
use crate::web::render::{form_page, see_other};

/// The roles an administrator appoints.
const POST_ROLES: [Role; 6] = [
    Role::CountyClerk,
    Role::Helper,
    Role::Doctor,
    Role::HukouClerk,
    Role::DepartmentOfficer,
    Role::ExpertCommittee,
];

/// `templates/admin/staff.html`.
#[derive(Template)]
#[template(path = "admin/staff.html")]
pub struct StaffPage {
    page: Page,
    posts: Vec<Post>,
    offices: Vec<Office>,
    roles: Vec<&'static str>,
    errors: FormErrors,
    identifier: String,
    role: String,
    office: String,
}

async fn render(mut ctx: Ctx, errors: FormErrors, typed: [String; 3]) -> AppResult {
    let (posts, offices) = {
        let mut conn = ctx.state.conn().await?;
        (
            offices::posts(&mut conn).await?,
            offices::page(&mut conn, None, 0, 500).await?,
        )
    };
    let mut page = ctx.page("admin-staff-title");
    page.has_errors = !errors.is_empty();
    let has_errors = page.has_errors;
    let [identifier, role, office] = typed;
    form_page(
        &StaffPage {
            page,
            posts,
            offices,
            roles: POST_ROLES.iter().map(|r| r.code()).collect(),
            errors,
            identifier,
            role,
            office,
        },
        has_errors,
    )
}

/// `GET /admin/staff`
pub async fn show(ctx: Ctx) -> AppResult {
    require_admin(&ctx)?;
    render(ctx, FormErrors::default(), Default::default()).await
}

/// `POST /admin/staff`: appoints an account to a post.
pub async fn appoint(
    ctx: Ctx,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let admin = require_admin(&ctx)?;
    let lang = ctx.lang;
    let (fields, mut errors) = form.into_parts(lang);
    let f = Fields::from(fields);
    let typed = [
        f.get("identifier").trim().to_owned(),
        f.get("role"),
        f.get("office"),
    ];
    let mut conn = ctx.state.conn().await?;
    let account = Account::find_by_identifier(&mut conn, &typed[0]).await?;
    if account.is_none() {
        errors.add("identifier", lang.t("admin-staff-account-unknown"));
    }
    let role = Role::from_code(&typed[1]).filter(|r| POST_ROLES.contains(r));
    if role.is_none() {
        errors.add("role", lang.t("admin-staff-role-missing"));
    }
    let office = match typed[2].parse::<i64>() {
        Ok(id) => offices::find(&mut conn, id).await?,
        Err(_) => None,
    };
    match (&office, role.and_then(Role::office_kinds)) {
        (None, _) => errors.add("office", lang.t("admin-staff-office-missing")),
        (Some(o), Some(kinds)) if !kinds.contains(&o.kind) => {
            errors.add("office", lang.t("admin-staff-office-mismatch"))
        }
        _ => {}
    }
    let (Some(account), Some(role), Some(office), true) =
        (account, role, office, errors.is_empty())
    else {
        drop(conn);
        return render(ctx, errors, typed).await;
    };
    offices::appoint(&mut conn, account.id, role.code(), office.id).await?;
    drop(conn);
    // The account's roles changed: read it afresh on its next request.
    ctx.state.accounts.forget(account.id);
    audit(
        &ctx,
        &admin,
        &format!(
            "staff: {} appointed {} at office {}",
            account.id,
            role.code(),
            office.id
        ),
    )
    .await?;
    ctx.flash("notice-staff-appointed")?;
    Ok(see_other("/admin/staff"))
}

/// `POST /admin/staff/dismiss`: ends a post (account id + role).
pub async fn dismiss(ctx: Ctx, form: crate::web::form::Form<Vec<(String, String)>>) -> AppResult {
    let admin = require_admin(&ctx)?;
    let f = Fields::from(form.into_inner());
    let (Ok(account_id), Some(role)) = (
        f.get("account").parse::<i64>(),
        Role::from_code(&f.get("role")).filter(|r| POST_ROLES.contains(r)),
    ) else {
        return Err(crate::web::error::AppError::BadRequest);
    };
    let ended = {
        let mut conn = ctx.state.conn().await?;
        offices::dismiss(&mut conn, account_id, role.code()).await?
    };
    if ended {
        ctx.state.accounts.forget(account_id);
        audit(
            &ctx,
            &admin,
            &format!("staff: {account_id} dismissed from {}", role.code()),
        )
        .await?;
    }
    ctx.flash(if ended {
        "notice-staff-dismissed"
    } else {
        "notice-staff-not-found"
    })?;
    Ok(see_other("/admin/staff"))
}
