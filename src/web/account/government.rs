//! `GET /login/government` and its callback: signing in with the provincial government account
//! (统一身份认证, OpenID Connect), which verifies the real-name identity.
//!
//! - The ID token's assurance level must be one the portal accepts; otherwise nobody is signed in
//!   and nothing is verified.
//! - Signed in already: that account is verified with the token's name and ID number.
//! - Not signed in: the account this government account used before, else the one holding the ID
//!   number, is signed in and verified; with none, a verified account is made (with the mobile
//!   number the provider vouches for).
//! - An unverified account that held the ID number loses it and is told why
//!   (`db::identity::Verification`).

use actix_web::web;
use askama::Template;
use diesel_async::AsyncConnection;
use serde::Deserialize;

use crate::db::accounts::{Account, NewAccount};
use crate::db::identity::{self, Verification, VerifyError};
use crate::domain::Role;
use crate::domain::identity::{IdentityLevel, IdentitySource};
use crate::government_account::{RealName, Started};
use crate::web::account::login::sign_in;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::render::{html_status, see_other};

/// Session key of a started sign-in (state, nonce, PKCE verifier).
const STARTED: &str = "oidc_started";

/// `GET /login/government`
pub async fn start(ctx: Ctx) -> AppResult {
    let Some(provider) = ctx.state.oidc.clone() else {
        return Err(AppError::NotFound);
    };
    match provider.start().await {
        Ok(started) => {
            ctx.session.insert(STARTED, &started)?;
            Ok(see_other(&started.url))
        }
        Err(e) => {
            tracing::warn!(error = %e, "government account unavailable");
            failed(ctx, "government-unavailable")
        }
    }
}

/// The provider's answer.
#[derive(Debug, Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `templates/account/government_failed.html`.
#[derive(Template)]
#[template(path = "account/government_failed.html")]
pub struct FailedPage {
    page: Page,
    reason: String,
}

fn failed(mut ctx: Ctx, reason_key: &str) -> AppResult {
    let reason = ctx.lang.t(reason_key);
    html_status(
        actix_web::http::StatusCode::BAD_REQUEST,
        &FailedPage {
            page: ctx.page("government-failed-title"),
            reason,
        },
    )
}

/// `GET /login/government/callback`
pub async fn callback(ctx: Ctx, query: web::Query<Callback>) -> AppResult {
    let Some(provider) = ctx.state.oidc.clone() else {
        return Err(AppError::NotFound);
    };
    // One answer per start: the values are gone from the session whatever happens next.
    let started = ctx
        .session
        .remove_as::<Started>(STARTED)
        .and_then(Result::ok);
    let Some(started) = started else {
        return failed(ctx, "government-expired");
    };
    let query = query.into_inner();
    if let Some(error) = query.error {
        tracing::info!(%error, "government sign-in cancelled or refused");
        return failed(ctx, "government-refused");
    }
    let (Some(code), Some(state)) = (query.code, query.state) else {
        return failed(ctx, "government-refused");
    };
    let real = match provider.finish(&started, &state, &code).await {
        Ok(real) => real,
        Err(e) => {
            tracing::warn!(error = %e, "government sign-in refused");
            return failed(ctx, "government-invalid");
        }
    };
    if !real.verified_level {
        tracing::info!("government account below the verified level: nothing changed");
        return failed(ctx, "government-level");
    }
    arrive(ctx, real).await
}

/// Signs in (and verifies) the account the real-name identity belongs to.
async fn arrive(ctx: Ctx, real: RealName) -> AppResult {
    let lang = ctx.lang.tag();
    let mut conn = ctx.state.conn().await?;
    let signed_in = ctx.account.as_ref().map(|a| a.id);
    let known = identity::by_oidc_subject(&mut conn, &real.subject).await?;
    let holder = identity::holder_of(&mut conn, real.id_number.as_str()).await?;
    if let (Some(me), Some(known)) = (signed_in, known)
        && me != known
    {
        // This government account already belongs to another portal account.
        return failed(ctx, "government-held");
    }
    let existing = match (signed_in, known, holder) {
        (Some(me), _, _) => Some(me),
        (None, Some(known), _) => Some(known),
        (
            None,
            None,
            Some(identity::IdHolder {
                account_id,
                verified: true,
            }),
        ) => Some(account_id),
        // Nobody, or an unverified account (which the verification detaches): a new account.
        (None, None, _) => None,
    };
    let new_phone = match (existing, &real.phone) {
        (Some(_), _) => None,
        (None, None) => return failed(ctx, "government-no-phone"),
        (None, Some(phone)) => {
            if crate::db::accounts::taken(&mut conn, "", phone, None)
                .await?
                .phone
                .is_some()
            {
                return failed(ctx, "government-phone-taken");
            }
            Some(phone.clone())
        }
    };
    let now = ctx.state.clock.now();
    let outcome = conn
        .transaction::<_, VerifyError, _>(async |conn| {
            let account_id = match (existing, &new_phone) {
                (Some(id), _) => id,
                (None, Some(phone)) => new_account(conn, &real, phone, lang, now).await?,
                (None, None) => return Err(VerifyError::NoAccount),
            };
            let v = Verification {
                account_id,
                name: &real.name,
                id_number: real.id_number.as_str(),
                source: IdentitySource::GovernmentAccount,
                oidc_subject: Some(&real.subject),
                lang,
            }
            .apply(conn)
            .await?;
            Ok((account_id, v))
        })
        .await;
    let account_id = match outcome {
        Ok((account_id, v)) => {
            tracing::info!(
                account = account_id,
                detached = ?v.detached,
                attach = ?v.attach,
                "identity verified by the government account"
            );
            if let Some(other) = v.detached {
                crate::web::notify::sent(&ctx.state, other);
            }
            account_id
        }
        Err(VerifyError::HeldByVerified) => return failed(ctx, "government-held"),
        Err(VerifyError::NoAccount) => return Err(AppError::NotFound),
        Err(VerifyError::Db(e)) => return Err(e.into()),
    };
    crate::web::notify::sent(&ctx.state, account_id);
    let epoch = Account::find(&mut conn, account_id)
        .await?
        .map(|a| a.session_epoch)
        .ok_or(AppError::NotFound)?;
    drop(conn);
    sign_in(&ctx, account_id, epoch)?;
    ctx.flash("notice-identity-verified")?;
    Ok(see_other("/account"))
}

/// A new account for a real-name identity that has none yet: the verification that follows (in
/// the same transaction) gives it the ID number and marks it verified. Its password is unusable:
/// it signs in with the government account (or sets a password through a reset).
async fn new_account(
    conn: &mut diesel_async::AsyncPgConnection,
    real: &RealName,
    phone: &str,
    lang: &'static str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, VerifyError> {
    NewAccount {
        real_name: &real.name,
        id_number: None,
        phone,
        email: None,
        password_hash: "!government-account",
        roles: vec![Role::Applicant.code().to_owned()],
        is_demo: false,
        identity: IdentityLevel::Unverified.code(),
        identity_source: None,
        phone_confirmed_at: Some(now),
        oidc_subject: None,
        lang,
    }
    .insert(conn)
    .await
    .map_err(|e| match e {
        crate::db::accounts::CreateAccountError::Db(e) => VerifyError::Db(e),
        _ => VerifyError::Db(diesel::result::Error::RollbackTransaction),
    })
}
