//! 联办事项信息: what the chosen services need — benefits received, the facts the eligibility
//! rules ask for, the bank card for subsidies (003 附件1, 004 附件3 五(四)2), employment wishes.

use super::prelude::*;
use crate::domain::eligibility::Missing;
use crate::domain::matter::LinkedService;

/// The section's page.
pub struct Page;

impl SectionPage for Page {
    fn read(&self, a: &mut Answers, f: &Fields) {
        a.benefits = f.all("benefits");
        a.facts.clear();
        for code in [
            "student",
            "public_sector",
            "employee_pension",
            "long_term_care",
            "employed",
            "able_and_willing",
        ] {
            let v = f.get(code);
            if !v.is_empty() {
                a.facts.insert(code.to_owned(), v);
            }
        }
        a.bank_holder = f.get("bank_holder");
        a.bank_name = f.get("bank_name");
        a.bank_card = f.get("bank_card");
        a.work_ability = f.get("work_ability");
        a.work_wishes = f.get("work_wishes");
        a.skills = f.get("skills");
    }

    fn validate(&self, a: &Answers, env: &Env<'_>) -> FormErrors {
        let mut e = FormErrors::default();
        if a.benefits.iter().any(|b| b == "none") && a.benefits.len() > 1 {
            e.add("benefits-dibao", env.t("apply-benefits-none-and-some"));
        } else if a.benefits.is_empty() {
            e.add("benefits-dibao", env.t("apply-benefits-missing"));
        }
        for code in facts_needed(env, a) {
            if a.fact(code).is_none() {
                e.add(
                    format!("{code}-yes"),
                    env.t(&format!("apply-fact-{code}-missing")),
                );
            }
        }
        if wants_bank_card(a) {
            if a.bank_holder.is_empty() {
                e.add("bank_holder", env.t("apply-bank-holder-empty"));
            } else if let Some(expected) = bank_holder(env, a)
                && a.bank_holder != expected
            {
                e.add(
                    "bank_holder",
                    env.lang
                        .t_args("apply-bank-holder-other", &[("name", expected)]),
                );
            }
            check_text(
                env,
                &mut e,
                "bank_name",
                &a.bank_name,
                "apply-bank-name-empty",
            );
            if a.bank_card.is_empty() {
                e.add("bank_card", env.t("apply-bank-card-empty"));
            } else if BankCardNumber::parse(&a.bank_card).is_err() {
                e.add("bank_card", env.t("apply-bank-card-format"));
            }
        }
        if wants_employment(a) {
            if !["full", "partial", "none"].contains(&a.work_ability.as_str()) {
                e.add("work_ability-full", env.t("apply-work-ability-missing"));
            }
            if a.work_wishes.chars().count() > DETAIL_MAX {
                e.add("work_wishes", env.t("apply-text-too-long"));
            }
            if a.skills.chars().count() > DETAIL_MAX {
                e.add("skills", env.t("apply-text-too-long"));
            }
        }
        if e.is_empty() {
            for (s, el) in env.eligibility(a) {
                if a.services().contains(&s) && matches!(el, Eligibility::NotEligible(_)) {
                    e.add(
                        "benefits-dibao",
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
        }
        e
    }

    fn build(&self, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question> {
        let t = |k: &str| env.t(k);
        let mut b = Builder::new(errors);
        let mut options: Vec<Opt> = BENEFITS
            .into_iter()
            .map(|v| {
                Opt::among(
                    v,
                    t(&format!("benefit-{}", v.replace('_', "-"))),
                    &a.benefits,
                )
            })
            .collect();
        options.push(Opt::among("none", t("apply-benefits-none"), &a.benefits));
        b.choices(
            "checkbox",
            "benefits",
            t("apply-benefits-legend"),
            t("apply-benefits-hint"),
            options,
        );
        for code in facts_needed(env, a) {
            let current = a.facts.get(code).cloned().unwrap_or_default();
            let name: &'static str = code;
            b.choices(
                "radio",
                name,
                t(&format!("apply-fact-{code}")),
                String::new(),
                env.yes_no(&current),
            );
        }
        if wants_bank_card(a) {
            b.heading(t("apply-bank-heading"));
            b.para(t(if a.applying_as() == Some(ApplyingAs::Themself) {
                "apply-bank-own"
            } else {
                "apply-bank-guardian"
            }));
            b.text(
                "bank_holder",
                t("apply-bank-holder"),
                String::new(),
                &a.bank_holder,
                "cc-name",
            )
            .width = "input-w20";
            b.text(
                "bank_name",
                t("apply-bank-name"),
                t("apply-bank-name-hint"),
                &a.bank_name,
                "off",
            );
            b.text(
                "bank_card",
                t("apply-bank-card"),
                t("apply-bank-card-hint"),
                &a.bank_card,
                "cc-number",
            )
            .width = "input-w20";
        }
        if wants_employment(a) {
            b.heading(t("apply-work-heading"));
            b.choices(
                "radio",
                "work_ability",
                t("apply-work-ability-legend"),
                String::new(),
                ["full", "partial", "none"]
                    .into_iter()
                    .map(|v| Opt::new(v, t(&format!("apply-work-ability-{v}")), &a.work_ability))
                    .collect(),
            );
            b.text(
                "work_wishes",
                t("apply-work-wishes"),
                t("apply-work-wishes-hint"),
                &a.work_wishes,
                "off",
            )
            .multiline = true;
            b.text(
                "skills",
                t("apply-skills"),
                t("apply-skills-hint"),
                &a.skills,
                "off",
            )
            .multiline = true;
        }
        b.questions
    }
}

/// The yes/no questions a set of services needs (from the rules' missing facts).
pub fn facts_needed(env: &Env<'_>, a: &Answers) -> Vec<&'static str> {
    let blank = Answers {
        facts: Default::default(),
        ..a.clone()
    };
    let chosen = a.services();
    let mut needed = vec![];
    for (s, e) in env.eligibility(&blank) {
        if let Eligibility::NeedsInformation(missing) = e
            && chosen.contains(&s)
        {
            for m in missing {
                let code = match m {
                    Missing::Certificate => continue,
                    Missing::Student => "student",
                    Missing::PublicSector => "public_sector",
                    Missing::EmployeeScheme => "employee_pension",
                    Missing::LongTermCare => "long_term_care",
                    Missing::Employment => "employed",
                    Missing::AbleAndWilling => "able_and_willing",
                };
                if !needed.contains(&code) {
                    needed.push(code);
                }
            }
        }
    }
    needed
}

fn wants_bank_card(a: &Answers) -> bool {
    a.services().iter().any(|s| s.pays_into_bank_card())
}

fn wants_employment(a: &Answers) -> bool {
    a.services().iter().any(|s| {
        matches!(
            s,
            LinkedService::EmploymentTraining | LinkedService::EmploymentReferral
        )
    })
}
