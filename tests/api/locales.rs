//! Both languages are complete: a key in one locale file must exist in the other, and every key
//! the code uses must exist.

use std::collections::BTreeSet;
use std::path::Path;

fn keys(lang: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang);
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some((key, _)) = line.split_once(" =")
                && !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            {
                out.insert(key.to_owned());
            }
        }
    }
    out
}

#[test]
fn every_key_exists_in_both_languages() {
    let zh = keys("zh-CN");
    let en = keys("en");
    assert!(zh.len() > 100);
    let only_zh: Vec<_> = zh.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    assert!(only_zh.is_empty(), "missing in en: {only_zh:?}");
    assert!(only_en.is_empty(), "missing in zh-CN: {only_en:?}");
}

#[test]
fn every_key_used_in_code_and_templates_exists() {
    let zh = keys("zh-CN");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut used = BTreeSet::new();
    let mut stack = vec![root.join("src"), root.join("templates")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            // Code and templates only (the demo photo lives beside its module).
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !matches!(ext, "rs" | "html" | "xml" | "svg") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for pattern in [
                ".t(\"",
                "t_args(\n        \"",
                "t_args(\"",
                "flash(\"",
                "Some(\"",
            ] {
                for piece in text.split(pattern).skip(1) {
                    let key: String = piece.chars().take_while(|c| *c != '"').collect();
                    if key.contains('-')
                        && key.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                        })
                    {
                        used.insert(key);
                    }
                }
            }
        }
    }
    assert!(used.len() > 50, "found {} keys in use", used.len());
    let missing: Vec<_> = used.iter().filter(|k| !zh.contains(*k)).collect();
    assert!(missing.is_empty(), "used but missing: {missing:?}");
}

#[test]
fn the_same_key_gives_different_text_per_language() {
    use portal::i18n::Lang;
    assert_eq!(Lang::ZhCn.t("service-name"), "残疾人服务一件事");
    assert_eq!(Lang::En.t("service-name"), "Disability Services in One Go");
    assert_eq!(Lang::En.t("no-such-key"), "no-such-key");
}

#[test]
fn keys_built_from_domain_codes_exist_in_both_languages() {
    use portal::domain::materials::{Material, Provision};
    use portal::domain::matter::{LinkedService, MatterKind};
    use portal::domain::policy;
    use portal::i18n::Lang;
    let dash = |s: &str| s.replace('_', "-");
    let mut keys: Vec<String> = vec![];
    keys.extend(
        MatterKind::ALL
            .iter()
            .map(|m| format!("matter-{}", m.code())),
    );
    keys.extend(
        MatterKind::ALL
            .iter()
            .map(|m| format!("guide-assessment-{}", m.code())),
    );
    keys.extend(
        LinkedService::ALL
            .iter()
            .map(|s| format!("linked-{}", dash(s.code()))),
    );
    keys.extend(
        Material::ALL
            .iter()
            .map(|m| format!("material-{}", dash(m.code()))),
    );
    keys.extend(
        [
            Provision::Upload,
            Provision::FilledInOnline,
            Provision::FromInstitution,
            Provision::HandedIn,
            Provision::SharedData,
        ]
        .iter()
        .map(|p| format!("provision-{}", dash(p.code()))),
    );
    for p in policy::ALL {
        for (step, limit) in p.limits() {
            keys.push(format!("step-{}", dash(step.code())));
            keys.push(format!("from-{}", dash(limit.from.code())));
        }
    }
    keys.extend(
        portal::domain::Role::ALL
            .iter()
            .map(|r| format!("role-{}", dash(r.code()))),
    );
    keys.extend(
        portal::domain::workflow::ItemState::ALL
            .iter()
            .map(|s| format!("state-{}", dash(s.code()))),
    );
    keys.extend(
        portal::domain::service_flow::ServiceState::ALL
            .iter()
            .map(|s| format!("state-{}", dash(s.code()))),
    );
    keys.extend(
        portal::domain::service_flow::ServiceCommand::CODES
            .iter()
            .map(|c| format!("command-{}", dash(c))),
    );
    keys.extend(
        portal::domain::review::ReviewState::ALL
            .iter()
            .map(|s| format!("state-{}", dash(s.code()))),
    );
    keys.extend(
        portal::domain::review::ReviewCommand::CODES
            .iter()
            .map(|c| format!("command-{}", dash(c))),
    );
    keys.extend(
        portal::domain::office::OfficeKind::ALL
            .iter()
            .map(|k| format!("office-kind-{}", k.code())),
    );
    keys.extend(
        portal::domain::eligibility::reasons::ALL
            .iter()
            .map(|r| format!("reason-{}", r.code)),
    );
    keys.extend(
        portal::domain::Category::ALL
            .iter()
            .map(|c| format!("disability-category-{}", c.code())),
    );
    keys.extend(
        portal::domain::Grade::ALL
            .iter()
            .map(|g| format!("disability-grade-{}", g.code())),
    );
    keys.extend(
        portal::domain::policy::Profile::ALL
            .iter()
            .map(|p| format!("policy-profile-{}", p.code())),
    );
    keys.push("role-system".to_owned());
    keys.extend(
        portal::domain::matter::Department::ALL
            .iter()
            .map(|d| format!("department-{}", dash(d.code()))),
    );
    keys.extend(
        portal::domain::workflow::Command::CODES
            .iter()
            .map(|c| format!("command-{}", dash(c))),
    );
    for key in keys {
        for lang in Lang::ALL {
            assert_ne!(lang.t(&key), key, "{key} missing in {}", lang.tag());
        }
    }
}

#[test]
fn every_inbox_message_has_a_subject_and_body_in_both_languages() {
    use portal::db::inbox::MessageKind;
    use portal::i18n::Lang;
    let args: Vec<(&'static str, String)> = portal::i18n::MESSAGE_PARAMS
        .iter()
        .chain(["state"].iter())
        .map(|k| (*k, "x".to_owned()))
        .collect();
    for kind in MessageKind::ALL {
        for part in ["subject", "body"] {
            let key = format!("inbox-{}-{part}", kind.code());
            for lang in Lang::ALL {
                assert_ne!(
                    lang.t_args(&key, &args),
                    key,
                    "{key} missing in {}",
                    lang.tag()
                );
            }
        }
    }
}
