//! The 18-character resident identity number (公民身份号码, GB 11643-1999).

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// GB 11643 §5: weights W_i = 2^(18−i) mod 11 for positions 1–17 (ISO 7064 MOD 11-2).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// GB 11643 §5: check character for S mod 11 = 0…10.
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// A validated resident ID number (GB 11643-1999): 6-digit region, birth date, sequence, check.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdNumber(String);

/// Why a string is not a resident ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    /// Nothing was entered.
    #[error("empty")]
    Empty,
    /// Not 18 characters of digits with a final digit or X.
    #[error("must be 17 digits followed by a digit or X")]
    Format,
    /// The birth date (characters 7–14) is not a real date.
    #[error("the birth date is not a real date")]
    BirthDate,
    /// The check character does not match (GB 11643 §5).
    #[error("the check character does not match")]
    Checksum,
}

/// Sex as encoded by the sequence code: odd male, even female (GB 11643 §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    /// 男
    Male,
    /// 女
    Female,
}

impl IdNumber {
    /// GB 11643: parses 18 characters (spaces trimmed, lowercase x → X), checking the birth date
    /// and the MOD 11-2 check character. Never panics.
    pub fn parse(input: &str) -> Result<Self, IdNumberError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(IdNumberError::Empty);
        }
        let bytes = s.as_bytes();
        if bytes.len() != 18
            || !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X' || bytes[17] == b'x')
        {
            return Err(IdNumberError::Format);
        }
        let normalised = s.to_ascii_uppercase();
        if birth_date_of(&normalised).is_none() {
            return Err(IdNumberError::BirthDate);
        }
        if check_char(&normalised[..17]) != Some(normalised.as_bytes()[17]) {
            return Err(IdNumberError::Checksum);
        }
        Ok(Self(normalised))
    }

    /// The normalised 18 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// GB 11643 §4.1: the 6-digit address code (GB/T 2260 county of the household register).
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }

    /// The 2-digit province part of the region code.
    pub fn province_code(&self) -> &str {
        &self.0[..2]
    }

    /// GB 11643 §4.2: the birth date.
    #[expect(clippy::expect_used, reason = "IdNumber::parse checked the birth date")]
    pub fn birth_date(&self) -> NaiveDate {
        birth_date_of(&self.0).expect("validated at parse")
    }

    /// GB 11643 §4.3: sex from the parity of the sequence code.
    pub fn sex(&self) -> Sex {
        let seq_last = self.0.as_bytes()[16] - b'0';
        if !seq_last.is_multiple_of(2) {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// Age in full years on `on` (a person born on 29 February turns a year older on 1 March in
    /// non-leap years).
    pub fn age_on(&self, on: NaiveDate) -> u32 {
        full_years_between(self.birth_date(), on)
    }

    /// Masked for display to the holder and staff: `4301**********123X` (region prefix of four and
    /// last four kept).
    pub fn masked(&self) -> String {
        format!("{}**********{}", &self.0[..4], &self.0[14..])
    }

    /// DOMAIN "Privacy": the stricter public form `43**************3X` (province and last two).
    pub fn masked_public(&self) -> String {
        format!("{}**************{}", &self.0[..2], &self.0[16..])
    }
}

impl fmt::Display for IdNumber {
    /// Displays the *masked* form, so that a full number never reaches a log by accident.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

/// GB 11643 §5: the check character for the first 17 digits, or `None` when they are not digits.
pub fn check_char(first17: &str) -> Option<u8> {
    let b = first17.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// Full years from `from` to `to` (0 when `to` is before `from`).
pub fn full_years_between(from: NaiveDate, to: NaiveDate) -> u32 {
    if to < from {
        return 0;
    }
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

fn birth_date_of(s: &str) -> Option<NaiveDate> {
    let y: i32 = s.get(6..10)?.parse().ok()?;
    let m: u32 = s.get(10..12)?.parse().ok()?;
    let d: u32 = s.get(12..14)?.parse().ok()?;
    if y < 1850 {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn standard_examples_and_samples_parse() {
        for s in [
            "11010519491231002X",
            "440524188001010014",
            "110101200001010010",
            "11010119900307002X",
            "440305197806150043",
        ] {
            assert_eq!(IdNumber::parse(s).unwrap().as_str(), s, "{s}");
        }
    }

    #[test]
    fn lowercase_x_is_normalised_and_spaces_trimmed() {
        let id = IdNumber::parse(" 11010519491231002x ").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn wrong_numbers_are_refused_with_the_reason() {
        let cases = [
            ("", IdNumberError::Empty),
            ("   ", IdNumberError::Empty),
            ("110101200001010011", IdNumberError::Checksum),
            ("110101199003070020", IdNumberError::Checksum),
            ("440305197806150034", IdNumberError::Checksum),
            ("110101199002300014", IdNumberError::BirthDate),
            ("11010119901307001X", IdNumberError::BirthDate),
            ("11010119900307002", IdNumberError::Format),
            ("1101011990030700201", IdNumberError::Format),
            ("11010119900307002Y", IdNumberError::Format),
            ("1101011990030700２X", IdNumberError::Format),
        ];
        for (input, err) in cases {
            assert_eq!(IdNumber::parse(input), Err(err), "{input:?}");
        }
    }

    #[test]
    fn derived_fields() {
        let id = IdNumber::parse("11010119900307002X").unwrap();
        assert_eq!(id.birth_date(), date(1990, 3, 7));
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.region_code(), "110101");
        assert_eq!(id.province_code(), "11");
        assert_eq!(id.age_on(date(2008, 3, 6)), 17);
        assert_eq!(id.age_on(date(2008, 3, 7)), 18);
        assert_eq!(
            IdNumber::parse("110101200001010010").unwrap().sex(),
            Sex::Male
        );
    }

    #[test]
    fn leap_day_birthdays_count_from_first_of_march() {
        assert_eq!(full_years_between(date(2008, 2, 29), date(2026, 2, 28)), 17);
        assert_eq!(full_years_between(date(2008, 2, 29), date(2026, 3, 1)), 18);
        assert_eq!(full_years_between(date(2020, 1, 1), date(2019, 1, 1)), 0);
    }

    #[test]
    fn masking_hides_the_middle() {
        let id = IdNumber::parse("11010119900307002X").unwrap();
        assert_eq!(id.masked(), "1101**********002X");
        assert_eq!(id.masked_public(), "11**************2X");
        assert_eq!(format!("{id}"), "1101**********002X");
        assert!(!format!("{id:?}").contains("19900307"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_check_character_round_trips(
            region in 110000u32..660000, days in 0i64..60_000, seq in 0u32..1000,
        ) {
            let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            let first17 = format!("{region:06}{}{seq:03}", birth.format("%Y%m%d"));
            let check = check_char(&first17).unwrap() as char;
            let id = IdNumber::parse(&format!("{first17}{check}")).unwrap();
            prop_assert_eq!(id.birth_date(), birth);
            prop_assert_eq!(&id.as_str()[..17], first17.as_str());
            // Any other check character is refused.
            for other in "0123456789X".chars().filter(|c| *c != check) {
                prop_assert_eq!(IdNumber::parse(&format!("{first17}{other}")), Err(IdNumberError::Checksum));
            }
        }

        #[test]
        fn no_parser_panics_on_arbitrary_input(s in "\\PC{0,40}") {
            let _ = IdNumber::parse(&s);
            let _ = crate::domain::CertificateNumber::parse(&s);
            let _ = crate::domain::MobileNumber::parse(&s);
            let _ = crate::domain::EmailAddress::parse(&s);
            let _ = crate::domain::RealName::parse(&s);
            let _ = crate::domain::Postcode::parse(&s);
            let _ = crate::domain::BankCardNumber::parse(&s);
            let _ = crate::domain::NewPassword::parse(&s, &s);
            let _ = crate::domain::Calendar::from_csv(&s);
        }

        #[test]
        fn no_parser_panics_on_digit_heavy_input(s in "[0-9xX ]{0,24}") {
            let _ = IdNumber::parse(&s);
            let _ = crate::domain::CertificateNumber::parse(&s);
            let _ = crate::domain::BankCardNumber::parse(&s);
        }
    }
}
