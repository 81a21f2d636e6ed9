//! 公众异议: an objection anyone may send about an entry of the public announcement while its
//! window is open (000 §三(二): the announcement is there so that objections can be raised; the
//! window is the same 10 working days). The sender gives a name and a way to be reached, which
//! only the county's staff see (DOMAIN “Privacy”).

use chrono::NaiveDate;

use super::contact::{EmailAddress, MobileNumber};
use super::person_name::RealName;

/// The longest objection accepted, in characters.
pub const MAX_TEXT: usize = 2000;

/// How the county can reach the sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    /// A mainland mobile number.
    Mobile(MobileNumber),
    /// An email address.
    Email(EmailAddress),
}

impl Contact {
    /// A mobile number or an email address, whichever was typed.
    pub fn parse(input: &str) -> Option<Contact> {
        if input.contains('@') {
            EmailAddress::parse(input).ok().map(Contact::Email)
        } else {
            MobileNumber::parse(input).ok().map(Contact::Mobile)
        }
    }

    /// As stored.
    pub fn as_str(&self) -> &str {
        match self {
            Contact::Mobile(m) => m.as_str(),
            Contact::Email(e) => e.as_str(),
        }
    }
}

/// A checked objection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objection {
    /// Who sends it.
    pub name: RealName,
    /// How to reach them.
    pub contact: Contact,
    /// What they say.
    pub text: String,
}

/// What is wrong with an objection, by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectionError {
    /// The name is missing or not a name.
    Name,
    /// Neither a mobile number nor an email address.
    Contact,
    /// Nothing said.
    TextMissing,
    /// More than [`MAX_TEXT`] characters.
    TextTooLong,
}

impl ObjectionError {
    /// The form field it belongs to.
    pub fn field(self) -> &'static str {
        match self {
            ObjectionError::Name => "name",
            ObjectionError::Contact => "contact",
            ObjectionError::TextMissing | ObjectionError::TextTooLong => "text",
        }
    }
}

impl Objection {
    /// Checks every field at once and returns every problem.
    pub fn parse(name: &str, contact: &str, text: &str) -> Result<Objection, Vec<ObjectionError>> {
        let name = RealName::parse(name);
        let contact = Contact::parse(contact);
        let text = text.trim();
        let mut errors = vec![];
        if name.is_err() {
            errors.push(ObjectionError::Name);
        }
        if contact.is_none() {
            errors.push(ObjectionError::Contact);
        }
        if text.is_empty() {
            errors.push(ObjectionError::TextMissing);
        } else if text.chars().count() > MAX_TEXT {
            errors.push(ObjectionError::TextTooLong);
        }
        match (name, contact, errors.is_empty()) {
            (Ok(name), Some(contact), true) => Ok(Objection {
                name,
                contact,
                text: text.to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

/// 000 §三(二): objections are taken while the entry's window is open (its last day included);
/// where the seeds set no window (001 §四(一)4, 004 附件3 五(四)1), while the entry is shown.
pub fn open_for_objections(
    objection_until: Option<NaiveDate>,
    shown_until: NaiveDate,
    today: NaiveDate,
) -> bool {
    today <= objection_until.unwrap_or(shown_until)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::d;

    #[test]
    fn every_problem_is_reported_at_once_and_contacts_are_mobiles_or_emails() {
        assert_eq!(
            Objection::parse("", "12", " "),
            Err(vec![
                ObjectionError::Name,
                ObjectionError::Contact,
                ObjectionError::TextMissing
            ])
        );
        let ok = Objection::parse("李四", "139 0000 0001", "此人并非本县居民").unwrap();
        assert_eq!(ok.contact.as_str(), "13900000001");
        let mail = Objection::parse("李四", "Li@Example.CN", "x").unwrap();
        assert_eq!(
            mail.contact,
            Contact::Email(EmailAddress::parse("Li@example.cn").unwrap())
        );
        assert_eq!(
            Objection::parse("<script>", "13900000001", "x"),
            Err(vec![ObjectionError::Name])
        );
        let long = "字".repeat(MAX_TEXT + 1);
        assert_eq!(
            Objection::parse("李四", "13900000001", &long),
            Err(vec![ObjectionError::TextTooLong])
        );
        assert_eq!(ObjectionError::TextTooLong.field(), "text");
    }

    #[test]
    fn objections_are_taken_until_the_last_day_of_the_window() {
        let shown = d(2027, 1, 14);
        assert!(open_for_objections(
            Some(d(2026, 12, 15)),
            shown,
            d(2026, 12, 15)
        ));
        assert!(!open_for_objections(
            Some(d(2026, 12, 15)),
            shown,
            d(2026, 12, 16)
        ));
        // No window in the seeds (001 §四(一)4, 004): while the entry is shown.
        assert!(open_for_objections(None, shown, d(2027, 1, 14)));
        assert!(!open_for_objections(None, shown, d(2027, 1, 15)));
    }
}
