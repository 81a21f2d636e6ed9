//! 申请人: who applies — the person themself, a guardian for a ward, or a helper (代办) for a
//! person whose claim the person (or a clerk) confirmed (000 §三(五), DOMAIN “Representation”).

use super::prelude::*;

/// The section's page.
pub struct Page;

impl SectionPage for Page {
    fn read(&self, a: &mut Answers, f: &Fields) {
        a.applying_as = f.get("applying_as");
        a.representation = if a.applies_for_themself() {
            String::new()
        } else {
            f.get("representation")
        };
    }

    fn validate(&self, a: &Answers, env: &Env<'_>) -> FormErrors {
        let mut e = FormErrors::default();
        match a.applying_as() {
            None => e.add("applying_as-self", env.t("apply-who-missing")),
            Some(ApplyingAs::Themself) => {}
            // At the window the clerk sees the guardian's ID card and relationship proof, which
            // are then materials (003 附件1 #9–10); a helper applies only online.
            Some(ApplyingAs::Guardian) if env.assisted.is_some() => {}
            Some(ApplyingAs::Helper) if env.assisted.is_some() => {
                e.add("applying_as-self", env.t("apply-who-counter-missing"))
            }
            Some(_) => {
                let chosen = a.representation_id().and_then(|id| {
                    env.represented
                        .iter()
                        .find(|r| r.id == id && r.kind.code() == a.applying_as)
                });
                if chosen.is_none() {
                    let first = env
                        .represented
                        .iter()
                        .find(|r| r.kind.code() == a.applying_as)
                        .map(|r| format!("representation-{}", r.id));
                    match first {
                        Some(id) => e.add(id, env.t("apply-who-person-missing")),
                        None => e.add("applying_as-self", env.t("apply-who-nobody")),
                    }
                }
            }
        };
        e
    }

    fn build(&self, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question> {
        let t = |k: &str| env.t(k);
        let mut b = Builder::new(errors);
        if let Some(assisted) = env.assisted {
            b.choices(
                "radio",
                "applying_as",
                env.lang.t_args(
                    "apply-who-counter-legend",
                    &[("name", assisted.name.clone())],
                ),
                String::new(),
                ["self", "guardian"]
                    .into_iter()
                    .map(|v| Opt::new(v, t(&format!("apply-who-counter-{v}")), &a.applying_as))
                    .collect(),
            );
            return b.questions;
        }
        b.choices(
            "radio",
            "applying_as",
            t("apply-who-legend"),
            String::new(),
            ["self", "guardian", "helper"]
                .into_iter()
                .map(|v| {
                    Opt::new(v, t(&format!("apply-who-{v}")), &a.applying_as)
                        .hint(t(&format!("apply-who-{v}-hint")))
                })
                .collect(),
        );
        b.heading(t("apply-who-person-heading"));
        if env.represented.is_empty() {
            b.para(t("apply-who-nobody"));
        } else {
            b.choices(
                "radio",
                "representation",
                t("apply-who-person-legend"),
                t("apply-who-person-hint"),
                env.represented
                    .iter()
                    .map(|r| {
                        let id = IdNumber::parse(&r.id_number)
                            .map(|i| i.masked())
                            .unwrap_or_default();
                        Opt::new(
                            r.id.to_string(),
                            format!("{} ({id})", r.real_name),
                            &a.representation,
                        )
                        .hint(t(&format!("people-kind-{}", r.kind.code())))
                    })
                    .collect(),
            );
        }
        b.link("/people/new".into(), t("people-add-link"));
        b.questions
    }
}
