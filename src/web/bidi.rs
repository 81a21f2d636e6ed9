//! Free text isolated from the page around it (issue #22): a name, an address or a note may hold
//! right-to-left letters (Uyghur, Arabic) or explicit direction controls (U+202E RIGHT-TO-LEFT
//! OVERRIDE …); left as they are, they reorder the text after them — a staff page's other columns,
//! the words of the sentence around a name. Every text run of a page that holds one is wrapped in
//! `<bdi>` (HTML's bidirectional isolate), so its direction ends where the run ends. Applied to
//! every rendered page; raw text, the title and form values are left alone (a control isolates
//! its own value).

use std::borrow::Cow;

use super::lang_parts::{RAW, find_ascii_ci, tag_end, tag_name};

/// Explicit direction marks and controls, and strong right-to-left letters.
fn is_bidi(c: char) -> bool {
    matches!(c,
        '\u{200e}' | '\u{200f}' | '\u{061c}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{0590}'..='\u{08ff}'
        | '\u{fb1d}'..='\u{fdff}'
        | '\u{fe70}'..='\u{fefc}')
}

/// Whether a byte can begin a character of [`is_bidi`]: each is encoded with a first byte of
/// 0xD6–0xE0 (U+0590–U+08FF), 0xE2 (the marks and controls) or 0xEF (the presentation forms),
/// and no byte of another character's encoding, nor any continuation byte, is one of these.
fn may_begin_bidi(b: u8) -> bool {
    matches!(b, 0xd6..=0xe0 | 0xe2 | 0xef)
}

/// Whether `text` holds a character of [`is_bidi`]. Every page is checked, so the bytes are
/// looked at 64 at a time without stopping (which the compiler turns into vector instructions),
/// and a character is decoded only where a block holds a byte that may begin one: markup and
/// Chinese (first bytes 0xE3–0xE9) pass at the speed of memory.
fn has_bidi(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.chunks(64).enumerate().any(|(n, block)| {
        block
            .iter()
            .fold(false, |seen, &b| seen | may_begin_bidi(b))
            && block.iter().enumerate().any(|(i, &b)| {
                may_begin_bidi(b)
                    && text
                        .get(n * 64 + i..)
                        .and_then(|rest| rest.chars().next())
                        .is_some_and(is_bidi)
            })
    })
}

/// `html` with each text run that holds right-to-left text or a direction control in `<bdi>`.
pub fn isolate(html: &str) -> Cow<'_, str> {
    if !has_bidi(html) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        wrap(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        out.push_str(tag);
        let name = tag_name(tag);
        if let Some(raw) = RAW.iter().find(|r| **r == name) {
            let body_end = find_ascii_ci(rest, &format!("</{raw}")).unwrap_or(rest.len());
            out.push_str(&rest[..body_end]);
            rest = &rest[body_end..];
        }
    }
    wrap(&mut out, rest);
    Cow::Owned(out)
}

fn wrap(out: &mut String, text: &str) {
    if has_bidi(text) {
        out.push_str("<bdi>");
        out.push_str(text);
        out.push_str("</bdi>");
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::{has_bidi, is_bidi, isolate};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_byte_scan_finds_what_decoding_every_character_finds(
            chars in prop::collection::vec(
                prop_oneof![
                    any::<char>(),
                    prop::char::range('\u{0570}', '\u{0910}'),
                    prop::char::range('\u{2000}', '\u{2070}'),
                    prop::char::range('\u{fb00}', '\u{ff10}'),
                    prop::char::range('一', '龥'),
                ],
                0..40,
            )
        ) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(has_bidi(&text), text.chars().any(is_bidi));
        }
    }

    #[test]
    fn the_byte_scan_finds_each_range_at_its_edges() {
        for c in [
            '\u{200e}', '\u{200f}', '\u{061c}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}',
            '\u{0590}', '\u{08ff}', '\u{fb1d}', '\u{fdff}', '\u{fe70}', '\u{fefc}',
        ] {
            assert!(has_bidi(&format!("申请人{c}张三")), "{:x}", u32::from(c));
        }
        for c in [
            '\u{058f}', '\u{0900}', '\u{201c}', '\u{2026}', '\u{ff08}', '\u{fb1c}', '\u{200d}',
            '\u{2010}', '\u{2014}', '\u{2029}', '\u{202f}', '\u{2065}', '\u{206a}', '\u{fe6f}',
            '\u{fefd}',
        ] {
            assert!(!has_bidi(&format!("申请人{c}张三")), "{:x}", u32::from(c));
        }
        // Alone, first or last: the last two bytes are scanned apart.
        for c in ['\u{05d0}', '\u{202e}', '\u{fb1d}'] {
            for text in [
                c.to_string(),
                format!("{c}a"),
                format!("a{c}"),
                format!("ab{c}"),
            ] {
                assert!(has_bidi(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn runs_with_direction_controls_or_rtl_letters_are_isolated() {
        assert_eq!(
            isolate("<td>\u{202e}gnp.exe</td><td>已受理</td>"),
            "<td><bdi>\u{202e}gnp.exe</bdi></td><td>已受理</td>"
        );
        assert_eq!(
            isolate("<p>申请人 ئەخمەت 提交了申请</p>"),
            "<p><bdi>申请人 ئەخمەت 提交了申请</bdi></p>"
        );
        // Titles, form values and scripts are left alone; plain pages are not copied.
        let kept =
            "<title>\u{202e}x</title><textarea>\u{202e}y</textarea><input value=\"\u{202e}z\">";
        assert_eq!(isolate(kept), kept);
        assert!(matches!(
            isolate("<p>张三</p>"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
