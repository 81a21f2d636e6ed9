//! 好差评 (the government-service rating system): once an item of a case is completed, the person
//! it served rates it good, average or poor, with an optional comment, once.

use super::item::ItemStatus;
use super::review::ReviewState;
use super::service_flow::ServiceState;
use super::workflow::ItemState;

/// A rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    /// 好评.
    Good,
    /// 中评.
    Average,
    /// 差评.
    Poor,
}

impl Rating {
    /// Every rating, best first.
    pub const ALL: [Rating; 3] = [Rating::Good, Rating::Average, Rating::Poor];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Rating::Good => "good",
            Rating::Average => "average",
            Rating::Poor => "poor",
        }
    }

    /// The rating with this code.
    pub fn from_code(code: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The longest comment accepted, in characters.
pub const MAX_COMMENT: usize = 500;

/// Whether an item in `status` is completed, so that it may be rated: the certificate issued
/// (or the matter closed), a service decided, a review concluded.
pub fn may_rate(status: ItemStatus) -> bool {
    match status {
        ItemStatus::Matter(s) => matches!(
            s,
            ItemState::Issued
                | ItemState::CardDelivered
                | ItemState::Cancelled
                | ItemState::Closed
                | ItemState::Rejected
        ),
        ItemStatus::Service(s) => matches!(
            s,
            ServiceState::Approved | ServiceState::Refused | ServiceState::NotEligible
        ),
        ItemStatus::Review(s) => matches!(s, ReviewState::Concluded { .. }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_completed_items_are_rated_and_codes_round_trip() {
        assert!(may_rate(ItemStatus::Matter(ItemState::Issued)));
        assert!(!may_rate(ItemStatus::Matter(ItemState::Accepted)));
        assert!(may_rate(ItemStatus::Service(ServiceState::Approved)));
        assert!(!may_rate(ItemStatus::Service(ServiceState::AtDepartment)));
        assert!(may_rate(ItemStatus::Review(ReviewState::Concluded {
            meets: true
        })));
        assert!(!may_rate(ItemStatus::Review(ReviewState::Scheduled)));
        for r in Rating::ALL {
            assert_eq!(Rating::from_code(r.code()), Some(r));
        }
        assert_eq!(Rating::from_code("excellent"), None);
    }
}
