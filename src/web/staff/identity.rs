//! `GET/POST /staff/identity`: a county or township clerk verifies, at the counter, the identity of
//! a person standing in front of them (001 附件三(一): 窗口 staff check the applicant's ID card).
//!
//! The clerk types the ID number and name from the card and ticks that the card was seen; the
//! page shows the account holding that ID number (mobile number masked, as the person can confirm
//! it). The clerk then marks it verified — the card's name replaces a typed one — or, when the
//! account is not the person's (someone registered with their ID number), takes the ID number off
//! that unverified account, which is told why. Every look-up and action is audited with the clerk
//! and the office.

use askama::Template;

use super::Staff;
use crate::db::accounts::Account;
use crate::db::audit;
use crate::db::identity::{self, Verification, VerifyError};
use crate::db::recovery::{Recovery, RecoveryError};
use crate::domain::identity::IdentitySource;
use crate::domain::{IdNumber, MobileNumber, RealName, Role};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::{Fields, FormErrors, id_number as parse_id_number, real_name as parse_name};
use crate::web::render::{form_page, see_other};
use diesel_async::AsyncPgConnection;

/// The account found for the ID number, as the clerk sees it.
pub struct Found {
    id: i64,
    typed_name: String,
    phone_masked: String,
    registered: String,
    verified: bool,
}

/// `templates/staff/identity.html`.
#[derive(Template)]
#[template(path = "staff/identity.html")]
pub struct IdentityPage {
    page: Page,
    errors: FormErrors,
    id_number: String,
    name: String,
    seen: bool,
    /// Looked up: `Some(None)` when no account holds the ID number.
    found: Option<Option<Found>>,
    /// The new mobile number typed to recover the account.
    new_phone: String,
}

/// A county clerk, or a township clerk (who work at counters too).
async fn clerk(ctx: &Ctx) -> Result<Staff, AppError> {
    let staff = Staff::load(ctx).await?;
    if staff.role != Role::CountyClerk {
        return Err(AppError::Forbidden);
    }
    Ok(staff)
}

fn render(ctx: &mut Ctx, p: IdentityPageParts) -> AppResult {
    let mut page = ctx.page("staff-identity-title");
    page.has_errors = !p.errors.is_empty();
    let tpl = IdentityPage {
        page,
        errors: p.errors,
        id_number: p.id_number,
        name: p.name,
        seen: p.seen,
        found: p.found,
        new_phone: p.new_phone,
    };
    form_page(&tpl, !tpl.errors.is_empty())
}

/// What a rendering of the page carries besides the layout.
#[derive(Default)]
struct IdentityPageParts {
    errors: FormErrors,
    id_number: String,
    name: String,
    seen: bool,
    found: Option<Option<Found>>,
    new_phone: String,
}

/// `GET /staff/identity`
pub async fn show(mut ctx: Ctx) -> AppResult {
    clerk(&ctx).await?;
    render(&mut ctx, IdentityPageParts::default())
}

/// `POST /staff/identity`: `action` = `find`, `verify` or `detach`.
pub async fn submit(
    mut ctx: Ctx,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let staff = clerk(&ctx).await?;
    let lang = ctx.lang;
    let (fields, errors) = form.into_parts(lang);
    let f = Fields::from(fields);
    let mut parts = IdentityPageParts {
        errors,
        id_number: f.get("id_number").trim().to_owned(),
        name: f.get("real_name").trim().to_owned(),
        seen: f.get("seen") == "yes",
        ..Default::default()
    };
    let id = parse_id_number(
        &mut parts.errors,
        lang,
        "id_number",
        &parts.id_number,
        "id-number-empty",
        ctx.state.clock.today(),
    );
    let name = parse_name(
        &mut parts.errors,
        lang,
        "real_name",
        &parts.name,
        "register-name-empty",
    );
    if !parts.seen {
        parts
            .errors
            .add("seen", lang.t("staff-identity-seen-missing"));
    }
    let (Some(id), Some(name), true) = (id, name, parts.errors.is_empty()) else {
        return render(&mut ctx, parts);
    };
    let mut conn = ctx.state.conn().await?;
    let holder = identity::holder_of(&mut conn, id.as_str()).await?;
    let chosen = f.get("account").parse::<i64>().ok();
    match (f.get("action").as_str(), holder) {
        ("verify", Some(h)) if chosen == Some(h.account_id) => {
            let account = h.account_id;
            verify(&mut conn, &ctx, &staff, account, &id, &name).await?;
            ctx.flash("notice-identity-verified-counter")?;
            Ok(see_other("/staff/identity"))
        }
        ("recover", Some(h)) if h.verified && chosen == Some(h.account_id) => {
            parts.new_phone = f.get("new_phone").trim().to_owned();
            let account = h.account_id;
            match recover(&mut conn, &ctx, &staff, account, &name, &parts.new_phone).await? {
                None => {
                    ctx.flash("notice-account-recovered")?;
                    Ok(see_other("/staff/identity"))
                }
                Some((field, key)) => {
                    parts.errors.add(field, lang.t(key));
                    parts.found = Some(Some(look_up(&mut conn, &staff, account, true).await?));
                    drop(conn);
                    render(&mut ctx, parts)
                }
            }
        }
        ("detach", Some(h)) if !h.verified && chosen == Some(h.account_id) => {
            let account = h.account_id;
            detach(&mut conn, &ctx, &staff, account).await?;
            ctx.flash("notice-identity-detached")?;
            Ok(see_other("/staff/identity"))
        }
        (_, holder) => {
            let found = match holder {
                Some(h) => Some(look_up(&mut conn, &staff, h.account_id, h.verified).await?),
                None => None,
            };
            drop(conn);
            parts.found = Some(found);
            render(&mut ctx, parts)
        }
    }
}

/// The clerk verifies `account`'s identity having seen the ID card: the account takes the
/// name and number (audited; the holder is told).
async fn verify(
    conn: &mut AsyncPgConnection,
    ctx: &Ctx,
    staff: &Staff,
    account: i64,
    id: &IdNumber,
    name: &RealName,
) -> Result<(), AppError> {
    let outcome = Verification {
        account_id: account,
        name: name.as_str(),
        id_number: id.as_str(),
        source: IdentitySource::Counter,
        oidc_subject: None,
        lang: ctx.lang.tag(),
    }
    .apply(conn)
    .await;
    let v = match outcome {
        Ok(v) => v,
        Err(VerifyError::HeldByVerified | VerifyError::NoAccount) => {
            return Err(AppError::NotFound);
        }
        Err(VerifyError::Db(e)) => return Err(e.into()),
    };
    audit::about_account(
        conn,
        staff.account.id,
        Some(staff.office.id),
        account,
        "identity verified at the counter (ID card seen)",
    )
    .await?;
    tracing::info!(clerk = staff.account.id, account, attach = ?v.attach, "identity verified at the counter");
    crate::web::notify::sent(&ctx.state, account);
    Ok(())
}

/// The clerk takes the ID number off an unverified `account` that claimed it (audited; the
/// account is told).
async fn detach(
    conn: &mut AsyncPgConnection,
    ctx: &Ctx,
    staff: &Staff,
    account: i64,
) -> Result<(), AppError> {
    identity::detach_by_clerk(conn, account, ctx.lang.tag()).await?;
    audit::about_account(
        conn,
        staff.account.id,
        Some(staff.office.id),
        account,
        "ID number taken off an unverified account at the counter (ID card seen)",
    )
    .await?;
    tracing::info!(
        clerk = staff.account.id,
        account,
        "ID number detached at the counter"
    );
    crate::web::notify::sent(&ctx.state, account);
    Ok(())
}

/// The clerk helps the holder of verified `account` back in, having seen the ID card with
/// `name`: the account takes `new_phone` and a link to choose a password goes there (audited;
/// the holder is told on the old channels). The field and message when refused.
async fn recover(
    conn: &mut AsyncPgConnection,
    ctx: &Ctx,
    staff: &Staff,
    account: i64,
    name: &RealName,
    new_phone: &str,
) -> Result<Option<(&'static str, &'static str)>, AppError> {
    let Ok(phone) = MobileNumber::parse(new_phone) else {
        return Ok(Some(("new_phone", "phone-format")));
    };
    let holder = Account::find(conn, account)
        .await?
        .ok_or(AppError::NotFound)?;
    if holder.real_name != name.as_str() {
        return Ok(Some(("real_name", "staff-recover-name-mismatch")));
    }
    let token = crate::auth::random_token();
    let now = ctx.state.clock.now();
    let time = now
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let outcome = Recovery {
        account_id: account,
        new_phone: phone.as_str(),
        token_hash: &crate::auth::sha256_hex(&token),
        link: &format!("{}/password/reset/{token}", ctx.state.base_url),
        expires_at: now + crate::web::account::reset::LINK_VALID_FOR,
        office: &staff.office.name,
        time: &time,
        lang: ctx.lang.tag(),
    }
    .apply(conn)
    .await;
    match outcome {
        Ok(()) => {}
        Err(RecoveryError::PhoneTaken) => {
            return Ok(Some(("new_phone", "staff-recover-phone-taken")));
        }
        Err(RecoveryError::Db(e)) => return Err(e.into()),
    }
    audit::about_account(
        conn,
        staff.account.id,
        Some(staff.office.id),
        account,
        "account recovered at the counter (ID card seen): new mobile number, link to choose a \
         password sent there",
    )
    .await?;
    tracing::info!(
        clerk = staff.account.id,
        account,
        "account recovered at the counter"
    );
    crate::web::notify::sent(&ctx.state, account);
    Ok(None)
}

/// The account holding the ID number, as the clerk sees it (audited).
async fn look_up(
    conn: &mut AsyncPgConnection,
    staff: &Staff,
    account: i64,
    verified: bool,
) -> Result<Found, AppError> {
    let a = Account::find(conn, account)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::about_account(
        conn,
        staff.account.id,
        Some(staff.office.id),
        account,
        "account looked up at the counter",
    )
    .await?;
    Ok(Found {
        id: a.id,
        typed_name: a.real_name.clone(),
        phone_masked: MobileNumber::parse(&a.phone)
            .map(|p| p.masked())
            .unwrap_or_default(),
        registered: a
            .created_at
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%Y-%m-%d")
            .to_string(),
        verified,
    })
}
