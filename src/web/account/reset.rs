//! Forgotten password: an emailed, single-use link that expires after 30 minutes.

use actix_web::web;
use askama::Template;
use chrono::Duration;
use diesel_async::AsyncConnection;
use serde::Deserialize;

use crate::auth;
use crate::db::accounts::Account;
use crate::db::inbox::MessageKind;
use crate::db::throttle::{self, ThrottleRule};
use crate::db::{DbError, password_resets};
use crate::domain::NewPassword;
use crate::web::account::register::password_error;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::FormErrors;
use crate::web::notify::notify;
use crate::web::render::{html, invalid, see_other};

/// How long a reset link works.
pub const LINK_VALID_FOR: Duration = Duration::minutes(30);

/// At most 3 reset mails per identifier an hour (the answer stays the same beyond that).
const MAIL_LIMIT: ThrottleRule = ThrottleRule {
    max_failures: 3,
    window: Duration::hours(1),
    lock_for: Duration::hours(1),
};

/// The request form.
#[derive(Default, Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    identifier: String,
}

/// `templates/account/forgot.html`.
#[derive(Template)]
#[template(path = "account/forgot.html")]
pub struct ForgotPage {
    page: Page,
    identifier: String,
    errors: FormErrors,
}

/// `templates/account/forgot_sent.html`.
#[derive(Template)]
#[template(path = "account/forgot_sent.html")]
pub struct SentPage {
    page: Page,
}

/// `GET /password/forgot`
pub async fn show(mut ctx: Ctx) -> AppResult {
    html(&ForgotPage {
        page: ctx.page("forgot-title"),
        identifier: String::new(),
        errors: FormErrors::default(),
    })
}

/// `POST /password/forgot` — the same answer whether or not an account matches.
pub async fn submit(mut ctx: Ctx, form: crate::web::form::FieldForm<ForgotForm>) -> AppResult {
    let lang = ctx.lang;
    let (form, mut errors) = form.into_parts(lang);
    let identifier = crate::web::account::login::normalise_identifier(&form.identifier);
    if identifier.is_empty() {
        errors.add("identifier", lang.t("login-identifier-empty"));
    }
    if !errors.is_empty() {
        let mut page = ctx.page("forgot-title");
        page.has_errors = true;
        return invalid(&ForgotPage {
            page,
            identifier,
            errors,
        });
    }
    let now = ctx.state.clock.now();
    let mut conn = ctx.state.conn().await?;
    let key = format!("reset:{}", auth::sha256_hex(&identifier));
    let allowed = throttle::locked_until(&mut conn, std::slice::from_ref(&key), now)
        .await?
        .is_none();
    if allowed {
        throttle::record_failure(&mut conn, &key, MAIL_LIMIT, now).await?;
        if let Some(account) = Account::find_by_identifier(&mut conn, &identifier).await?
            && let Some(email) = account.email.clone()
        {
            let token = auth::random_token();
            password_resets::create(
                &mut conn,
                account.id,
                &auth::sha256_hex(&token),
                now + LINK_VALID_FOR,
            )
            .await?;
            send_link(&ctx, &account, email, &token);
        }
    }
    html(&SentPage {
        page: ctx.page("forgot-sent-title"),
    })
}

/// Sends the link in the background, so that the answer takes the same time whether or not a
/// mail goes out.
fn send_link(ctx: &Ctx, account: &Account, email: String, token: &str) {
    let lang = ctx.lang;
    let link = format!("{}/password/reset/{token}", ctx.state.base_url);
    let body = lang.t_args(
        "reset-mail-body",
        &[
            ("name", account.real_name.clone()),
            ("link", link),
            ("minutes", LINK_VALID_FOR.num_minutes().to_string()),
        ],
    );
    let subject = lang.t("reset-mail-subject");
    let mailer = ctx.state.mailer.clone();
    let account_id = account.id;
    actix_web::rt::spawn(async move {
        match mailer.send(&email, &subject, body).await {
            Ok(()) => tracing::info!(account = account_id, "reset mail sent"),
            Err(e) => tracing::error!(account = account_id, error = %e, "reset mail not sent"),
        }
    });
}

/// The new-password form.
#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// `templates/account/reset.html`.
#[derive(Template)]
#[template(path = "account/reset.html")]
pub struct ResetPage {
    page: Page,
    token: String,
    errors: FormErrors,
}

/// `templates/account/reset_invalid.html`.
#[derive(Template)]
#[template(path = "account/reset_invalid.html")]
pub struct InvalidLinkPage {
    page: Page,
}

fn plausible(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `GET /password/reset/{token}`
pub async fn show_reset(mut ctx: Ctx, token: web::Path<String>) -> AppResult {
    let token = token.into_inner();
    let usable = if plausible(&token) {
        let mut conn = ctx.state.conn().await?;
        password_resets::find_usable(&mut conn, &auth::sha256_hex(&token), ctx.state.clock.now())
            .await?
            .is_some()
    } else {
        false
    };
    if !usable {
        return crate::web::render::html_status(
            actix_web::http::StatusCode::NOT_FOUND,
            &InvalidLinkPage {
                page: ctx.page("reset-invalid-title"),
            },
        );
    }
    html(&ResetPage {
        page: ctx.page("reset-title"),
        token,
        errors: FormErrors::default(),
    })
}

/// `POST /password/reset/{token}`
pub async fn submit_reset(
    mut ctx: Ctx,
    token: web::Path<String>,
    form: crate::web::form::FieldForm<ResetForm>,
) -> AppResult {
    let token = token.into_inner();
    let lang = ctx.lang;
    let (form, mut errors) = form.into_parts(lang);
    let new = NewPassword::parse(&form.password, &form.password_confirm)
        .map_err(|e| password_error(&mut errors, lang, e))
        .ok();
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        let mut page = ctx.page("reset-title");
        page.has_errors = true;
        return invalid(&ResetPage {
            page,
            token,
            errors,
        });
    };
    let hash = ctx.state.hashing.hash(new.expose().to_owned()).await?;
    let token_hash = auth::sha256_hex(&token);
    let now = ctx.state.clock.now();
    let mut conn = ctx.state.conn().await?;
    let done = conn
        .transaction::<_, DbError, _>(async |conn| {
            let Some(account_id) = password_resets::find_usable(conn, &token_hash, now).await?
            else {
                return Ok(None);
            };
            if !password_resets::consume_all(conn, account_id, &token_hash, now).await? {
                return Ok(None);
            }
            Account::set_password(conn, account_id, &hash).await?;
            Ok(Some(account_id))
        })
        .await?;
    match done {
        Some(account_id) => {
            ctx.state.accounts.forget(account_id);
            if let Some(account) = Account::find(&mut conn, account_id).await? {
                notify(
                    &ctx.state,
                    &mut conn,
                    lang,
                    &account,
                    MessageKind::PasswordReset,
                )
                .await?;
            }
            tracing::info!(account = account_id, "password reset");
            crate::web::ctx::end_session(&ctx.session, Some("notice-password-reset"))?;
            Ok(see_other("/login"))
        }
        None => crate::web::render::html_status(
            actix_web::http::StatusCode::NOT_FOUND,
            &InvalidLinkPage {
                page: ctx.page("reset-invalid-title"),
            },
        ),
    }
}
