//! The old card (旧证): 001 §六 “办理残疾人证换领、迁移、注销、残疾类别/等级变更时，旧证由经常居住地
//! 县级残联收回”; 004 附件2 七5 “原证件收回” for change, migration and cancellation.

use super::matter::MatterKind;

/// Whether the residence county collects the old card for `kind` (001 §六): renewal, migration,
/// cancellation and category/grade change. A new card has none; a lost-card replacement
/// (挂失补办) has none to hand in.
pub fn is_collected(kind: MatterKind) -> bool {
    matches!(
        kind,
        MatterKind::Renewal | MatterKind::Migration | MatterKind::Cancellation | MatterKind::Change
    )
}

/// What the clerk recorded about the old card (001 §六).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OldCard {
    /// 收回: handed in (or posted) and kept by the county.
    HandedIn,
    /// The holder declared it lost; there is nothing to collect.
    Lost,
}

impl OldCard {
    /// Both, in the order the clerk's form offers them.
    pub const ALL: [OldCard; 2] = [OldCard::HandedIn, OldCard::Lost];

    /// Stable code (storage, forms, locale keys).
    pub fn code(self) -> &'static str {
        match self {
            OldCard::HandedIn => "handed_in",
            OldCard::Lost => "lost",
        }
    }

    /// From its code.
    pub fn parse(code: &str) -> Option<OldCard> {
        OldCard::ALL.into_iter().find(|c| c.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 001 §六: 换领、迁移、注销、残疾类别/等级变更 — and nothing for 新办 or 挂失补办.
    #[test]
    fn the_old_card_is_collected_for_the_four_matters_of_001_six() {
        for (kind, collected) in [
            (MatterKind::New, false),
            (MatterKind::Renewal, true),
            (MatterKind::Migration, true),
            (MatterKind::Replacement, false),
            (MatterKind::Cancellation, true),
            (MatterKind::Change, true),
        ] {
            assert_eq!(is_collected(kind), collected, "{kind:?}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for c in OldCard::ALL {
            assert_eq!(OldCard::parse(c.code()), Some(c));
        }
        assert_eq!(OldCard::parse("burnt"), None);
    }
}
