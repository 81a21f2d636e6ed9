//! 个人信息: ethnic group, marital status and education (GB/T 3304, 2261.2, 4658 code lists) and
//! how to reach the applicant (003 附件2).

use super::prelude::*;

/// The section's page.
pub struct Page;

impl SectionPage for Page {
    fn read(&self, a: &mut Answers, f: &Fields) {
        a.ethnicity = f.get("ethnicity");
        a.marital = f.get("marital");
        a.education = f.get("education");
        a.phone = f.get("phone");
        a.email = f.get("email");
    }

    fn validate(&self, a: &Answers, env: &Env<'_>) -> FormErrors {
        let mut e = FormErrors::default();
        if !env
            .reference
            .ethnic_groups
            .iter()
            .any(|(c, _)| c == &a.ethnicity)
        {
            e.add("ethnicity", env.t("apply-ethnicity-missing"));
        }
        if !env
            .reference
            .marital_statuses
            .iter()
            .any(|(c, _)| c == &a.marital)
        {
            e.add("marital", env.t("apply-marital-missing"));
        }
        if !env
            .reference
            .education_levels
            .iter()
            .any(|(c, _)| c == &a.education)
        {
            e.add("education", env.t("apply-education-missing"));
        }
        check_mobile(env, &mut e, "phone", &a.phone);
        if !a.email.is_empty() && EmailAddress::parse(&a.email).is_err() {
            e.add("email", env.t("email-format"));
        }
        e
    }

    fn build(&self, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question> {
        let t = |k: &str| env.t(k);
        let mut b = Builder::new(errors);
        if let Some(s) = &env.subject {
            b.para(env.lang.t_args(
                "apply-personal-subject",
                &[("name", s.name.clone()), ("id", s.id.masked())],
            ));
        }
        let choose = t("apply-choose");
        b.select(
            "ethnicity",
            t("apply-ethnicity"),
            choose.clone(),
            env.codes("ethnic", &env.reference.ethnic_groups, &a.ethnicity),
            None,
            "",
            String::new(),
        );
        b.select(
            "marital",
            t("apply-marital"),
            choose.clone(),
            env.codes("marital", &env.reference.marital_statuses, &a.marital),
            None,
            "",
            String::new(),
        );
        b.select(
            "education",
            t("apply-education"),
            choose,
            env.codes("education", &env.reference.education_levels, &a.education),
            None,
            "",
            String::new(),
        );
        let p = b.text(
            "phone",
            t("apply-phone"),
            t("apply-phone-hint"),
            &a.phone,
            "tel",
        );
        p.kind = "tel";
        p.width = "input-w20";
        let m = b.text(
            "email",
            t("apply-email"),
            t("apply-email-hint"),
            &a.email,
            "email",
        );
        m.kind = "email";
        b.questions
    }
}
