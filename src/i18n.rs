//! Localised text. Every user-facing string comes from `locales/<lang>/*.ftl` (Project Fluent).

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

use crate::domain::eligibility::Reason;
use crate::domain::item::ItemKind;
use crate::domain::{Category, Grade};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "zh-CN",
        // Bidi isolation marks would show up inside attribute values and e-mails.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages the portal speaks; Chinese first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文 (default).
    #[default]
    ZhCn,
    /// English.
    En,
}

/// Texts without arguments already resolved, per language, each kept once for the life of the
/// process (keys come from code and only texts that exist are kept, so the set is finite).
static RESOLVED: [std::sync::LazyLock<std::sync::RwLock<Texts>>; 2] =
    [const { std::sync::LazyLock::new(Default::default) }; 2];

/// Resolved texts by key. Keys come from code, not from visitors, so a fast hash (foldhash)
/// serves: SipHash, the standard one, took a fiftieth of the busy listing's time.
type Texts = foldhash::HashMap<String, &'static str>;

thread_local! {
    /// This thread's copy of [`RESOLVED`]: a page shows dozens of texts, and a lookup here takes
    /// no lock shared with the other workers.
    static LOCAL: [std::cell::RefCell<Texts>; 2] = Default::default();
}

/// The keys of the categories' names, by code (1–7).
const CATEGORY_KEYS: [&str; 7] = [
    "disability-category-1",
    "disability-category-2",
    "disability-category-3",
    "disability-category-4",
    "disability-category-5",
    "disability-category-6",
    "disability-category-7",
];

/// The keys of the grades' names, by code (1–4).
const GRADE_KEYS: [&str; 4] = [
    "disability-grade-1",
    "disability-grade-2",
    "disability-grade-3",
    "disability-grade-4",
];

static ZH_CN: LanguageIdentifier = langid!("zh-CN");
static EN: LanguageIdentifier = langid!("en");

impl Lang {
    /// All languages, in switcher order.
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag used in `<html lang>` and in the `lang` cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Parses a tag from a cookie, query or `Accept-Language` entry.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        if t == "zh" || t.starts_with("zh-") {
            Some(Lang::ZhCn)
        } else if t == "en" || t.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }

    /// The text for `key`. A missing key is a bug: it is logged and the key itself is shown.
    pub fn t(self, key: &str) -> String {
        self.text(key).into_owned()
    }

    /// The name of `code` in a national code list (`ethnic`, `education`, `marital`,
    /// `relationship`), from `locales/<lang>/codes.ftl`.
    pub fn code_name(self, list: &str, code: &str) -> String {
        self.t(&format!("code-{list}-{code}"))
    }

    /// A reason the eligibility rules give (`reason-<code>` in `locales/*/codes.ftl`).
    pub fn reason(self, r: &Reason) -> String {
        self.t(&format!("reason-{}", r.code))
    }

    /// A disability category's name (GB/T 26341-2010; `locales/*/codes.ftl`).
    pub fn category(self, c: Category) -> String {
        // Named on every row of the announcement: a key from the table, not formatted.
        self.t(CATEGORY_KEYS[usize::from(c.code()) - 1])
    }

    /// A grade's name (GB/T 26341-2010; `locales/*/codes.ftl`).
    pub fn grade(self, g: Grade) -> String {
        self.t(GRADE_KEYS[usize::from(g.code()) - 1])
    }

    /// The text for `key`, borrowed when it exists: texts without arguments are resolved once per
    /// process and then read from memory.
    pub fn text(self, key: &str) -> Cow<'static, str> {
        let i = self as usize;
        if let Some(text) = LOCAL.with(|l| l[i].borrow().get(key).copied()) {
            return Cow::Borrowed(text);
        }
        let shared = RESOLVED[i].read().ok().and_then(|m| m.get(key).copied());
        let text = match shared {
            Some(text) => text,
            None => match LOCALES.try_lookup(self.id(), key) {
                Some(text) => {
                    let mut m = match RESOLVED[i].write() {
                        Ok(m) => m,
                        Err(poisoned) => poisoned.into_inner(),
                    };
                    *m.entry(key.to_owned())
                        .or_insert_with(|| Box::leak(text.into_boxed_str()))
                }
                None => {
                    tracing::error!(key, lang = self.tag(), "missing translation");
                    return Cow::Owned(key.to_owned());
                }
            },
        };
        LOCAL.with(|l| l[i].borrow_mut().insert(key.to_owned(), text));
        Cow::Borrowed(text)
    }

    /// The text for `key` with named arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &map)
            .unwrap_or_else(|| {
                tracing::error!(key, lang = self.tag(), "missing translation");
                key.to_owned()
            })
    }
}

impl Lang {
    /// The name of a state (`state-<code>`) of any item's workflow.
    pub fn state(self, code: &str) -> String {
        self.t(&format!("state-{}", code.replace('_', "-")))
    }

    /// What an item of a case is: its matter, linked service, or the review request.
    pub fn item(self, kind: ItemKind, code: &str) -> String {
        match kind {
            ItemKind::Matter => self.t(&format!("matter-{code}")),
            ItemKind::Review => self.t("item-review"),
            ItemKind::Service => self.t(&format!("linked-{}", code.replace('_', "-"))),
        }
    }
}

/// Parameters a message text may use (besides `state`, stored as a code and named in the reader's
/// language).
pub const MESSAGE_PARAMS: [&str; 16] = [
    "time",
    "name",
    "reference",
    "deadline",
    "expires",
    "code",
    "relationship",
    "institution",
    "date",
    "place",
    "phone",
    "office",
    "open",
    "new",
    "due",
    "link",
];

impl Lang {
    /// The subject and body of an inbox message of `kind` (its code) with stored `params`: the same
    /// text for the portal inbox, the email and the SMS.
    pub fn message(self, kind: &str, params: &serde_json::Value) -> (String, String) {
        let args = self.message_args(params);
        (
            self.t_args(&format!("inbox-{kind}-subject"), &args),
            self.t_args(&format!("inbox-{kind}-body"), &args),
        )
    }

    /// The SMS text of a message: its own short text (`inbox-<kind>-sms`) where the person must
    /// act on a day and at a place, else the subject.
    pub fn sms(self, kind: &str, params: &serde_json::Value) -> String {
        let args = self.message_args(params);
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), &format!("inbox-{kind}-sms"), &map)
            .unwrap_or_else(|| self.t_args(&format!("inbox-{kind}-subject"), &args))
    }

    /// The stored parameters of a message as text arguments (a state code named).
    fn message_args(self, params: &serde_json::Value) -> Vec<(&'static str, String)> {
        let mut args: Vec<(&'static str, String)> = MESSAGE_PARAMS
            .into_iter()
            .filter_map(|k| {
                params
                    .get(k)
                    .and_then(|v| v.as_str())
                    .map(|v| (k, v.to_owned()))
            })
            .collect();
        if let Some(code) = params.get("state").and_then(|v| v.as_str()) {
            args.push(("state", self.state(code)));
        }
        args
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_and_grade_is_named_from_its_own_key() {
        for lang in Lang::ALL {
            for c in Category::ALL {
                let key = format!("disability-category-{}", c.code());
                assert_eq!(CATEGORY_KEYS[usize::from(c.code()) - 1], key);
                assert_eq!(lang.category(c), lang.t(&key));
                assert_ne!(lang.category(c), key, "{key} is translated");
            }
            for g in Grade::ALL {
                let key = format!("disability-grade-{}", g.code());
                assert_eq!(GRADE_KEYS[usize::from(g.code()) - 1], key);
                assert_ne!(lang.grade(g), key, "{key} is translated");
            }
        }
        assert_eq!(Lang::ZhCn.category(Category::Physical), "肢体残疾");
        assert_eq!(Lang::En.grade(Grade::Two), Lang::En.t("disability-grade-2"));
    }
}
