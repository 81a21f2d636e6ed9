//! Real names as written on the resident identity card.

/// A real name (实名): 2–40 characters of Chinese, letters, the middle dot of 少数民族 and
/// transliterated names (·), spaces or hyphens; no digits or markup (003 附件2 “姓名”).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RealName(String);

/// Why a name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RealNameError {
    /// Nothing entered.
    #[error("empty")]
    Empty,
    /// Too short or too long.
    #[error("length")]
    Length,
    /// Digits, punctuation or symbols.
    #[error("characters")]
    Characters,
}

impl RealName {
    /// Parses a name, normalising the middle-dot variants (・ • ‧ ．) to “·”.
    pub fn parse(input: &str) -> Result<Self, RealNameError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(RealNameError::Empty);
        }
        let normalised: String = s
            .chars()
            .map(|c| match c {
                '・' | '•' | '‧' | '．' => '·',
                c => c,
            })
            .collect();
        let count = normalised.chars().count();
        if !(2..=40).contains(&count) {
            return Err(RealNameError::Length);
        }
        if !normalised
            .chars()
            .all(|c| c.is_alphabetic() || c == '·' || c == ' ' || c == '-')
        {
            return Err(RealNameError::Characters);
        }
        Ok(Self(normalised))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(RealName::parse(" 张三 ").unwrap().as_str(), "张三");
        assert_eq!(
            RealName::parse("阿依古丽・买买提").unwrap().as_str(),
            "阿依古丽·买买提"
        );
        assert_eq!(RealName::parse("欧阳娜娜").unwrap().as_str(), "欧阳娜娜");
        assert_eq!(RealName::parse(""), Err(RealNameError::Empty));
        assert_eq!(RealName::parse("张"), Err(RealNameError::Length));
        assert_eq!(RealName::parse("<script>"), Err(RealNameError::Characters));
        assert_eq!(RealName::parse("张3"), Err(RealNameError::Characters));
    }
}
