//! 户籍与居住地址: the hukou and residence addresses, division by division; they decide which
//! county handles the case and which approves it (001 §一(一), §四(一)4–5).

use super::prelude::*;

/// The section's page.
pub struct Page;

impl SectionPage for Page {
    fn read(&self, a: &mut Answers, f: &Fields) {
        for (i, level) in LEVELS.iter().enumerate() {
            a.hukou[i] = f.get(&format!("hukou_{level}"));
            a.residence[i] = f.get(&format!("residence_{level}"));
        }
        a.hukou_detail = f.get("hukou_detail");
        a.same_residence = f.get("same_residence");
        a.residence_detail = f.get("residence_detail");
    }

    fn validate(&self, a: &Answers, env: &Env<'_>) -> FormErrors {
        let mut e = FormErrors::default();
        check_address(env, &mut e, "hukou", &a.hukou, &a.hukou_detail);
        match a.same_residence.as_str() {
            "yes" => {}
            "no" => check_address(env, &mut e, "residence", &a.residence, &a.residence_detail),
            _ => e.add("same_residence-yes", env.t("apply-same-residence-missing")),
        }
        // At a window: the person applies where they usually live (001 §一(一), 000 §三(四)),
        // so a clerk takes only residents of their own county.
        let county = a.residence_county();
        if let Some(assisted) = env.assisted
            && e.is_empty()
            && !county.is_empty()
            && county != assisted.county
        {
            let field = if a.same_residence == "yes" {
                "hukou_county"
            } else {
                "residence_county"
            };
            e.add(field, env.t("counter-elsewhere"));
        }
        e
    }

    fn build(&self, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question> {
        let t = |k: &str| env.t(k);
        let mut b = Builder::new(errors);
        b.heading(t("apply-hukou-heading"));
        address_questions(env, &mut b, "hukou", &a.hukou);
        b.text(
            "hukou_detail",
            t("apply-address-detail"),
            t("apply-address-detail-hint"),
            &a.hukou_detail,
            "street-address",
        );
        b.choices(
            "radio",
            "same_residence",
            t("apply-same-residence-legend"),
            t("apply-same-residence-hint"),
            env.yes_no(&a.same_residence),
        );
        b.heading_when(t("apply-residence-heading"), "same_residence:no");
        address_questions(env, &mut b, "residence", &a.residence);
        b.text(
            "residence_detail",
            t("apply-address-detail"),
            t("apply-address-detail-hint"),
            &a.residence_detail,
            "off",
        );
        b.questions
    }
}

/// The four levels of an address, as field-name parts.
pub const LEVELS: [&str; 4] = ["province", "city", "county", "township"];

fn field(prefix: &str, level: usize) -> &'static str {
    match (prefix, level) {
        ("hukou", 0) => "hukou_province",
        ("hukou", 1) => "hukou_city",
        ("hukou", 2) => "hukou_county",
        ("hukou", 3) => "hukou_township",
        (_, 0) => "residence_province",
        (_, 1) => "residence_city",
        (_, 2) => "residence_county",
        _ => "residence_township",
    }
}

fn check_address(
    env: &Env<'_>,
    e: &mut FormErrors,
    prefix: &str,
    codes: &[String; 4],
    detail: &str,
) {
    for level in 0..4 {
        let options = env.places.options(codes, level);
        if level > 0 && options.is_empty() && !codes[level - 1].is_empty() {
            // No finer division exists here (e.g. a county without townships in the data).
            break;
        }
        if !options.iter().any(|d| d.code == codes[level]) {
            e.add(
                field(prefix, level),
                env.t(&format!("apply-address-choose-{}", LEVELS[level])),
            );
            break;
        }
    }
    let detail_id = if prefix == "hukou" {
        "hukou_detail"
    } else {
        "residence_detail"
    };
    if detail.is_empty() {
        e.add(detail_id, env.t("apply-address-detail-empty"));
    } else if detail.chars().count() > DETAIL_MAX {
        e.add(detail_id, env.t("apply-text-too-long"));
    }
}

fn address_questions(env: &Env<'_>, b: &mut Builder<'_>, prefix: &str, codes: &[String; 4]) {
    for (level, part) in LEVELS.iter().enumerate() {
        let options: Vec<Opt> = env
            .places
            .options(codes, level)
            .iter()
            .map(|d| Opt::new(d.code.clone(), d.name.clone(), &codes[level]))
            .collect();
        let refresh =
            (level < 3).then(|| env.t(&format!("apply-address-show-{}", LEVELS[level + 1])));
        let fills = if level < 3 {
            field(prefix, level + 1)
        } else {
            ""
        };
        b.select(
            field(prefix, level),
            env.t(&format!("apply-address-{part}")),
            env.t("apply-choose"),
            options,
            refresh,
            fills,
            String::new(),
        );
    }
}
