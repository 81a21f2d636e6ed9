//! 好差评 (the government-service rating system): once an item of a case is completed, the person
//! it served rates it good, average or poor, with an optional comment, once.

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

/// Whether an item of `kind` in state `status` is completed, so that it may be rated: the
/// certificate issued (or the matter closed), a service decided, a review concluded.
pub fn may_rate(kind: &str, status: &str) -> bool {
    match kind {
        "matter" => matches!(
            status,
            "issued" | "card_delivered" | "cancelled" | "closed" | "rejected"
        ),
        "service" => matches!(status, "approved" | "refused" | "not_eligible"),
        "review" => status.starts_with("review_final_"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_completed_items_are_rated_and_codes_round_trip() {
        assert!(may_rate("matter", "issued"));
        assert!(!may_rate("matter", "accepted"));
        assert!(may_rate("service", "approved"));
        assert!(!may_rate("service", "at_department"));
        assert!(may_rate("review", "review_final_meets"));
        assert!(!may_rate("review", "review_scheduled"));
        for r in Rating::ALL {
            assert_eq!(Rating::from_code(r.code()), Some(r));
        }
        assert_eq!(Rating::from_code("excellent"), None);
    }
}
