//! How an application came in, and who hears about it.
//!
//! 001 附件三(一) and (二): a person applies online, or at the window, where staff type the form
//! into the system and upload the materials; 004 三(三)1 and 附件3 五(三)2: the 综合窗口 fills
//! the form with the person (or the agent), who signs it; 000 §三(四)(五): township clerks and
//! village (community) helpers (帮代办) submit for people who cannot come.

/// The way in (受理途径).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// 网上申请: the applicant's own account (themself, a guardian or a confirmed helper).
    Online,
    /// 现场申请 at a county or township window: a clerk typed it in (001 附件三(一)).
    Counter,
    /// 帮代办: a designated village helper posted at a township office typed it in (000 §三(五)).
    Helper,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 3] = [Channel::Online, Channel::Counter, Channel::Helper];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Counter => "counter",
            Channel::Helper => "helper",
        }
    }

    /// The channel for a stored code.
    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Whether staff typed the application in for a person in front of them.
    pub fn assisted(self) -> bool {
        self != Channel::Online
    }
}

/// Who is at the window with the clerk (001 附件三(一): “申请人或监护人”).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Present {
    /// The person themself.
    Person,
    /// Their guardian (监护人), whose ID card and relationship proof are then materials (003
    /// 附件1 #9–10).
    Guardian,
}

impl Present {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Present::Person => "person",
            Present::Guardian => "guardian",
        }
    }

    /// The value for a stored or submitted code.
    pub fn from_code(code: &str) -> Option<Present> {
        [Present::Person, Present::Guardian]
            .into_iter()
            .find(|p| p.code() == code)
    }
}

/// An account that may be told, with its mobile number (whether or not it takes SMS: a number
/// whose account turned SMS off gets no SMS about the case another way either).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountReach {
    /// The account.
    pub id: i64,
    /// Its mobile number.
    pub phone: Option<String>,
}

/// Everything that decides who hears about a case.
#[derive(Debug, Clone)]
pub struct CaseContacts {
    /// How the application came in.
    pub channel: Channel,
    /// The account that submitted it (for a counter application, the clerk who typed it).
    pub submitted_by: AccountReach,
    /// The disabled person's own account (attached to a verified identity only).
    pub person_account: Option<AccountReach>,
    /// The person's mobile number (on record, else given in the application) when they take SMS.
    pub person_sms_to: Option<String>,
    /// Guardians whose authority to act for the person was confirmed (000 §三(五), 003 附件1 #9).
    pub guardians: Vec<AccountReach>,
}

/// One recipient of a case notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// Inbox, and email and SMS as the account chose.
    Account(i64),
    /// An SMS to the person, who has no account.
    PersonSms(String),
}

/// Issue #21: every notice about a case goes to the account that applied (unless a clerk typed
/// it at the window: the clerk is not the applicant), to the disabled person — their account, or
/// an SMS to their mobile number when they have none — and to their guardians; nobody twice,
/// and no mobile number gets the same SMS twice.
pub fn case_recipients(c: &CaseContacts) -> Vec<Recipient> {
    let candidates = (c.channel != Channel::Counter)
        .then_some(&c.submitted_by)
        .into_iter()
        .chain(&c.person_account)
        .chain(&c.guardians);
    let mut accounts: Vec<&AccountReach> = Vec::new();
    for a in candidates {
        if !accounts.iter().any(|b| b.id == a.id) {
            accounts.push(a);
        }
    }
    let mut out: Vec<Recipient> = accounts.iter().map(|a| Recipient::Account(a.id)).collect();
    if c.person_account.is_none()
        && let Some(phone) = &c.person_sms_to
        && !accounts.iter().any(|a| a.phone.as_ref() == Some(phone))
    {
        out.push(Recipient::PersonSms(phone.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(id: i64, phone: &str) -> AccountReach {
        AccountReach {
            id,
            phone: Some(phone.to_owned()),
        }
    }

    fn contacts(channel: Channel) -> CaseContacts {
        CaseContacts {
            channel,
            submitted_by: reach(1, "13900000001"),
            person_account: None,
            person_sms_to: Some("13900000009".to_owned()),
            guardians: vec![],
        }
    }

    #[test]
    fn codes_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(c));
        }
        assert_eq!(Channel::from_code("fax"), None);
        assert!(Channel::Counter.assisted() && !Channel::Online.assisted());
        assert_eq!(Present::from_code("guardian"), Some(Present::Guardian));
        assert_eq!(Present::from_code(""), None);
    }

    #[test]
    fn a_helper_and_a_person_without_an_account_both_hear() {
        assert_eq!(
            case_recipients(&contacts(Channel::Online)),
            vec![
                Recipient::Account(1),
                Recipient::PersonSms("13900000009".into())
            ]
        );
    }

    #[test]
    fn the_clerk_at_the_window_is_not_told_the_person_is() {
        assert_eq!(
            case_recipients(&contacts(Channel::Counter)),
            vec![Recipient::PersonSms("13900000009".into())]
        );
        // A village helper follows the case they typed in (000 §三(五)).
        assert_eq!(case_recipients(&contacts(Channel::Helper)).len(), 2);
    }

    #[test]
    fn a_self_applicant_is_told_once() {
        let mut c = contacts(Channel::Online);
        c.person_account = Some(reach(1, "13900000001"));
        assert_eq!(case_recipients(&c), vec![Recipient::Account(1)]);
    }

    #[test]
    fn the_person_account_replaces_the_sms_and_guardians_are_told() {
        let mut c = contacts(Channel::Online);
        c.person_account = Some(reach(2, "13900000009"));
        c.guardians = vec![reach(3, "13900000003"), reach(1, "13900000001")];
        assert_eq!(
            case_recipients(&c),
            vec![
                Recipient::Account(1),
                Recipient::Account(2),
                Recipient::Account(3)
            ]
        );
    }

    #[test]
    fn a_mobile_number_shared_with_an_account_gets_one_sms() {
        // A guardian who gave their own mobile number as the ward's.
        let mut c = contacts(Channel::Online);
        c.person_sms_to = Some("13900000001".into());
        assert_eq!(case_recipients(&c), vec![Recipient::Account(1)]);
        // (Whether or not that account takes SMS: then its number gets none about the case.)
        // Another number: the person's SMS goes.
        c.submitted_by.phone = Some("13900000002".into());
        assert_eq!(case_recipients(&c).len(), 2);
        // No number, no SMS.
        c.person_sms_to = None;
        assert_eq!(case_recipients(&c), vec![Recipient::Account(1)]);
    }
}
