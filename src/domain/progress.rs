//! Where a certificate matter stands as the applicant sees it: the milestones of its flow (DOMAIN
//! “The flow of a new certificate”; 001 §四 for the matters without assessment, 001 §四(一)5 for
//! the hukou county), each done, current, upcoming or — when the case ended early — stopped.

use super::workflow::{ItemState, MatterFlow};

/// A milestone of a matter's flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    /// 提交申请.
    Submitted,
    /// 受理审核 (and, without assessment, 办结).
    Review,
    /// 残疾评定 at the designated institution.
    Assessment,
    /// 公示或告知, with the objection window.
    Publication,
    /// 户籍地审批 (cross-region).
    HukouApproval,
    /// 发证 (e-certificate first) — or 注销 for a cancellation.
    Issue,
    /// 证件送达.
    Delivery,
}

impl Milestone {
    /// Stable code (locale keys `milestone-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Milestone::Submitted => "submitted",
            Milestone::Review => "review",
            Milestone::Assessment => "assessment",
            Milestone::Publication => "publication",
            Milestone::HukouApproval => "hukou-approval",
            Milestone::Issue => "issue",
            Milestone::Delivery => "delivery",
        }
    }
}

/// How far a milestone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Completed.
    Done,
    /// In progress now.
    Current,
    /// Not reached yet.
    Upcoming,
    /// The case ended here (rejected, withdrawn, abandoned, closed).
    Stopped,
}

impl Progress {
    /// Stable code (CSS class and locale keys `progress-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Progress::Done => "done",
            Progress::Current => "current",
            Progress::Upcoming => "upcoming",
            Progress::Stopped => "stopped",
        }
    }
}

/// The milestones of a flow, in order.
pub fn milestones(flow: MatterFlow, cross_region: bool) -> Vec<Milestone> {
    use Milestone as M;
    let mut path = vec![M::Submitted, M::Review];
    if flow == MatterFlow::Assessment {
        path.extend([M::Assessment, M::Publication]);
    }
    if cross_region {
        path.push(M::HukouApproval);
    }
    path.push(M::Issue);
    if flow != MatterFlow::Cancellation {
        path.push(M::Delivery);
    }
    path
}

/// The milestone a state belongs to (the one in progress while the item is in it).
pub fn milestone_of(state: ItemState) -> Milestone {
    use ItemState as S;
    match state {
        S::Submitted | S::ReturnedForCorrection | S::Rejected | S::Withdrawn => Milestone::Review,
        S::Accepted | S::Abandoned => Milestone::Assessment,
        S::Assessed { .. }
        | S::Published
        | S::Notified { .. }
        | S::FinalConclusion { .. }
        | S::Closed => Milestone::Publication,
        S::AwaitingHukouApproval | S::ReturnedByHukouCounty => Milestone::HukouApproval,
        S::Issued => Milestone::Delivery,
        S::CardDelivered | S::Cancelled => Milestone::Issue,
    }
}

/// Each milestone of the flow with its progress for an item in `state`. A milestone the flow does
/// not have (an expiry renewal completed without assessment) is simply not listed.
pub fn progress(
    flow: MatterFlow,
    cross_region: bool,
    state: ItemState,
) -> Vec<(Milestone, Progress)> {
    let path = milestones(flow, cross_region);
    let all_done = matches!(state, ItemState::CardDelivered | ItemState::Cancelled);
    let here = milestone_of(state);
    // An accepted expiry renewal or migration goes through the assessment after all.
    let path: Vec<Milestone> = if path.contains(&here) || all_done {
        path
    } else {
        milestones(MatterFlow::Assessment, cross_region)
    };
    let at = path.iter().position(|m| *m == here).unwrap_or(0);
    path.into_iter()
        .enumerate()
        .map(|(i, m)| {
            let p = if all_done || i < at {
                Progress::Done
            } else if i > at {
                Progress::Upcoming
            } else if state.is_final() {
                Progress::Stopped
            } else {
                Progress::Current
            };
            (m, p)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Milestone as M;
    use Progress as P;

    #[test]
    fn a_new_certificate_passes_every_milestone_in_order() {
        let p = progress(MatterFlow::Assessment, false, ItemState::Accepted);
        assert_eq!(
            p,
            vec![
                (M::Submitted, P::Done),
                (M::Review, P::Done),
                (M::Assessment, P::Current),
                (M::Publication, P::Upcoming),
                (M::Issue, P::Upcoming),
                (M::Delivery, P::Upcoming),
            ]
        );
        let issued = progress(MatterFlow::Assessment, true, ItemState::Issued);
        assert_eq!(issued[4], (M::HukouApproval, P::Done));
        assert_eq!(issued[6], (M::Delivery, P::Current));
        assert!(
            progress(MatterFlow::Assessment, false, ItemState::CardDelivered)
                .iter()
                .all(|(_, p)| *p == P::Done)
        );
    }

    #[test]
    fn short_flows_have_fewer_milestones_and_ended_cases_stop_where_they_ended() {
        assert_eq!(
            milestones(MatterFlow::Cancellation, false),
            vec![M::Submitted, M::Review, M::Issue]
        );
        assert_eq!(
            milestones(MatterFlow::NoAssessment, true),
            vec![
                M::Submitted,
                M::Review,
                M::HukouApproval,
                M::Issue,
                M::Delivery
            ]
        );
        let rejected = progress(MatterFlow::Assessment, false, ItemState::Rejected);
        assert_eq!(rejected[1], (M::Review, P::Stopped));
        assert_eq!(rejected[2], (M::Assessment, P::Upcoming));
        // An expiry renewal accepted for assessment shows the assessment path.
        let renewal = progress(MatterFlow::MaybeAssessment, false, ItemState::Accepted);
        assert_eq!(renewal[2], (M::Assessment, P::Current));
        // A cancellation completed: everything done.
        assert!(
            progress(MatterFlow::Cancellation, false, ItemState::Cancelled)
                .iter()
                .all(|(_, p)| *p == P::Done)
        );
    }
}
