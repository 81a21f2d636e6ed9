//! The items of an application (DOMAIN “Application items”): the certificate matter, each linked
//! service (联办事项, 003 三(三)) and a review request (复核, 000 §三(二)), each with its own
//! state machine ([`super::workflow`], [`super::service_flow`], [`super::review`]).

use chrono::NaiveDate;

use super::review::ReviewState;
use super::service_flow::ServiceState;
use super::workflow::ItemState;

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// The certificate matter (新办、换领、迁移、补办、注销、变更).
    Matter,
    /// A linked service handled by a department.
    Service,
    /// A review request of the assessment conclusion.
    Review,
}

impl ItemKind {
    /// Every kind.
    pub const ALL: [ItemKind; 3] = [ItemKind::Matter, ItemKind::Service, ItemKind::Review];

    /// Stable code (storage, locale keys).
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Matter => "matter",
            ItemKind::Service => "service",
            ItemKind::Review => "review",
        }
    }

    /// The kind with this code.
    pub fn from_code(code: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kinds a county (or township) clerk works on: the certificate matter and review
    /// requests (000 §三(二)); the services are their departments' (003 三(三)).
    pub const CLERKS: [ItemKind; 2] = [ItemKind::Matter, ItemKind::Review];
}

/// Where an item stands, in the state machine of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemStatus {
    /// A certificate matter's state.
    Matter(ItemState),
    /// A linked service's state.
    Service(ServiceState),
    /// A review request's state.
    Review(ReviewState),
}

impl ItemStatus {
    /// The status with this code for an item of `kind` (`withdrawn` is a state of both a matter
    /// and a service, so the kind decides).
    pub fn parse(kind: ItemKind, code: &str) -> Option<ItemStatus> {
        match kind {
            ItemKind::Matter => ItemState::from_code(code).map(ItemStatus::Matter),
            ItemKind::Service => ServiceState::from_code(code).map(ItemStatus::Service),
            ItemKind::Review => ReviewState::from_code(code).map(ItemStatus::Review),
        }
    }

    /// Stable code (storage, locale keys `state-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            ItemStatus::Matter(s) => s.code(),
            ItemStatus::Service(s) => s.code(),
            ItemStatus::Review(s) => s.code(),
        }
    }

    /// The kind of item in this status.
    pub fn kind(self) -> ItemKind {
        match self {
            ItemStatus::Matter(_) => ItemKind::Matter,
            ItemStatus::Service(_) => ItemKind::Service,
            ItemStatus::Review(_) => ItemKind::Review,
        }
    }

    /// The matter's state, if a matter.
    pub fn matter(self) -> Option<ItemState> {
        match self {
            ItemStatus::Matter(s) => Some(s),
            _ => None,
        }
    }

    /// The service's state, if a service.
    pub fn service(self) -> Option<ServiceState> {
        match self {
            ItemStatus::Service(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the applicant's withdrawal takes this item: the matter before acceptance
    /// ([`ItemState::is_withdrawable`]) and the services still waiting for it
    /// (DOMAIN “Linked services”).
    pub fn is_withdrawable(self) -> bool {
        match self {
            ItemStatus::Matter(s) => s.is_withdrawable(),
            ItemStatus::Service(s) => s == ServiceState::Waiting,
            ItemStatus::Review(_) => false,
        }
    }

    /// The statuses a withdrawal takes, for the query that stores it.
    pub fn withdrawable() -> Vec<ItemStatus> {
        let matter = ItemState::ALL.into_iter().map(ItemStatus::Matter);
        let services = ServiceState::ALL.into_iter().map(ItemStatus::Service);
        matter
            .chain(services)
            .filter(|s| s.is_withdrawable())
            .collect()
    }

    /// The review's state, if a review.
    pub fn review(self) -> Option<ReviewState> {
        match self {
            ItemStatus::Review(s) => Some(s),
            _ => None,
        }
    }
}

/// An item as an application's timeline lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSummary {
    /// Item id.
    pub id: i64,
    /// Matter kind (`new`, `renewal` …) or service code.
    pub code: String,
    /// Where it stands (and so what it is).
    pub status: ItemStatus,
    /// The current step's deadline.
    pub deadline: Option<NaiveDate>,
}

impl ItemSummary {
    /// What the item is.
    pub fn kind(&self) -> ItemKind {
        self.status.kind()
    }

    /// The certificate matter among `items`.
    pub fn matter_of(items: &[ItemSummary]) -> Option<&ItemSummary> {
        items.iter().find(|i| i.kind() == ItemKind::Matter)
    }

    /// The review request among `items`.
    pub fn review_of(items: &[ItemSummary]) -> Option<&ItemSummary> {
        items.iter().find(|i| i.kind() == ItemKind::Review)
    }

    /// Whether a review request among `items` is open (000 §三(二): issue waits for it).
    pub fn review_is_open(items: &[ItemSummary]) -> bool {
        items
            .iter()
            .any(|i| i.status.review().is_some_and(ReviewState::is_open))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same code means different states for different kinds, and no state of another kind.
    #[test]
    fn the_kind_decides_what_a_status_code_means() {
        assert_eq!(
            ItemStatus::parse(ItemKind::Matter, "withdrawn"),
            Some(ItemStatus::Matter(ItemState::Withdrawn))
        );
        assert_eq!(
            ItemStatus::parse(ItemKind::Service, "withdrawn"),
            Some(ItemStatus::Service(ServiceState::Withdrawn))
        );
        assert_eq!(ItemStatus::parse(ItemKind::Review, "withdrawn"), None);
        // A withdrawal stores one code for the matter and its services.
        assert_eq!(ItemState::Withdrawn.code(), ServiceState::Withdrawn.code());
        assert_eq!(ItemStatus::parse(ItemKind::Service, "accepted"), None);
        for s in ItemState::ALL {
            let st = ItemStatus::Matter(s);
            assert_eq!(ItemStatus::parse(st.kind(), st.code()), Some(st));
        }
        for s in ReviewState::ALL {
            let st = ItemStatus::Review(s);
            assert_eq!(ItemStatus::parse(st.kind(), st.code()), Some(st));
        }
    }
}
