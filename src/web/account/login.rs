//! Sign in by ID number or mobile number and password, with throttling; sign out.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use crate::auth;
use crate::db::accounts::Account;
use crate::db::throttle::{self, ThrottleRule};
use crate::web::account::device;
use crate::web::ctx::{Ctx, Page, end_session, keys};
use crate::web::error::{AppError, AppResult};
use crate::web::form::FormErrors;
use crate::web::render::{html, html_status, local_path_or, see_other};

/// Per identifier typed: 5 failures in 15 minutes lock it for 15 minutes.
pub const PER_IDENTIFIER: ThrottleRule = ThrottleRule {
    max_failures: 5,
    window: Duration::minutes(15),
    lock_for: Duration::minutes(15),
};

/// Per client address: 20 failures in 15 minutes lock it for 15 minutes.
pub const PER_ADDRESS: ThrottleRule = ThrottleRule {
    max_failures: 20,
    window: Duration::minutes(15),
    lock_for: Duration::minutes(15),
};

/// Query of the sign-in page.
#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// What the person typed.
#[derive(Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    identifier: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// `templates/account/login.html`.
#[derive(Template)]
#[template(path = "account/login.html")]
pub struct LoginPage {
    page: Page,
    identifier: String,
    next: String,
    errors: FormErrors,
    oidc: bool,
}

/// `GET /login`
pub async fn show(mut ctx: Ctx, query: web::Query<LoginQuery>) -> AppResult {
    if ctx.account.is_some() {
        return Ok(see_other(local_path_or(query.next.as_deref(), "/account")));
    }
    let oidc = ctx.state.oidc.is_some();
    html(&LoginPage {
        page: ctx.page("login-title"),
        identifier: String::new(),
        next: query.next.clone().unwrap_or_default(),
        errors: FormErrors::default(),
        oidc,
    })
}

/// Throttle keys: a hash of the identifier as typed and of the client address.
fn throttle_keys(identifier: &str, req: &HttpRequest) -> (String, String) {
    let ip = crate::web::client::client_address(req);
    (
        format!("id:{}", auth::sha256_hex(identifier)),
        format!("ip:{}", auth::sha256_hex(&ip)),
    )
}

/// `POST /login`
pub async fn submit(
    req: HttpRequest,
    mut ctx: Ctx,
    form: crate::web::form::FieldForm<LoginForm>,
) -> AppResult {
    let lang = ctx.lang;
    let (form, mut errors) = form.into_parts(lang);
    let identifier = normalise_identifier(&form.identifier);
    let next = form.next.clone().unwrap_or_default();
    if identifier.is_empty() {
        errors.add("identifier", lang.t("login-identifier-empty"));
    }
    if form.password.is_empty() {
        errors.add("password", lang.t("login-password-empty"));
    }
    if !errors.is_empty() {
        return failed(&mut ctx, form.identifier, next, errors, false);
    }

    let now = ctx.state.clock.now();
    let (id_key, ip_key) = throttle_keys(&identifier, &req);
    let mut conn = ctx.state.conn().await?;
    let account = Account::find_by_identifier(&mut conn, &identifier).await?;
    // A device this account signed in on before is never locked out (no lockout tool).
    let known_device = account
        .as_ref()
        .is_some_and(|a| device::recognised(&req, &ctx.state.device_key, a.id));
    let keys_checked = [id_key.clone(), ip_key.clone()];
    if !known_device
        && let Some(until) = throttle::locked_until(&mut conn, &keys_checked, now).await?
    {
        errors.add("identifier", locked_message(lang, until));
        return failed(&mut ctx, form.identifier, next, errors, true);
    }

    // The connection goes back to the pool while Argon2 runs (tens of milliseconds).
    drop(conn);
    let verified = ctx
        .state
        .hashing
        .verify(
            form.password.clone(),
            account.as_ref().map(|a| a.password_hash.clone()),
        )
        .await?;
    let mut conn = ctx.state.conn().await?;
    match account {
        Some(account) if verified => {
            throttle::clear(&mut conn, &id_key).await?;
            tracing::info!(account = account.id, "signed in");
            sign_in(&ctx, account.id, account.session_epoch)?;
            let mut res = see_other(local_path_or(Some(&next), "/account"));
            let secure = ctx.state.settings.secure_cookies;
            res.add_cookie(&device::cookie(&ctx.state.device_key, account.id, secure))
                .map_err(|e| AppError::Internal(e.into()))?;
            Ok(res)
        }
        _ => {
            let a = throttle::record_failure(&mut conn, &id_key, PER_IDENTIFIER, now).await?;
            let b = throttle::record_failure(&mut conn, &ip_key, PER_ADDRESS, now).await?;
            tracing::info!("sign-in failed");
            match a.max(b).filter(|_| !known_device) {
                Some(until) => {
                    errors.add("identifier", locked_message(lang, until));
                    failed(&mut ctx, form.identifier, next, errors, true)
                }
                None => {
                    errors.add("identifier", lang.t("login-failed"));
                    failed(&mut ctx, form.identifier, next, errors, false)
                }
            }
        }
    }
}

/// An ID number (lowercase x → X) or a mobile number (spaces, hyphens, +86 dropped), so that
/// “139 0000 0001” signs in like “13900000001”; anything else as typed, upper-cased.
pub fn normalise_identifier(input: &str) -> String {
    if let Ok(id) = crate::domain::IdNumber::parse(input) {
        id.as_str().to_owned()
    } else if let Ok(phone) = crate::domain::MobileNumber::parse(input) {
        phone.as_str().to_owned()
    } else {
        input.trim().to_ascii_uppercase()
    }
}

fn locked_message(lang: crate::i18n::Lang, until: DateTime<Utc>) -> String {
    let local = until.with_timezone(&chrono_tz::Asia::Shanghai);
    lang.t_args(
        "login-locked",
        &[("time", local.format("%H:%M").to_string())],
    )
}

fn failed(
    ctx: &mut Ctx,
    identifier: String,
    next: String,
    errors: FormErrors,
    locked: bool,
) -> AppResult {
    let oidc = ctx.state.oidc.is_some();
    let mut page = ctx.page("login-title");
    page.has_errors = true;
    let status = if locked {
        actix_web::http::StatusCode::TOO_MANY_REQUESTS
    } else {
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    html_status(
        status,
        &LoginPage {
            page,
            identifier,
            next,
            errors,
            oidc,
        },
    )
}

/// Starts a signed-in session: a new session id (no fixation), a new form token, the time of
/// signing in (the absolute lifetime counts from it).
pub fn sign_in(ctx: &Ctx, account_id: i64, epoch: i32) -> Result<(), AppError> {
    let (session, now) = (&ctx.session, ctx.state.clock.now().timestamp());
    session.renew();
    session.insert(keys::UID, account_id)?;
    session.insert(keys::EPOCH, epoch)?;
    session.insert(keys::SEEN, now)?;
    session.insert(keys::SINCE, now)?;
    session.insert(keys::CSRF, auth::random_token())?;
    Ok(())
}

/// `POST /logout`: the session's state is deleted on the server; a copy of the cookie opens
/// nothing afterwards.
pub async fn logout(ctx: Ctx) -> AppResult<HttpResponse> {
    end_session(&ctx.session, Some("notice-signed-out"))?;
    let mut res = see_other("/");
    // The certificate kept on the device for offline showing (亮证) goes with the session.
    res.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("clear-site-data"),
        actix_web::http::header::HeaderValue::from_static("\"cache\", \"storage\""),
    );
    Ok(res)
}
