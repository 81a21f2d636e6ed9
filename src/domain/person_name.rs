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
        Self::parse_with(input, false)
    }

    /// Parses a name as a stored record may write it, with one trailing note in brackets
    /// (“张明（演示）”; ASCII brackets read as full-width). For comparing with records only
    /// (the personal lookup): people register and apply with the name on the ID card.
    pub fn parse_as_recorded(input: &str) -> Result<Self, RealNameError> {
        Self::parse_with(input, true)
    }

    fn parse_with(input: &str, note_allowed: bool) -> Result<Self, RealNameError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(RealNameError::Empty);
        }
        let normalised: String = s
            .chars()
            .map(|c| match c {
                '・' | '•' | '‧' | '．' => '·',
                '(' if note_allowed => '（',
                ')' if note_allowed => '）',
                c => c,
            })
            .collect();
        let count = normalised.chars().count();
        if !(2..=40).contains(&count) {
            return Err(RealNameError::Length);
        }
        // One trailing note in full-width brackets, as records write it: “张明（演示）”.
        let (name, note) = match normalised
            .strip_suffix('）')
            .and_then(|n| n.split_once('（'))
            .filter(|_| note_allowed)
        {
            Some((name, note)) => (name, Some(note)),
            None => (normalised.as_str(), None),
        };
        let letters = |t: &str| {
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_alphabetic() || c == '·' || c == ' ' || c == '-')
        };
        if !letters(name) || note.is_some_and(|n| !letters(n)) {
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
        // The ID card's name has no brackets; a record's may carry one trailing note.
        assert_eq!(
            RealName::parse("张明（演示）"),
            Err(RealNameError::Characters)
        );
        assert_eq!(
            RealName::parse_as_recorded("张明(演示)").unwrap().as_str(),
            "张明（演示）"
        );
        assert!(RealName::parse_as_recorded("张明（演示）").is_ok());
        for bad in [
            "（演示）",
            "张明（）",
            "张明（1）",
            "张（明）三",
            "张明（演示",
        ] {
            assert_eq!(
                RealName::parse_as_recorded(bad),
                Err(RealNameError::Characters),
                "{bad}"
            );
        }
    }
}
