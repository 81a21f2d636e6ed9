//! Changing the password while signed in.

use askama::Template;
use serde::Deserialize;

use crate::db::accounts::Account;
use crate::db::inbox::MessageKind;
use crate::domain::NewPassword;
use crate::web::account::login::sign_in;
use crate::web::account::register::password_error;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::FormErrors;
use crate::web::notify::notify;
use crate::web::render::{html, invalid, see_other};

/// What the person typed (never echoed back).
#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// `templates/account/password_change.html`.
#[derive(Template)]
#[template(path = "account/password_change.html")]
pub struct ChangePage {
    page: Page,
    errors: FormErrors,
}

/// `GET /account/password`
pub async fn show(mut ctx: Ctx) -> AppResult {
    ctx.require_account()?;
    html(&ChangePage {
        page: ctx.page("password-change-title"),
        errors: FormErrors::default(),
    })
}

/// `POST /account/password`
pub async fn submit(mut ctx: Ctx, form: crate::web::form::FieldForm<ChangeForm>) -> AppResult {
    let account = ctx.require_account()?.clone();
    let lang = ctx.lang;
    let (form, mut errors) = form.into_parts(lang);
    // A password is compared as typed: one with a control character is refused unread.
    let unread = !errors.is_empty();
    if form.current_password.is_empty() {
        errors.add("current_password", lang.t("password-current-empty"));
    } else if !unread
        && !ctx
            .state
            .hashing
            .verify(
                form.current_password.clone(),
                Some(account.password_hash.clone()),
            )
            .await?
    {
        errors.add("current_password", lang.t("password-current-wrong"));
    }
    let new = NewPassword::parse(&form.password, &form.password_confirm)
        .map_err(|e| password_error(&mut errors, lang, e))
        .ok();
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        let mut page = ctx.page("password-change-title");
        page.has_errors = true;
        return invalid(&ChangePage { page, errors });
    };
    let hash = ctx.state.hashing.hash(new.expose().to_owned()).await?;
    let mut conn = ctx.state.conn().await?;
    let epoch = Account::set_password(&mut conn, account.id, &hash).await?;
    ctx.state.accounts.forget(account.id);
    notify(
        &ctx.state,
        &mut conn,
        lang,
        &account,
        MessageKind::PasswordChanged,
    )
    .await?;
    // Other sessions end (their epoch is older); this one continues under a new id.
    sign_in(&ctx, account.id, epoch)?;
    ctx.flash("notice-password-changed")?;
    tracing::info!(account = account.id, "password changed");
    Ok(see_other("/account"))
}
