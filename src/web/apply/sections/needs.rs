//! 评定需求: home visit (上门评残), sign language, step-free access for the assessment
//! (000 §三(五), 001 §六).

use super::prelude::*;

/// The section's page.
pub struct Page;

impl SectionPage for Page {
    fn read(&self, a: &mut Answers, f: &Fields) {
        a.needs = f.all("needs");
    }

    fn validate(&self, a: &Answers, env: &Env<'_>) -> FormErrors {
        let mut e = FormErrors::default();
        if a.needs.is_empty() {
            e.add("needs-home_visit", env.t("apply-needs-missing"));
        } else if a.needs.iter().any(|n| n == "none") && a.needs.len() > 1 {
            e.add("needs-home_visit", env.t("apply-needs-none-and-some"));
        }
        e
    }

    fn build(&self, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question> {
        let t = |k: &str| env.t(k);
        let mut b = Builder::new(errors);
        let mut options: Vec<Opt> = NEEDS
            .into_iter()
            .map(|v| {
                Opt::among(
                    v,
                    t(&format!("apply-need-{}", v.replace('_', "-"))),
                    &a.needs,
                )
                .hint(t(&format!("apply-need-{}-hint", v.replace('_', "-"))))
            })
            .collect();
        options.push(Opt::among("none", t("apply-needs-none"), &a.needs));
        b.choices(
            "checkbox",
            "needs",
            t("apply-needs-legend"),
            t("apply-needs-hint"),
            options,
        );
        b.questions
    }
}
