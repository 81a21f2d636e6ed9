//! An office's contact details as pages show them (the help page, the guide's list of
//! designated institutions, case pages): each given part with a link where one can follow it
//! (`tel:`, `mailto:`, the web address), and "not yet published" for the phone and address
//! when the office has not given them.

use crate::db::offices::Office;
use crate::domain::office::OfficeKind;
use crate::i18n::Lang;

/// One line of an office's contacts.
pub struct ContactLine {
    /// What it is (address, phone …).
    pub label: String,
    /// The detail.
    pub value: String,
    /// Where a link takes it (`tel:`, `mailto:`, `https:`), if it can be followed.
    pub href: Option<String>,
}

/// An office with how to reach it.
pub struct ContactCard {
    /// Office id (anchors on the help page).
    pub id: i64,
    /// Name.
    pub name: String,
    /// What kind of office it is, in words.
    pub kind: String,
    /// Its contact lines.
    pub lines: Vec<ContactLine>,
}

impl ContactCard {
    /// The card of `office` in `lang`.
    pub fn of(lang: Lang, office: &Office) -> Self {
        let c = &office.contacts;
        let not_given = || lang.t("office-contact-not-given");
        let mut lines = vec![
            ContactLine {
                label: lang.t("admin-office-address"),
                value: c.address.clone().unwrap_or_else(not_given),
                href: None,
            },
            ContactLine {
                label: lang.t("admin-office-phone"),
                value: c.phone.clone().unwrap_or_else(not_given),
                href: c
                    .phone
                    .as_ref()
                    .map(|p| format!("tel:{}", p.replace([' ', '(', ')'], ""))),
            },
        ];
        if let Some(h) = &c.hours {
            lines.push(ContactLine {
                label: lang.t("admin-office-hours"),
                value: h.clone(),
                href: None,
            });
        }
        if let Some(o) = &c.online {
            lines.push(ContactLine {
                label: lang.t("admin-office-online"),
                value: o.clone(),
                href: Some(if o.starts_with("http") {
                    o.clone()
                } else {
                    format!("mailto:{o}")
                }),
            });
        }
        if let Some(a) = &c.accessibility {
            lines.push(ContactLine {
                label: lang.t("admin-office-accessibility"),
                value: a.clone(),
                href: None,
            });
        }
        ContactCard {
            id: office.id,
            name: office.name.clone(),
            kind: lang.t(&format!("office-kind-{}", office.kind.code())),
            lines,
        }
    }

    /// The cards of `offices` in the order people turn to them (federation, township office,
    /// institution, department).
    pub fn all(lang: Lang, offices: &[Office]) -> Vec<Self> {
        let rank = |k: OfficeKind| match k {
            OfficeKind::Federation => 0,
            OfficeKind::Township => 1,
            OfficeKind::Institution => 2,
            OfficeKind::Department => 3,
            OfficeKind::Committee => 4,
        };
        let mut sorted: Vec<&Office> = offices.iter().collect();
        sorted.sort_by_key(|o| (rank(o.kind), o.id));
        sorted.into_iter().map(|o| Self::of(lang, o)).collect()
    }
}
