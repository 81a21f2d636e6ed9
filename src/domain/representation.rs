//! Acting for someone else (DOMAIN “Who uses it”): a guardian (监护人) or an authorized helper
//! (村/社区帮代办).
//!
//! Saying so is only a claim. Disability status is sensitive personal information (001 §五, 004
//! 二(四)); a claim grants nothing beyond the applications the representative makes until the
//! person confirms it (a code sent to their mobile number on record, or their own verified
//! account) or a clerk who checked the guardianship proof or the signed authorization does.

/// How an account acts for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RepresentationKind {
    /// 001 §四(一)1: the legal guardian of a minor or of a person with an intellectual or mental
    /// disability; proof of guardianship is needed (003 附件1 #10).
    Guardian,
    /// 004 附件3 五(一): a village or community helper with the person's signed authorization.
    Helper,
}

impl RepresentationKind {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            RepresentationKind::Guardian => "guardian",
            RepresentationKind::Helper => "helper",
        }
    }

    /// The kind for a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "guardian" => Some(RepresentationKind::Guardian),
            "helper" => Some(RepresentationKind::Helper),
            _ => None,
        }
    }

    /// The proof each kind must upload: guardianship proof, or the signed authorization.
    pub fn proof(self) -> super::materials::Material {
        match self {
            RepresentationKind::Guardian => super::materials::Material::GuardianRelationProof,
            RepresentationKind::Helper => super::materials::Material::HelperAuthorization,
        }
    }
}

/// Where a claim to act for someone stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepresentationStatus {
    /// Said by the representative; waiting for the person or a clerk.
    Claimed,
    /// Confirmed: the representative sees what the person could.
    Confirmed,
    /// A clerk or the person said no.
    Refused,
    /// The person, the representative or a clerk ended it.
    Ended,
}

impl RepresentationStatus {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            RepresentationStatus::Claimed => "claimed",
            RepresentationStatus::Confirmed => "confirmed",
            RepresentationStatus::Refused => "refused",
            RepresentationStatus::Ended => "ended",
        }
    }

    /// The status for a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "claimed" => Some(RepresentationStatus::Claimed),
            "confirmed" => Some(RepresentationStatus::Confirmed),
            "refused" => Some(RepresentationStatus::Refused),
            "ended" => Some(RepresentationStatus::Ended),
            _ => None,
        }
    }

    /// Whether it lets the representative see the person's certificates, earlier cases,
    /// conclusions and photo.
    pub fn grants_access(self) -> bool {
        self == RepresentationStatus::Confirmed
    }

    /// Whether it still counts (a claim waiting, or confirmed): ended and refused ones are history.
    pub fn is_live(self) -> bool {
        matches!(
            self,
            RepresentationStatus::Claimed | RepresentationStatus::Confirmed
        )
    }
}

/// Who confirmed a representation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmedBy {
    /// The person gave the representative the code sent to their mobile number on record.
    PersonCode,
    /// The person approved it from their own verified account.
    PersonAccount,
    /// A clerk checked the guardianship proof or the signed authorization (audited).
    Clerk,
}

impl ConfirmedBy {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            ConfirmedBy::PersonCode => "person-code",
            ConfirmedBy::PersonAccount => "person-account",
            ConfirmedBy::Clerk => "clerk",
        }
    }

    /// The confirmer for a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "person-code" => Some(ConfirmedBy::PersonCode),
            "person-account" => Some(ConfirmedBy::PersonAccount),
            "clerk" => Some(ConfirmedBy::Clerk),
            _ => None,
        }
    }
}

/// Whether the name a representative typed is the name on the person's record. A claim whose
/// name does not match can never be confirmed by a code; the representative is told nothing
/// different from a claim about someone the portal does not know.
pub fn name_matches(claimed: &str, on_record: &str) -> bool {
    claimed.trim() == on_record.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_confirmed_claim_grants_access() {
        let all = [
            RepresentationStatus::Claimed,
            RepresentationStatus::Confirmed,
            RepresentationStatus::Refused,
            RepresentationStatus::Ended,
        ];
        for s in all {
            assert_eq!(RepresentationStatus::from_code(s.code()), Some(s));
            assert_eq!(s.grants_access(), s == RepresentationStatus::Confirmed);
        }
        assert!(RepresentationStatus::Claimed.is_live());
        assert!(!RepresentationStatus::Ended.is_live());
        for c in [
            ConfirmedBy::PersonCode,
            ConfirmedBy::PersonAccount,
            ConfirmedBy::Clerk,
        ] {
            assert_eq!(ConfirmedBy::from_code(c.code()), Some(c));
        }
        assert!(name_matches(" 张三", "张三"));
        assert!(!name_matches("张三丰", "张三"));
    }

    #[test]
    fn codes_and_proofs() {
        for k in [RepresentationKind::Guardian, RepresentationKind::Helper] {
            assert_eq!(RepresentationKind::from_code(k.code()), Some(k));
        }
        assert_eq!(RepresentationKind::from_code("friend"), None);
        assert_eq!(
            RepresentationKind::Helper.proof(),
            crate::domain::materials::Material::HelperAuthorization
        );
    }
}
