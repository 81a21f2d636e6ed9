//! Language and display preferences (remembered in cookies) and extending an idle session.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::i18n::Lang;
use crate::web::ctx::{Ctx, DISPLAY_COOKIE, LANG_COOKIE};
use crate::web::error::AppResult;
use crate::web::render::{local_path_or, see_other};

/// Query of the language switch.
#[derive(Deserialize)]
pub struct LanguageQuery {
    set: String,
    back: Option<String>,
}

fn preference_cookie(name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .max_age(CookieDuration::days(365))
        .finish()
}

/// `GET /preferences/language?set=en&back=/path` — a link, so it works without JavaScript.
pub async fn language(query: web::Query<LanguageQuery>) -> HttpResponse {
    let lang = Lang::from_tag(&query.set).unwrap_or_default();
    let mut res = see_other(local_path_or(query.back.as_deref(), "/"));
    let _ = res.add_cookie(&preference_cookie(LANG_COOKIE, lang.tag().to_owned()));
    res
}

/// Query of the display switch.
#[derive(Deserialize)]
pub struct DisplayQuery {
    text: Option<String>,
    contrast: Option<String>,
    back: Option<String>,
}

/// `GET /preferences/display?text=large|standard&contrast=high|standard&back=/path`
pub async fn display(req: HttpRequest, query: web::Query<DisplayQuery>) -> HttpResponse {
    let current = req
        .cookie(DISPLAY_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    let mut large = current.split(',').any(|p| p == "large");
    let mut contrast = current.split(',').any(|p| p == "contrast");
    match query.text.as_deref() {
        Some("large") => large = true,
        Some("standard") => large = false,
        _ => {}
    }
    match query.contrast.as_deref() {
        Some("high") => contrast = true,
        Some("standard") => contrast = false,
        _ => {}
    }
    let value = [(large, "large"), (contrast, "contrast")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| *name)
        .collect::<Vec<_>>()
        .join(",");
    let mut res = see_other(local_path_or(query.back.as_deref(), "/"));
    let _ = res.add_cookie(&preference_cookie(DISPLAY_COOKIE, value));
    res
}

/// Form of the “stay signed in” button.
#[derive(Deserialize)]
pub struct ExtendForm {
    back: Option<String>,
    /// Sent by the session bar: stay on the page (204) rather than reload it.
    stay: Option<String>,
}

/// `POST /session/extend` — the activity itself renews the session (see [`Ctx`]). JavaScript
/// calls it with `Accept: application/json` and gets the new end; the session bar's form (without
/// JavaScript) gets 204, so the browser keeps the page and what was typed in it; the dialog's
/// form goes back to the page.
pub async fn extend(
    req: HttpRequest,
    mut ctx: Ctx,
    form: crate::web::form::Form<ExtendForm>,
) -> AppResult {
    ctx.extend()?;
    let wants_json = req
        .headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if wants_json {
        return Ok(match ctx.session_end().filter(|_| ctx.account.is_some()) {
            Some(end) => HttpResponse::Ok().json(serde_json::json!({
                "expires": end.unix,
                "expires_in": end.seconds_left,
                "notice": end.notice,
                "warning": end.warning,
            })),
            None => HttpResponse::Unauthorized().finish(),
        });
    }
    // The session bar's button: 204 leaves the page as it is, with whatever was typed.
    if ctx.account.is_some() && form.stay.is_some() {
        return Ok(HttpResponse::NoContent().finish());
    }
    if ctx.account.is_some() {
        ctx.flash("notice-session-extended")?;
    }
    Ok(see_other(local_path_or(form.back.as_deref(), "/account")))
}
