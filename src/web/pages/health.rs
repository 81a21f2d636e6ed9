//! Operator endpoints: liveness and readiness.

use actix_web::{HttpResponse, web};

use crate::db;
use crate::web::state::AppState;

/// `GET /healthz`: the process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok")
}

/// `GET /readyz`: the database answers and every migration is applied.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let ready = match state.pool.get().await {
        Ok(mut conn) => db::migrations_current(&mut conn).await.unwrap_or(false),
        Err(_) => false,
    };
    if ready {
        HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body("ready")
    } else {
        HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .body("not ready")
    }
}
