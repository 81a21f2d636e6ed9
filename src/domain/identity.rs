//! Identity assurance: who may see what a person's record holds.
//!
//! Disability status is sensitive personal information (001 §五, 002, 004 二(四): 保密); an
//! account's real name and ID number are only what someone typed until a trusted source confirms
//! them. An account is [`IdentityLevel::Unverified`] until the provincial government account
//! (统一身份认证, OpenID Connect) or a clerk who saw the ID card at a counter (001 附件三(一):
//! 窗口 staff check the applicant's ID) verifies it. Only then does anything that predates the
//! account — the person's record, what others applied for on their behalf, certificates,
//! conclusions, review rights — attach to it.

/// How sure the portal is of who holds an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityLevel {
    /// The mobile number is confirmed; name and ID number are as typed.
    Unverified,
    /// A trusted source confirmed the real name and ID number.
    Verified,
}

impl IdentityLevel {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            IdentityLevel::Unverified => "unverified",
            IdentityLevel::Verified => "verified",
        }
    }

    /// The level for a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "unverified" => Some(IdentityLevel::Unverified),
            "verified" => Some(IdentityLevel::Verified),
            _ => None,
        }
    }
}

/// Where a verified identity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentitySource {
    /// The provincial government account's real-name claims (OpenID Connect ID token).
    GovernmentAccount,
    /// A county or township clerk who saw the ID card (audited with the clerk and office).
    Counter,
    /// The demo data set.
    Demo,
}

impl IdentitySource {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            IdentitySource::GovernmentAccount => "oidc",
            IdentitySource::Counter => "counter",
            IdentitySource::Demo => "demo",
        }
    }

    /// The source for a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "oidc" => Some(IdentitySource::GovernmentAccount),
            "counter" => Some(IdentitySource::Counter),
            "demo" => Some(IdentitySource::Demo),
            _ => None,
        }
    }
}

/// What the portal holds for a person (the record applications are about).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    /// The name on the record.
    pub name: String,
    /// Whether that name came from a verified identity.
    pub name_verified: bool,
    /// Whether another account is already attached.
    pub attached_elsewhere: bool,
}

/// What happens to a person's record when a verified identity with its ID number arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attach {
    /// No record yet: one is made, attached, with the verified name.
    Create,
    /// Same name: attached.
    Link,
    /// The record's name was only ever typed by someone (a helper, a guardian, a squatter) and
    /// differs: the verified name replaces it and the record is attached.
    LinkCorrectingName,
    /// The record carries a different *verified* name, or another verified account holds it:
    /// nothing attaches; a clerk sorts it out at a counter.
    Refuse,
}

/// Whether a verified identity named `verified_name` may take the person's record (matched by
/// ID number). Names are compared as the ID card prints them.
pub fn attach(record: Option<&PersonRecord>, verified_name: &str) -> Attach {
    match record {
        None => Attach::Create,
        Some(r) if r.attached_elsewhere => Attach::Refuse,
        Some(r) if r.name == verified_name => Attach::Link,
        Some(r) if !r.name_verified => Attach::LinkCorrectingName,
        Some(_) => Attach::Refuse,
    }
}

/// Another account that holds the ID number a verified identity arrives with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    /// It is the account being verified (the person verifies their own account).
    pub same_account: bool,
    /// Its identity level.
    pub level: IdentityLevel,
}

/// What a verified identity does to an account that holds the same ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// Nobody holds it, or the holder is the account being verified.
    Free,
    /// An unverified account holds it: the verified identity wins; that account loses the ID
    /// number (detached) and is told why.
    DetachUnverified,
    /// A verified account holds it: nothing changes (one person, one verified account).
    AlreadyVerifiedElsewhere,
}

/// The rule of issue #16: “if an unverified account holds an ID number when a verified identity
/// for it arrives, the verified one wins”.
pub fn arrival(holder: Option<Holder>) -> Arrival {
    match holder {
        None => Arrival::Free,
        Some(h) if h.same_account => Arrival::Free,
        Some(h) if h.level == IdentityLevel::Unverified => Arrival::DetachUnverified,
        Some(_) => Arrival::AlreadyVerifiedElsewhere,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str, name_verified: bool, attached_elsewhere: bool) -> PersonRecord {
        PersonRecord {
            name: name.to_owned(),
            name_verified,
            attached_elsewhere,
        }
    }

    #[test]
    fn codes_round_trip() {
        for l in [IdentityLevel::Unverified, IdentityLevel::Verified] {
            assert_eq!(IdentityLevel::from_code(l.code()), Some(l));
        }
        for s in [
            IdentitySource::GovernmentAccount,
            IdentitySource::Counter,
            IdentitySource::Demo,
        ] {
            assert_eq!(IdentitySource::from_code(s.code()), Some(s));
        }
        assert_eq!(IdentityLevel::from_code("maybe"), None);
    }

    #[test]
    fn a_verified_identity_takes_a_record_by_id_number_and_name() {
        let cases = [
            (None, "张三", Attach::Create),
            (Some(record("张三", false, false)), "张三", Attach::Link),
            (Some(record("张三", true, false)), "张三", Attach::Link),
            // A squatter or a careless helper typed another name: the verified one wins.
            (
                Some(record("李四", false, false)),
                "张三",
                Attach::LinkCorrectingName,
            ),
            // A verified name differs: a clerk decides, nothing attaches.
            (Some(record("李四", true, false)), "张三", Attach::Refuse),
            (Some(record("张三", true, true)), "张三", Attach::Refuse),
        ];
        for (r, name, want) in cases {
            assert_eq!(attach(r.as_ref(), name), want, "{r:?} {name}");
        }
    }

    #[test]
    fn the_verified_identity_wins_over_an_unverified_holder_only() {
        let cases = [
            (None, Arrival::Free),
            (
                Some(Holder {
                    same_account: true,
                    level: IdentityLevel::Unverified,
                }),
                Arrival::Free,
            ),
            (
                Some(Holder {
                    same_account: false,
                    level: IdentityLevel::Unverified,
                }),
                Arrival::DetachUnverified,
            ),
            (
                Some(Holder {
                    same_account: false,
                    level: IdentityLevel::Verified,
                }),
                Arrival::AlreadyVerifiedElsewhere,
            ),
        ];
        for (holder, want) in cases {
            assert_eq!(arrival(holder), want, "{holder:?}");
        }
    }
}
