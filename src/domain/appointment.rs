//! Booked assessments (评残预约). On acceptance the county tells the applicant the designated
//! institution *and the time* (002 二: 及时告知申请人残疾评定机构和评定时间): a session the
//! institution published is booked, or — for a person who asked for a home visit (000 §三(五)
//! 上门办; 001 §六 为行动不便的重度残疾人开展上门服务) — the person is put on the institution's
//! home-visit list until it gives them a date. The applicant may move the appointment online
//! within the limits the institution sets, is reminded the working day before, and only a
//! missed appointment counts toward the no-show rule where a province has one (002 三: 未按照
//! 规定时间到残疾评定机构…或申请上门评定的，时限不在承诺办理期限内).

use chrono::{NaiveDate, NaiveTime};

use crate::domain::working_days::Calendar;

/// A session an institution published: a day and time at a place, or a home-visit round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Row id.
    pub id: i64,
    /// The day.
    pub day: NaiveDate,
    /// From.
    pub starts_at: NaiveTime,
    /// Until.
    pub ends_at: NaiveTime,
    /// Places left.
    pub free: i32,
    /// A home-visit round (the area it covers), not a session at the site.
    pub home_round: bool,
}

/// Where an accepted case stands with its assessment appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appointment {
    /// No appointment is recorded (cases accepted before booking existed).
    None,
    /// Waiting for the institution to give a home-visit date.
    WaitingForHomeVisit,
    /// Waiting for a session: none was free when the case was accepted.
    WaitingForSession,
    /// Booked on a day (at the site or a home-visit round).
    Booked {
        /// The day.
        day: NaiveDate,
        /// A home visit.
        home_visit: bool,
    },
}

/// How a new appointment is made on acceptance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Booking {
    /// The first free session at the site.
    Session(i64),
    /// The home-visit list (the person asked for one).
    HomeVisitList,
    /// No session is free: the institution gives a date.
    NoSessionFree,
}

/// The first day a session may be booked on acceptance: the next working day (the applicant
/// needs a day's notice, and the reminder goes the working day before).
pub fn first_bookable(calendar: &Calendar, today: NaiveDate) -> NaiveDate {
    calendar.add(today, 1).date
}

/// What acceptance books: the home-visit list when the person asked for a home visit, else the
/// earliest free session at the site from the next working day (`sessions` in any order).
pub fn book(
    home_visit: bool,
    sessions: &[Session],
    calendar: &Calendar,
    today: NaiveDate,
) -> Booking {
    if home_visit {
        return Booking::HomeVisitList;
    }
    let from = first_bookable(calendar, today);
    sessions
        .iter()
        .filter(|s| !s.home_round && s.free > 0 && s.day >= from)
        .min_by_key(|s| (s.day, s.starts_at, s.id))
        .map_or(Booking::NoSessionFree, |s| Booking::Session(s.id))
}

/// The limits an institution sets on moving an appointment online.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoveLimits {
    /// How many times one appointment may be moved.
    pub moves: u32,
    /// Moving closes this many working days before the appointment's day.
    pub notice_days: u32,
}

/// Why an appointment cannot be moved online.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    /// The institution's number of moves is used up.
    #[error("no moves left")]
    NoMovesLeft,
    /// Too close to the appointment (the institution's notice).
    #[error("too late to move")]
    TooLate,
    /// The session chosen is full, past, a home round, or not the institution's.
    #[error("session not available")]
    SessionNotAvailable,
    /// Home visits are arranged by the institution.
    #[error("home visits are arranged by the institution")]
    HomeVisit,
}

/// Whether an appointment booked on `day`, moved `moved` times, may be moved to `to` today.
pub fn may_move(
    limits: MoveLimits,
    current: Appointment,
    moved: u32,
    to: Option<&Session>,
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<(), MoveError> {
    let day = match current {
        Appointment::Booked {
            home_visit: true, ..
        }
        | Appointment::WaitingForHomeVisit => return Err(MoveError::HomeVisit),
        Appointment::Booked { day, .. } => Some(day),
        Appointment::WaitingForSession | Appointment::None => None,
    };
    if moved >= limits.moves {
        return Err(MoveError::NoMovesLeft);
    }
    if let Some(day) = day
        && calendar.between(today, day).days < i64::from(limits.notice_days)
    {
        return Err(MoveError::TooLate);
    }
    match to {
        Some(s) if !s.home_round && s.free > 0 && s.day >= first_bookable(calendar, today) => {
            Ok(())
        }
        _ => Err(MoveError::SessionNotAvailable),
    }
}

/// The deadline while the person waits to be assessed: none while they wait for a home visit
/// (002 三: 申请上门评定的，时限不在承诺办理期限内 — the only seed with a limit on this wait),
/// else the policy's `deadline`.
pub fn waiting_deadline(home_visit: bool, deadline: Option<NaiveDate>) -> Option<NaiveDate> {
    deadline.filter(|_| !home_visit)
}

/// The day the reminder of an appointment on `day` is sent: the working day before.
pub fn reminder_day(calendar: &Calendar, day: NaiveDate) -> NaiveDate {
    let mut d = day.pred_opt().unwrap_or(day);
    while !calendar.is_working_day(d) {
        match d.pred_opt() {
            Some(p) => d = p,
            None => break,
        }
    }
    d
}

/// Whether the applicant missed their appointment: booked at the site on a day that has passed
/// without attendance. Waiting for a home visit or for a session is never a no-show.
pub fn missed(appointment: Appointment, attended: Option<NaiveDate>, today: NaiveDate) -> bool {
    matches!(
        appointment,
        Appointment::Booked { day, home_visit: false } if day < today
    ) && attended.is_none()
}

/// A session as an institution's staff type it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSession {
    /// The day.
    pub day: NaiveDate,
    /// From.
    pub starts_at: NaiveTime,
    /// Until.
    pub ends_at: NaiveTime,
    /// Where: the room and address at the site, or the round's meeting point.
    pub place: String,
    /// Places.
    pub capacity: i32,
    /// The area a home-visit round covers (none: at the site).
    pub home_area: Option<String>,
}

/// Why a typed session was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// Not a date, or before today.
    #[error("day")]
    Day,
    /// Not a time (HH:MM).
    #[error("time")]
    Time,
    /// The end is not after the start.
    #[error("ends before it starts")]
    Order,
    /// No place, or more than 200 characters.
    #[error("place")]
    Place,
    /// Capacity not a whole number from 1 to 500.
    #[error("capacity")]
    Capacity,
    /// A home-visit round without its area (or more than 200 characters).
    #[error("area")]
    Area,
}

impl PlannedSession {
    /// Reads a typed session (`home`: a home-visit round) on `today`; each refusal names its
    /// field (`day`, `starts_at`, `ends_at`, `place`, `capacity`, `home_area`).
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        day: &str,
        starts_at: &str,
        ends_at: &str,
        place: &str,
        capacity: &str,
        home: bool,
        home_area: &str,
        today: NaiveDate,
    ) -> Result<Self, Vec<(&'static str, SessionError)>> {
        let mut problems = vec![];
        let day = crate::domain::answers::parse_date(day).filter(|d| *d >= today);
        if day.is_none() {
            problems.push(("day", SessionError::Day));
        }
        let time = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
        let (starts, ends) = (time(starts_at), time(ends_at));
        if starts.is_none() {
            problems.push(("starts_at", SessionError::Time));
        }
        match (starts, ends) {
            (_, None) => problems.push(("ends_at", SessionError::Time)),
            (Some(s), Some(e)) if e <= s => problems.push(("ends_at", SessionError::Order)),
            _ => {}
        }
        let place = place.trim();
        if place.is_empty() || place.chars().count() > 200 {
            problems.push(("place", SessionError::Place));
        }
        let capacity = capacity
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|c| (1..=500).contains(c));
        if capacity.is_none() {
            problems.push(("capacity", SessionError::Capacity));
        }
        let area = home_area.trim();
        if home && (area.is_empty() || area.chars().count() > 200) {
            problems.push(("home_area", SessionError::Area));
        }
        match (day, starts, ends, capacity) {
            (Some(day), Some(starts_at), Some(ends_at), Some(capacity)) if problems.is_empty() => {
                Ok(PlannedSession {
                    day,
                    starts_at,
                    ends_at,
                    place: place.to_owned(),
                    capacity,
                    home_area: home.then(|| area.to_owned()),
                })
            }
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn t(h: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default()
    }

    /// The official calendar: 2026-10-01..07 National Day, 2026-10-10 (Sat) a working day.
    fn calendar() -> Calendar {
        Calendar::from_csv(include_str!("../../tests/fixtures/holidays_cn.csv"))
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn session(id: i64, day: NaiveDate, hour: u32, free: i32) -> Session {
        Session {
            id,
            day,
            starts_at: t(hour),
            ends_at: t(hour + 2),
            free,
            home_round: false,
        }
    }

    #[test]
    fn a_session_is_read_with_every_problem_at_its_field() {
        let today = d(2026, 12, 3);
        let ok = PlannedSession::parse(
            "2026-12-08",
            "09:00",
            "11:30",
            " 门诊楼 3 层 ",
            "12",
            false,
            "",
            today,
        );
        assert_eq!(
            ok.map(|s| (s.day, s.place, s.capacity, s.home_area)),
            Ok((d(2026, 12, 8), "门诊楼 3 层".to_owned(), 12, None))
        );
        assert_eq!(
            PlannedSession::parse("2026-12-01", "9点", "08:00", "", "0", true, "", today),
            Err(vec![
                ("day", SessionError::Day),
                ("starts_at", SessionError::Time),
                ("place", SessionError::Place),
                ("capacity", SessionError::Capacity),
                ("home_area", SessionError::Area),
            ])
        );
        assert_eq!(
            PlannedSession::parse("2026-12-08", "10:00", "09:00", "x", "1", false, "", today),
            Err(vec![("ends_at", SessionError::Order)])
        );
        let round = PlannedSession::parse(
            "2026-12-08",
            "08:00",
            "17:00",
            "医院门口",
            "5",
            true,
            "文艺路街道",
            today,
        );
        assert_eq!(
            round.map(|s| s.home_area),
            Ok(Some("文艺路街道".to_owned()))
        );
    }

    #[test]
    fn acceptance_books_the_earliest_free_session_from_the_next_working_day() {
        let c = calendar();
        // Accepted on Wednesday 30 September: the next working day is Thursday 8 October.
        let today = d(2026, 9, 30);
        let sessions = [
            session(1, d(2026, 9, 30), 9, 5),  // today: too soon
            session(2, d(2026, 10, 9), 14, 5), // later
            session(3, d(2026, 10, 8), 14, 0), // full
            session(4, d(2026, 10, 8), 9, 3),  // the one
            Session {
                home_round: true,
                ..session(5, d(2026, 10, 8), 8, 3)
            },
        ];
        assert_eq!(first_bookable(&c, today), d(2026, 10, 8));
        assert_eq!(book(false, &sessions, &c, today), Booking::Session(4));
        assert_eq!(book(false, &sessions[..3], &c, today), Booking::Session(2));
        assert_eq!(book(false, &[], &c, today), Booking::NoSessionFree);
    }

    #[test]
    fn a_home_visit_goes_on_the_list_whatever_sessions_are_free() {
        let c = calendar();
        let sessions = [session(1, d(2026, 10, 8), 9, 5)];
        assert_eq!(
            book(true, &sessions, &c, d(2026, 9, 30)),
            Booking::HomeVisitList
        );
    }

    #[test]
    fn moving_is_allowed_within_the_institutions_limits_only() {
        let c = calendar();
        let limits = MoveLimits {
            moves: 1,
            notice_days: 1,
        };
        let booked = Appointment::Booked {
            day: d(2026, 10, 12),
            home_visit: false,
        };
        let to = session(9, d(2026, 10, 14), 9, 2);
        let today = d(2026, 10, 8);
        assert_eq!(may_move(limits, booked, 0, Some(&to), &c, today), Ok(()));
        assert_eq!(
            may_move(limits, booked, 1, Some(&to), &c, today),
            Err(MoveError::NoMovesLeft)
        );
        // Friday 9 October → Monday 12 October... 10 October is an adjusted working day, so
        // on Saturday 10 October one working day is left: still allowed with a notice of 1.
        assert_eq!(
            may_move(limits, booked, 0, Some(&to), &c, d(2026, 10, 10)),
            Ok(())
        );
        // On the day itself: too late.
        assert_eq!(
            may_move(limits, booked, 0, Some(&to), &c, d(2026, 10, 12)),
            Err(MoveError::TooLate)
        );
        let full = session(10, d(2026, 10, 14), 9, 0);
        assert_eq!(
            may_move(limits, booked, 0, Some(&full), &c, today),
            Err(MoveError::SessionNotAvailable)
        );
        assert_eq!(
            may_move(limits, booked, 0, None, &c, today),
            Err(MoveError::SessionNotAvailable)
        );
        let visit = Appointment::Booked {
            day: d(2026, 10, 12),
            home_visit: true,
        };
        assert_eq!(
            may_move(limits, visit, 0, Some(&to), &c, today),
            Err(MoveError::HomeVisit)
        );
        assert_eq!(
            may_move(
                limits,
                Appointment::WaitingForSession,
                0,
                Some(&to),
                &c,
                today
            ),
            Ok(())
        );
    }

    #[test]
    fn no_deadline_runs_while_waiting_for_a_home_visit() {
        let limit = Some(d(2026, 12, 11));
        assert_eq!(waiting_deadline(true, limit), None);
        assert_eq!(waiting_deadline(false, limit), limit);
    }

    #[test]
    fn the_reminder_goes_the_working_day_before() {
        let c = calendar();
        // Thursday 8 October: the day before is the last holiday, 7 October, then the weekend
        // and holidays back to Wednesday 30 September.
        assert_eq!(reminder_day(&c, d(2026, 10, 8)), d(2026, 9, 30));
        // Monday 12 October: Saturday 10 October was an adjusted working day.
        assert_eq!(reminder_day(&c, d(2026, 10, 12)), d(2026, 10, 10));
        assert_eq!(reminder_day(&c, d(2026, 10, 14)), d(2026, 10, 13));
    }

    #[test]
    fn only_a_missed_appointment_at_the_site_is_a_no_show() {
        let day = d(2026, 10, 12);
        let booked = Appointment::Booked {
            day,
            home_visit: false,
        };
        assert!(missed(booked, None, d(2026, 10, 13)));
        assert!(!missed(booked, None, day), "the day is not over");
        assert!(!missed(booked, Some(day), d(2026, 10, 13)), "came");
        let visit = Appointment::Booked {
            day,
            home_visit: true,
        };
        assert!(
            !missed(visit, None, d(2026, 10, 20)),
            "the institution goes"
        );
        for waiting in [
            Appointment::WaitingForHomeVisit,
            Appointment::WaitingForSession,
            Appointment::None,
        ] {
            assert!(!missed(waiting, None, d(2027, 1, 1)));
        }
    }
}
