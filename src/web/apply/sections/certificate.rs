//! 持证情况: the certificate held now, if any (number, issue date, a cancelled one), which
//! decides the matters that apply (001 §四).

use super::prelude::*;

/// The section's page.
pub struct Page;

impl SectionPage for Page {
    fn read(&self, a: &mut Answers, f: &Fields) {
        a.held = f.get("held");
        a.cert_number = f.get("cert_number");
        a.cert_issued = f.get("cert_issued");
        a.cert_cancelled = f.get("cert_cancelled");
        a.visual_pre2018 = f.get("visual_pre2018");
    }

    fn validate(&self, a: &Answers, env: &Env<'_>) -> FormErrors {
        let mut e = FormErrors::default();
        match (a.held.as_str(), a.held_status()) {
            ("none", _) => {}
            (_, Some(_)) => {
                match CertificateNumber::parse(&a.cert_number) {
                    _ if a.cert_number.is_empty() => {
                        e.add("cert_number", env.t("apply-cert-number-empty"))
                    }
                    Err(_) => e.add("cert_number", env.t("apply-cert-number-format")),
                    Ok(n) => {
                        if env
                            .subject
                            .as_ref()
                            .is_some_and(|s| s.id.as_str() != n.id_number().as_str())
                        {
                            e.add("cert_number", env.t("apply-cert-number-other"));
                        }
                    }
                }
                let issued = check_date(
                    env,
                    &mut e,
                    "cert_issued",
                    &a.cert_issued,
                    "apply-cert-issued-empty",
                );
                // 001 §四(二)1, §四(三): a card from before 2018 may have been assessed by sight.
                if !a.held_was_cancelled()
                    && issued.is_some_and(|i| i.year() < 2018)
                    && !["yes", "no", "unknown"].contains(&a.visual_pre2018.as_str())
                {
                    e.add("visual_pre2018-yes", env.t("apply-visual-missing"));
                }
                if a.held_was_cancelled()
                    && let Some(c) = check_date(
                        env,
                        &mut e,
                        "cert_cancelled",
                        &a.cert_cancelled,
                        "apply-cert-cancelled-empty",
                    )
                    && issued.is_some_and(|i| c < i)
                {
                    e.add("cert_cancelled", env.t("apply-cert-cancelled-before"));
                }
            }
            _ => e.add("held-none", env.t("apply-held-missing")),
        };
        e
    }

    fn build(&self, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question> {
        let t = |k: &str| env.t(k);
        let mut b = Builder::new(errors);
        b.choices(
            "radio",
            "held",
            t("apply-held-legend"),
            t("apply-held-hint"),
            std::iter::once("none")
                .chain(Answers::HELD_STATUSES.map(|s| s.code()))
                .map(|v| Opt::new(v, t(&format!("apply-held-{v}")), &a.held))
                .collect(),
        );
        b.heading_when(
            t("apply-cert-heading"),
            "held:valid,expired,frozen,cancelled",
        );
        b.text(
            "cert_number",
            t("apply-cert-number"),
            t("apply-cert-number-hint"),
            &a.cert_number,
            "off",
        )
        .width = "input-w20";
        b.text(
            "cert_issued",
            t("apply-cert-issued"),
            t("apply-date-hint"),
            &a.cert_issued,
            "off",
        )
        .width = "input-w10";
        b.text(
            "cert_cancelled",
            t("apply-cert-cancelled"),
            t("apply-cert-cancelled-hint"),
            &a.cert_cancelled,
            "off",
        )
        .width = "input-w10";
        b.choices(
            "radio",
            "visual_pre2018",
            t("apply-visual-legend"),
            t("apply-visual-hint"),
            ["yes", "no", "unknown"]
                .into_iter()
                .map(|v| Opt::new(v, t(&format!("apply-visual-{v}")), &a.visual_pre2018))
                .collect(),
        );
        b.questions
    }
}
