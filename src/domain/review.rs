//! 复核 / 复评: a review of the assessment conclusion requested by the applicant or guardian
//! within the objection window (000 §三(二): 10 working days from the publication start or the
//! notice), forwarded by the county to the city's final-assessment expert committee
//! (001 §三: 市（州）残联 … 成立残疾评定终评专家委员会), reassessed at an appointment, and ended by
//! the committee's final conclusion (终评), with which the case continues to issue or closes.
//! Pure, like [`super::workflow`]: the caller loads the items, asks, and stores.

use chrono::NaiveDate;

use super::policy::{ProvincePolicy, Step, TimeLimit, Unit};
use super::workflow::{Actor, ItemState, WorkflowError, objection_window_closes};
use super::working_days::{Calendar, Dated};

/// Where a review request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewState {
    /// 已申请复核: filed; the residence county forwards it to the city committee.
    Requested,
    /// 终评专家委员会审查中: with the committee, which names the reassessment appointment.
    WithCommittee,
    /// 已预约复评: the reassessment is scheduled; the committee records the final conclusion.
    Scheduled,
    /// 已终评: the final conclusion is recorded (it replaces the first conclusion).
    Concluded {
        /// The final conclusion meets the standard.
        meets: bool,
    },
    /// 已撤回: withdrawn by the applicant before it reached the committee.
    Withdrawn,
}

impl ReviewState {
    /// Every state.
    pub const ALL: [ReviewState; 6] = [
        ReviewState::Requested,
        ReviewState::WithCommittee,
        ReviewState::Scheduled,
        ReviewState::Concluded { meets: true },
        ReviewState::Concluded { meets: false },
        ReviewState::Withdrawn,
    ];

    /// Stable code (storage, locale keys `state-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            ReviewState::Requested => "review_requested",
            ReviewState::WithCommittee => "review_with_committee",
            ReviewState::Scheduled => "review_scheduled",
            ReviewState::Concluded { meets: true } => "review_final_meets",
            ReviewState::Concluded { meets: false } => "review_final_not_meets",
            ReviewState::Withdrawn => "review_withdrawn",
        }
    }

    /// The state with this code.
    pub fn from_code(code: &str) -> Option<ReviewState> {
        ReviewState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// 000 §三(二): while a review is open, the certificate is not issued.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ReviewState::Requested | ReviewState::WithCommittee | ReviewState::Scheduled
        )
    }
}

/// A command on a review request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewCommand {
    /// The residence county forwards the request to the city committee (001 §三).
    Forward {
        /// The committee's office id.
        committee: i64,
    },
    /// The committee names the reassessment's date and place.
    Schedule {
        /// The day of the reassessment.
        on: NaiveDate,
        /// Where (or “home visit”).
        place: String,
    },
    /// The committee records the final conclusion (终评).
    RecordFinalConclusion {
        /// Meets the standard.
        meets: bool,
    },
    /// The applicant withdraws the request before it reaches the committee.
    Withdraw,
}

impl ReviewCommand {
    /// Every command's code, and `request_review` (the applicant's first event).
    pub const CODES: [&'static str; 5] = [
        "request_review",
        "forward_to_committee",
        "schedule_reassessment",
        "record_final_conclusion",
        "withdraw_review",
    ];

    /// Stable code (events, locale keys `command-<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            ReviewCommand::Forward { .. } => "forward_to_committee",
            ReviewCommand::Schedule { .. } => "schedule_reassessment",
            ReviewCommand::RecordFinalConclusion { .. } => "record_final_conclusion",
            ReviewCommand::Withdraw => "withdraw_review",
        }
    }
}

/// Why a review request cannot be filed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestRefused {
    /// No conclusion has been made known yet (not published or notified).
    #[error("no conclusion has been made known")]
    NoConclusion,
    /// The window closed on this day (inclusive): 000 §三(二).
    #[error("the review window closed on {0}")]
    WindowClosed(NaiveDate),
    /// A review was already requested for this conclusion.
    #[error("a review was already requested")]
    AlreadyRequested,
    /// The reasons are missing.
    #[error("reasons are required")]
    ReasonsRequired,
}

/// How long a review may be requested once a conclusion is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewWindow {
    /// Until this day (inclusive): 000 §三(二), 10 working days from the publication start or the
    /// notice.
    Until(Dated),
    /// The seeds set no length (001 §四(一)3: “按照经常居住地残疾人证管理的有关规定申请复评”;
    /// 004): open until the county issues the certificate or closes the case.
    UntilDecided,
}

impl ReviewWindow {
    /// The window's last day, when it has one.
    pub fn last_day(self) -> Option<NaiveDate> {
        match self {
            ReviewWindow::Until(d) => Some(d.date),
            ReviewWindow::UntilDecided => None,
        }
    }
}

/// The review window of a conclusion made known on `made_known` (publication start or notice),
/// if the matter is in a state where a conclusion is known and not yet acted on.
pub fn window_closes(
    policy: &ProvincePolicy,
    calendar: &Calendar,
    matter: ItemState,
    made_known: NaiveDate,
) -> Option<ReviewWindow> {
    matches!(matter, ItemState::Published | ItemState::Notified { .. }).then(|| {
        match objection_window_closes(policy, calendar, made_known) {
            Some(d) => ReviewWindow::Until(d),
            None => ReviewWindow::UntilDecided,
        }
    })
}

/// 000 §三(二): whether a review may be requested today — the conclusion was published or
/// notified, today is within the window, no review was requested before, and the request says
/// why.
pub fn may_request(
    window: Option<ReviewWindow>,
    today: NaiveDate,
    already_requested: bool,
    reasons: &str,
) -> Result<(), RequestRefused> {
    let Some(window) = window else {
        return Err(RequestRefused::NoConclusion);
    };
    if already_requested {
        return Err(RequestRefused::AlreadyRequested);
    }
    if let ReviewWindow::Until(closes) = window
        && today > closes.date
    {
        return Err(RequestRefused::WindowClosed(closes.date));
    }
    if reasons.trim().is_empty() {
        return Err(RequestRefused::ReasonsRequired);
    }
    Ok(())
}

/// Checks authority and state: the residence county's clerk forwards, the committee the case was
/// forwarded to schedules (not in the past) and concludes, the applicant may withdraw before
/// forwarding.
pub fn decide_review(
    state: ReviewState,
    handling_county: &str,
    committee: Option<i64>,
    actor: &Actor,
    command: &ReviewCommand,
    today: NaiveDate,
) -> Result<ReviewState, WorkflowError> {
    use ReviewCommand as C;
    use ReviewState as S;
    let allowed = match command {
        C::Forward { .. } => {
            matches!(actor, Actor::CountyClerk { county } if county == handling_county)
        }
        C::Schedule { .. } | C::RecordFinalConclusion { .. } => matches!(
            actor,
            Actor::ExpertCommittee { committee: c } if Some(*c) == committee
        ),
        C::Withdraw => matches!(actor, Actor::Applicant),
    };
    if !allowed {
        return Err(WorkflowError::NotAllowed);
    }
    match (state, command) {
        (S::Requested, C::Forward { .. }) => Ok(S::WithCommittee),
        (S::WithCommittee | S::Scheduled, C::Schedule { place, .. }) if place.trim().is_empty() => {
            Err(WorkflowError::ReasonRequired)
        }
        (S::WithCommittee | S::Scheduled, C::Schedule { on, .. }) if *on < today => {
            Err(WorkflowError::DateInPast)
        }
        // A rescheduled appointment keeps the request with the committee.
        (S::WithCommittee | S::Scheduled, C::Schedule { .. }) => Ok(S::Scheduled),
        (S::Scheduled, C::RecordFinalConclusion { meets }) => Ok(S::Concluded { meets: *meets }),
        (S::Requested, C::Withdraw) => Ok(S::Withdrawn),
        _ => Err(WorkflowError::IllegalTransition {
            state: state.code(),
            command: command.code(),
        }),
    }
}

/// The same kind of step in the first assessment, whose limit a review step keeps: the seeds set
/// no limit of their own for the review steps, so forwarding keeps the acceptance review's limit
/// (000 §三(二): 3 working days; 002 二: 1), the committee names the appointment within the same
/// limit (001 §五: the institution is named within 3), and the final conclusion is due after the
/// reassessment within the conclusion-upload limit (000 §三(二): 3; 002 三: 5).
pub fn step_of(state: ReviewState) -> Option<Step> {
    match state {
        ReviewState::Requested | ReviewState::WithCommittee => Some(Step::AcceptanceReview),
        ReviewState::Scheduled => Some(Step::ConclusionUpload),
        _ => None,
    }
}

/// Used where a policy sets no conclusion-upload limit of its own: the 3 working days of
/// 000 §三(二).
const CONCLUSION_FALLBACK: TimeLimit = TimeLimit {
    days: 3,
    unit: Unit::WorkingDays,
    from: super::policy::StartEvent::Assessed,
    seed: "000 §三(二)",
    shared_with_acceptance: false,
};

/// The deadline of a review step begun on `since` (for a scheduled reassessment: counted from
/// the appointment day).
pub fn deadline(
    policy: &ProvincePolicy,
    calendar: &Calendar,
    state: ReviewState,
    since: NaiveDate,
) -> Option<Dated> {
    let step = step_of(state)?;
    let fallback = (step == Step::ConclusionUpload).then_some(CONCLUSION_FALLBACK);
    let limit = policy.limit(step).or(fallback)?;
    Some(limit.due(calendar, since, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{HENAN, HUNAN, ZHEJIANG};
    use crate::domain::test_support::d;

    fn calendar() -> Calendar {
        Calendar::from_csv(include_str!("../../tests/fixtures/holidays_cn.csv")).expect("fixture")
    }

    #[test]
    fn a_review_is_possible_until_the_last_day_of_the_window_counted_across_holidays() {
        let cal = calendar();
        // Published Wed 30 Sep 2026: National Day (1–7 Oct) skipped, Sat 10 Oct worked → Tue 20 Oct.
        let window = window_closes(&HUNAN, &cal, ItemState::Published, d(2026, 9, 30));
        assert_eq!(window.and_then(|w| w.last_day()), Some(d(2026, 10, 20)));
        let ask = |today| may_request(window, today, false, "等级偏低");
        assert_eq!(ask(d(2026, 9, 30)), Ok(()), "on the first day");
        assert_eq!(ask(d(2026, 10, 20)), Ok(()), "on the last day");
        assert_eq!(
            ask(d(2026, 10, 21)),
            Err(RequestRefused::WindowClosed(d(2026, 10, 20))),
            "the day after, with the exact date"
        );
        // Notified (minor, or not meeting the standard): the same window from the notice.
        let notified = window_closes(
            &HUNAN,
            &cal,
            ItemState::Notified { meets: false },
            d(2026, 12, 1),
        );
        assert_eq!(notified.and_then(|w| w.last_day()), Some(d(2026, 12, 15)));
    }

    #[test]
    fn without_a_seeded_window_a_review_is_possible_until_the_county_decides() {
        // 001 §四(一)3 “按照经常居住地残疾人证管理的有关规定申请复评”; 004 sets no length either.
        let cal = calendar();
        let window = window_closes(&HENAN, &cal, ItemState::Published, d(2026, 9, 30));
        assert_eq!(window, Some(ReviewWindow::UntilDecided));
        assert_eq!(
            may_request(window, d(2027, 6, 1), false, "等级偏低"),
            Ok(())
        );
        let issued = window_closes(&HENAN, &cal, ItemState::Issued, d(2026, 9, 30));
        assert_eq!(
            may_request(issued, d(2026, 10, 1), false, "x"),
            Err(RequestRefused::NoConclusion)
        );
    }

    #[test]
    fn a_review_needs_a_known_conclusion_reasons_and_only_one_per_conclusion() {
        let cal = calendar();
        for state in [
            ItemState::Accepted,
            ItemState::Assessed { meets: true },
            ItemState::Issued,
            ItemState::FinalConclusion { meets: true },
        ] {
            let w = window_closes(&HUNAN, &cal, state, d(2026, 12, 1));
            assert_eq!(
                may_request(w, d(2026, 12, 1), false, "x"),
                Err(RequestRefused::NoConclusion),
                "{state:?}"
            );
        }
        let w = window_closes(&HUNAN, &cal, ItemState::Published, d(2026, 12, 1));
        assert_eq!(
            may_request(w, d(2026, 12, 2), true, "x"),
            Err(RequestRefused::AlreadyRequested)
        );
        assert_eq!(
            may_request(w, d(2026, 12, 2), false, "  "),
            Err(RequestRefused::ReasonsRequired)
        );
    }

    #[test]
    fn the_county_forwards_and_only_the_committee_it_chose_schedules_and_concludes() {
        use ReviewCommand as C;
        use ReviewState as S;
        let clerk = Actor::CountyClerk {
            county: "430102".into(),
        };
        let committee = Actor::ExpertCommittee { committee: 9 };
        let other = Actor::ExpertCommittee { committee: 8 };
        let schedule = C::Schedule {
            on: d(2026, 12, 10),
            place: "市第一医院".into(),
        };
        let today = d(2026, 12, 1);
        let run =
            |state, who: &Actor, cmd: &C| decide_review(state, "430102", Some(9), who, cmd, today);
        assert_eq!(
            run(S::Requested, &clerk, &C::Forward { committee: 9 }),
            Ok(S::WithCommittee)
        );
        assert_eq!(
            run(
                S::Requested,
                &Actor::CountyClerk {
                    county: "430103".into()
                },
                &C::Forward { committee: 9 }
            ),
            Err(WorkflowError::NotAllowed)
        );
        assert_eq!(
            run(S::WithCommittee, &committee, &schedule),
            Ok(S::Scheduled)
        );
        assert_eq!(
            run(S::Scheduled, &committee, &schedule),
            Ok(S::Scheduled),
            "rescheduled"
        );
        assert_eq!(
            run(S::WithCommittee, &other, &schedule),
            Err(WorkflowError::NotAllowed)
        );
        assert_eq!(
            run(
                S::WithCommittee,
                &committee,
                &C::Schedule {
                    on: d(2026, 12, 10),
                    place: " ".into()
                }
            ),
            Err(WorkflowError::ReasonRequired)
        );
        assert_eq!(
            run(
                S::WithCommittee,
                &committee,
                &C::Schedule {
                    on: d(2026, 11, 30),
                    place: "市第一医院".into()
                }
            ),
            Err(WorkflowError::DateInPast),
            "not yesterday"
        );
        assert_eq!(
            run(
                S::Scheduled,
                &committee,
                &C::RecordFinalConclusion { meets: false }
            ),
            Ok(S::Concluded { meets: false })
        );
        assert_eq!(
            run(S::Requested, &Actor::Applicant, &C::Withdraw),
            Ok(S::Withdrawn)
        );
        // Every command is legal only in its states.
        let table: Vec<(Actor, C, Vec<S>)> = vec![
            (
                clerk.clone(),
                C::Forward { committee: 9 },
                vec![S::Requested],
            ),
            (
                committee.clone(),
                schedule.clone(),
                vec![S::WithCommittee, S::Scheduled],
            ),
            (
                committee.clone(),
                C::RecordFinalConclusion { meets: true },
                vec![S::Scheduled],
            ),
            (Actor::Applicant, C::Withdraw, vec![S::Requested]),
        ];
        let covered: std::collections::BTreeSet<&str> =
            table.iter().map(|(_, c, _)| c.code()).collect();
        assert_eq!(covered.len() + 1, ReviewCommand::CODES.len());
        for (actor, command, legal) in table {
            for state in ReviewState::ALL {
                let r = run(state, &actor, &command);
                assert_eq!(
                    r.is_ok(),
                    legal.contains(&state),
                    "{command:?} from {state:?}"
                );
                if r.is_err() {
                    assert!(matches!(r, Err(WorkflowError::IllegalTransition { .. })));
                }
            }
        }
    }

    #[test]
    fn review_steps_keep_the_limits_of_the_first_assessments_steps() {
        let cal = calendar();
        // Hunan: forwarded within 3 working days, counted across National Day.
        let due = |p, s, since| deadline(p, &cal, s, since).map(|x| x.date);
        assert_eq!(
            due(&HUNAN, ReviewState::Requested, d(2026, 9, 28)),
            Some(d(2026, 10, 8)),
            "Mon 28 Sep: Tue 29, Wed 30 Sep, then Thu 8 Oct (holidays 1–7 Oct)"
        );
        assert_eq!(
            due(&ZHEJIANG, ReviewState::Requested, d(2026, 12, 1)),
            Some(d(2026, 12, 2))
        );
        assert_eq!(
            due(&HUNAN, ReviewState::Scheduled, d(2026, 12, 10)),
            Some(d(2026, 12, 15))
        );
        assert_eq!(
            due(&ZHEJIANG, ReviewState::Scheduled, d(2026, 12, 10)),
            Some(d(2026, 12, 17))
        );
        assert_eq!(
            due(
                &HUNAN,
                ReviewState::Concluded { meets: true },
                d(2026, 12, 10)
            ),
            None
        );
        for s in ReviewState::ALL {
            assert_eq!(ReviewState::from_code(s.code()), Some(s));
            assert_eq!(s.is_open(), step_of(s).is_some());
        }
    }
}
