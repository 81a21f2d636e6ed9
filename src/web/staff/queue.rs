//! `GET /staff`: the work queue of the signed-in staff member — the county clerk's open items of
//! their county, the doctor's appointments at their institution, the hukou clerk's cross-region
//! approvals — earliest deadline (overdue) first, filtered by state, paged by key.

use actix_web::HttpRequest;
use askama::Template;
use chrono::NaiveDate;

use super::Staff;
use super::objections as objections_page;
use crate::db::cases::{self, NO_DEADLINE};
use crate::db::objections;
use crate::domain::Role;
use crate::domain::jurisdiction::Scope;
use crate::web::ctx::{Ctx, Page};
use crate::web::error::AppResult;
use crate::web::render::html;

/// Rows per page.
const PAGE: i64 = 25;

/// A row as shown.
pub struct Row {
    id: i64,
    reference: String,
    what: String,
    person: String,
    state: String,
    deadline: String,
    overdue: bool,
}

/// A state to filter by.
pub struct Filter {
    code: &'static str,
    label: String,
    chosen: bool,
}

/// `templates/staff/queue.html`.
#[derive(Template)]
#[template(path = "staff/queue.html")]
pub struct QueuePage {
    page: Page,
    office: String,
    role: String,
    rows: Vec<Row>,
    filters: Vec<Filter>,
    next: Option<String>,
    /// Open public objections of the county (county clerks): (id, entry's masked name, received).
    objections: Vec<(i64, String, String)>,
    /// A county or township clerk: the counter's identity check and the claims to check.
    is_clerk: bool,
    /// A township counter (the county's own business, such as move proposals, is not theirs).
    is_township: bool,
    /// A designated institution's doctor (the sessions page is theirs).
    is_institution: bool,
    /// The queue's work in words: open, new since the last working day, due by the next.
    workload: Vec<String>,
}

/// The days the start page's counts and the daily digest count from (001 二, 002: staff log in
/// every working day): new since the last working day, due by the next one.
pub fn alert_days(calendar: &crate::domain::Calendar, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        crate::domain::appointment::reminder_day(calendar, today),
        calendar.add(today, 1).date,
    )
}

/// The counts in words.
pub fn workload_lines(
    lang: crate::i18n::Lang,
    w: cases::Workload,
    new_since: NaiveDate,
    due_by: NaiveDate,
) -> Vec<String> {
    vec![
        lang.t_args("staff-work-open", &[("n", w.open.to_string())]),
        lang.t_args(
            "staff-work-new",
            &[("n", w.new.to_string()), ("date", new_since.to_string())],
        ),
        lang.t_args(
            "staff-work-due",
            &[("n", w.due.to_string()), ("date", due_by.to_string())],
        ),
    ]
}

/// `GET /staff?state=…&after=YYYY-MM-DD.id`
pub async fn show(req: HttpRequest, mut ctx: Ctx) -> AppResult {
    let staff = Staff::load(&ctx).await?;
    let lang = ctx.lang;
    let mut state = String::new();
    let mut after = None;
    for (k, v) in form_urlencoded::parse(req.query_string().as_bytes()) {
        match k.as_ref() {
            "state" => state = v.into_owned(),
            "after" => {
                after = v
                    .split_once('.')
                    .and_then(|(d, id)| Some((d.parse().ok()?, id.parse::<i64>().ok()?)))
            }
            _ => {}
        }
    }
    let open = crate::domain::jurisdiction::open_states(staff.role);
    let chosen: Vec<&str> = match open.iter().find(|s| **s == state) {
        Some(s) => vec![*s],
        None => {
            state.clear();
            open.clone()
        }
    };
    let scope = staff.scope();
    let today = ctx.state.clock.today();
    let calendar = ctx.state.calendar().await?;
    let (new_since, due_by) = alert_days(&calendar, today);
    let (rows, objections, work) = {
        let mut conn = ctx.state.conn().await?;
        let rows = cases::queue(&mut conn, &scope, &chosen, after, PAGE).await?;
        let work = cases::workload(&mut conn, &scope, &open, new_since, due_by).await?;
        let objections = match &scope {
            Scope::County(county) if staff.role == Role::CountyClerk && after.is_none() => {
                objections::open_in(&mut conn, county, 0, objections_page::LISTED).await?
            }
            _ => vec![],
        };
        (rows, objections, work)
    };
    let next = (rows.len() as i64 == PAGE).then(|| {
        let last = &rows[rows.len() - 1];
        let due = last.deadline.unwrap_or(NO_DEADLINE);
        let mut q = format!("/staff?after={}.{}", due.format("%Y-%m-%d"), last.id);
        if !state.is_empty() {
            q.push_str(&format!("&state={state}"));
        }
        q
    });
    let rows = rows
        .into_iter()
        .map(|r| Row {
            id: r.id,
            reference: r.reference,
            what: lang.item(r.kind, &r.code),
            person: r.person_name,
            state: lang.state(&r.status),
            overdue: r.deadline.is_some_and(|d| d < today),
            deadline: r
                .deadline
                .map(|d| crate::web::dates::deadline_text(lang, &calendar, d))
                .unwrap_or_default(),
        })
        .collect();
    let filters = open
        .iter()
        .map(|s| Filter {
            code: s,
            label: lang.state(s),
            chosen: *s == state,
        })
        .collect();
    html(&QueuePage {
        workload: workload_lines(lang, work, new_since, due_by),
        is_institution: staff.role == Role::Doctor,
        is_clerk: staff.role == Role::CountyClerk,
        is_township: staff.is_township(),
        office: staff.office.name.clone(),
        role: lang.t(&format!("role-{}", staff.role.code().replace('_', "-"))),
        rows,
        filters,
        next,
        objections: objections
            .into_iter()
            .map(|o| {
                let received = o
                    .received_at
                    .with_timezone(&chrono_tz::Asia::Shanghai)
                    .format("%Y-%m-%d %H:%M")
                    .to_string();
                (o.id, o.masked_name, received)
            })
            .collect(),
        page: ctx.page("staff-queue-title"),
    })
}
