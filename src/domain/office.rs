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

/// How to reach an office, as administrators give it (004 附件1 十一 咨询方式: 电话咨询、网上咨询
/// 地址、现场咨询; 附件3 五(一): 公布残疾等级评定机构名单). Every part is optional until given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeContacts {
    /// Street address of the office (现场咨询).
    pub address: Option<String>,
    /// Phone (电话咨询), a landline with area code or a hotline.
    pub phone: Option<String>,
    /// Opening hours, in words.
    pub hours: Option<String>,
    /// Online contact (网上咨询地址): a web address or an email address.
    pub online: Option<String>,
    /// How accessible the site is (step-free entrance, lift, accessible toilet …).
    pub accessibility: Option<String>,
}

/// Why a part of an office's contacts was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ContactsError {
    /// Longer than the field allows.
    #[error("too long")]
    TooLong,
    /// A phone with characters other than digits, spaces, hyphens and brackets, or fewer than
    /// three digits.
    #[error("not a phone number")]
    Phone,
    /// Neither a web address (http/https) nor an email address.
    #[error("not a web or email address")]
    Online,
}

impl OfficeContacts {
    /// The longest address, hours and online contact accepted.
    const SHORT: usize = 200;
    /// The longest accessibility description accepted.
    const LONG: usize = 500;

    /// Reads the typed parts (trimmed; empty is "not given") and names each refused one by its
    /// field (`address`, `phone`, `hours`, `online`, `accessibility`).
    pub fn parse(
        address: &str,
        phone: &str,
        hours: &str,
        online: &str,
        accessibility: &str,
    ) -> Result<Self, Vec<(&'static str, ContactsError)>> {
        let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let contacts = OfficeContacts {
            address: given(address),
            phone: given(phone),
            hours: given(hours),
            online: given(online),
            accessibility: given(accessibility),
        };
        let long =
            |s: &Option<String>, max: usize| s.as_ref().is_some_and(|s| s.chars().count() > max);
        let mut problems = vec![];
        for (field, value, max) in [
            ("address", &contacts.address, Self::SHORT),
            ("phone", &contacts.phone, 30),
            ("hours", &contacts.hours, Self::SHORT),
            ("online", &contacts.online, Self::SHORT),
            ("accessibility", &contacts.accessibility, Self::LONG),
        ] {
            if long(value, max) {
                problems.push((field, ContactsError::TooLong));
            }
        }
        if let Some(p) = &contacts.phone {
            let allowed = p
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '+'));
            if !allowed || p.chars().filter(char::is_ascii_digit).count() < 3 {
                problems.push(("phone", ContactsError::Phone));
            }
        }
        if let Some(o) = &contacts.online {
            let web = (o.starts_with("https://") || o.starts_with("http://")) && o.len() > 10;
            let email = o
                .split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
            if o.contains(char::is_whitespace) || !(web || email) {
                problems.push(("online", ContactsError::Online));
            }
        }
        if problems.is_empty() {
            Ok(contacts)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_keep_what_was_given_and_refuse_what_cannot_be_reached() {
        let c = OfficeContacts::parse(
            " 长沙市芙蓉区八一路1号 ",
            "0731-84123456",
            "",
            "https://example.gov.cn/contact",
            "",
        );
        let c = c.as_ref().map_err(|e| e.len());
        assert_eq!(
            c.map(|c| (c.address.clone(), c.hours.clone())),
            Ok((Some("长沙市芙蓉区八一路1号".to_owned()), None))
        );
        assert_eq!(
            OfficeContacts::parse("", "call us", "", "mailto", ""),
            Err(vec![
                ("phone", ContactsError::Phone),
                ("online", ContactsError::Online)
            ])
        );
        assert!(OfficeContacts::parse("", "12345", "", "help@example.gov.cn", "").is_ok());
        assert_eq!(
            OfficeContacts::parse(&"路".repeat(201), "", "", "", ""),
            Err(vec![("address", ContactsError::TooLong)])
        );
    }

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
