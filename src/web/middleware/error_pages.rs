//! Localised pages for error statuses (400, 403, 404, 405, 413, 429, 500 …) that leak nothing
//! internal. Handlers that render their own page (a form with errors, 422) are left alone.

use actix_session::SessionExt;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use crate::i18n::Lang;
use crate::web::ctx::{CsrfToken, DISPLAY_COOKIE, LANG_COOKIE, Page, keys};

/// The error page.
#[derive(Template)]
#[template(path = "errors/error.html")]
pub struct ErrorPage {
    /// Layout data.
    pub page: Page,
    /// Explanation.
    pub message: String,
    /// HTTP status code.
    pub status: u16,
}

/// Replaces the body of an error response with a localised page.
pub async fn render(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?;
    let status = res.status();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || is_html {
        return Ok(res.map_into_boxed_body());
    }
    if status.is_server_error()
        && let Some(e) = res.response().error()
    {
        tracing::error!(error = ?e, "request failed");
    }
    let (req, res) = res.into_parts();
    let session = req.get_session();
    let signed_in = session.get::<i64>(keys::UID).ok().flatten().is_some();
    let (lang, display) = visitor(&req);
    let page = page(
        lang,
        &display,
        CsrfToken::new(session),
        status,
        signed_in,
        res.headers(),
    );
    Ok(ServiceResponse::new(req, page))
}

/// The visitor's language (chosen, else the browser's) and display modes, as every page reads
/// them (issue #22: error pages too).
pub fn visitor(req: &HttpRequest) -> (Lang, String) {
    let lang = req
        .cookie(LANG_COOKIE)
        .and_then(|c| Lang::from_tag(c.value()))
        .or_else(|| crate::web::ctx::accept_language(req))
        .unwrap_or_default();
    let display = req
        .cookie(DISPLAY_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    (lang, display)
}

/// The localised error page for `status`, keeping the `Allow` and `Retry-After` of `headers`.
pub fn page(
    lang: Lang,
    display: &str,
    csrf: CsrfToken,
    status: StatusCode,
    signed_in: bool,
    headers: &header::HeaderMap,
) -> HttpResponse {
    let (title_key, message_key) = keys_for(status);
    let page = Page {
        lang,
        title: lang.t(title_key),
        csrf,
        user_name: None,
        signed_in,
        is_staff: false,
        is_admin: false,
        unread: 0,
        path: "/".to_owned(),
        large_text: display.split(',').any(|p| p == "large"),
        high_contrast: display.split(',').any(|p| p == "contrast"),
        notice: None,
        session_end: None,
        idle_seconds: 0,
        has_errors: false,
    };
    let body = ErrorPage {
        page,
        message: lang.t(message_key),
        status: status.as_u16(),
    }
    .render()
    .unwrap_or_else(|_| status.canonical_reason().unwrap_or("Error").to_owned());
    let body = crate::web::lang_parts::mark(&body).into_owned();
    let mut builder = HttpResponse::build(status);
    builder.content_type("text/html; charset=utf-8");
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = headers.get(&name) {
            builder.insert_header((name, v.clone()));
        }
    }
    builder.body(body)
}

fn keys_for(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        403 => ("error-403-title", "error-403-body"),
        404 => ("error-404-title", "error-404-body"),
        405 => ("error-405-title", "error-405-body"),
        413 => ("error-413-title", "error-413-body"),
        414 => ("error-414-title", "error-414-body"),
        422 => ("error-422-title", "error-422-body"),
        429 => ("error-429-title", "error-429-body"),
        503 => ("error-503-title", "error-503-body"),
        400..=499 => ("error-400-title", "error-400-body"),
        _ => ("error-500-title", "error-500-body"),
    }
}
