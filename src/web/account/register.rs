//! Registration with real name, resident ID number, mobile number, optional email and password.
//!
//! The answer never tells whether an identifier is taken (on this portal an account suggests a
//! disability): every valid form leads to the same “enter the code we sent” page. When all three
//! identifiers are free the password is hashed and a code goes to the mobile number; the account
//! is made when the code comes back, unverified. When one is taken nothing is hashed (the answer
//! waits about as long instead) and the account holding it is told, in its inbox and by SMS or
//! email, that someone tried. Registrations and codes are limited per address.

use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth;
use crate::db::accounts::{self, Account};
use crate::db::inbox::MessageKind;
use crate::db::registrations::{self, ConfirmError, NewPending};
use crate::domain::contact::{EmailAddressError, MobileNumberError};
use crate::domain::one_time_code::CodeRefused;
use crate::domain::password::NewPasswordError;
use crate::domain::{EmailAddress, MobileNumber, NewPassword};
use crate::i18n::Lang;
use crate::rate_limit::again_at;
use crate::web::account::login::sign_in;
use crate::web::client::client_address;
use crate::web::ctx::{Ctx, Page, keys};
use crate::web::error::AppResult;
use crate::web::form::{FormErrors, id_number as parse_id_number, real_name as parse_real_name};
use crate::web::notify::notify;
use crate::web::render::{form_page, html_status, invalid, see_other};

/// What the person typed (kept on errors, except the passwords).
#[derive(Debug, Default, Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    real_name: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// `templates/account/register.html`.
#[derive(Template)]
#[template(path = "account/register.html")]
pub struct RegisterPage {
    page: Page,
    form: RegisterForm,
    errors: FormErrors,
    oidc: bool,
}

/// `GET /register`
pub async fn show(mut ctx: Ctx) -> AppResult {
    if ctx.account.is_some() {
        return Ok(see_other("/account"));
    }
    let oidc = ctx.state.oidc.is_some();
    form_page(
        &RegisterPage {
            page: ctx.page("register-title"),
            form: RegisterForm::default(),
            errors: FormErrors::default(),
            oidc,
        },
        false,
    )
}

/// The mobile number (required) and the email address (optional); what is wrong goes into
/// `errors`.
fn contact_of(
    errors: &mut FormErrors,
    lang: Lang,
    form: &RegisterForm,
) -> (Option<MobileNumber>, Option<EmailAddress>) {
    let phone = MobileNumber::parse(&form.phone)
        .map_err(|e| {
            errors.add(
                "phone",
                lang.t(match e {
                    MobileNumberError::Empty => "phone-empty",
                    MobileNumberError::Format => "phone-format",
                }),
            )
        })
        .ok();
    if form.email.trim().is_empty() {
        return (phone, None);
    }
    let email = match EmailAddress::parse(&form.email) {
        Ok(e) => Some(e),
        Err(EmailAddressError::Format) => {
            errors.add("email", lang.t("email-format"));
            None
        }
    };
    (phone, email)
}

/// `POST /register`
pub async fn submit(
    req: HttpRequest,
    mut ctx: Ctx,
    form: crate::web::form::FieldForm<RegisterForm>,
) -> AppResult {
    let lang = ctx.lang;
    let (form, mut errors) = form.into_parts(lang);

    let name = parse_real_name(
        &mut errors,
        lang,
        "real_name",
        &form.real_name,
        "register-name-empty",
    );
    let id_number = parse_id_number(
        &mut errors,
        lang,
        "id_number",
        &form.id_number,
        "id-number-empty",
        ctx.state.clock.today(),
    );
    let (phone, email) = contact_of(&mut errors, lang, &form);
    let password = NewPassword::parse(&form.password, &form.password_confirm)
        .map_err(|e| password_error(&mut errors, lang, e))
        .ok();

    let (Some(name), Some(id_number), Some(phone), Some(password)) =
        (name, id_number, phone, password)
    else {
        return rerender(&mut ctx, form, errors, false);
    };
    if !errors.is_empty() {
        return rerender(&mut ctx, form, errors, false);
    }
    let address = client_address(&req);
    if let Err(until) = ctx
        .state
        .limits
        .register_per_address
        .check(&address)
        .await?
    {
        errors.add(
            "real_name",
            lang.t_args("register-too-many", &[("time", again_at(until))]),
        );
        return rerender(&mut ctx, form, errors, true);
    }

    let email_text = email.as_ref().map(EmailAddress::as_str);
    let taken = {
        let mut conn = ctx.state.conn().await?;
        accounts::taken(&mut conn, id_number.as_str(), phone.as_str(), email_text).await?
    };
    let pending = if taken.any() {
        // Nothing is hashed for a registration that cannot succeed; waiting about as long keeps
        // the answer's timing from telling that an identifier is taken.
        tokio::time::sleep(auth::typical_hash_time()).await;
        tell_owners(&ctx, &taken).await?;
        tracing::info!("registration with a taken identifier: owners told");
        0
    } else {
        let hash = ctx.state.hashing.hash(password.expose().to_owned()).await?;
        let mut conn = ctx.state.conn().await?;
        let code = auth::numeric_code();
        let id = NewPending {
            real_name: name.as_str(),
            id_number: id_number.as_str(),
            phone: phone.as_str(),
            email: email_text,
            password_hash: &hash,
            lang: lang.tag(),
            expires_at: ctx.state.clock.now() + registrations::WAITS,
        }
        .start(&mut conn, &code, ctx.state.clock.now())
        .await?;
        // The limit of codes per number counts this first one too.
        let _ = ctx
            .state
            .limits
            .code_per_phone
            .check(&format!("registration:{}", phone.as_str()))
            .await?;
        ctx.state.outbox.wake();
        tracing::info!(pending = id, "registration waiting for its code");
        id
    };
    ctx.session.insert(keys::PENDING_REGISTRATION, pending)?;
    // Kept on the server (the cookie holds only the session's key).
    ctx.session.insert(keys::PENDING_PHONE, phone.as_str())?;
    Ok(see_other("/register/confirm"))
}

/// Tells each account holding one of the identifiers that someone tried to register with it.
async fn tell_owners(ctx: &Ctx, taken: &accounts::Taken) -> AppResult<()> {
    let mut owners = vec![taken.id_number, taken.phone, taken.email];
    owners.sort();
    owners.dedup();
    let mut conn = ctx.state.conn().await?;
    for owner in owners.into_iter().flatten() {
        if let Some(account) = Account::find(&mut conn, owner).await? {
            notify(
                &ctx.state,
                &mut conn,
                ctx.lang,
                &account,
                MessageKind::RegistrationAttempt,
            )
            .await?;
        }
    }
    Ok(())
}

/// The code form.
#[derive(Debug, Default, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// `templates/account/register_confirm.html`.
#[derive(Template)]
#[template(path = "account/register_confirm.html")]
pub struct ConfirmPage {
    page: Page,
    phone: String,
    code: String,
    errors: FormErrors,
}

fn pending(ctx: &Ctx) -> Option<(i64, String)> {
    let id = ctx
        .session
        .get::<i64>(keys::PENDING_REGISTRATION)
        .ok()
        .flatten()?;
    let phone = ctx
        .session
        .get::<String>(keys::PENDING_PHONE)
        .ok()
        .flatten()?;
    Some((id, phone))
}

fn confirm_page(ctx: &mut Ctx, phone: String, code: String, errors: FormErrors) -> AppResult {
    let mut page = ctx.page("register-confirm-title");
    page.has_errors = !errors.is_empty();
    let p = ConfirmPage {
        page,
        phone: masked(&phone),
        code,
        errors,
    };
    form_page(&p, !p.errors.is_empty())
}

/// `GET /register/confirm`
pub async fn show_confirm(mut ctx: Ctx) -> AppResult {
    let Some((_, phone)) = pending(&ctx) else {
        return Ok(see_other("/register"));
    };
    confirm_page(&mut ctx, phone, String::new(), FormErrors::default())
}

/// `POST /register/confirm`
pub async fn confirm(mut ctx: Ctx, form: crate::web::form::Form<CodeForm>) -> AppResult {
    let Some((id, phone)) = pending(&ctx) else {
        return Ok(see_other("/register"));
    };
    let lang = ctx.lang;
    let typed = form.into_inner().code;
    let mut errors = FormErrors::default();
    if typed.trim().is_empty() {
        errors.add("code", lang.t("code-empty"));
        return confirm_page(&mut ctx, phone, typed, errors);
    }
    let mut conn = ctx.state.conn().await?;
    match registrations::confirm(&mut conn, id, &typed, ctx.state.clock.now()).await {
        Ok(account) => {
            drop(conn);
            ctx.session.remove(keys::PENDING_REGISTRATION);
            ctx.session.remove(keys::PENDING_PHONE);
            crate::web::notify::sent(&ctx.state, account);
            tracing::info!(account, "account registered");
            sign_in(&ctx, account, 0)?;
            ctx.flash("notice-registered")?;
            Ok(see_other("/account"))
        }
        Err(ConfirmError::Code(CodeRefused::Wrong)) => {
            errors.add("code", lang.t("code-wrong"));
            confirm_page(&mut ctx, phone, typed, errors)
        }
        Err(ConfirmError::Code(CodeRefused::Spent) | ConfirmError::Taken) => {
            errors.add("code", lang.t("code-spent"));
            confirm_page(&mut ctx, phone, typed, errors)
        }
        Err(ConfirmError::Db(e)) => Err(e.into()),
    }
}

/// `POST /register/resend`: a new code (within the limits per number and address).
pub async fn resend(req: HttpRequest, mut ctx: Ctx) -> AppResult {
    let Some((id, phone)) = pending(&ctx) else {
        return Ok(see_other("/register"));
    };
    let lang = ctx.lang;
    let address = client_address(&req);
    let limited = ctx.state.limits.code_per_address.check(&address).await?;
    let limited = match limited {
        Ok(()) => {
            ctx.state
                .limits
                .code_per_phone
                .check(&format!("registration:{phone}"))
                .await?
        }
        refused => refused,
    };
    if let Err(until) = limited {
        let mut errors = FormErrors::default();
        errors.add(
            "code",
            lang.t_args("code-too-many", &[("time", again_at(until))]),
        );
        let mut page = ctx.page("register-confirm-title");
        page.has_errors = true;
        return html_status(
            actix_web::http::StatusCode::TOO_MANY_REQUESTS,
            &ConfirmPage {
                page,
                phone: masked(&phone),
                code: String::new(),
                errors,
            },
        );
    }
    if id > 0 {
        let mut conn = ctx.state.conn().await?;
        registrations::resend(&mut conn, id, &auth::numeric_code(), ctx.state.clock.now()).await?;
        ctx.state.outbox.wake();
    }
    ctx.flash("notice-code-sent")?;
    Ok(see_other("/register/confirm"))
}

fn masked(phone: &str) -> String {
    MobileNumber::parse(phone)
        .map(|p| p.masked())
        .unwrap_or_default()
}

/// Adds the message for a refused new password to `errors`.
pub fn password_error(errors: &mut FormErrors, lang: crate::i18n::Lang, e: NewPasswordError) {
    match e {
        NewPasswordError::Empty => errors.add("password", lang.t("password-empty")),
        NewPasswordError::TooShort => errors.add("password", lang.t("password-too-short")),
        NewPasswordError::TooLong => errors.add("password", lang.t("password-too-long")),
        NewPasswordError::Mismatch => errors.add("password_confirm", lang.t("password-mismatch")),
    }
}

fn rerender(
    ctx: &mut Ctx,
    mut form: RegisterForm,
    errors: FormErrors,
    limited: bool,
) -> AppResult<HttpResponse> {
    let oidc = ctx.state.oidc.is_some();
    let mut page = ctx.page("register-title");
    page.has_errors = true;
    form.password.clear();
    form.password_confirm.clear();
    let p = RegisterPage {
        page,
        form,
        errors,
        oidc,
    };
    if limited {
        html_status(actix_web::http::StatusCode::TOO_MANY_REQUESTS, &p)
    } else {
        invalid(&p)
    }
}
