//! 联办事项: the linked services applied for with the certificate, with what the rules say of
//! each so far (003 三(三), 004 附件2).

use super::prelude::*;

/// The section's page.
pub struct Page;

impl SectionPage for Page {
    fn read(&self, a: &mut Answers, f: &Fields) {
        a.services = f.all("services");
    }

    fn validate(&self, a: &Answers, env: &Env<'_>) -> FormErrors {
        let mut e = FormErrors::default();
        let chosen = a.services();
        if chosen.len() != a.services.len() {
            e.add("services-living_subsidy", env.t("apply-services-unknown"));
        }
        for (s, el) in env.eligibility(a) {
            if chosen.contains(&s) && matches!(el, Eligibility::NotEligible(_)) {
                e.add(
                    format!("services-{}", s.code()),
                    env.lang.t_args(
                        "apply-services-not-eligible",
                        &[
                            (
                                "service",
                                env.t(&format!("linked-{}", s.code().replace('_', "-"))),
                            ),
                            ("reasons", env.reasons(&el)),
                        ],
                    ),
                );
            }
        }
        for p in env.entry_problems(a, true) {
            if p == EntryProblem::ServicesNeedCertificate {
                e.add("services-living_subsidy", env.problem_text(p));
            }
        }
        e
    }

    fn build(&self, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question> {
        let t = |k: &str| env.t(k);
        let mut b = Builder::new(errors);
        let options = env
            .eligibility(a)
            .into_iter()
            .map(|(s, el)| {
                let label = t(&format!("linked-{}", s.code().replace('_', "-")));
                let status = match &el {
                    Eligibility::NotEligible(_) => env.lang.t_args(
                        "apply-services-status-not-eligible",
                        &[("reasons", env.reasons(&el))],
                    ),
                    Eligibility::Eligible(_) => t("apply-services-status-eligible"),
                    Eligibility::NeedsInformation(_) => env.reasons(&el),
                };
                Opt::among(s.code(), label, &a.services).hint(status)
            })
            .collect();
        b.choices(
            "checkbox",
            "services",
            t("apply-services-legend"),
            t("apply-services-hint"),
            options,
        );
        b.questions
    }
}
