//! The start page (with the drafts to continue), starting a draft, and the task list showing
//! each section's status (GOV.UK “complete multiple tasks”).

use askama::Template;

use super::draft::{Loaded, places};
use super::materials::missing_uploads;
use super::sections;
use crate::db::drafts::Draft;
use crate::domain::application::draft_expires_on;
use crate::domain::section::Section;
use crate::domain::working_days::local_date;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::render::{html, see_other};

/// A draft in a list.
pub struct DraftRow {
    /// Draft id.
    pub id: i64,
    /// What it is about, in words.
    pub title: String,
    /// Last saved (local).
    pub saved: String,
    /// Deleted after this day.
    pub expires: String,
}

/// A draft's row for lists (dashboard, start page).
pub fn draft_row(ctx: &Ctx, d: &Draft) -> DraftRow {
    let a = &d.answers;
    let title = match a.matter_kind() {
        Some(k) => ctx.lang.t(&format!("matter-{}", k.code())),
        None if a.matter == "none" => ctx.lang.t("apply-matter-none"),
        None => ctx.lang.t("apply-draft-untitled"),
    };
    let saved = local_date(d.updated_at);
    DraftRow {
        id: d.id,
        title,
        saved: d
            .updated_at
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        expires: draft_expires_on(saved).format("%Y-%m-%d").to_string(),
    }
}

/// `templates/apply/start.html`.
#[derive(Template)]
#[template(path = "apply/start.html")]
pub struct StartPage {
    page: Page,
    drafts: Vec<DraftRow>,
}

/// `GET /apply`
pub async fn start(mut ctx: Ctx) -> AppResult {
    let drafts = match &ctx.account {
        Some(a) => {
            let mut conn = ctx.state.conn().await?;
            Draft::open_for(&mut conn, a.id).await?
        }
        None => vec![],
    };
    let drafts = drafts.iter().map(|d| draft_row(&ctx, d)).collect();
    html(&StartPage {
        page: ctx.page("apply-start-title"),
        drafts,
    })
}

/// `POST /apply`: a new draft, then its first question.
pub async fn create(ctx: Ctx) -> AppResult {
    let account = ctx.require_account()?;
    let mut conn = ctx.state.conn().await?;
    let id = Draft::create(&mut conn, account.id, serde_json::json!({})).await?;
    tracing::info!(account = account.id, draft = id, "draft started");
    Ok(see_other(&format!("/apply/{id}/who")))
}

/// One row of the task list.
pub struct TaskRow {
    /// Link (empty when the task cannot be started).
    pub href: String,
    /// Task name.
    pub name: String,
    /// Status text.
    pub status: String,
    /// Status class (`done`, `todo`, `na`).
    pub class: &'static str,
    /// Id for `aria-describedby`.
    pub id: &'static str,
}

/// `templates/apply/tasks.html`.
#[derive(Template)]
#[template(path = "apply/tasks.html")]
pub struct TasksPage {
    page: Page,
    draft_id: i64,
    rows: Vec<TaskRow>,
    done: usize,
    total: usize,
    ready: bool,
    expires: String,
    subject: Option<String>,
}

/// `GET /apply/{id}`
pub async fn show(mut ctx: Ctx, path: actix_web::web::Path<i64>) -> AppResult {
    let d = Loaded::load(&ctx, path.into_inner()).await?;
    let places = places(&ctx, &d.answers).await?;
    let env = d.env(&ctx, &places);
    let missing = missing_uploads(&d, &env).len();
    let lang = ctx.lang;
    let mut rows = vec![];
    let (mut done, mut total) = (0, 0);
    for s in Section::ALL {
        let name = lang.t(&format!("apply-{}-title", s.code()));
        let href = format!("/apply/{}/{}", d.id, s.code());
        let (status, class) = if !s.applies(&d.answers) {
            ("apply-status-not-needed", "na")
        } else if !d.answers.was_visited(s.code()) && s != Section::Materials {
            ("apply-status-not-started", "todo")
        } else if (s == Section::Materials && missing == 0)
            || (s != Section::Materials && sections::validate(s, &d.answers, &env).is_empty())
        {
            ("apply-status-completed", "done")
        } else {
            ("apply-status-incomplete", "todo")
        };
        if class != "na" {
            total += 1;
        }
        if class == "done" {
            done += 1;
        }
        rows.push(TaskRow {
            href: if class == "na" { String::new() } else { href },
            name,
            status: lang.t(status),
            class,
            id: s.code(),
        });
    }
    let subject = env.subject.as_ref().map(|s| s.name.clone());
    let expires = draft_expires_on(local_date(d.updated))
        .format("%Y-%m-%d")
        .to_string();
    html(&TasksPage {
        page: ctx.page("apply-tasks-title"),
        draft_id: d.id,
        rows,
        done,
        total,
        ready: done == total,
        expires,
        subject,
    })
}
