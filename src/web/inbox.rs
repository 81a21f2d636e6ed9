//! The portal inbox: every message to the signed-in account, newest first, paged by key.

use actix_web::{HttpRequest, web};
use askama::Template;
use chrono_tz::Asia::Shanghai;

use super::ctx::{Ctx, Page};
use super::error::{AppError, AppResult};
use super::render::html;
use crate::db::inbox::{self, Message};
use crate::i18n::Lang;

/// Messages per page.
const PAGE_SIZE: i64 = 20;

/// A message as shown.
pub struct MessageView {
    id: i64,
    subject: String,
    body: Vec<String>,
    sent: String,
    unread: bool,
}

/// Renders a stored message in `lang`.
pub fn render(lang: Lang, m: &Message) -> MessageView {
    let (subject, body) = lang.message(&m.kind, &m.params);
    MessageView {
        id: m.id,
        subject,
        body: body.split("\n\n").map(str::to_owned).collect(),
        sent: m
            .created_at
            .with_timezone(&Shanghai)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        unread: m.read_at.is_none(),
    }
}

/// `templates/inbox/list.html`.
#[derive(Template)]
#[template(path = "inbox/list.html")]
pub struct ListPage {
    page: Page,
    messages: Vec<MessageView>,
    older: Option<i64>,
}

/// `GET /inbox?before=<id>`
pub async fn list(req: HttpRequest, mut ctx: Ctx) -> AppResult {
    let account_id = ctx.require_account()?.id;
    let before = form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == "before")
        .and_then(|(_, v)| v.parse::<i64>().ok());
    let mut conn = ctx.state.conn().await?;
    let found = inbox::page(&mut conn, account_id, before, PAGE_SIZE + 1).await?;
    drop(conn);
    let has_more = found.len() as i64 > PAGE_SIZE;
    let messages: Vec<MessageView> = found
        .iter()
        .take(PAGE_SIZE as usize)
        .map(|m| render(ctx.lang, m))
        .collect();
    let older = has_more.then(|| messages.last().map(|m| m.id)).flatten();
    html(&ListPage {
        page: ctx.page("inbox-title"),
        messages,
        older,
    })
}

/// `templates/inbox/show.html`.
#[derive(Template)]
#[template(path = "inbox/show.html")]
pub struct ShowPage {
    page: Page,
    message: MessageView,
}

/// `GET /inbox/{id}` — opens (and marks read) a message of the signed-in account; 404 otherwise.
pub async fn show(mut ctx: Ctx, id: web::Path<i64>) -> AppResult {
    let account_id = ctx.require_account()?.id;
    let mut conn = ctx.state.conn().await?;
    let found = inbox::open(&mut conn, account_id, id.into_inner())
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    // The header count was taken before this message was opened.
    if found.was_unread {
        ctx.unread = (ctx.unread - 1).max(0);
        ctx.state.accounts.forget(account_id);
    }
    let message = render(ctx.lang, &Message::from(found));
    let mut page = ctx.page("inbox-title");
    page.title = message.subject.clone();
    html(&ShowPage { page, message })
}
