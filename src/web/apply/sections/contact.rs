//! 联系人: a contact person other than the applicant (003 附件2).

use super::prelude::*;

/// The section's page.
pub struct Page;

impl SectionPage for Page {
    fn read(&self, a: &mut Answers, f: &Fields) {
        a.contact_name = f.get("contact_name");
        a.contact_phone = f.get("contact_phone");
        a.contact_relationship = f.get("contact_relationship");
    }

    fn validate(&self, a: &Answers, env: &Env<'_>) -> FormErrors {
        let mut e = FormErrors::default();
        let required = a.applying_as() != Some(ApplyingAs::Themself);
        let any = !(a.contact_name.is_empty()
            && a.contact_phone.is_empty()
            && a.contact_relationship.is_empty());
        if required || any {
            if a.contact_name.is_empty() {
                e.add("contact_name", env.t("apply-contact-name-empty"));
            } else if RealName::parse(&a.contact_name).is_err() {
                e.add("contact_name", env.t("register-name-characters"));
            }
            check_mobile(env, &mut e, "contact_phone", &a.contact_phone);
            if !env.reference.has_relationship(&a.contact_relationship) {
                e.add("contact_relationship", env.t("people-relationship-missing"));
            }
        }
        e
    }

    fn build(&self, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question> {
        let t = |k: &str| env.t(k);
        let mut b = Builder::new(errors);
        b.para(t(if a.applying_as() == Some(ApplyingAs::Themself) {
            "apply-contact-optional"
        } else {
            "apply-contact-guardian"
        }));
        b.text(
            "contact_name",
            t("apply-contact-name"),
            String::new(),
            &a.contact_name,
            "name",
        )
        .width = "input-w20";
        let p = b.text(
            "contact_phone",
            t("apply-phone"),
            t("apply-phone-hint"),
            &a.contact_phone,
            "tel",
        );
        p.kind = "tel";
        p.width = "input-w20";
        b.select(
            "contact_relationship",
            t("people-relationship-label"),
            t("apply-choose"),
            env.codes(
                "relationship",
                &env.reference.relationships,
                &a.contact_relationship,
            ),
            None,
            "",
            String::new(),
        );
        b.questions
    }
}
