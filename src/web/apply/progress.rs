//! The applicant's view of where a case stands: what to do now, and the matter's milestones
//! (`domain::progress`) with who is responsible and when each was done or is due.

use crate::db::cases::ItemRow;
use crate::domain::answers::Answers;
use crate::domain::policy;
use crate::domain::progress::{self, Milestone, Progress};
use crate::domain::workflow::{self, ItemState, MatterFlow};
use crate::domain::working_days::Calendar;
use crate::i18n::Lang;

/// A milestone of the matter as drawn in the step diagram (the list is its own text equivalent).
pub struct StepView {
    /// The milestone's name.
    pub name: String,
    /// done / current / upcoming / stopped (CSS class).
    pub progress: &'static str,
    /// The progress in words.
    pub progress_text: String,
    /// Who is responsible.
    pub who: String,
    /// Completion date, or the start and deadline of the current step.
    pub when: String,
    /// The current step is past its deadline.
    pub overdue: bool,
}

/// Who is responsible for each milestone.
pub struct Responsible<'a> {
    /// The residence county's office.
    pub office: &'a str,
    /// The hukou county's office.
    pub approving: &'a str,
    /// The designated institution, once named.
    pub institution: &'a str,
}

/// A milestone's name: the last step of a cancellation cancels instead of issuing.
fn milestone_name(lang: Lang, m: Milestone, flow: MatterFlow) -> String {
    match m {
        Milestone::Issue if flow == MatterFlow::Cancellation => lang.t("milestone-cancellation"),
        _ => lang.t(&format!("milestone-{}", m.code())),
    }
}

impl Responsible<'_> {
    /// Who acts at milestone `m`.
    fn of(&self, lang: Lang, m: Milestone) -> String {
        match m {
            Milestone::Submitted => lang.t("milestone-who-you"),
            Milestone::Assessment if !self.institution.is_empty() => self.institution.to_owned(),
            Milestone::Assessment => lang.t("milestone-who-institution"),
            Milestone::HukouApproval => self.approving.to_owned(),
            _ => self.office.to_owned(),
        }
    }
}

/// What the applicant should know now in `state`: its deadline (`date`, “none” without one),
/// the institution, and the objection window's last day.
fn now_text(
    lang: Lang,
    matter: &ItemRow,
    state: ItemState,
    date: String,
    who: &Responsible<'_>,
    calendar: &Calendar,
) -> String {
    let window = matter.state_since.map(|since| {
        let policy = policy::for_province(&matter.handling_county).policy;
        workflow::objection_window_closes(policy, calendar, since)
            .map(|d| d.date.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| lang.t("review-until-decided"))
    });
    lang.t_args(
        &format!("now-{}", state.code().replace('_', "-")),
        &[
            ("date", date),
            ("institution", who.institution.to_owned()),
            ("window", window.unwrap_or_default()),
        ],
    )
}

/// What the applicant should do or know now, and the matter's milestones with their progress,
/// who is responsible, and when each was completed or is due.
pub fn progress_of(
    lang: Lang,
    answers: &Answers,
    matter: &ItemRow,
    events: &[(chrono::DateTime<chrono::Utc>, String)],
    who: &Responsible<'_>,
    calendar: &Calendar,
    today: chrono::NaiveDate,
) -> (String, Vec<StepView>) {
    let Some(state) = matter.status.matter() else {
        return (String::new(), vec![]);
    };
    let flow = answers.flow();
    let cross = matter.handling_county != matter.approving_county;
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let deadline = matter
        .deadline
        .map(|d| crate::web::dates::deadline_text(lang, calendar, d))
        .unwrap_or_default();
    // Fluent selects on “none” when a step has no time limit of its own.
    let date_arg = if deadline.is_empty() {
        "none".to_owned()
    } else {
        deadline.clone()
    };
    let marks = progress::progress(flow, cross, state);
    let path: Vec<Milestone> = marks.iter().map(|(m, _)| *m).collect();
    // A milestone is completed by the first event that moved the item past it.
    let index_of = |code: &str| {
        ItemState::from_code(code).map(|s| {
            if matches!(s, ItemState::CardDelivered | ItemState::Cancelled) {
                path.len()
            } else {
                path.iter()
                    .position(|m| *m == progress::milestone_of(s))
                    .unwrap_or(0)
            }
        })
    };
    let completed = |i: usize| {
        events
            .iter()
            .find(|(_, to)| index_of(to).is_some_and(|j| j > i))
            .map(|(at, _)| crate::domain::working_days::local_date(*at))
    };
    let steps = marks
        .iter()
        .enumerate()
        .map(|(i, (m, p))| StepView {
            name: milestone_name(lang, *m, flow),
            progress: p.code(),
            progress_text: lang.t(&format!("progress-{}", p.code())),
            who: who.of(lang, *m),
            when: match p {
                Progress::Done => completed(i)
                    .or_else(|| {
                        (i == 0)
                            .then(|| {
                                events
                                    .first()
                                    .map(|e| crate::domain::working_days::local_date(e.0))
                            })
                            .flatten()
                    })
                    .map(|d| lang.t_args("milestone-done-on", &[("date", day(d))]))
                    .unwrap_or_default(),
                Progress::Current if !deadline.is_empty() => lang.t_args(
                    "milestone-due",
                    &[
                        ("date", deadline.clone()),
                        ("since", matter.state_since.map(day).unwrap_or_default()),
                    ],
                ),
                _ => String::new(),
            },
            overdue: *p == Progress::Current && matter.deadline.is_some_and(|d| d < today),
        })
        .collect();
    let now = now_text(lang, matter, state, date_arg, who, calendar);
    (now, steps)
}
