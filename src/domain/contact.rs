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

/// A 6-digit postal code (邮政编码, 003 附件2 “邮编”).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Postcode(String);

/// Why a postcode was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a postcode is 6 digits")]
pub struct PostcodeError;

impl Postcode {
    /// Parses 6 digits; mainland codes start with 0–8.
    pub fn parse(input: &str) -> Result<Self, PostcodeError> {
        let s = input.trim();
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) && s.as_bytes()[0] != b'9' {
            Ok(Self(s.to_owned()))
        } else {
            Err(PostcodeError)
        }
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A bank card number for subsidy payments (003 附件1 #11): 12–19 digits; cards of 16–19 digits
/// issued under China UnionPay (first digit 6, or 4/5 for co-branded cards) carry a Luhn check
/// digit, which is verified. Displayed masked.
#[derive(Clone, PartialEq, Eq)]
pub struct BankCardNumber(String);

/// Why a bank card number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BankCardError {
    /// Nothing entered.
    #[error("empty")]
    Empty,
    /// Not 12–19 digits.
    #[error("must be 12 to 19 digits")]
    Format,
    /// The Luhn check digit does not match.
    #[error("the check digit does not match")]
    Checksum,
}

impl BankCardNumber {
    /// Parses a card number, ignoring spaces and hyphens.
    pub fn parse(input: &str) -> Result<Self, BankCardError> {
        let digits: String = input.chars().filter(|c| *c != ' ' && *c != '-').collect();
        if digits.is_empty() {
            return Err(BankCardError::Empty);
        }
        if !(12..=19).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BankCardError::Format);
        }
        if digits.len() >= 16
            && matches!(digits.as_bytes()[0], b'4' | b'5' | b'6')
            && !luhn_valid(&digits)
        {
            return Err(BankCardError::Checksum);
        }
        Ok(Self(digits))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Masked for display: last four digits only.
    pub fn masked(&self) -> String {
        format!("**** **** {}", &self.0[self.0.len() - 4..])
    }
}

impl fmt::Debug for BankCardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BankCardNumber({})", self.masked())
    }
}

/// ISO/IEC 7812-1 Annex B (Luhn): whether `digits` ends in a valid check digit.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes() {
        assert_eq!(Postcode::parse(" 410005 ").unwrap().as_str(), "410005");
        for bad in ["", "41000", "4100051", "41000a", "910000"] {
            assert_eq!(Postcode::parse(bad), Err(PostcodeError), "{bad}");
        }
    }

    #[test]
    fn bank_cards() {
        let valid = "6212260200000000006";
        assert!(luhn_valid(valid), "fixture must be Luhn-valid");
        assert_eq!(
            BankCardNumber::parse("6212 2602 0000 0000 006")
                .unwrap()
                .as_str(),
            valid
        );
        assert_eq!(
            BankCardNumber::parse("6212260200000000007"),
            Err(BankCardError::Checksum)
        );
        // Short passbook-style numbers without a Luhn digit are accepted.
        assert!(BankCardNumber::parse("123456789012").is_ok());
        assert_eq!(BankCardNumber::parse(""), Err(BankCardError::Empty));
        assert_eq!(
            BankCardNumber::parse("12345678901"),
            Err(BankCardError::Format)
        );
        assert_eq!(
            BankCardNumber::parse("62122602000000000061"),
            Err(BankCardError::Format)
        );
        assert_eq!(
            BankCardNumber::parse("6212a60200000000006"),
            Err(BankCardError::Format)
        );
        assert_eq!(
            BankCardNumber::parse(valid).unwrap().masked(),
            "**** **** 0006"
        );
        assert!(!format!("{:?}", BankCardNumber::parse(valid).unwrap()).contains("621226"));
    }

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
