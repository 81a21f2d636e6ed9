//! The seed documents a rule cites, in words: each document's title in the page's language and
//! the clause, numbered in digits on English pages (so no Chinese is left in them without its own
//! `lang`).

use crate::domain::policy;
use crate::i18n::Lang;

/// A cited source: the document's title and the clause.
pub struct Source {
    /// The document's title in the page's language.
    pub title: String,
    /// The clause: as the document numbers it in Chinese, in digits in English.
    pub clause: String,
}

/// A clause in the page's language: English pages give “附件2 七(二)” as “Annex 2 7(2)”, so no
/// Chinese is left in them without its own `lang`.
fn clause_in(lang: Lang, clause: &str) -> String {
    let clause = clause.replace('§', "");
    if lang == Lang::ZhCn {
        return clause;
    }
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c);
    let mut out = String::new();
    let clause = clause.replace("附件", "Annex ").replace("通知", "notice ");
    let mut chars = clause.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '十' || digit(c).is_some() {
            // 一…九, 十, 十一…十九, 二十…九十九.
            let mut tens = 0;
            let mut ones = digit(c).unwrap_or(0);
            if c == '十' {
                tens = 1;
                ones = 0;
            } else if chars.peek() == Some(&'十') {
                chars.next();
                tens = ones;
                ones = 0;
            }
            if tens > 0
                && let Some(d) = chars.peek().and_then(|&n| digit(n))
            {
                chars.next();
                ones = d;
            }
            out.push_str(&(tens * 10 + ones).to_string());
            // “七2” is item 2 of section 七.
            if chars.peek().is_some_and(char::is_ascii_digit) {
                out.push('.');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The sources a rule's `seed` text cites, with the documents' titles.
pub fn sources(lang: Lang, seed: &str) -> Vec<Source> {
    policy::citations(seed)
        .into_iter()
        .map(|(doc, clause)| Source {
            title: if doc.is_empty() {
                String::new()
            } else {
                lang.t(&format!("seed-{doc}"))
            },
            clause: clause_in(lang, clause),
        })
        .collect()
}

/// The sources in one line of words (for sentences that name them).
pub fn sources_text(lang: Lang, seed: &str) -> String {
    sources(lang, seed)
        .into_iter()
        .map(|s| format!("{} {}", s.title, s.clause).trim().to_owned())
        .collect::<Vec<_>>()
        .join(&lang.t("sources-separator"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_clauses_are_in_digits() {
        for (zh, en) in [
            ("§三(二)", "3(2)"),
            ("附件2 七2", "Annex 2 7.2"),
            ("附件3 五(四)1", "Annex 3 5(4)1"),
            ("附件2 十(三)", "Annex 2 10(3)"),
            ("十一", "11"),
            ("二十三", "23"),
            ("附件1 #2", "Annex 1 #2"),
        ] {
            assert_eq!(clause_in(Lang::En, zh), en);
            assert_eq!(clause_in(Lang::ZhCn, zh), zh.replace('§', ""));
        }
    }
}
