//! The assessment appointment on the applicant's case page (`domain::appointment`): when and
//! where, what to bring and whom to call, or that a home-visit date is coming; and
//! `POST /applications/{id}/appointment` (`session`) to move it online within the institution's
//! limits.

use actix_web::{http::StatusCode, web};
use chrono::NaiveDate;
use diesel_async::AsyncPgConnection;

use crate::cases::appointment::{Moved, move_by_applicant};
use crate::db::appointments::{self, Booked};
use crate::domain::Calendar;
use crate::domain::appointment::{self, Appointment, MoveError};
use crate::i18n::Lang;
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};
use crate::web::form::Fields;
use crate::web::render::see_other;

/// How many sessions the move form offers.
const CHOICES: i64 = 10;

/// The appointment as the case page shows it.
pub struct AppointmentView {
    /// What stands now, in words (booked for …, waiting for a home-visit date, …).
    pub status: String,
    /// The appointment is booked (the page's heading says so).
    pub booked: Option<String>,
    /// The sessions it may be moved to (id, when and where); empty when it cannot be moved.
    pub choices: Vec<(i64, String)>,
    /// Why it cannot be moved online, when it cannot.
    pub cannot_move: Option<String>,
    /// The refusal of the last try, at the choice.
    pub error: Option<String>,
}

impl AppointmentView {
    /// Loads the view of the matter item `item`'s appointment, if it has one.
    pub async fn load(
        conn: &mut AsyncPgConnection,
        lang: Lang,
        item: i64,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> Result<Option<Self>, AppError> {
        let Some(booked) = appointments::of_item(conn, item).await? else {
            return Ok(None);
        };
        let from = appointment::first_bookable(calendar, today);
        let free =
            appointments::free(conn, booked.institution_id, from, CHOICES + 1, false).await?;
        Ok(Some(Self::of(lang, &booked, &free, calendar, today)))
    }

    fn of(
        lang: Lang,
        booked: &Booked,
        free: &[appointments::SessionRow],
        calendar: &Calendar,
        today: NaiveDate,
    ) -> Self {
        let state = booked.state();
        let session = booked.session.as_ref();
        let status = status_text(lang, booked);
        let moves = u32::try_from(booked.moves).unwrap_or(u32::MAX);
        let choices: Vec<(i64, String)> = free
            .iter()
            .filter(|s| Some(s.id) != session.map(|c| c.id))
            .filter(|s| {
                appointment::may_move(
                    booked.limits,
                    state,
                    moves,
                    Some(&s.domain()),
                    calendar,
                    today,
                )
                .is_ok()
            })
            .take(CHOICES as usize)
            .map(|s| (s.id, format!("{} · {}", s.when(), s.place)))
            .collect();
        let cannot_move =
            match appointment::may_move(booked.limits, state, moves, None, calendar, today) {
                Err(MoveError::SessionNotAvailable) if choices.is_empty() => {
                    Some(lang.t("appointment-no-free-session"))
                }
                Err(MoveError::SessionNotAvailable) => None,
                Err(e) => Some(move_error(lang, e, booked)),
                Ok(()) => None,
            };
        AppointmentView {
            booked: session.map(|s| s.when()),
            status,
            choices: if cannot_move.is_some() {
                vec![]
            } else {
                choices
            },
            cannot_move,
            error: None,
        }
    }
}

/// Where the appointment stands, in words: booked for a day and place, or waiting.
pub fn status_text(lang: Lang, booked: &Booked) -> String {
    match (booked.state(), booked.session.as_ref()) {
        (Appointment::Booked { home_visit, .. }, Some(s)) => lang.t_args(
            if home_visit {
                "appointment-home-visit-on"
            } else {
                "appointment-booked-on"
            },
            &[("date", s.when()), ("place", s.place.clone())],
        ),
        (Appointment::WaitingForHomeVisit, _) => lang.t("appointment-waiting-home-visit"),
        _ => lang.t("appointment-waiting-session"),
    }
}

/// Why a move was refused, in words.
fn move_error(lang: Lang, e: MoveError, booked: &Booked) -> String {
    match e {
        MoveError::NoMovesLeft => lang.t_args(
            "appointment-no-moves-left",
            &[("n", booked.limits.moves.to_string())],
        ),
        MoveError::TooLate => lang.t_args(
            "appointment-too-late",
            &[("n", booked.limits.notice_days.to_string())],
        ),
        MoveError::HomeVisit => lang.t("appointment-home-visit-by-phone"),
        MoveError::SessionNotAvailable => lang.t("appointment-session-not-available"),
    }
}

/// `POST /applications/{id}/appointment`
pub async fn move_appointment(
    ctx: Ctx,
    path: web::Path<i64>,
    form: crate::web::form::Form<Vec<(String, String)>>,
) -> AppResult {
    let account_id = ctx.require_account()?.id;
    let id = path.into_inner();
    let to: Option<i64> = Fields::from(form.into_inner()).get("session").parse().ok();
    let calendar = ctx.state.calendar().await?;
    let today = ctx.state.clock.today();
    let mut conn = ctx.state.conn().await?;
    let moved = match to {
        Some(to) => move_by_applicant(&mut conn, account_id, id, to, &calendar, today).await?,
        None => {
            // Nothing chosen: still only for someone who may see the case.
            crate::cases::appointment::of_application(&mut conn, account_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            Moved::Refused(MoveError::SessionNotAvailable)
        }
    };
    match moved {
        Moved::Done(notify) => {
            drop(conn);
            crate::web::notify::sent(&ctx.state, notify);
            ctx.flash("notice-appointment-moved")?;
            Ok(see_other(&format!("/applications/{id}#appointment")))
        }
        Moved::Refused(e) => {
            let booked = crate::cases::appointment::of_application(&mut conn, account_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            drop(conn);
            let message = if to.is_none() {
                ctx.lang.t("appointment-choose")
            } else {
                move_error(ctx.lang, e, &booked)
            };
            super::applications::render(ctx, id, Some(message), StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
    }
}
