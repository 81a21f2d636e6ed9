//! The kinds of office staff work in (DOMAIN “Who uses it”).

/// What an office is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OfficeKind {
    /// 县级残联: the county disabled persons' federation (acceptance, issue).
    Federation,
    /// 评定机构: a designated assessment institution (000 §三(二)).
    Institution,
    /// A department handling linked services (民政、医保、人社、市场监管 …).
    Department,
    /// 乡镇（街道）: acceptance delegated to a township or street office (000 §三(四)).
    Township,
    /// 市（州）残疾评定终评专家委员会 (001 §三).
    Committee,
}

impl OfficeKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [OfficeKind; 5] = [
        OfficeKind::Federation,
        OfficeKind::Institution,
        OfficeKind::Department,
        OfficeKind::Township,
        OfficeKind::Committee,
    ];

    /// Stable code (storage, locale keys `office-kind-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            OfficeKind::Federation => "federation",
            OfficeKind::Institution => "institution",
            OfficeKind::Department => "department",
            OfficeKind::Township => "township",
            OfficeKind::Committee => "committee",
        }
    }

    /// The kind with this code.
    pub fn from_code(code: &str) -> Option<OfficeKind> {
        OfficeKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The level of the division it serves (2 city, 3 county, 4 township): a committee is the
    /// city's (001 §三: 市（州）残联 … 终评专家委员会), a township office its township
    /// (000 §三(四)), the others a county's.
    pub fn division_level(self) -> i16 {
        match self {
            OfficeKind::Committee => 2,
            OfficeKind::Township => 4,
            _ => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committee_serves_a_city_and_a_township_office_its_township() {
        assert_eq!(OfficeKind::Committee.division_level(), 2);
        assert_eq!(OfficeKind::Federation.division_level(), 3);
        assert_eq!(OfficeKind::Township.division_level(), 4);
        for k in OfficeKind::ALL {
            assert_eq!(OfficeKind::from_code(k.code()), Some(k));
        }
    }
}
