//! The signed-in person's account page.

use askama::Template;

use crate::domain::{MobileNumber, Role};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::render::html;

/// `templates/account/dashboard.html`.
#[derive(Template)]
#[template(path = "account/dashboard.html")]
pub struct DashboardPage {
    page: Page,
    name: String,
    id_number_masked: Option<String>,
    verified: bool,
    identity_source: Option<String>,
    oidc: bool,
    phone_masked: String,
    email: Option<String>,
    roles: Vec<String>,
    is_demo: bool,
    /// A clerk or village helper with a post: the counter is linked.
    at_window: bool,
    drafts: Vec<crate::web::apply::tasks::DraftRow>,
}

/// `GET /account`
pub async fn show(mut ctx: Ctx) -> AppResult {
    let account = ctx.require_account()?.clone();
    let lang = ctx.lang;
    let (drafts, at_window) = {
        let mut conn = ctx.state.conn().await?;
        let drafts = crate::db::drafts::Draft::open_for(&mut conn, account.id).await?;
        // Only clerks and helpers with a post have a counter (one indexed read each).
        let mut at_window = false;
        for role in [Role::CountyClerk, Role::Helper] {
            if !at_window && account.has_role(role) {
                at_window = crate::db::offices::assignment(&mut conn, account.id, role.code())
                    .await?
                    .is_some();
            }
        }
        (drafts, at_window)
    };
    let drafts = drafts
        .iter()
        .map(|d| crate::web::apply::tasks::draft_row(&ctx, d))
        .collect();
    html(&DashboardPage {
        drafts,
        page: ctx.page("account-title"),
        name: account.real_name.clone(),
        id_number_masked: account.id_number().map(|id| id.masked()),
        phone_masked: MobileNumber::parse(&account.phone)
            .map(|p| p.masked())
            .unwrap_or_default(),
        email: account.email.clone(),
        roles: account
            .roles()
            .into_iter()
            .map(|r| lang.t(&format!("role-{}", r.code().replace('_', "-"))))
            .collect(),
        is_demo: account.is_demo,
        at_window,
        verified: account.is_verified(),
        identity_source: account
            .identity_source
            .as_ref()
            .map(|s| lang.t(&format!("identity-source-{s}"))),
        oidc: ctx.state.oidc.is_some(),
    })
}
