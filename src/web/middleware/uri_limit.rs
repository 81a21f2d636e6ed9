//! Web addresses longer than any page of the portal makes (issue #22) are answered 414 with the
//! localised error page, before any handler reads them: every page repeats its own address in
//! the language and display links (`back=`), so a 60 KB address came back three times over.
//! Addresses beyond what the HTTP parser itself takes (about 64 KB) never reach the app; actix-web
//! answers those 400 or 431 on its own.

use actix_web::HttpResponse;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;

/// The longest path and query accepted, in bytes: as nginx's default (8 KB), far beyond the
/// longest address a page links to (a filtered listing's next page, a sign-in's `back=`).
pub const MOST_BYTES: usize = 8 * 1024;

/// Answers 414 (URI Too Long) for a longer path and query; the error-page middleware outside
/// this one renders the page.
pub async fn check(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let length = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if length > MOST_BYTES {
        let (req, _) = req.into_parts();
        let res = HttpResponse::new(StatusCode::URI_TOO_LONG);
        return Ok(ServiceResponse::new(req, res));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}
