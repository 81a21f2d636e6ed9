//! Acting for someone else (DOMAIN “Who uses it”): a guardian (监护人) or an authorized helper
//! (村/社区帮代办).

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

#[cfg(test)]
mod tests {
    use super::*;

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
