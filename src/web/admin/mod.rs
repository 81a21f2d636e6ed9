//! The administrator's pages: offices and designated institutions per county, staff posts, the
//! official holiday calendar, and the province policies (read only). Every route answers 403 to
//! anyone without the administrator role; every change is written to the audit log.

pub mod accounts;
pub mod calendar;
pub mod office;
pub mod offices;
pub mod policies;
pub mod ratings;
pub mod staff;

use askama::Template;

use crate::db::accounts::Account;
use crate::db::audit;
use crate::domain::Role;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::render::html;

/// The signed-in administrator, or 403.
pub fn require_admin(ctx: &Ctx) -> Result<Account, AppError> {
    let account = ctx.require_account()?.clone();
    if !account.has_role(Role::Admin) {
        return Err(AppError::Forbidden);
    }
    Ok(account)
}

/// Writes an administrator's change to the audit log.
pub async fn audit(ctx: &Ctx, admin: &Account, what: &str) -> Result<(), AppError> {
    let mut conn = ctx.state.conn().await?;
    audit::entry(&mut conn, admin.id, None, None, what).await?;
    tracing::info!(admin = admin.id, what, "administration");
    Ok(())
}

/// `templates/admin/index.html`.
#[derive(Template)]
#[template(path = "admin/index.html")]
pub struct IndexPage {
    page: Page,
    /// The year whose official holiday notice is due and missing (from 1 November).
    notice_due: Option<i32>,
}

/// `GET /admin`
pub async fn index(mut ctx: Ctx) -> AppResult {
    require_admin(&ctx)?;
    let calendar = ctx.state.calendar().await?;
    let today = ctx.state.clock.today();
    let notice_due = crate::domain::deadlines::notice_due(&calendar, today);
    html(&IndexPage {
        page: ctx.page("admin-title"),
        notice_due,
    })
}
