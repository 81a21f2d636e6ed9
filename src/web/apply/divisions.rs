//! `GET /divisions/{code}`: the children of a division as JSON, for the address lists'
//! JavaScript enhancement (the form works without it by reloading the page).

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::reference;
use crate::web::error::{AppError, AppResult};
use crate::web::state::AppState;

#[derive(Serialize)]
struct Child {
    code: String,
    name: String,
}

/// `GET /divisions/{code}`
pub async fn children(state: web::Data<AppState>, code: web::Path<String>) -> AppResult {
    let code = code.into_inner();
    if code.len() > 12 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::NotFound);
    }
    let mut conn = state.conn().await?;
    let rows = reference::children_of(&mut conn, std::slice::from_ref(&code)).await?;
    let body: Vec<Child> = rows
        .into_iter()
        .map(|(_, d)| Child {
            code: d.code,
            name: d.name,
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            "public, max-age=86400",
        ))
        .json(body))
}
