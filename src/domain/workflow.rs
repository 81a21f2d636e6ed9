//! The case workflow of a certificate item that needs an assessment (new certificate, category or
//! grade change): states, the commands that move it, who may give each command where, and the
//! deadline of each step in working days (DOMAIN “States of a certificate item”, 000 §三(二),
//! 001 §四–五, 002 三–四). Pure: the caller loads the item, asks [`decide`], and stores the
//! transition and its event in one transaction.

use chrono::NaiveDate;

use super::appointment::{self, Appointment};
use super::matter::{AssessmentNeed, CertificateMatter, Department};
use super::policy::{ProvincePolicy, StartEvent, Step};
use super::working_days::{Calendar, Dated};

/// Where a certificate item stands (DOMAIN “States of a certificate item”).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemState {
    /// 已提交: waiting for the residence county's acceptance review.
    Submitted,
    /// 退回补正: returned listing every missing item; the acceptance clock is paused.
    ReturnedForCorrection,
    /// 已受理: accepted, an assessment institution designated.
    Accepted,
    /// 已评定: the institution recorded the conclusion.
    Assessed {
        /// Meets the standard.
        meets: bool,
    },
    /// 公示中: published (adult who meets the standard, in a publishing province).
    Published,
    /// 已告知: notified instead of published (minor, not meeting, or a commitment province).
    Notified {
        /// Meets the standard.
        meets: bool,
    },
    /// 已终评: the city committee's final conclusion after a review (001 §三) replaced the first
    /// one; the case continues to issue or closes without another window.
    FinalConclusion {
        /// The final conclusion meets the standard.
        meets: bool,
    },
    /// 待户籍地审批: a cross-region case passed to the hukou county.
    AwaitingHukouApproval,
    /// 户籍地退回: the hukou county returned it as outside its jurisdiction.
    ReturnedByHukouCounty,
    /// 已发证: the electronic certificate is issued (the matter is complete, 000 §三(六)).
    Issued,
    /// 实体证已送达: the card reached the holder.
    CardDelivered,
    /// 不予受理: rejected with a reason.
    Rejected,
    /// 视为放弃: did not come to the assessment within the limit (002 三).
    Abandoned,
    /// 已撤回: withdrawn by the applicant before acceptance.
    Withdrawn,
    /// 已办结（未达标准）: closed after the window, not meeting the standard.
    Closed,
    /// 已注销: the certificate (or some categories) was cancelled on request (001 §四(五)).
    Cancelled,
}

impl ItemState {
    /// Stable code (storage, locale keys `state-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            ItemState::Submitted => "submitted",
            ItemState::ReturnedForCorrection => "returned",
            ItemState::Accepted => "accepted",
            ItemState::Assessed { meets: true } => "assessed_meets",
            ItemState::Assessed { meets: false } => "assessed_not_meets",
            ItemState::Published => "published",
            ItemState::Notified { meets: true } => "notified_meets",
            ItemState::Notified { meets: false } => "notified_not_meets",
            ItemState::FinalConclusion { meets: true } => "final_meets",
            ItemState::FinalConclusion { meets: false } => "final_not_meets",
            ItemState::AwaitingHukouApproval => "awaiting_hukou_approval",
            ItemState::ReturnedByHukouCounty => "returned_by_hukou_county",
            ItemState::Issued => "issued",
            ItemState::CardDelivered => "card_delivered",
            ItemState::Rejected => "rejected",
            ItemState::Abandoned => "abandoned",
            ItemState::Withdrawn => "withdrawn",
            ItemState::Closed => "closed",
            ItemState::Cancelled => "cancelled",
        }
    }

    /// Every state.
    pub const ALL: [ItemState; 19] = [
        ItemState::Submitted,
        ItemState::ReturnedForCorrection,
        ItemState::Accepted,
        ItemState::Assessed { meets: true },
        ItemState::Assessed { meets: false },
        ItemState::Published,
        ItemState::Notified { meets: true },
        ItemState::Notified { meets: false },
        ItemState::FinalConclusion { meets: true },
        ItemState::FinalConclusion { meets: false },
        ItemState::AwaitingHukouApproval,
        ItemState::ReturnedByHukouCounty,
        ItemState::Issued,
        ItemState::CardDelivered,
        ItemState::Rejected,
        ItemState::Abandoned,
        ItemState::Withdrawn,
        ItemState::Closed,
        ItemState::Cancelled,
    ];

    /// The state with this code.
    pub fn from_code(code: &str) -> Option<ItemState> {
        ItemState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether nothing more happens (an end state).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ItemState::CardDelivered
                | ItemState::Rejected
                | ItemState::Abandoned
                | ItemState::Withdrawn
                | ItemState::Closed
                | ItemState::Cancelled
        )
    }

    /// The applicant may withdraw before acceptance (the `Withdraw` command of [`decide`]).
    pub fn is_withdrawable(self) -> bool {
        matches!(
            self,
            ItemState::Submitted | ItemState::ReturnedForCorrection
        )
    }

    /// 001 §四(一)5: a cross-region case is the hukou county's business once the residence county
    /// has passed it on (to approve, return, or follow the certificate it issued).
    pub fn is_hukou_county_business(self) -> bool {
        matches!(
            self,
            ItemState::AwaitingHukouApproval
                | ItemState::ReturnedByHukouCounty
                | ItemState::Issued
                | ItemState::CardDelivered
        )
    }

    /// The step (with a policy time limit) the item is in, if any.
    pub fn step(self) -> Option<Step> {
        match self {
            ItemState::Submitted => Some(Step::AcceptanceReview),
            ItemState::Accepted => Some(Step::Assessment),
            ItemState::Assessed { .. } => Some(Step::PublishOrNotify),
            ItemState::Published
            | ItemState::Notified { .. }
            | ItemState::FinalConclusion { .. } => Some(Step::Issue),
            ItemState::AwaitingHukouApproval => Some(Step::HukouApproval),
            ItemState::Issued => Some(Step::CardDelivery),
            _ => None,
        }
    }
}

/// Who acts, and where their authority lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The applicant (or the guardian/helper who applied).
    Applicant,
    /// 县级残联办证员 of a county (6-digit code); township clerks with delegated authority act
    /// for their county (000 §三(四)).
    CountyClerk {
        /// The county.
        county: String,
    },
    /// A doctor of a designated institution.
    Doctor {
        /// The institution's id.
        institution: i64,
    },
    /// The clerk of a hukou county.
    HukouClerk {
        /// The county.
        county: String,
    },
    /// An officer of a department (民政, 人社, 医保, 市监, or the federation's employment service)
    /// in a county: decides that department's linked services (003 三(三)).
    DepartmentOfficer {
        /// The county.
        county: String,
        /// The department.
        department: Department,
    },
    /// A member of a city's final-assessment expert committee (残疾评定终评专家委员会, 001 §三),
    /// acting on the reviews forwarded to that committee.
    ExpertCommittee {
        /// The committee's office id.
        committee: i64,
    },
    /// The portal itself, carrying out what another step implies (services forwarded once the
    /// certificate is issued).
    System,
}

/// Which flow a certificate matter follows (001 §四; 004 附件3 (四)1 note: only new, change and
/// sometimes expiry renewal or migration need an assessment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatterFlow {
    /// New certificate, category or grade change: always assessed.
    Assessment,
    /// Expiry renewal, migration: assessed unless the county accepts the old assessment.
    MaybeAssessment,
    /// Damaged or data-update renewal, lost-card replacement: completed without assessment.
    NoAssessment,
    /// Cancellation (whole or some categories): completed without assessment.
    Cancellation,
}

impl MatterFlow {
    /// The flow of a matter.
    pub fn of(matter: &CertificateMatter) -> MatterFlow {
        match (matter, matter.assessment()) {
            (CertificateMatter::Cancellation { .. }, _) => MatterFlow::Cancellation,
            (_, AssessmentNeed::Always) => MatterFlow::Assessment,
            (_, AssessmentNeed::Conditional) => MatterFlow::MaybeAssessment,
            (_, AssessmentNeed::Never) => MatterFlow::NoAssessment,
        }
    }

    /// The flow of a matter on a card that may have been issued before 2018 after a visual
    /// assessment (目测): then an expiry renewal or a migration must be reassessed (001 §四(二)1
    /// “凡2018年以前通过目测评定核发的残疾人证，到期换发须重新进行残疾评定”, §四(三) for migration).
    pub fn of_held(matter: &CertificateMatter, visually_assessed_before_2018: bool) -> MatterFlow {
        use crate::domain::certificate::{ReassessmentTrigger, needs_reassessment};
        let trigger = match matter {
            CertificateMatter::Renewal(crate::domain::certificate::RenewalKind::Expiry) => {
                ReassessmentTrigger::ExpiryRenewal
            }
            CertificateMatter::Migration => ReassessmentTrigger::Migration,
            _ => ReassessmentTrigger::Other,
        };
        if needs_reassessment(visually_assessed_before_2018, trigger) {
            MatterFlow::Assessment
        } else {
            MatterFlow::of(matter)
        }
    }

    /// Whether the county may designate an assessment institution.
    pub fn may_assess(self) -> bool {
        matches!(self, MatterFlow::Assessment | MatterFlow::MaybeAssessment)
    }

    /// Whether the county may complete it without an assessment.
    pub fn may_complete(self) -> bool {
        self != MatterFlow::Assessment
    }
}

/// What the item knows about its places and institution (for jurisdiction checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jurisdiction {
    /// Residence county: accepts, handles, publishes, issues.
    pub handling_county: String,
    /// Hukou county: approves cross-region cases (001 §四(一)5).
    pub approving_county: String,
    /// The designated institution, once accepted.
    pub institution: Option<i64>,
}

impl Jurisdiction {
    /// 001 §四(一)4–5: the case crosses regions.
    pub fn is_cross_region(&self) -> bool {
        self.handling_county != self.approving_county
    }
}

/// A command on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 受理并指定评定机构 (000 §三(二)).
    Accept {
        /// The designated institution.
        institution: i64,
    },
    /// 一次性告知补正: every missing or wrong item at once; pauses the clock.
    ReturnForCorrection {
        /// What to correct.
        items: Vec<String>,
    },
    /// The applicant corrected and resubmitted; the clock resumes.
    Resubmit,
    /// 不予受理, with the reason.
    Reject {
        /// Why.
        reason: String,
    },
    /// The applicant withdraws before acceptance.
    Withdraw,
    /// The doctor records the conclusion.
    RecordConclusion {
        /// Meets the standard.
        meets: bool,
    },
    /// No-show past the policy limit (002 三): deemed abandoned.
    MarkAbandoned,
    /// Publication or notification (000 §三(二); 002: commitment, no publication).
    PublishOrNotify {
        /// The person is 18 or older.
        adult: bool,
    },
    /// Cross-region: pass to the hukou county for approval.
    PassToHukouCounty,
    /// The hukou county approves and issues (001 §四(一)5).
    ApproveAndIssue,
    /// The hukou county returns the case as outside its jurisdiction.
    ReturnOutsideJurisdiction {
        /// Why.
        reason: String,
    },
    /// The residence county issues after the objection window.
    Issue,
    /// Closed after the window, not meeting the standard.
    Close,
    /// The card reached the holder.
    ConfirmDelivery,
    /// 办结 without assessment: re-issue (renewal, replacement, migration with the old
    /// assessment accepted) or cancel (000 §三(一): the same day).
    Complete,
    /// The review's final conclusion (终评) replaces the first one (the system, when the
    /// committee records it).
    ApplyFinalConclusion {
        /// The final conclusion meets the standard.
        meets: bool,
    },
}

impl Command {
    /// Every command's code, and `submit` (the applicant's first event).
    pub const CODES: [&'static str; 17] = [
        "submit",
        "accept",
        Self::RETURN_FOR_CORRECTION,
        "resubmit",
        "reject",
        "withdraw",
        "record_conclusion",
        "mark_abandoned",
        "publish_or_notify",
        "pass_to_hukou_county",
        "approve_and_issue",
        "return_outside_jurisdiction",
        "issue",
        "close",
        "confirm_delivery",
        "complete",
        "apply_final_conclusion",
    ];

    /// The code of a return for correction (`ReturnForCorrection`), as its events carry it.
    pub const RETURN_FOR_CORRECTION: &'static str = "return_for_correction";

    /// Stable code (events, locale keys `command-<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            Command::Accept { .. } => "accept",
            Command::ReturnForCorrection { .. } => Self::RETURN_FOR_CORRECTION,
            Command::Resubmit => "resubmit",
            Command::Reject { .. } => "reject",
            Command::Withdraw => "withdraw",
            Command::RecordConclusion { .. } => "record_conclusion",
            Command::MarkAbandoned => "mark_abandoned",
            Command::PublishOrNotify { .. } => "publish_or_notify",
            Command::PassToHukouCounty => "pass_to_hukou_county",
            Command::ApproveAndIssue => "approve_and_issue",
            Command::ReturnOutsideJurisdiction { .. } => "return_outside_jurisdiction",
            Command::Issue => "issue",
            Command::Close => "close",
            Command::ConfirmDelivery => "confirm_delivery",
            Command::Complete => "complete",
            Command::ApplyFinalConclusion { .. } => "apply_final_conclusion",
        }
    }
}

/// Why a command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The command does not apply in this state.
    #[error("{command} is not possible in state {state}")]
    IllegalTransition {
        /// The state.
        state: &'static str,
        /// The command.
        command: &'static str,
    },
    /// The actor has no authority over this item (other role, county or institution).
    #[error("not allowed")]
    NotAllowed,
    /// The objection window is still open until this date (inclusive).
    #[error("objection window open until {0}")]
    WindowOpen(NaiveDate),
    /// The no-show limit has not passed yet (last day to attend).
    #[error("no-show limit not reached before {0}")]
    NoShowLimitNotReached(NaiveDate),
    /// The applicant missed no appointment: waiting for a home visit or a session, or the day
    /// booked is still to come (002 三).
    #[error("no appointment was missed")]
    NoMissedAppointment,
    /// A reason or a list of items is required.
    #[error("a reason is required")]
    ReasonRequired,
    /// A review request is open: the certificate waits for its final conclusion (000 §三(二)).
    #[error("a review is open")]
    ReviewOpen,
    /// A date that must not lie in the past (an appointment) does.
    #[error("the date lies in the past")]
    DateInPast,
}

/// The facts [`decide`] looks at besides the command.
pub struct Facts<'a> {
    /// The item's state.
    pub state: ItemState,
    /// The matter's flow.
    pub flow: MatterFlow,
    /// Where it belongs.
    pub jurisdiction: &'a Jurisdiction,
    /// The province policy of the handling county.
    pub policy: &'a ProvincePolicy,
    /// The official calendar.
    pub calendar: &'a Calendar,
    /// When the current state began.
    pub since: NaiveDate,
    /// Today (Beijing).
    pub today: NaiveDate,
    /// A review request of this case is open (000 §三(二): issue waits for it).
    pub review_open: bool,
    /// The day the applicant came for assessment, once recorded.
    pub attended: Option<NaiveDate>,
    /// The assessment appointment, while accepted.
    pub appointment: Appointment,
}

/// Checks the actor's authority and the command against the state; returns the next state.
pub fn decide(
    facts: &Facts<'_>,
    actor: &Actor,
    command: &Command,
) -> Result<ItemState, WorkflowError> {
    use Command as C;
    use ItemState as S;
    let j = facts.jurisdiction;
    let allowed = may_give(actor, j, command);
    if !allowed {
        return Err(WorkflowError::NotAllowed);
    }
    let illegal = || WorkflowError::IllegalTransition {
        state: facts.state.code(),
        command: command.code(),
    };
    let cancel_or_issue = if facts.flow == MatterFlow::Cancellation {
        S::Cancelled
    } else {
        S::Issued
    };
    let next = match (facts.state, command) {
        (S::Submitted, C::Accept { .. }) if facts.flow.may_assess() => S::Accepted,
        (S::Submitted, C::Complete) if facts.flow.may_complete() => {
            if j.is_cross_region() {
                S::AwaitingHukouApproval
            } else {
                cancel_or_issue
            }
        }
        (S::Submitted, C::ReturnForCorrection { items }) => {
            if items.iter().all(|i| i.trim().is_empty()) {
                return Err(WorkflowError::ReasonRequired);
            }
            S::ReturnedForCorrection
        }
        (S::ReturnedForCorrection, C::Resubmit) => S::Submitted,
        (S::Submitted, C::Reject { reason }) | (S::ReturnedByHukouCounty, C::Reject { reason }) => {
            if reason.trim().is_empty() {
                return Err(WorkflowError::ReasonRequired);
            }
            S::Rejected
        }
        (S::Submitted | S::ReturnedForCorrection, C::Withdraw) => S::Withdrawn,
        (S::Accepted, C::RecordConclusion { meets }) => S::Assessed { meets: *meets },
        (S::Accepted, C::MarkAbandoned) => abandoned(facts).ok_or_else(illegal)??,
        (S::Assessed { meets }, C::PublishOrNotify { adult }) => {
            let hukou_here = facts.policy.holds_hukou(&j.approving_county);
            if facts.policy.publishes(*adult, meets, hukou_here) {
                S::Published
            } else {
                S::Notified { meets }
            }
        }
        (S::Published | S::Notified { .. }, C::ApplyFinalConclusion { meets }) => {
            S::FinalConclusion { meets: *meets }
        }
        (S::FinalConclusion { meets: true }, C::Issue) if j.is_cross_region() => {
            return Err(illegal());
        }
        (S::FinalConclusion { meets: true }, C::Issue) => S::Issued,
        (S::FinalConclusion { meets: true }, C::PassToHukouCounty) if j.is_cross_region() => {
            S::AwaitingHukouApproval
        }
        (S::FinalConclusion { meets: false }, C::Close) => S::Closed,
        (S::Published | S::Notified { meets: true }, C::Issue | C::PassToHukouCounty) => {
            objections_settled(facts)?;
            match command {
                C::Issue if j.is_cross_region() => return Err(illegal()),
                C::Issue => S::Issued,
                C::PassToHukouCounty if !j.is_cross_region() => return Err(illegal()),
                _ => S::AwaitingHukouApproval,
            }
        }
        (S::ReturnedByHukouCounty, C::PassToHukouCounty) => S::AwaitingHukouApproval,
        (S::Notified { meets: false }, C::Close) => {
            objections_settled(facts)?;
            S::Closed
        }
        (S::AwaitingHukouApproval, C::ApproveAndIssue) => cancel_or_issue,
        (S::AwaitingHukouApproval, C::ReturnOutsideJurisdiction { reason }) => {
            if reason.trim().is_empty() {
                return Err(WorkflowError::ReasonRequired);
            }
            S::ReturnedByHukouCounty
        }
        (S::Issued, C::ConfirmDelivery) => S::CardDelivered,
        _ => return Err(illegal()),
    };
    Ok(next)
}

/// Whether `actor` may give `command` on a case under jurisdiction `j`: the applicant resubmits
/// and withdraws, the designated institution's doctor records the conclusion, the hukou county
/// approves across regions (001 §四(一)5), the system applies a review's final conclusion, and
/// the residence county's clerk does the rest (000 §三, 001 §五).
fn may_give(actor: &Actor, j: &Jurisdiction, command: &Command) -> bool {
    use Command as C;
    let county_clerk =
        matches!(actor, Actor::CountyClerk { county } if *county == j.handling_county);
    let hukou_clerk =
        matches!(actor, Actor::HukouClerk { county } if *county == j.approving_county);
    let doctor =
        matches!(actor, Actor::Doctor { institution } if Some(*institution) == j.institution);
    match command {
        C::Resubmit | C::Withdraw => matches!(actor, Actor::Applicant),
        C::RecordConclusion { .. } => doctor,
        C::MarkAbandoned => doctor || county_clerk,
        C::ApproveAndIssue | C::ReturnOutsideJurisdiction { .. } => hukou_clerk,
        C::ApplyFinalConclusion { .. } => matches!(actor, Actor::System),
        _ => county_clerk,
    }
}

/// Marking an accepted case abandoned: only an applicant who never came gave the application up,
/// once the province's no-show limit has passed (002 三). `None` where the policy has no limit
/// or the applicant came. With booked assessments only a missed appointment at the site counts
/// (`appointment::missed`): someone waiting for a home visit or for a free session is never a
/// no-show (002 三 …或申请上门评定的，时限不在承诺办理期限内). Cases accepted before booking
/// existed keep the limit alone.
fn abandoned(facts: &Facts<'_>) -> Option<Result<ItemState, WorkflowError>> {
    let limit = facts
        .policy
        .no_show_limit
        .filter(|_| facts.attended.is_none())?;
    if facts.appointment != Appointment::None
        && !appointment::missed(facts.appointment, facts.attended, facts.today)
    {
        return Some(Err(WorkflowError::NoMissedAppointment));
    }
    let last = facts.calendar.add(facts.since, limit.days).date;
    Some(if facts.today <= last {
        Err(WorkflowError::NoShowLimitNotReached(last))
    } else {
        Ok(ItemState::Abandoned)
    })
}

/// Issuing or closing after the conclusion waits for an open review request and for the
/// objection window (000 §三(二)).
fn objections_settled(facts: &Facts<'_>) -> Result<(), WorkflowError> {
    if facts.review_open {
        return Err(WorkflowError::ReviewOpen);
    }
    if let Some(closes) = objection_window_closes(facts.policy, facts.calendar, facts.since)
        && facts.today <= closes.date
    {
        return Err(WorkflowError::WindowOpen(closes.date));
    }
    Ok(())
}

/// The last day of the objection window where the policy's seed sets one (000 §三(二): 10 working
/// days from the publication start or the notice, on the official calendar); `None` where the seeds
/// leave its length to the county (001 §四(一)4, 004 附件3 五(四)1) or replace it (002): the
/// county then issues when its own period has ended.
pub fn objection_window_closes(
    policy: &ProvincePolicy,
    calendar: &Calendar,
    from: NaiveDate,
) -> Option<Dated> {
    policy.objection_window().map(|w| w.due(calendar, from, 0))
}

/// The deadline while the applicant is to be assessed (state accepted, designated on `since`),
/// counted from the event each seed names (issue #17 item 9):
/// - before the applicant comes: the applicant's own limit to come where a seed sets one (002 三:
///   14 working days, then abandoned); no institution's limit runs on the applicant's delay;
/// - once they came (`attended`): the institution's limit — 000 §三(二) “评残结束后的3个工作日内…
///   上传”, 002 三 “5个工作日内将《评定表》反馈”, 004 附件3 五(四)1 “评定机构应在3日内完成评定”.
pub fn assessment_deadline(
    policy: &ProvincePolicy,
    calendar: &Calendar,
    since: NaiveDate,
    attended: Option<NaiveDate>,
) -> Option<Dated> {
    match attended {
        Some(day) => {
            let limit = policy.limit(Step::ConclusionUpload).or_else(|| {
                policy
                    .limit(Step::Assessment)
                    .filter(|l| l.from == StartEvent::Attended)
            })?;
            Some(limit.due(calendar, day, 0))
        }
        None => policy.no_show_limit.map(|l| l.due(calendar, since, 0)),
    }
}

/// The deadline of the step an item is in, counted from `since` (the state's start). `used` is
/// the working days the acceptance clock already ran: a returned item's clock pauses and resumes
/// less what was spent (000 §三(二) 一次性告知补正), and where one budget covers acceptance and
/// issue (004 附件3 五(四)1) issue gets what acceptance left. A matter without assessment waiting
/// for the county has the non-assessment limit where the policy sets one (000 §三(一)). A limit
/// counted from the end of a publication whose length no seed sets has no deadline while the
/// result is published (its time is excluded).
pub fn deadline(
    policy: &ProvincePolicy,
    calendar: &Calendar,
    state: ItemState,
    flow: MatterFlow,
    since: NaiveDate,
    used: u32,
) -> Option<Dated> {
    if state == ItemState::Accepted {
        return assessment_deadline(policy, calendar, since, None);
    }
    let step = state.step()?;
    let limit = match (state, flow) {
        (ItemState::Submitted, MatterFlow::NoAssessment | MatterFlow::Cancellation) => policy
            .limit(Step::NonAssessmentMatter)
            .or_else(|| policy.limit(step))?,
        _ => policy.limit(step)?,
    };
    if state == ItemState::Published
        && limit.from == StartEvent::PublicationOver
        && policy.objection_window().is_none()
    {
        return None;
    }
    let used = if state == ItemState::Submitted || limit.shared_with_acceptance {
        used
    } else {
        0
    };
    Some(limit.due(calendar, since, used))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{HENAN, HUNAN, NATIONAL, ZHEJIANG};
    use crate::domain::test_support::d;

    fn calendar() -> Calendar {
        Calendar::from_csv(include_str!("../../tests/fixtures/holidays_cn.csv")).expect("fixture")
    }

    fn here() -> Jurisdiction {
        Jurisdiction {
            handling_county: "430102".into(),
            approving_county: "430102".into(),
            institution: Some(7),
        }
    }

    fn clerk(county: &str) -> Actor {
        Actor::CountyClerk {
            county: county.into(),
        }
    }

    fn run(
        state: ItemState,
        j: &Jurisdiction,
        policy: &ProvincePolicy,
        since: NaiveDate,
        today: NaiveDate,
        actor: &Actor,
        command: &Command,
    ) -> Result<ItemState, WorkflowError> {
        run_flow(
            MatterFlow::Assessment,
            state,
            j,
            policy,
            since,
            today,
            actor,
            command,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn run_flow(
        flow: MatterFlow,
        state: ItemState,
        j: &Jurisdiction,
        policy: &ProvincePolicy,
        since: NaiveDate,
        today: NaiveDate,
        actor: &Actor,
        command: &Command,
    ) -> Result<ItemState, WorkflowError> {
        let cal = calendar();
        decide(
            &Facts {
                state,
                flow,
                jurisdiction: j,
                policy,
                calendar: &cal,
                since,
                today,
                review_open: false,
                attended: None,
                appointment: Appointment::None,
            },
            actor,
            command,
        )
    }

    const DAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 23) {
        Some(d) => d,
        None => panic!("valid date"),
    };

    #[test]
    fn a_pre_2018_visually_assessed_card_is_reassessed_on_expiry_renewal_and_migration() {
        // 001 §四(二)1, §四(三).
        use crate::domain::certificate::RenewalKind;
        let cases = [
            (
                CertificateMatter::Renewal(RenewalKind::Expiry),
                true,
                MatterFlow::Assessment,
            ),
            (
                CertificateMatter::Renewal(RenewalKind::Expiry),
                false,
                MatterFlow::MaybeAssessment,
            ),
            (CertificateMatter::Migration, true, MatterFlow::Assessment),
            (
                CertificateMatter::Migration,
                false,
                MatterFlow::MaybeAssessment,
            ),
            (
                CertificateMatter::Renewal(RenewalKind::Damaged),
                true,
                MatterFlow::NoAssessment,
            ),
            (
                CertificateMatter::Replacement,
                true,
                MatterFlow::NoAssessment,
            ),
        ];
        for (m, visual, want) in cases {
            assert_eq!(
                MatterFlow::of_held(&m, visual),
                want,
                "{m:?} visual={visual}"
            );
        }
        assert!(
            !MatterFlow::Assessment.may_complete(),
            "no completing without assessment"
        );
    }

    /// Every step a seed times has its deadline, counted from the event the seed names (000 §三(二),
    /// 002 三, 004 附件3 五(四)1): before the applicant comes only their own limit to come (002);
    /// after, the institution's.
    #[test]
    fn assessment_limits_count_from_the_day_the_applicant_came() {
        let cal = calendar();
        // Designated Mon 16 Nov 2026; came Thu 19 Nov.
        let (designated, came) = (d(2026, 11, 16), d(2026, 11, 19));
        for (policy, attended, due) in [
            // 000 §三(二): 3 working days after the assessment for the upload.
            (&HUNAN, None, None),
            (&HUNAN, Some(came), Some(d(2026, 11, 24))),
            // 002 三: 14 working days to come, then 5 working days for the form.
            (&ZHEJIANG, None, Some(cal.add(designated, 14).date)),
            (&ZHEJIANG, Some(came), Some(d(2026, 11, 26))),
            // 004 附件3 五(四)1: 3 days from arrival, not from designation.
            (&HENAN, None, None),
            (&HENAN, Some(came), Some(d(2026, 11, 22))),
            // 001 sets no assessment limit.
            (&NATIONAL, Some(came), None),
        ] {
            assert_eq!(
                assessment_deadline(policy, &cal, designated, attended).map(|d| d.date),
                due,
                "{} attended {attended:?}",
                policy.profile.code()
            );
        }
        // The accepted state's deadline, before anyone came, is the same.
        assert_eq!(
            deadline(
                &ZHEJIANG,
                &cal,
                ItemState::Accepted,
                MatterFlow::Assessment,
                designated,
                0
            )
            .map(|d| d.date),
            Some(cal.add(designated, 14).date)
        );
    }

    /// 002 三: only an applicant who never came gave the application up.
    #[test]
    fn an_applicant_who_came_is_never_marked_as_having_given_up() {
        let cal = calendar();
        let j = Jurisdiction {
            handling_county: "330102".into(),
            approving_county: "330102".into(),
            institution: Some(7),
        };
        let since = d(2026, 9, 1);
        let facts = |attended| Facts {
            state: ItemState::Accepted,
            flow: MatterFlow::Assessment,
            jurisdiction: &j,
            policy: &ZHEJIANG,
            calendar: &cal,
            since,
            today: d(2026, 11, 30),
            review_open: false,
            attended,
            appointment: Appointment::None,
        };
        let actor = clerk("330102");
        assert_eq!(
            decide(&facts(None), &actor, &Command::MarkAbandoned),
            Ok(ItemState::Abandoned)
        );
        assert!(decide(&facts(Some(d(2026, 9, 3))), &actor, &Command::MarkAbandoned).is_err());
    }

    /// 002 三 with booked assessments: past the limit, only a missed appointment at the site
    /// makes a no-show; waiting for a home visit or a session never does.
    #[test]
    fn only_a_missed_appointment_counts_toward_the_no_show_limit() {
        let cal = calendar();
        let j = Jurisdiction {
            handling_county: "330102".into(),
            approving_county: "330102".into(),
            institution: Some(7),
        };
        let facts = |appointment| Facts {
            state: ItemState::Accepted,
            flow: MatterFlow::Assessment,
            jurisdiction: &j,
            policy: &ZHEJIANG,
            calendar: &cal,
            since: d(2026, 9, 1),
            today: d(2026, 11, 30),
            review_open: false,
            attended: None,
            appointment,
        };
        let actor = clerk("330102");
        let abandon = |a| decide(&facts(a), &actor, &Command::MarkAbandoned);
        let booked = |day, home_visit| Appointment::Booked { day, home_visit };
        assert_eq!(
            abandon(booked(d(2026, 9, 10), false)),
            Ok(ItemState::Abandoned)
        );
        for not_missed in [
            booked(d(2026, 12, 2), false),
            booked(d(2026, 9, 10), true),
            Appointment::WaitingForHomeVisit,
            Appointment::WaitingForSession,
        ] {
            assert_eq!(
                abandon(not_missed),
                Err(WorkflowError::NoMissedAppointment),
                "{not_missed:?}"
            );
        }
    }

    /// 004 附件3 五(四)1: “残疾人证办理应当在3个工作日内（不含残疾等级评定、公示时间）完成” — one
    /// budget for the county's review and its issue. A Henan case can meet every deadline it is
    /// shown: none runs while the result is published (the period's length is “相关规定”), and
    /// issue gets what acceptance left.
    #[test]
    fn henan_shares_three_working_days_between_acceptance_and_issue() {
        let cal = calendar();
        // Mon 16 Nov 2026, Tue 17, Wed 18, Thu 19, Fri 20.
        let (mon, wed) = (d(2026, 11, 16), d(2026, 11, 18));
        let accept = |used| {
            deadline(
                &HENAN,
                &cal,
                ItemState::Submitted,
                MatterFlow::Assessment,
                mon,
                used,
            )
        };
        assert_eq!(accept(0).unwrap().date, d(2026, 11, 19));
        for (state, since, used, due) in [
            // Accepted on Wed: 2 of 3 working days used.
            (ItemState::Published, wed, 2, None),
            (
                ItemState::Notified { meets: true },
                wed,
                2,
                Some(d(2026, 11, 19)),
            ),
            (
                ItemState::Notified { meets: true },
                wed,
                0,
                Some(d(2026, 11, 23)),
            ),
            (
                ItemState::FinalConclusion { meets: true },
                wed,
                1,
                Some(d(2026, 11, 20)),
            ),
            // All three used in review: issue is due the day the notice goes out.
            (ItemState::Notified { meets: true }, wed, 3, Some(wed)),
        ] {
            assert_eq!(
                deadline(&HENAN, &cal, state, MatterFlow::Assessment, since, used).map(|d| d.date),
                due,
                "{state:?} used {used}"
            );
        }
        // Hunan counts its 13 working days from publication, with nothing shared.
        assert_eq!(
            deadline(
                &HUNAN,
                &cal,
                ItemState::Published,
                MatterFlow::Assessment,
                wed,
                2
            )
            .map(|d| d.date),
            Some(cal.add(wed, 13).date)
        );
    }

    #[test]
    fn issue_waits_for_a_window_only_where_a_seed_sets_its_length() {
        // 000 §三(二): Hunan's 10 working days; 004 附件3 五(四)1 “公示期满，依法核发” and
        // 001 §四(一)4 set no length: the county issues when its own period has ended.
        let henan = Jurisdiction {
            handling_county: "410105".into(),
            approving_county: "410105".into(),
            institution: Some(7),
        };
        let cases: [(&ProvincePolicy, &Jurisdiction, &str, bool); 3] = [
            (&HUNAN, &here(), "430102", false),
            (&HENAN, &henan, "410105", true),
            (&NATIONAL, &henan, "410105", true),
        ];
        for (policy, j, county, may_issue_at_once) in cases {
            let next = run(
                ItemState::Published,
                j,
                policy,
                DAY,
                DAY + chrono::Days::new(1),
                &clerk(county),
                &Command::Issue,
            );
            assert_eq!(
                next.is_ok(),
                may_issue_at_once,
                "{:?}: {next:?}",
                policy.profile
            );
        }
    }

    #[test]
    fn zhejiang_publishes_only_a_case_whose_hukou_is_elsewhere() {
        // 002: the commitment replaces 公示 for 全省通办; 001 §四(一)4: 经常居住地公示 otherwise.
        let c = clerk("330102");
        for (hukou, want) in [
            ("330102", ItemState::Notified { meets: true }),
            ("430102", ItemState::Published),
        ] {
            let j = Jurisdiction {
                handling_county: "330102".into(),
                approving_county: hukou.into(),
                institution: Some(7),
            };
            let next = run(
                ItemState::Assessed { meets: true },
                &j,
                &ZHEJIANG,
                DAY,
                DAY,
                &c,
                &Command::PublishOrNotify { adult: true },
            );
            assert_eq!(next, Ok(want), "hukou {hukou}");
        }
    }

    #[test]
    fn a_new_certificate_goes_from_submission_to_delivery() {
        let j = here();
        let c = clerk("430102");
        let steps: Vec<(ItemState, Actor, Command, ItemState)> = vec![
            (
                ItemState::Submitted,
                c.clone(),
                Command::Accept { institution: 7 },
                ItemState::Accepted,
            ),
            (
                ItemState::Accepted,
                Actor::Doctor { institution: 7 },
                Command::RecordConclusion { meets: true },
                ItemState::Assessed { meets: true },
            ),
            (
                ItemState::Assessed { meets: true },
                c.clone(),
                Command::PublishOrNotify { adult: true },
                ItemState::Published,
            ),
            (
                ItemState::Issued,
                c.clone(),
                Command::ConfirmDelivery,
                ItemState::CardDelivered,
            ),
        ];
        for (from, actor, command, to) in steps {
            assert_eq!(
                run(from, &j, &HUNAN, DAY, DAY, &actor, &command),
                Ok(to),
                "{command:?}"
            );
        }
        // Issue only after the 10-working-day window: published Mon 23 Nov, closes Mon 7 Dec.
        let issue = |today| {
            run(
                ItemState::Published,
                &j,
                &HUNAN,
                DAY,
                today,
                &c,
                &Command::Issue,
            )
        };
        assert_eq!(
            issue(d(2026, 12, 7)),
            Err(WorkflowError::WindowOpen(d(2026, 12, 7)))
        );
        assert_eq!(issue(d(2026, 12, 8)), Ok(ItemState::Issued));
    }

    #[test]
    fn minors_and_people_not_meeting_the_standard_are_notified_and_zhejiang_never_publishes() {
        let j = here();
        let c = clerk("430102");
        let notify = |meets, adult, policy| {
            run(
                ItemState::Assessed { meets },
                &j,
                policy,
                DAY,
                DAY,
                &c,
                &Command::PublishOrNotify { adult },
            )
        };
        assert_eq!(
            notify(true, false, &HUNAN),
            Ok(ItemState::Notified { meets: true })
        );
        assert_eq!(
            notify(false, true, &HUNAN),
            Ok(ItemState::Notified { meets: false })
        );
        assert_eq!(notify(true, true, &HENAN), Ok(ItemState::Published));
        let zj = Jurisdiction {
            handling_county: "330102".into(),
            approving_county: "330102".into(),
            institution: Some(7),
        };
        let zc = clerk("330102");
        assert_eq!(
            run(
                ItemState::Assessed { meets: true },
                &zj,
                &ZHEJIANG,
                DAY,
                DAY,
                &zc,
                &Command::PublishOrNotify { adult: true }
            ),
            Ok(ItemState::Notified { meets: true })
        );
        // Not meeting: closed after the window.
        let close = run(
            ItemState::Notified { meets: false },
            &j,
            &HUNAN,
            DAY,
            d(2026, 12, 8),
            &c,
            &Command::Close,
        );
        assert_eq!(close, Ok(ItemState::Closed));
        let issue = run(
            ItemState::Notified { meets: false },
            &j,
            &HUNAN,
            DAY,
            d(2026, 12, 8),
            &c,
            &Command::Issue,
        );
        assert!(matches!(
            issue,
            Err(WorkflowError::IllegalTransition { .. })
        ));
    }

    #[test]
    fn only_the_right_county_institution_or_applicant_may_act() {
        let j = here();
        let accept = Command::Accept { institution: 7 };
        assert_eq!(
            run(
                ItemState::Submitted,
                &j,
                &HUNAN,
                DAY,
                DAY,
                &clerk("410105"),
                &accept
            ),
            Err(WorkflowError::NotAllowed)
        );
        assert_eq!(
            run(
                ItemState::Submitted,
                &j,
                &HUNAN,
                DAY,
                DAY,
                &Actor::HukouClerk {
                    county: "430102".into()
                },
                &accept
            ),
            Err(WorkflowError::NotAllowed)
        );
        let conclude = Command::RecordConclusion { meets: true };
        assert_eq!(
            run(
                ItemState::Accepted,
                &j,
                &HUNAN,
                DAY,
                DAY,
                &Actor::Doctor { institution: 8 },
                &conclude
            ),
            Err(WorkflowError::NotAllowed)
        );
        assert_eq!(
            run(
                ItemState::Accepted,
                &j,
                &HUNAN,
                DAY,
                DAY,
                &clerk("430102"),
                &conclude
            ),
            Err(WorkflowError::NotAllowed)
        );
        assert_eq!(
            run(
                ItemState::Submitted,
                &j,
                &HUNAN,
                DAY,
                DAY,
                &clerk("430102"),
                &Command::Withdraw
            ),
            Err(WorkflowError::NotAllowed)
        );
        assert_eq!(
            run(
                ItemState::Submitted,
                &j,
                &HUNAN,
                DAY,
                DAY,
                &Actor::Applicant,
                &Command::Withdraw
            ),
            Ok(ItemState::Withdrawn)
        );
    }

    #[test]
    fn an_open_review_holds_issue_and_close_and_the_final_conclusion_needs_no_new_window() {
        let j = here();
        let c = clerk("430102");
        let cal = calendar();
        let late = d(2026, 12, 30);
        let with_review = |state, command: &Command| {
            decide(
                &Facts {
                    state,
                    flow: MatterFlow::Assessment,
                    jurisdiction: &j,
                    policy: &HUNAN,
                    calendar: &cal,
                    since: DAY,
                    today: late,
                    review_open: true,
                    attended: None,
                    appointment: Appointment::None,
                },
                &c,
                command,
            )
        };
        assert_eq!(
            with_review(ItemState::Published, &Command::Issue),
            Err(WorkflowError::ReviewOpen),
            "after the window, but the review is open"
        );
        assert_eq!(
            with_review(ItemState::Notified { meets: false }, &Command::Close),
            Err(WorkflowError::ReviewOpen)
        );
        // The final conclusion arrives the day after publication: issue at once.
        let next_day = d(2026, 11, 24);
        let after = |state, actor: &Actor, command: &Command| {
            run(state, &j, &HUNAN, next_day, next_day, actor, command)
        };
        assert_eq!(
            after(
                ItemState::Published,
                &Actor::System,
                &Command::ApplyFinalConclusion { meets: true }
            ),
            Ok(ItemState::FinalConclusion { meets: true })
        );
        assert_eq!(
            after(
                ItemState::Published,
                &c,
                &Command::ApplyFinalConclusion { meets: true }
            ),
            Err(WorkflowError::NotAllowed),
            "only the system applies it"
        );
        assert_eq!(
            after(
                ItemState::FinalConclusion { meets: true },
                &c,
                &Command::Issue
            ),
            Ok(ItemState::Issued)
        );
        assert_eq!(
            after(
                ItemState::FinalConclusion { meets: false },
                &c,
                &Command::Close
            ),
            Ok(ItemState::Closed)
        );
    }

    #[test]
    fn every_command_is_legal_only_in_its_states_and_refused_from_all_others() {
        // Long after every window and limit, so that only the state decides.
        use ItemState as S;
        let late = d(2027, 6, 1);
        let j = here();
        let cross = Jurisdiction {
            handling_county: "430102".into(),
            approving_county: "410105".into(),
            institution: Some(7),
        };
        let zj = Jurisdiction {
            handling_county: "330102".into(),
            approving_county: "330102".into(),
            institution: Some(7),
        };
        let c = clerk("430102");
        let hukou = Actor::HukouClerk {
            county: "430102".into(),
        };
        let x = || "x".to_owned();
        let table: Vec<(
            &Jurisdiction,
            &ProvincePolicy,
            Actor,
            Command,
            Vec<ItemState>,
        )> = vec![
            (
                &j,
                &HUNAN,
                c.clone(),
                Command::Accept { institution: 7 },
                vec![S::Submitted],
            ),
            (
                &j,
                &HUNAN,
                c.clone(),
                Command::ReturnForCorrection { items: vec![x()] },
                vec![S::Submitted],
            ),
            (
                &j,
                &HUNAN,
                Actor::Applicant,
                Command::Resubmit,
                vec![S::ReturnedForCorrection],
            ),
            (
                &j,
                &HUNAN,
                c.clone(),
                Command::Reject { reason: x() },
                vec![S::Submitted, S::ReturnedByHukouCounty],
            ),
            (
                &j,
                &HUNAN,
                Actor::Applicant,
                Command::Withdraw,
                vec![S::Submitted, S::ReturnedForCorrection],
            ),
            (
                &j,
                &HUNAN,
                Actor::Doctor { institution: 7 },
                Command::RecordConclusion { meets: true },
                vec![S::Accepted],
            ),
            // Hunan has no no-show rule; Zhejiang does (002 三).
            (&j, &HUNAN, c.clone(), Command::MarkAbandoned, vec![]),
            (
                &zj,
                &ZHEJIANG,
                clerk("330102"),
                Command::MarkAbandoned,
                vec![S::Accepted],
            ),
            (
                &j,
                &HUNAN,
                c.clone(),
                Command::PublishOrNotify { adult: true },
                vec![S::Assessed { meets: true }, S::Assessed { meets: false }],
            ),
            (
                &j,
                &HUNAN,
                c.clone(),
                Command::Issue,
                vec![
                    S::Published,
                    S::Notified { meets: true },
                    S::FinalConclusion { meets: true },
                ],
            ),
            (&cross, &HUNAN, c.clone(), Command::Issue, vec![]),
            (
                &j,
                &HUNAN,
                Actor::System,
                Command::ApplyFinalConclusion { meets: true },
                vec![
                    S::Published,
                    S::Notified { meets: true },
                    S::Notified { meets: false },
                ],
            ),
            (
                &j,
                &HUNAN,
                c.clone(),
                Command::PassToHukouCounty,
                vec![S::ReturnedByHukouCounty],
            ),
            (
                &cross,
                &HUNAN,
                c.clone(),
                Command::PassToHukouCounty,
                vec![
                    S::Published,
                    S::Notified { meets: true },
                    S::FinalConclusion { meets: true },
                    S::ReturnedByHukouCounty,
                ],
            ),
            (
                &j,
                &HUNAN,
                hukou.clone(),
                Command::ApproveAndIssue,
                vec![S::AwaitingHukouApproval],
            ),
            (
                &j,
                &HUNAN,
                hukou,
                Command::ReturnOutsideJurisdiction { reason: x() },
                vec![S::AwaitingHukouApproval],
            ),
            (
                &j,
                &HUNAN,
                c.clone(),
                Command::Close,
                vec![
                    S::Notified { meets: false },
                    S::FinalConclusion { meets: false },
                ],
            ),
            (
                &j,
                &HUNAN,
                c.clone(),
                Command::ConfirmDelivery,
                vec![S::Issued],
            ),
            // A matter that needs an assessment is never completed without one.
            (&j, &HUNAN, c, Command::Complete, vec![]),
        ];
        let covered: std::collections::BTreeSet<&str> =
            table.iter().map(|(_, _, _, c, _)| c.code()).collect();
        assert_eq!(
            covered.len() + 1,
            Command::CODES.len(),
            "every command but submit"
        );
        for (jurisdiction, policy, actor, command, legal) in table {
            for state in ItemState::ALL {
                let result = run(state, jurisdiction, policy, DAY, late, &actor, &command);
                if legal.contains(&state) {
                    assert!(result.is_ok(), "{command:?} from {state:?}: {result:?}");
                } else {
                    assert!(
                        matches!(result, Err(WorkflowError::IllegalTransition { .. })),
                        "{command:?} from {state:?}: {result:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_working_day_limit_of_every_province_counts_exactly_its_days_across_holidays() {
        use crate::domain::policy::{ALL, Unit};
        let cal = calendar();
        // Starts around the 2026 Spring Festival, National Day and an adjusted working Saturday.
        let starts = [
            d(2026, 2, 13),
            d(2026, 2, 14),
            d(2026, 9, 30),
            d(2026, 10, 1),
            d(2026, 10, 9),
            d(2026, 12, 31),
        ];
        for policy in ALL {
            for (step, limit) in policy.limits() {
                for from in starts {
                    let due = limit.due(&cal, from, 0).date;
                    match limit.unit {
                        Unit::WorkingDays if limit.days > 0 => {
                            assert!(cal.is_working_day(due), "{step:?} {from}: {due}");
                            assert_eq!(
                                cal.between(from, due).days,
                                i64::from(limit.days),
                                "{} {step:?} from {from}: {due}",
                                policy.profile.code()
                            );
                        }
                        Unit::WorkingDays => assert!(cal.is_working_day(due) && due >= from),
                        Unit::CalendarDays => {
                            assert_eq!((due - from).num_days(), i64::from(limit.days));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn returns_need_the_list_and_rejections_a_reason() {
        let j = here();
        let c = clerk("430102");
        let none = Command::ReturnForCorrection {
            items: vec![" ".into()],
        };
        assert_eq!(
            run(ItemState::Submitted, &j, &HUNAN, DAY, DAY, &c, &none),
            Err(WorkflowError::ReasonRequired)
        );
        let some = Command::ReturnForCorrection {
            items: vec!["户口本页不清晰".into()],
        };
        assert_eq!(
            run(ItemState::Submitted, &j, &HUNAN, DAY, DAY, &c, &some),
            Ok(ItemState::ReturnedForCorrection)
        );
        let reject = Command::Reject {
            reason: String::new(),
        };
        assert_eq!(
            run(ItemState::Submitted, &j, &HUNAN, DAY, DAY, &c, &reject),
            Err(WorkflowError::ReasonRequired)
        );
    }

    #[test]
    fn cross_region_cases_pass_to_the_hukou_county_which_approves_or_returns() {
        let j = Jurisdiction {
            handling_county: "410105".into(),
            approving_county: "430102".into(),
            institution: Some(7),
        };
        let residence = clerk("410105");
        let hukou = Actor::HukouClerk {
            county: "430102".into(),
        };
        let after = d(2026, 12, 8);
        assert!(matches!(
            run(
                ItemState::Published,
                &j,
                &HENAN,
                DAY,
                after,
                &residence,
                &Command::Issue
            ),
            Err(WorkflowError::IllegalTransition { .. })
        ));
        assert_eq!(
            run(
                ItemState::Published,
                &j,
                &HENAN,
                DAY,
                after,
                &residence,
                &Command::PassToHukouCounty
            ),
            Ok(ItemState::AwaitingHukouApproval)
        );
        assert_eq!(
            run(
                ItemState::AwaitingHukouApproval,
                &j,
                &HENAN,
                DAY,
                DAY,
                &hukou,
                &Command::ApproveAndIssue
            ),
            Ok(ItemState::Issued)
        );
        let back = Command::ReturnOutsideJurisdiction {
            reason: "户籍不在本县".into(),
        };
        assert_eq!(
            run(
                ItemState::AwaitingHukouApproval,
                &j,
                &HENAN,
                DAY,
                DAY,
                &hukou,
                &back
            ),
            Ok(ItemState::ReturnedByHukouCounty)
        );
        assert_eq!(
            run(
                ItemState::AwaitingHukouApproval,
                &j,
                &HENAN,
                DAY,
                DAY,
                &residence,
                &back
            ),
            Err(WorkflowError::NotAllowed)
        );
        assert_eq!(
            run(
                ItemState::ReturnedByHukouCounty,
                &j,
                &HENAN,
                DAY,
                DAY,
                &residence,
                &Command::PassToHukouCounty
            ),
            Ok(ItemState::AwaitingHukouApproval)
        );
    }

    #[test]
    fn a_no_show_is_abandoned_only_where_the_policy_says_and_after_the_limit() {
        let zj = Jurisdiction {
            handling_county: "330102".into(),
            approving_county: "330102".into(),
            institution: Some(7),
        };
        let c = clerk("330102");
        // Designated Mon 23 Nov 2026; 14 working days → Fri 11 Dec is the last day.
        let on = |today| {
            run(
                ItemState::Accepted,
                &zj,
                &ZHEJIANG,
                DAY,
                today,
                &c,
                &Command::MarkAbandoned,
            )
        };
        assert_eq!(
            on(d(2026, 12, 11)),
            Err(WorkflowError::NoShowLimitNotReached(d(2026, 12, 11)))
        );
        assert_eq!(on(d(2026, 12, 12)), Ok(ItemState::Abandoned));
        let hunan = run(
            ItemState::Accepted,
            &here(),
            &HUNAN,
            DAY,
            d(2027, 6, 1),
            &clerk("430102"),
            &Command::MarkAbandoned,
        );
        assert!(matches!(
            hunan,
            Err(WorkflowError::IllegalTransition { .. })
        ));
    }

    #[test]
    fn deadlines_follow_the_policy_and_the_acceptance_clock_pauses_on_return() {
        let cal = calendar();
        // Hunan acceptance: 3 working days from Wed 30 Sep 2026 skip National Day (1–7 Oct) and
        // count the adjusted working Saturday: Thu 8, Fri 9, Sat 10 Oct.
        let due = deadline(
            &HUNAN,
            &cal,
            ItemState::Submitted,
            MatterFlow::Assessment,
            d(2026, 9, 30),
            0,
        )
        .unwrap();
        assert_eq!(due.date, d(2026, 10, 10));
        // Returned after 2 working days were used: on resubmission 1 is left.
        let resumed = deadline(
            &HUNAN,
            &cal,
            ItemState::Submitted,
            MatterFlow::Assessment,
            d(2026, 11, 23),
            2,
        )
        .unwrap();
        assert_eq!(resumed.date, d(2026, 11, 24));
        // No limit while returned (the applicant's turn), or once delivered.
        assert_eq!(
            deadline(
                &HUNAN,
                &cal,
                ItemState::ReturnedForCorrection,
                MatterFlow::Assessment,
                DAY,
                0
            ),
            None
        );
        assert_eq!(
            deadline(
                &HUNAN,
                &cal,
                ItemState::CardDelivered,
                MatterFlow::Assessment,
                DAY,
                0
            ),
            None
        );
        // Issue: 13 working days from the publication start.
        let issue = deadline(
            &HUNAN,
            &cal,
            ItemState::Published,
            MatterFlow::Assessment,
            DAY,
            0,
        )
        .unwrap();
        assert_eq!(issue.date, d(2026, 12, 10));
        assert_eq!(
            objection_window_closes(&HUNAN, &cal, DAY).unwrap().date,
            d(2026, 12, 7)
        );
    }

    #[test]
    fn matters_without_assessment_are_completed_by_the_county_or_approved_by_the_hukou_county() {
        use crate::domain::certificate::{Category, RenewalKind};
        use crate::domain::matter::CancellationReason;
        let c = clerk("430102");
        let complete = |flow, j: &Jurisdiction| {
            run_flow(
                flow,
                ItemState::Submitted,
                j,
                &HUNAN,
                DAY,
                DAY,
                &c,
                &Command::Complete,
            )
        };
        assert_eq!(
            MatterFlow::of(&CertificateMatter::Replacement),
            MatterFlow::NoAssessment
        );
        assert_eq!(
            MatterFlow::of(&CertificateMatter::Renewal(RenewalKind::Expiry)),
            MatterFlow::MaybeAssessment
        );
        let cancel = CertificateMatter::Cancellation {
            categories: vec![Category::Visual],
            reason: CancellationReason::Recovery,
        };
        assert_eq!(MatterFlow::of(&cancel), MatterFlow::Cancellation);
        assert_eq!(
            complete(MatterFlow::NoAssessment, &here()),
            Ok(ItemState::Issued)
        );
        assert_eq!(
            complete(MatterFlow::MaybeAssessment, &here()),
            Ok(ItemState::Issued)
        );
        assert_eq!(
            complete(MatterFlow::Cancellation, &here()),
            Ok(ItemState::Cancelled)
        );
        // A new certificate cannot skip the assessment; a replacement cannot be assessed.
        assert!(matches!(
            complete(MatterFlow::Assessment, &here()),
            Err(WorkflowError::IllegalTransition { .. })
        ));
        assert!(matches!(
            run_flow(
                MatterFlow::NoAssessment,
                ItemState::Submitted,
                &here(),
                &HUNAN,
                DAY,
                DAY,
                &c,
                &Command::Accept { institution: 7 }
            ),
            Err(WorkflowError::IllegalTransition { .. })
        ));
        // Cross-region: the hukou county approves (and cancels a cancellation).
        let cross = Jurisdiction {
            handling_county: "430102".into(),
            approving_county: "410105".into(),
            institution: None,
        };
        assert_eq!(
            complete(MatterFlow::Cancellation, &cross),
            Ok(ItemState::AwaitingHukouApproval)
        );
        let hukou = Actor::HukouClerk {
            county: "410105".into(),
        };
        assert_eq!(
            run_flow(
                MatterFlow::Cancellation,
                ItemState::AwaitingHukouApproval,
                &cross,
                &HUNAN,
                DAY,
                DAY,
                &hukou,
                &Command::ApproveAndIssue
            ),
            Ok(ItemState::Cancelled)
        );
        // Completing is only possible while the county reviews.
        for state in ItemState::ALL {
            if state != ItemState::Submitted {
                assert!(
                    matches!(
                        run_flow(
                            MatterFlow::NoAssessment,
                            state,
                            &here(),
                            &HUNAN,
                            DAY,
                            DAY,
                            &c,
                            &Command::Complete
                        ),
                        Err(WorkflowError::IllegalTransition { .. })
                    ),
                    "{state:?}"
                );
            }
        }
    }

    #[test]
    fn a_matter_without_assessment_is_due_under_the_non_assessment_limit() {
        let cal = calendar();
        // Hunan: the same day (a Saturday application falls on Monday); Henan: 3 working days.
        let sat = d(2026, 11, 21);
        let hunan = deadline(
            &HUNAN,
            &cal,
            ItemState::Submitted,
            MatterFlow::NoAssessment,
            sat,
            0,
        );
        assert_eq!(hunan.unwrap().date, d(2026, 11, 23));
        let henan = deadline(
            &HENAN,
            &cal,
            ItemState::Submitted,
            MatterFlow::Cancellation,
            DAY,
            0,
        );
        assert_eq!(henan.unwrap().date, d(2026, 11, 26));
        // Zhejiang sets none: the acceptance limit applies.
        let zj = deadline(
            &ZHEJIANG,
            &cal,
            ItemState::Submitted,
            MatterFlow::NoAssessment,
            DAY,
            0,
        );
        assert_eq!(zj.unwrap().date, d(2026, 11, 24));
    }

    #[test]
    fn state_codes_round_trip_and_every_command_code_is_listed() {
        for s in ItemState::ALL {
            assert_eq!(ItemState::from_code(s.code()), Some(s));
        }
        let commands = [
            Command::Accept { institution: 1 },
            Command::ReturnForCorrection { items: vec![] },
            Command::Resubmit,
            Command::Reject {
                reason: String::new(),
            },
            Command::Withdraw,
            Command::RecordConclusion { meets: true },
            Command::MarkAbandoned,
            Command::PublishOrNotify { adult: true },
            Command::PassToHukouCounty,
            Command::ApproveAndIssue,
            Command::ReturnOutsideJurisdiction {
                reason: String::new(),
            },
            Command::Issue,
            Command::Close,
            Command::ConfirmDelivery,
            Command::Complete,
            Command::ApplyFinalConclusion { meets: true },
        ];
        for c in &commands {
            assert!(Command::CODES.contains(&c.code()), "{c:?}");
        }
        assert_eq!(Command::CODES.len(), commands.len() + 1);
    }
}
