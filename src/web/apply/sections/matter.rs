//! 办理事项: the certificate matter (新办、换领、迁移、补办、注销、变更) and its details —
//! categories, renewal reason, the old hukou and move date, the cancellation's scope and reason
//! (001 §四(一)–(五)).

use super::prelude::*;
use crate::domain::answers::categories_to_choose;

/// The section's page.
pub struct Page;

impl SectionPage for Page {
    fn read(&self, a: &mut Answers, f: &Fields) {
        a.matter = f.get("matter");
        a.categories = f.all("categories");
        a.renewal_kind = f.get("renewal_kind");
        a.old_hukou = f.get("old_hukou");
        a.moved_on = f.get("moved_on");
        a.cancel_scope = f.get("cancel_scope");
        a.cancel_categories = f.all("cancel_categories");
        a.cancel_reason = f.get("cancel_reason");
        a.cancel_other = f.get("cancel_other");
    }

    fn validate(&self, a: &Answers, env: &Env<'_>) -> FormErrors {
        let mut e = FormErrors::default();
        if !MATTERS.contains(&a.matter.as_str()) {
            e.add("matter-new", env.t("apply-matter-missing"));
            return e;
        }
        match a.matter.as_str() {
            "new"
                if matches!(
                    a.matter(),
                    Some(crate::domain::CertificateMatter::New { categories })
                        if categories.is_empty()
                ) =>
            {
                e.add("categories-1", env.t("apply-categories-missing"))
            }
            "renewal" if a.matter().is_none() => {
                e.add("renewal_kind-expiry", env.t("apply-renewal-kind-missing"))
            }
            "migration" => {
                check_text(
                    env,
                    &mut e,
                    "old_hukou",
                    &a.old_hukou,
                    "apply-old-hukou-empty",
                );
                check_date(env, &mut e, "moved_on", &a.moved_on, "apply-moved-on-empty");
            }
            "cancellation" => {
                match a.cancel_scope.as_str() {
                    "all" => {}
                    "some" if !a.cancel_categories.is_empty() => {}
                    "some" => e.add(
                        "cancel_categories-1",
                        env.t("apply-cancel-categories-missing"),
                    ),
                    _ => e.add("cancel_scope-all", env.t("apply-cancel-scope-missing")),
                }
                match a.cancel_reason.as_str() {
                    "recovery" | "death" => {}
                    "other" => check_text(
                        env,
                        &mut e,
                        "cancel_other",
                        &a.cancel_other,
                        "apply-cancel-other-empty",
                    ),
                    _ => e.add(
                        "cancel_reason-recovery",
                        env.t("apply-cancel-reason-missing"),
                    ),
                }
            }
            _ => {}
        }
        if e.is_empty() {
            for p in env.entry_problems(a, false) {
                e.add("matter-new", env.problem_text(p));
            }
        }
        e
    }

    fn build(&self, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question> {
        let t = |k: &str| env.t(k);
        let mut b = Builder::new(errors);
        b.choices(
            "radio",
            "matter",
            t("apply-matter-legend"),
            t("apply-matter-hint"),
            MATTERS
                .into_iter()
                .map(|v| {
                    let label = if v == "none" {
                        t("apply-matter-none")
                    } else {
                        t(&format!("matter-{v}"))
                    };
                    Opt::new(v, label, &a.matter).hint(t(&format!("apply-matter-{v}-hint")))
                })
                .collect(),
        );
        b.heading_when(t("apply-matter-new-heading"), "matter:new");
        b.choices(
            "checkbox",
            "categories",
            t("apply-categories-legend"),
            t("apply-categories-hint"),
            category_options(env, &a.categories),
        );
        b.heading_when(t("apply-matter-renewal-heading"), "matter:renewal");
        b.choices(
            "radio",
            "renewal_kind",
            t("apply-renewal-kind-legend"),
            String::new(),
            ["expiry", "damaged", "data_update"]
                .into_iter()
                .map(|v| {
                    Opt::new(v, t(&format!("apply-renewal-{v}")), &a.renewal_kind)
                        .hint(t(&format!("apply-renewal-{v}-hint")))
                })
                .collect(),
        );
        b.heading_when(t("apply-matter-migration-heading"), "matter:migration");
        b.text(
            "old_hukou",
            t("apply-old-hukou"),
            t("apply-old-hukou-hint"),
            &a.old_hukou,
            "off",
        );
        b.text(
            "moved_on",
            t("apply-moved-on"),
            t("apply-date-hint"),
            &a.moved_on,
            "off",
        )
        .width = "input-w10";
        b.heading_when(
            t("apply-matter-cancellation-heading"),
            "matter:cancellation",
        );
        b.choices(
            "radio",
            "cancel_scope",
            t("apply-cancel-scope-legend"),
            String::new(),
            ["all", "some"]
                .into_iter()
                .map(|v| Opt::new(v, t(&format!("apply-cancel-scope-{v}")), &a.cancel_scope))
                .collect(),
        );
        b.choices(
            "checkbox",
            "cancel_categories",
            t("apply-cancel-categories-legend"),
            t("apply-cancel-categories-hint"),
            category_options(env, &a.cancel_categories),
        );
        b.choices(
            "radio",
            "cancel_reason",
            t("apply-cancel-reason-legend"),
            String::new(),
            ["recovery", "death", "other"]
                .into_iter()
                .map(|v| Opt::new(v, t(&format!("apply-cancel-reason-{v}")), &a.cancel_reason))
                .collect(),
        );
        b.text(
            "cancel_other",
            t("apply-cancel-other"),
            String::new(),
            &a.cancel_other,
            "off",
        );
        b.questions
    }
}

const MATTERS: [&str; 7] = [
    "new",
    "renewal",
    "migration",
    "replacement",
    "cancellation",
    "change",
    "none",
];

fn category_options(env: &Env<'_>, current: &[String]) -> Vec<Opt> {
    categories_to_choose()
        .map(|c| Opt::among(c.code().to_string(), env.lang.category(c), current))
        .collect()
}
