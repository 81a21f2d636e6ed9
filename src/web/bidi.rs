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

/// `html` with each text run that holds right-to-left text or a direction control in `<bdi>`.
pub fn isolate(html: &str) -> Cow<'_, str> {
    if !html.chars().any(is_bidi) {
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
    if text.chars().any(is_bidi) {
        out.push_str("<bdi>");
        out.push_str(text);
        out.push_str("</bdi>");
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::isolate;

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
