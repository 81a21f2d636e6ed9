//! The list of people an account acts for, one person's page, and removing one.

use actix_web::web;
use askama::Template;

use crate::db::people::{self, Represented};
use crate::domain::IdNumber;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::render::{html, see_other};

/// A row as shown (ID number masked).
pub struct PersonRow {
    id: i64,
    name: String,
    id_masked: String,
    kind: String,
    relationship: String,
    proof_upload_id: i64,
    proof_name: String,
}

fn row(ctx: &Ctx, r: Represented) -> PersonRow {
    PersonRow {
        id: r.id,
        name: r.real_name,
        id_masked: IdNumber::parse(&r.id_number)
            .map(|id| id.masked())
            .unwrap_or_default(),
        kind: ctx.lang.t(&format!("people-kind-{}", r.kind)),
        relationship: format!("{} {}", r.relationship_code, r.relationship_name),
        proof_upload_id: r.proof_upload_id,
        proof_name: r.proof_name,
    }
}

/// `templates/people/list.html`.
#[derive(Template)]
#[template(path = "people/list.html")]
pub struct ListPage {
    page: Page,
    people: Vec<PersonRow>,
}

/// `GET /people`
pub async fn list(mut ctx: Ctx) -> AppResult {
    let account_id = ctx.require_account()?.id;
    let mut conn = ctx.state.conn().await?;
    let found = people::represented_by(&mut conn, account_id).await?;
    drop(conn);
    let people = found.into_iter().map(|r| row(&ctx, r)).collect();
    html(&ListPage {
        page: ctx.page("people-title"),
        people,
    })
}

/// `templates/people/show.html`.
#[derive(Template)]
#[template(path = "people/show.html")]
pub struct ShowPage {
    page: Page,
    person: PersonRow,
}

/// `GET /people/{id}` — 404 unless the signed-in account acts for this person.
pub async fn show(mut ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let account_id = ctx.require_account()?.id;
    let mut conn = ctx.state.conn().await?;
    let found = people::find_represented(&mut conn, account_id, id.into_inner())
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let person = row(&ctx, found);
    let mut page = ctx.page("people-person-title");
    page.title = person.name.clone();
    html(&ShowPage { page, person })
}

/// `POST /people/{id}/remove`
pub async fn remove(ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let account_id = ctx.require_account()?.id;
    let mut conn = ctx.state.conn().await?;
    if !people::remove(&mut conn, account_id, id.into_inner()).await? {
        return Err(AppError::NotFound);
    }
    ctx.flash("notice-person-removed")?;
    Ok(see_other("/people"))
}
