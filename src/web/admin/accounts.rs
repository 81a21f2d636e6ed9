//! `GET/POST /admin/accounts`: an administrator finds an account by its ID number or mobile
//! number (shown masked) and ends all of its sessions — on every device and every app instance,
//! at once (the session rows are deleted and the account's session epoch moves on, which also ends
//! sessions kept in Redis). Audited.

use askama::Template;

use super::{audit, require_admin};
use crate::db::accounts::Account;
use crate::db::sessions;
use crate::domain::{IdNumber, MobileNumber};
use crate::web::account::login::normalise_identifier;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::{Fields, FormErrors};
use crate::web::render::{form_page, see_other};

/// The account found, masked.
pub struct Found {
    id: i64,
    name: String,
    id_masked: String,
    phone_masked: String,
    verified: bool,
}

/// `templates/admin/accounts.html`.
#[derive(Template)]
#[template(path = "admin/accounts.html")]
pub struct AccountsPage {
    page: Page,
    errors: FormErrors,
    identifier: String,
    found: Option<Option<Found>>,
}

fn render(
    ctx: &mut Ctx,
    identifier: String,
    errors: FormErrors,
    found: Option<Option<Found>>,
) -> AppResult {
    let mut page = ctx.page("admin-accounts-title");
    page.has_errors = !errors.is_empty();
    let p = AccountsPage {
        page,
        errors,
        identifier,
        found,
    };
    form_page(&p, !p.errors.is_empty())
}

/// `GET /admin/accounts`
pub async fn show(mut ctx: Ctx) -> AppResult {
    require_admin(&ctx)?;
    render(&mut ctx, String::new(), FormErrors::default(), None)
}

/// `POST /admin/accounts`: `action` = `find` (with `identifier`) or `end-sessions` (with
/// `account`).
pub async fn submit(
    mut ctx: Ctx,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let admin = require_admin(&ctx)?;
    let (fields, mut errors) = form.into_parts(ctx.lang);
    let f = Fields::from(fields);
    if f.get("action") == "end-sessions" {
        let Ok(account) = f.get("account").parse::<i64>() else {
            return Err(crate::web::error::AppError::BadRequest);
        };
        let mut conn = ctx.state.conn().await?;
        let ended = sessions::end_all(&mut conn, account).await?;
        drop(conn);
        ctx.state.accounts.forget(account);
        audit(
            &ctx,
            &admin,
            &format!("ended every session of account {account}"),
        )
        .await?;
        tracing::info!(
            admin = admin.id,
            account,
            ended,
            "sessions ended by an administrator"
        );
        ctx.flash("notice-sessions-ended")?;
        return Ok(see_other("/admin/accounts"));
    }
    let typed = f.get("identifier").trim().to_owned();
    let identifier = normalise_identifier(&typed);
    if !errors.is_empty() {
        return render(&mut ctx, typed, errors, None);
    }
    if IdNumber::parse(&identifier).is_err() && MobileNumber::parse(&identifier).is_err() {
        errors.add(
            "identifier",
            ctx.lang.t("admin-accounts-identifier-invalid"),
        );
        return render(&mut ctx, typed, errors, None);
    }
    let mut conn = ctx.state.conn().await?;
    let found = Account::find_by_identifier(&mut conn, &identifier).await?;
    drop(conn);
    if let Some(a) = &found {
        audit(&ctx, &admin, &format!("looked up account {}", a.id)).await?;
    }
    let found = found.map(|a| Found {
        id: a.id,
        name: crate::domain::publication::mask_name(&a.real_name),
        id_masked: a.id_number().map(|n| n.masked()).unwrap_or_default(),
        phone_masked: MobileNumber::parse(&a.phone)
            .map(|p| p.masked())
            .unwrap_or_default(),
        verified: a.is_verified(),
    });
    render(&mut ctx, typed, FormErrors::default(), Some(found))
}
