//! What an item's event notes say, in the reader's language: the reasons a service is not
//! eligible (with what the rules need), the grant a department recorded, a contact employment
//! help made, and the free text staff wrote (reasons, the list to correct).

use crate::domain::eligibility::reasons;
use crate::i18n::Lang;

/// The lines of an event's note.
pub fn lines(lang: Lang, note: &serde_json::Value) -> Vec<String> {
    let mut out = vec![];
    if let Some(codes) = note.get("reasons").and_then(|r| r.as_array()) {
        out.extend(
            codes
                .iter()
                .filter_map(|c| reasons::by_code(c.as_str()?))
                .map(|r| lang.reason(&r)),
        );
    }
    if let Some(o) = note.get("outcome") {
        let s = |k: &str| {
            o.get(k)
                .map(|v| v.as_str().map_or(v.to_string(), str::to_owned))
        };
        let line = match o.get("kind").and_then(|k| k.as_str()) {
            Some("subsidy") => lang.t_args(
                "outcome-subsidy",
                &[("month", s("from").unwrap_or_default())],
            ),
            Some("pension") => {
                let mut l = if o.get("government_pays").and_then(|v| v.as_bool()) == Some(true) {
                    lang.t("outcome-pension-government")
                } else {
                    lang.t("outcome-pension")
                };
                if let Some(tier) = o.get("tier").and_then(|v| v.as_u64()) {
                    l.push(' ');
                    l.push_str(&lang.t_args("outcome-pension-tier", &[("tier", tier.to_string())]));
                }
                if let Some(sub) = o.get("subsidy").and_then(|v| v.as_u64()) {
                    l.push(' ');
                    l.push_str(
                        &lang.t_args("outcome-pension-subsidy", &[("amount", sub.to_string())]),
                    );
                }
                l
            }
            Some("medical") => lang.t_args(
                "outcome-medical",
                &[("share", s("share").unwrap_or_default())],
            ),
            Some("employment") => lang.t("outcome-employment"),
            Some("business") => lang.t_args(
                "outcome-business",
                &[("registration", s("registration").unwrap_or_default())],
            ),
            _ => String::new(),
        };
        if !line.is_empty() {
            out.push(line);
        }
    }
    if let Some(kind) = note.get("contact").and_then(|c| c.as_str()) {
        out.push(lang.t(&format!("contact-{kind}")));
    }
    for key in ["reason", "items", "institution", "note"] {
        match note.get(key) {
            Some(serde_json::Value::Array(items)) => out.push(
                items
                    .iter()
                    .filter_map(|i| i.as_str())
                    .collect::<Vec<_>>()
                    .join("；"),
            ),
            Some(serde_json::Value::String(s)) if !s.is_empty() => out.push(s.clone()),
            _ => {}
        }
    }
    out
}
