//! What staff and applicants both read about a case, in words: the assessment conclusion and
//! what was recorded about the old card (001 §六).

use crate::domain::old_card::OldCard;
use crate::i18n::Lang;

/// A conclusion in words: “肢体残疾 二级”, or “does not meet the standard”.
pub fn conclusion_text(lang: Lang, category: Option<i16>, grade: Option<i16>) -> String {
    match (category, grade) {
        (Some(c), Some(g)) => crate::web::public::publications::category_grade(lang, c, g),
        _ => lang.t("staff-conclusion-not-meets"),
    }
}

/// What is recorded about an old card, in words (the staff and the applicant see the same).
pub fn old_card_status(lang: Lang, card: Option<&str>, on: Option<chrono::NaiveDate>) -> String {
    match (card.and_then(OldCard::parse), on) {
        (Some(c), Some(on)) => lang.t_args(
            &format!("old-card-{}-on", c.code().replace('_', "-")),
            &[("date", on.to_string())],
        ),
        _ => lang.t("old-card-awaited"),
    }
}
