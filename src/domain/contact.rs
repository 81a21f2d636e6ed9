//! Contact details: mainland mobile numbers and email addresses.

use std::fmt;

/// An 11-digit mainland mobile number starting 1[3-9] (003 附件2 “联系电话”).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MobileNumber(String);

/// Why a mobile number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MobileNumberError {
    /// Nothing entered.
    #[error("empty")]
    Empty,
    /// Not 11 digits starting 13–19.
    #[error("must be 11 digits starting with 1")]
    Format,
}

impl MobileNumber {
    /// Parses 11 digits (spaces, hyphens and a leading +86 are ignored).
    pub fn parse(input: &str) -> Result<Self, MobileNumberError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(MobileNumberError::Empty);
        }
        let without_prefix = trimmed
            .strip_prefix("+86")
            .or_else(|| trimmed.strip_prefix("0086"))
            .unwrap_or(trimmed);
        let digits: String = without_prefix
            .chars()
            .filter(|c| *c != ' ' && *c != '-')
            .collect();
        let b = digits.as_bytes();
        if b.len() == 11 && b.iter().all(u8::is_ascii_digit) && b[0] == b'1' && b[1] >= b'3' {
            Ok(Self(digits))
        } else {
            Err(MobileNumberError::Format)
        }
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Masked for display: `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MobileNumber({})", self.masked())
    }
}

/// An email address (RFC 5322 addr-spec as checked by the `email_address` crate), lower-cased
/// domain, at most 254 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

/// Why an email address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailAddressError {
    /// Not an address.
    #[error("not an email address")]
    Format,
}

impl EmailAddress {
    /// Parses an address such as `name@example.cn`; display names are refused.
    pub fn parse(input: &str) -> Result<Self, EmailAddressError> {
        let s = input.trim();
        if s.len() > 254 || !s.contains('@') || s.contains(['<', '>', ' ']) {
            return Err(EmailAddressError::Format);
        }
        let parsed: email_address::EmailAddress =
            s.parse().map_err(|_| EmailAddressError::Format)?;
        let domain = parsed.domain();
        if !domain.contains('.') || domain.starts_with('[') {
            return Err(EmailAddressError::Format);
        }
        Ok(Self(format!(
            "{}@{}",
            parsed.local_part(),
            domain.to_ascii_lowercase()
        )))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers() {
        assert_eq!(
            MobileNumber::parse("13800138000").unwrap().as_str(),
            "13800138000"
        );
        assert_eq!(
            MobileNumber::parse("+86 138-0013-8000").unwrap().as_str(),
            "13800138000"
        );
        assert_eq!(MobileNumber::parse(""), Err(MobileNumberError::Empty));
        for bad in [
            "1380013800",
            "12800138000",
            "23800138000",
            "138001380001",
            "1380013800a",
        ] {
            assert_eq!(
                MobileNumber::parse(bad),
                Err(MobileNumberError::Format),
                "{bad}"
            );
        }
        assert_eq!(
            MobileNumber::parse("13800138000").unwrap().masked(),
            "138****8000"
        );
    }

    #[test]
    fn email_addresses() {
        assert_eq!(
            EmailAddress::parse(" Li@Example.CN ").unwrap().as_str(),
            "Li@example.cn"
        );
        for bad in [
            "",
            "li",
            "li@",
            "@x.cn",
            "li@localhost",
            "Li <li@x.cn>",
            "a b@x.cn",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
        assert!(EmailAddress::parse(&format!("{}@x.cn", "a".repeat(260))).is_err());
    }
}
