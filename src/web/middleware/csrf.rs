//! CSRF protection: every unsafe request must carry the session's synchroniser token or, for a
//! visitor whose session has none, the token of their form cookie (double submit: another site can
//! neither read the cookie nor, `SameSite`, send it; a session with a token — every signed-in one —
//! never accepts the cookie's, so a cookie planted from a sibling domain opens nothing signed in;
//! `__Host-` when cookies are secure), in the `csrf_token` form field, the `X-CSRF-Token` header,
//! or (for multipart forms, whose body is streamed to the handler) the `csrf_token` query
//! parameter of the form's action. Checked here for every route, so no handler can forget it.
//! The form cookie spares a visitor who is not signed in a session: reading a form page writes
//! no session row, and sending it (the personal lookup, sign-in) reads none.

use std::cell::OnceCell;
use std::rc::Rc;

use actix_session::SessionExt;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use subtle::ConstantTimeEq;

use crate::web::ctx::keys;

/// The form field carrying the token.
pub const FIELD: &str = "csrf_token";
/// The header carrying the token (JavaScript requests).
pub const HEADER: &str = "x-csrf-token";

/// The cookie holding a visitor's form token when their session has none (over HTTP).
pub const FORM_COOKIE: &str = "portal_form";
/// The same with secure cookies: `__Host-` (set only by this host over TLS, for the whole site).
pub const SECURE_FORM_COOKIE: &str = "__Host-portal_form";

fn form_cookie_name(req: &HttpRequest) -> &'static str {
    let secure = req
        .app_data::<web::Data<crate::web::state::AppState>>()
        .is_some_and(|s| s.settings.secure_cookies);
    if secure {
        SECURE_FORM_COOKIE
    } else {
        FORM_COOKIE
    }
}

/// Where a page leaves the form token it made for a visitor without one, for this middleware to
/// set as the form cookie on the response.
#[derive(Clone, Default)]
pub struct IssuedToken(Rc<OnceCell<String>>);

impl IssuedToken {
    /// The request's (when it passed through this middleware).
    pub fn of(req: &HttpRequest) -> Option<Self> {
        req.extensions().get::<IssuedToken>().cloned()
    }

    /// A new token, set as the form cookie with the response.
    pub fn issue(&self) -> String {
        self.0.get_or_init(crate::auth::random_token).clone()
    }
}

/// The form cookie's token, if the request carried a well-formed one (64 hex digits).
pub fn sent(req: &HttpRequest) -> Option<String> {
    req.cookie(form_cookie_name(req))
        .map(|c| c.value().to_owned())
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// POSTs that change nothing and need no session: a look-up whose input is sent in the body only to
/// keep it out of URLs and logs (the typed certificate number is an ID number plus two digits).
const LOOKUPS: [&str; 1] = ["/verify"];

/// Rejects unsafe requests without the session's token (or the form cookie's) with 403 (rendered
/// as a localised page), and sets the form cookie a page made. The portal has no route for any
/// method but GET, HEAD and POST: any other is 405 with `Allow` before the token is looked at (a
/// token would not make it work).
pub async fn check(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let issued = IssuedToken::default();
    req.extensions_mut().insert(issued.clone());
    let name = form_cookie_name(req.request());
    let secure = name == SECURE_FORM_COOKIE;
    let mut res = verified(req, next).await?;
    if let Some(token) = issued.0.get() {
        // A browser-session cookie, like the session's own.
        let cookie = Cookie::build(name, token.clone())
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .finish();
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res)
}

async fn verified(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if !matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::POST
    ) {
        return Ok(req.into_response(
            HttpResponse::MethodNotAllowed()
                .insert_header((header::ALLOW, "GET, HEAD, POST"))
                .finish()
                .map_into_boxed_body(),
        ));
    }
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || (*req.method() == Method::POST && LOOKUPS.contains(&req.path()))
    {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let expected = req
        .get_session()
        .get::<String>(keys::CSRF)
        .ok()
        .flatten()
        .or_else(|| sent(req.request()));
    let limit = req
        .app_data::<web::Data<crate::web::state::AppState>>()
        .map(|s| s.settings.form_limit)
        .unwrap_or(64 * 1024);

    let mut supplied = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if supplied.is_none() {
        supplied = form_urlencoded::parse(req.query_string().as_bytes())
            .find(|(k, _)| k == FIELD)
            .map(|(_, v)| v.into_owned());
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if supplied.is_none() && is_form {
        // Read the (size-limited) body, find the token, and hand the body back to the handler.
        let mut body = web::BytesMut::new();
        let mut stream = req.take_payload();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > limit {
                return Ok(req.into_response(
                    HttpResponse::new(StatusCode::PAYLOAD_TOO_LARGE).map_into_boxed_body(),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        let body = body.freeze();
        supplied = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
            .ok()
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v));
        let (_, mut payload) = actix_http::h1::Payload::create(true);
        payload.unread_data(body);
        req.set_payload(payload.into());
    }
    let ok = match (expected, supplied) {
        (Some(e), Some(s)) => e.len() == s.len() && bool::from(e.as_bytes().ct_eq(s.as_bytes())),
        _ => false,
    };
    if !ok {
        tracing::warn!(path = %req.match_pattern().unwrap_or_default(), "CSRF token missing or wrong");
        return Ok(req.into_response(HttpResponse::new(StatusCode::FORBIDDEN)));
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}
