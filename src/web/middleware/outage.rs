//! Outages told truly (issue #22): a server error while the database cannot be reached answers
//! 503 with `Retry-After`, on a page saying that what was just sent was *not* saved. Wraps the
//! session middleware, whose own failures (it loads and saves sessions in the database) are
//! outages too.

use actix_session::SessionExt;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};

use super::error_pages;
use crate::web::ctx::CsrfToken;
use crate::web::state::AppState;

/// Seconds a client is asked to wait before trying again.
pub const RETRY_AFTER_SECONDS: u32 = 30;

/// How long the database gets to answer the probe.
const PROBE: std::time::Duration = std::time::Duration::from_secs(2);

/// Turns a 500 into a 503 page when the database does not answer; gives any bare 500 its page.
pub async fn tell(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Read before the call: the request cannot be cloned while the services inside use it.
    let (lang, display) = error_pages::visitor(req.request());
    let session = req.get_session();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let page = |status: StatusCode, headers: &header::HeaderMap| -> HttpResponse {
        error_pages::page(
            lang,
            &display,
            CsrfToken::new(session.clone()),
            status,
            false,
            headers,
        )
    };
    match next.call(req).await {
        Ok(res) if res.status() != StatusCode::INTERNAL_SERVER_ERROR => {
            Ok(res.map_into_boxed_body())
        }
        Ok(res) => {
            let replaced = if database_down(state.as_ref()).await {
                Some(page(StatusCode::SERVICE_UNAVAILABLE, &retry_after()))
            } else if is_html(res.headers()) {
                None
            } else {
                Some(page(res.status(), res.headers()))
            };
            Ok(match replaced {
                Some(page) => res.into_response(page),
                None => res.map_into_boxed_body(),
            })
        }
        // The session middleware fails without a response (its store is the database).
        Err(e) => {
            tracing::error!(error = ?e, "request failed");
            let page = if database_down(state.as_ref()).await {
                page(StatusCode::SERVICE_UNAVAILABLE, &retry_after())
            } else {
                page(
                    e.as_response_error().status_code(),
                    &header::HeaderMap::new(),
                )
            };
            Err(actix_web::error::InternalError::from_response(e.to_string(), page).into())
        }
    }
}

async fn database_down(state: Option<&web::Data<AppState>>) -> bool {
    match state {
        Some(state) => {
            let down = !crate::db::answers(&state.pool, PROBE).await;
            if down {
                tracing::warn!("database unavailable: answered 503");
            }
            down
        }
        None => false,
    }
}

fn retry_after() -> header::HeaderMap {
    let mut headers = header::HeaderMap::new();
    headers.insert(header::RETRY_AFTER, RETRY_AFTER_SECONDS.into());
    headers
}

fn is_html(headers: &header::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}
