//! 证件领取方式: how the card reaches the person — the ways the residence province offers
//! (`domain::card_delivery`): by post to an address, through the township (000 §三(三)), or
//! collected at a window where the province offers it (004 附件1 十(一)1).

use super::prelude::*;
use crate::domain::card_delivery::CardDelivery;

/// The section's page.
pub struct Page;

impl SectionPage for Page {
    fn read(&self, a: &mut Answers, f: &Fields) {
        a.delivery = f.get("delivery");
        a.post_address = f.get("post_address");
        a.postcode = f.get("postcode");
    }

    fn validate(&self, a: &Answers, env: &Env<'_>) -> FormErrors {
        let mut e = FormErrors::default();
        let offered = a.card_deliveries();
        match CardDelivery::from_code(&a.delivery).filter(|d| offered.contains(d)) {
            Some(CardDelivery::Township | CardDelivery::Window) => {}
            Some(CardDelivery::Post) => {
                check_text(
                    env,
                    &mut e,
                    "post_address",
                    &a.post_address,
                    "apply-post-address-empty",
                );
                if a.postcode.is_empty() {
                    e.add("postcode", env.t("apply-postcode-empty"));
                } else if Postcode::parse(&a.postcode).is_err() {
                    e.add("postcode", env.t("apply-postcode-format"));
                }
            }
            _ => e.add("delivery-post", env.t("apply-delivery-missing")),
        };
        e
    }

    fn build(&self, a: &Answers, env: &Env<'_>, errors: &FormErrors) -> Vec<Question> {
        let t = |k: &str| env.t(k);
        let mut b = Builder::new(errors);
        b.choices(
            "radio",
            "delivery",
            t("apply-delivery-legend"),
            String::new(),
            a.card_deliveries()
                .iter()
                .map(|d| {
                    let v = d.code();
                    Opt::new(v, t(&format!("apply-delivery-{v}")), &a.delivery)
                        .hint(t(&format!("apply-delivery-{v}-hint")))
                })
                .collect(),
        );
        b.heading_when(t("apply-post-heading"), "delivery:post");
        b.text(
            "post_address",
            t("apply-post-address"),
            t("apply-post-address-hint"),
            &a.post_address,
            "street-address",
        );
        b.text(
            "postcode",
            t("apply-postcode"),
            t("apply-postcode-hint"),
            &a.postcode,
            "postal-code",
        )
        .width = "input-w10";
        b.questions
    }
}
