//! One-time codes sent by SMS (短信验证码): to confirm a new account's mobile number, a claim to
//! act for someone (the person gives the code to their representative), or to see an unpublished
//! assessment result (000 §三(二): such results reach the applicant by SMS, not the public).

use chrono::{DateTime, Duration, Utc};

/// Digits in a code.
pub const DIGITS: usize = 6;

/// How long a code is accepted.
pub const LIFETIME: Duration = Duration::minutes(10);

/// Wrong guesses after which a code is spent (with six digits: 5 in 1,000,000).
pub const MAX_ATTEMPTS: i32 = 5;

/// What a code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirming a registration's mobile number.
    Registration,
    /// The person confirming that someone acts for them.
    Representation,
    /// Seeing a result that is not on the public announcement.
    Lookup,
}

impl Purpose {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Registration => "registration",
            Purpose::Representation => "representation",
            Purpose::Lookup => "lookup",
        }
    }
}

/// A stored code's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    /// Wrong guesses so far.
    pub attempts: i32,
    /// When it stops being accepted.
    pub expires_at: DateTime<Utc>,
    /// Already used.
    pub used: bool,
}

/// Why a typed code was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeRefused {
    /// No code was sent, it expired, was used, or had too many wrong guesses.
    #[error("no code that can still be used")]
    Spent,
    /// The code is wrong (more guesses allowed).
    #[error("wrong code")]
    Wrong,
}

/// Whether `typed` is accepted for the newest code sent (`stored`, with `matches` telling
/// whether its hash is that of `typed`). A wrong guess counts even when the code is spent.
pub fn check(stored: Option<Stored>, matches: bool, now: DateTime<Utc>) -> Result<(), CodeRefused> {
    let Some(s) = stored else {
        return Err(CodeRefused::Spent);
    };
    if s.used || s.expires_at <= now || s.attempts >= MAX_ATTEMPTS {
        return Err(CodeRefused::Spent);
    }
    if matches {
        Ok(())
    } else if s.attempts + 1 >= MAX_ATTEMPTS {
        Err(CodeRefused::Spent)
    } else {
        Err(CodeRefused::Wrong)
    }
}

/// A typed code with spaces dropped, if it has the right shape.
pub fn normalise(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(attempts: i32, minutes_left: i64, used: bool) -> Option<Stored> {
        Some(Stored {
            attempts,
            expires_at: now() + Duration::minutes(minutes_left),
            used,
        })
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-03T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_code_is_accepted_once_within_its_lifetime_and_guesses() {
        let cases = [
            (None, true, Err(CodeRefused::Spent)),
            (stored(0, 5, false), true, Ok(())),
            (stored(0, 5, false), false, Err(CodeRefused::Wrong)),
            (stored(3, 5, false), false, Err(CodeRefused::Wrong)),
            // The fifth wrong guess spends it.
            (stored(4, 5, false), false, Err(CodeRefused::Spent)),
            (stored(5, 5, false), true, Err(CodeRefused::Spent)),
            (stored(0, 0, false), true, Err(CodeRefused::Spent)),
            (stored(0, 5, true), true, Err(CodeRefused::Spent)),
        ];
        for (s, matches, want) in cases {
            assert_eq!(check(s, matches, now()), want, "{s:?} {matches}");
        }
    }

    #[test]
    fn typed_codes_are_six_digits_spaces_allowed() {
        assert_eq!(normalise("123 456"), Some("123456".to_owned()));
        assert_eq!(normalise("12345"), None);
        assert_eq!(normalise("12345a"), None);
        assert_eq!(normalise("１２３４５６"), None);
    }
}
