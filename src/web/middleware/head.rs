//! `HEAD` answered as `GET` (RFC 9110 §9.3.2: the same status and headers, no content). Routes
//! are declared for `GET` only, so a `HEAD` — what link checkers, monitors and some assistive
//! tools send first — met 405 on every page while `Allow` named `HEAD`. The request goes on as
//! `GET`; the connection drops the body, since it decoded the request as `HEAD`.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

/// Turns `HEAD` into `GET` before routing.
pub async fn as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}
