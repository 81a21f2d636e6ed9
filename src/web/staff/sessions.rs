//! `/staff/sessions`: a designated institution's assessment sessions (`domain::appointment`),
//! for its doctors — the people waiting for a date (home visits, or no session was free) with a
//! form to give each one, the sessions coming up (keyset pages), a form to publish a session or
//! a home-visit round, and the limits on applicants moving appointments online. Other roles get
//! 403 (not staff) or 404; only the institution's own appointments can be given a date.

use actix_web::{HttpRequest, http::StatusCode};
use askama::Template;
use chrono::NaiveDate;

use super::Staff;
use crate::db::appointments::{self, NewSession, SessionRow, Waiting};
use crate::db::audit;
use crate::domain::Role;
use crate::domain::appointment::{MoveLimits, PlannedSession, SessionError};
use crate::web::ctx::{Ctx, Page};
use crate::web::error::{AppError, AppResult};
use crate::web::form::{Fields, FormErrors};
use crate::web::render::{html_status, see_other};

/// Sessions per page.
const PAGE: i64 = 30;

/// Someone waiting for a date, with the sessions that can take them.
pub struct WaitingRow {
    item_id: i64,
    reference: String,
    home_visit: bool,
    since: String,
    /// (id, when and where) of the sessions with a free place of the right kind.
    choices: Vec<(i64, String)>,
}

/// `templates/staff/sessions.html`.
#[derive(Template)]
#[template(path = "staff/sessions.html")]
pub struct SessionsPage {
    page: Page,
    institution: String,
    waiting: Vec<WaitingRow>,
    sessions: Vec<SessionRow>,
    next: Option<String>,
    limits: MoveLimits,
    /// What was typed into the refused form (add, limits).
    typed: Fields,
    errors: FormErrors,
}

impl SessionsPage {
    /// What `name` shows in the add or limits form.
    pub fn value(&self, name: &str) -> String {
        self.typed.get(name)
    }

    /// What a limit field shows: as typed before a refusal, else the limit stored.
    pub fn limit(&self, name: &str, stored: u32) -> String {
        let typed = self.typed.get(name);
        if typed.is_empty() {
            stored.to_string()
        } else {
            typed
        }
    }
}

/// The staff member, if a doctor of a designated institution.
async fn institution_staff(ctx: &Ctx) -> Result<Staff, AppError> {
    let staff = Staff::load(ctx).await?;
    if staff.role != Role::Doctor {
        return Err(AppError::NotFound);
    }
    Ok(staff)
}

/// The page after `after` (a `day.id` key), with `errors` at the fields of `typed`.
async fn render(
    ctx: &mut Ctx,
    staff: &Staff,
    after: Option<(NaiveDate, i64)>,
    typed: Fields,
    errors: FormErrors,
) -> AppResult {
    let today = ctx.state.clock.today();
    let mut conn = ctx.state.conn().await?;
    let mut sessions =
        appointments::upcoming(&mut conn, staff.office.id, today, after, PAGE + 1).await?;
    let waiting = appointments::waiting(&mut conn, staff.office.id, 50).await?;
    let open = appointments::open_sessions(&mut conn, staff.office.id, today, 40).await?;
    let limits = appointments::limits_of(&mut conn, staff.office.id).await?;
    drop(conn);
    let next = (sessions.len() as i64 > PAGE).then(|| {
        sessions.truncate(PAGE as usize);
        let last = sessions.last().map(|s| (s.day, s.id)).unwrap_or_default();
        format!("/staff/sessions?after={}.{}", last.0, last.1)
    });
    let waiting = waiting
        .into_iter()
        .map(|w: Waiting| WaitingRow {
            choices: open
                .iter()
                .filter(|s| s.home_area.is_some() == w.home_visit)
                .map(|s| (s.id, describe(s)))
                .collect(),
            item_id: w.item_id,
            reference: w.reference,
            home_visit: w.home_visit,
            since: w
                .since
                .with_timezone(&chrono_tz::Asia::Shanghai)
                .format("%Y-%m-%d")
                .to_string(),
        })
        .collect();
    let mut page = ctx.page("sessions-title");
    page.has_errors = !errors.is_empty();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html_status(
        status,
        &SessionsPage {
            page,
            institution: staff.office.name.clone(),
            waiting,
            sessions,
            next,
            limits,
            typed,
            errors,
        },
    )
}

/// A session in a choice list: when, where (or the round's area), places left.
fn describe(s: &SessionRow) -> String {
    format!(
        "{} · {} · {}/{}",
        s.when(),
        s.home_area.as_deref().unwrap_or(&s.place),
        s.capacity - s.booked,
        s.capacity
    )
}

/// Writes the institution staff member's change to the audit log.
async fn audited(
    conn: &mut diesel_async::AsyncPgConnection,
    staff: &Staff,
    what: &str,
) -> Result<(), AppError> {
    audit::entry(conn, staff.account.id, Some(staff.office.id), None, what).await?;
    Ok(())
}

/// `GET /staff/sessions?after=YYYY-MM-DD.id`
pub async fn show(req: HttpRequest, mut ctx: Ctx) -> AppResult {
    let staff = institution_staff(&ctx).await?;
    let after = form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == "after")
        .and_then(|(_, v)| {
            let (day, id) = v.split_once('.')?;
            Some((day.parse().ok()?, id.parse().ok()?))
        });
    render(
        &mut ctx,
        &staff,
        after,
        Fields::default(),
        FormErrors::default(),
    )
    .await
}

/// `POST /staff/sessions`: publishes a session or a home-visit round.
pub async fn add(
    mut ctx: Ctx,
    form: crate::web::form::FieldForm<Vec<(String, String)>>,
) -> AppResult {
    let staff = institution_staff(&ctx).await?;
    let (fields, mut errors) = form.into_parts(ctx.lang);
    let f = Fields::from(fields);
    let today = ctx.state.clock.today();
    let home = f.get("kind") == "home";
    let parsed = PlannedSession::parse(
        &f.get("day"),
        &f.get("starts_at"),
        &f.get("ends_at"),
        &f.get("place"),
        &f.get("capacity"),
        home,
        &f.get("home_area"),
        today,
    );
    if let Err(problems) = &parsed {
        for (field, e) in problems {
            let key = match e {
                SessionError::Day => "sessions-day-invalid",
                SessionError::Time => "sessions-time-invalid",
                SessionError::Order => "sessions-order-invalid",
                SessionError::Place => "sessions-place-invalid",
                SessionError::Capacity => "sessions-capacity-invalid",
                SessionError::Area => "sessions-area-invalid",
            };
            errors.add(*field, ctx.lang.t(key));
        }
    }
    let planned = match parsed {
        Ok(p) if errors.is_empty() => p,
        _ => return render(&mut ctx, &staff, None, f, errors).await,
    };
    let mut conn = ctx.state.conn().await?;
    let id = appointments::add(
        &mut conn,
        &NewSession {
            institution_id: staff.office.id,
            day: planned.day,
            starts_at: planned.starts_at,
            ends_at: planned.ends_at,
            place: planned.place,
            capacity: planned.capacity,
            home_area: planned.home_area,
            created_by: staff.account.id,
        },
    )
    .await?;
    audited(
        &mut conn,
        &staff,
        &format!("assessment session {id} published"),
    )
    .await?;
    drop(conn);
    ctx.flash("notice-session-added")?;
    Ok(see_other("/staff/sessions"))
}

/// `POST /staff/sessions/assign` (`item`, `session`): gives someone waiting a date (a home-visit
/// round, or a session at the site) and tells the applicant.
pub async fn assign(
    mut ctx: Ctx,
    form: crate::web::form::Form<Vec<(String, String)>>,
) -> AppResult {
    let staff = institution_staff(&ctx).await?;
    let f = Fields::from(form.into_inner());
    let item: i64 = f.get("item").parse().map_err(|_| AppError::BadRequest)?;
    let session: Option<i64> = f.get("session").parse().ok();
    let mut conn = ctx.state.conn().await?;
    let booked = appointments::of_item(&mut conn, item)
        .await?
        .filter(|b| b.institution_id == staff.office.id && b.session.is_none())
        .ok_or(AppError::NotFound)?;
    let target = match session {
        Some(id) => appointments::session(&mut conn, id)
            .await?
            .filter(|s| s.institution_id == staff.office.id),
        None => None,
    };
    let field = format!("session-{item}");
    let Some(target) = target.filter(|s| s.home_area.is_some() == booked.home_visit) else {
        drop(conn);
        let mut errors = FormErrors::default();
        errors.add(field, ctx.lang.t("sessions-assign-choose"));
        return render(&mut ctx, &staff, None, Fields::default(), errors).await;
    };
    let done = crate::cases::appointment::give_date(&mut conn, &booked, &target, None).await?;
    let Some(applicant) = done else {
        drop(conn);
        let mut errors = FormErrors::default();
        errors.add(field, ctx.lang.t("sessions-assign-full"));
        return render(&mut ctx, &staff, None, Fields::default(), errors).await;
    };
    audited(
        &mut conn,
        &staff,
        &format!("appointment of item {item} given session {}", target.id),
    )
    .await?;
    drop(conn);
    crate::web::notify::sent(&ctx.state, applicant);
    ctx.flash("notice-appointment-given")?;
    Ok(see_other("/staff/sessions"))
}

/// `POST /staff/sessions/limits` (`moves`, `notice_days`): how applicants may move appointments.
pub async fn limits(
    mut ctx: Ctx,
    form: crate::web::form::Form<Vec<(String, String)>>,
) -> AppResult {
    let staff = institution_staff(&ctx).await?;
    let f = Fields::from(form.into_inner());
    let number = |name: &str| f.get(name).trim().parse::<u32>().ok().filter(|n| *n <= 10);
    let (moves, notice_days) = (number("moves"), number("notice_days"));
    let (Some(moves), Some(notice_days)) = (moves, notice_days) else {
        let mut errors = FormErrors::default();
        if moves.is_none() {
            errors.add("moves", ctx.lang.t("sessions-limit-invalid"));
        }
        if notice_days.is_none() {
            errors.add("notice_days", ctx.lang.t("sessions-limit-invalid"));
        }
        return render(&mut ctx, &staff, None, f, errors).await;
    };
    let mut conn = ctx.state.conn().await?;
    appointments::set_limits(
        &mut conn,
        staff.office.id,
        MoveLimits { moves, notice_days },
    )
    .await?;
    audited(
        &mut conn,
        &staff,
        &format!("appointment limits set: {moves} moves, {notice_days} days notice"),
    )
    .await?;
    drop(conn);
    ctx.flash("notice-limits-saved")?;
    Ok(see_other("/staff/sessions#limits"))
}
