//! Registration with real name, resident ID number, mobile number, optional email and password.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth;
use crate::db::accounts::{Account, CreateAccountError, NewAccount};
use crate::db::inbox::MessageKind;
use crate::domain::contact::{EmailAddressError, MobileNumberError};
use crate::domain::password::NewPasswordError;
use crate::domain::{EmailAddress, MobileNumber, NewPassword, Role};
use crate::web::account::login::sign_in;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::form::{FormErrors, id_number as parse_id_number, real_name as parse_real_name};
use crate::web::notify::notify;
use crate::web::render::{html, invalid, see_other};

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
}

/// `GET /register`
pub async fn show(mut ctx: Ctx) -> AppResult {
    if ctx.account.is_some() {
        return Ok(see_other("/account"));
    }
    html(&RegisterPage {
        page: ctx.page("register-title"),
        form: RegisterForm::default(),
        errors: FormErrors::default(),
    })
}

/// `POST /register`
pub async fn submit(mut ctx: Ctx, form: web::Form<RegisterForm>) -> AppResult {
    let form = form.into_inner();
    let lang = ctx.lang;
    let mut errors = FormErrors::default();

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
    );
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
    let email = if form.email.trim().is_empty() {
        None
    } else {
        match EmailAddress::parse(&form.email) {
            Ok(e) => Some(e),
            Err(EmailAddressError::Format) => {
                errors.add("email", lang.t("email-format"));
                None
            }
        }
    };
    let password = NewPassword::parse(&form.password, &form.password_confirm)
        .map_err(|e| password_error(&mut errors, lang, e))
        .ok();

    let (Some(name), Some(id_number), Some(phone), Some(password)) =
        (name, id_number, phone, password)
    else {
        return rerender(ctx.page("register-title"), form, errors);
    };
    if !errors.is_empty() {
        return rerender(ctx.page("register-title"), form, errors);
    }

    let hash = auth::hash_password(password.expose().to_owned()).await?;
    let mut conn = ctx.state.conn().await?;
    let new = NewAccount {
        real_name: name.as_str(),
        id_number: id_number.as_str(),
        phone: phone.as_str(),
        email: email.as_ref().map(EmailAddress::as_str),
        password_hash: &hash,
        roles: vec![Role::Applicant.code().to_owned()],
        is_demo: false,
    };
    match new.insert(&mut conn).await {
        Ok(id) => {
            if let Some(account) = Account::find(&mut conn, id).await? {
                notify(
                    &ctx.state,
                    &mut conn,
                    lang,
                    &account,
                    MessageKind::Registered,
                )
                .await?;
            }
            tracing::info!(account = id, "account registered");
            sign_in(&ctx.session, id, 0)?;
            ctx.flash("notice-registered")?;
            Ok(see_other("/account"))
        }
        Err(CreateAccountError::IdNumberTaken) => {
            errors.add("id_number", lang.t("register-id-taken"));
            rerender(ctx.page("register-title"), form, errors)
        }
        Err(CreateAccountError::PhoneTaken) => {
            errors.add("phone", lang.t("register-phone-taken"));
            rerender(ctx.page("register-title"), form, errors)
        }
        Err(CreateAccountError::EmailTaken) => {
            errors.add("email", lang.t("register-email-taken"));
            rerender(ctx.page("register-title"), form, errors)
        }
        Err(CreateAccountError::Db(e)) => Err(e.into()),
    }
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

fn rerender(mut page: Page, mut form: RegisterForm, errors: FormErrors) -> AppResult<HttpResponse> {
    page.has_errors = true;
    form.password.clear();
    form.password_confirm.clear();
    invalid(&RegisterPage { page, form, errors })
}
