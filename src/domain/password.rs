//! The password rule for accounts.

/// A new password: at least 8 characters (issue #2), at most 128, not only spaces.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NewPasswordError {
    /// Nothing entered.
    #[error("empty")]
    Empty,
    /// Fewer than 8 characters.
    #[error("too short")]
    TooShort,
    /// More than 128 characters.
    #[error("too long")]
    TooLong,
    /// The confirmation differs.
    #[error("confirmation differs")]
    Mismatch,
}

impl NewPassword {
    /// Minimum length in characters.
    pub const MIN_CHARS: usize = 8;
    /// Maximum length in characters (keeps hashing cost bounded).
    pub const MAX_CHARS: usize = 128;

    /// Checks a password and its confirmation.
    pub fn parse(password: &str, confirmation: &str) -> Result<Self, NewPasswordError> {
        if password.trim().is_empty() {
            return Err(NewPasswordError::Empty);
        }
        let n = password.chars().count();
        if n < Self::MIN_CHARS {
            return Err(NewPasswordError::TooShort);
        }
        if n > Self::MAX_CHARS {
            return Err(NewPasswordError::TooLong);
        }
        if password != confirmation {
            return Err(NewPasswordError::Mismatch);
        }
        Ok(Self(password.to_owned()))
    }

    /// The password text (to hash; never to log).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rules() {
        assert!(NewPassword::parse("12345678", "12345678").is_ok());
        assert!(NewPassword::parse("密码密码密码密码", "密码密码密码密码").is_ok());
        assert_eq!(NewPassword::parse("", ""), Err(NewPasswordError::Empty));
        assert_eq!(
            NewPassword::parse("1234567", "1234567"),
            Err(NewPasswordError::TooShort)
        );
        let long = "a".repeat(129);
        assert_eq!(
            NewPassword::parse(&long, &long),
            Err(NewPasswordError::TooLong)
        );
        assert_eq!(
            NewPassword::parse("12345678", "12345679"),
            Err(NewPasswordError::Mismatch)
        );
        assert_eq!(
            format!(
                "{:?}",
                NewPassword::parse("secret-pw", "secret-pw").unwrap()
            ),
            "NewPassword(***)"
        );
    }
}
