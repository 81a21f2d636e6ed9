//! The language of parts (WCAG 3.1.2): in an English page, every run of Chinese text — a place,
//! an office, a person's name, a code list entry the reference data gives only in Chinese — is
//! marked `lang="zh-CN"`, so that a screen reader speaks it with a Chinese voice. Text runs are
//! wrapped in `<span lang="zh-CN">`; an `<option>` holding Chinese gets the attribute itself.
//! Applied to every rendered page whose `<html lang>` is English.

use std::borrow::Cow;

/// Whether `c` is written as Chinese: Han ideographs, CJK punctuation and full-width forms.
fn is_chinese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303f}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{2fa1f}')
}

/// Elements whose content is not marked up: raw text, the title, and form values.
pub(crate) const RAW: [&str; 5] = ["script", "style", "textarea", "title", "option"];

/// `html` with its Chinese runs marked, when the page is English (`<html lang="en…">`);
/// otherwise unchanged.
pub fn mark(html: &str) -> Cow<'_, str> {
    let english = html
        .find("<html")
        .is_some_and(|i| html[i..].starts_with("<html lang=\"en"));
    if !english || !html.chars().any(is_chinese) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        wrap_text(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        let name = tag_name(tag);
        if let Some(raw) = RAW.iter().find(|r| **r == name) {
            let close = format!("</{raw}");
            let body_end = find_ascii_ci(rest, &close).unwrap_or(rest.len());
            let body = &rest[..body_end];
            if *raw == "option" && body.chars().any(is_chinese) && !tag.contains(" lang=") {
                out.push_str(&tag[..tag.len() - 1]);
                out.push_str(" lang=\"zh-CN\">");
            } else {
                out.push_str(tag);
            }
            out.push_str(body);
            rest = &rest[body_end..];
        } else {
            out.push_str(tag);
        }
    }
    wrap_text(&mut out, rest);
    Cow::Owned(out)
}

/// Copies text, wrapping each Chinese run: from a Chinese character to the last one before a
/// Latin letter (digits, spaces and symbols between Chinese characters stay inside the run, so
/// “幸福村3组12号” is one run; entities are never split as they start with `&` and a letter).
fn wrap_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(start) = rest.find(is_chinese) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let stop = run
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(run.len());
        let last = run[..stop]
            .char_indices()
            .rfind(|(_, c)| is_chinese(*c))
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(stop);
        out.push_str("<span lang=\"zh-CN\">");
        out.push_str(&run[..last]);
        out.push_str("</span>");
        rest = &run[last..];
    }
    out.push_str(rest);
}

/// The length of the tag at the start of `s` (up to its `>`, quotes respected).
pub(crate) fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// The lower-case element name of an opening tag (empty for closing tags, comments, doctype).
pub(crate) fn tag_name(tag: &str) -> String {
    tag[1..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

pub(crate) fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::mark;

    const EN: &str = "<!DOCTYPE html>\n<html lang=\"en\"><body>";

    #[test]
    fn chinese_runs_in_english_pages_get_their_own_language() {
        let cases = [
            (
                "<p>Applies to: 湖南省</p>",
                "<p>Applies to: <span lang=\"zh-CN\">湖南省</span></p>",
            ),
            (
                "<dd>幸福村3组12号, Changsha</dd>",
                "<dd><span lang=\"zh-CN\">幸福村3组12号</span>, Changsha</dd>",
            ),
            (
                "<td>张*明</td><td>43**11</td>",
                "<td><span lang=\"zh-CN\">张*明</span></td><td>43**11</td>",
            ),
            (
                "<li>李小红 (guardian) &amp; 王（演示）</li>",
                "<li><span lang=\"zh-CN\">李小红</span> (guardian) &amp; <span lang=\"zh-CN\">王（演示）</span></li>",
            ),
            (
                "<select><option value=\"43\">湖南省</option><option value=\"\">Choose</option></select>",
                "<select><option value=\"43\" lang=\"zh-CN\">湖南省</option><option value=\"\">Choose</option></select>",
            ),
            (
                "<textarea name=\"a\">原文</textarea><a title=\"x>y\">ok</a>",
                "<textarea name=\"a\">原文</textarea><a title=\"x>y\">ok</a>",
            ),
        ];
        for (input, want) in cases {
            let got = mark(&format!("{EN}{input}")).into_owned();
            assert_eq!(got, format!("{EN}{want}"), "{input}");
        }
    }

    #[test]
    fn chinese_pages_and_pages_without_chinese_are_untouched() {
        let zh = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><body><p>湖南省</p>";
        assert!(matches!(mark(zh), std::borrow::Cow::Borrowed(_)));
        let plain = format!("{EN}<p>Hunan</p>");
        assert!(matches!(mark(&plain), std::borrow::Cow::Borrowed(_)));
    }
}
