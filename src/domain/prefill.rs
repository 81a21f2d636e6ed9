//! The form a clerk opens at the window, filled from what the system already holds about the
//! person (004 三(三)1 and 附件3 五(三)2: the window's form “自动形成…调取可共享的信息数据”, then
//! completed by asking the person; 003 附件1 “或系统获取”).

use chrono::NaiveDate;

use super::answers::Answers;
use super::channel::Present;

/// A certificate the person holds, as the register has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldCertificate {
    /// Its number.
    pub number: String,
    /// The day it was issued.
    pub issued_on: NaiveDate,
}

/// What the system holds about the person.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The answers of their latest application.
    pub earlier: Option<Answers>,
    /// Their valid certificate.
    pub certificate: Option<HeldCertificate>,
    /// The mobile number on record.
    pub phone: Option<String>,
}

/// A new form for the person: who is at the window, and from the records the personal details,
/// addresses, contact person and the certificate held. What this application is for (the matter,
/// the services and their answers, needs, the delivery, the materials) is asked afresh.
pub fn prefilled(known: &Known, present: Present) -> Answers {
    let mut a = Answers {
        applying_as: match present {
            Present::Person => "self",
            Present::Guardian => "guardian",
        }
        .to_owned(),
        ..Answers::default()
    };
    if let Some(e) = &known.earlier {
        a.ethnicity.clone_from(&e.ethnicity);
        a.marital.clone_from(&e.marital);
        a.education.clone_from(&e.education);
        a.phone.clone_from(&e.phone);
        a.email.clone_from(&e.email);
        a.hukou.clone_from(&e.hukou);
        a.hukou_detail.clone_from(&e.hukou_detail);
        a.same_residence.clone_from(&e.same_residence);
        a.residence.clone_from(&e.residence);
        a.residence_detail.clone_from(&e.residence_detail);
        a.contact_name.clone_from(&e.contact_name);
        a.contact_phone.clone_from(&e.contact_phone);
        a.contact_relationship.clone_from(&e.contact_relationship);
    }
    if let Some(phone) = &known.phone {
        a.phone.clone_from(phone);
    }
    if let Some(c) = &known.certificate {
        a.held = "valid".to_owned();
        a.cert_number.clone_from(&c.number);
        a.cert_issued = c.issued_on.format("%Y-%m-%d").to_string();
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::d;

    #[test]
    fn a_person_unknown_to_the_system_gets_an_empty_form_with_who_is_present() {
        let a = prefilled(&Known::default(), Present::Guardian);
        assert_eq!(a.applying_as, "guardian");
        assert!(a.phone.is_empty() && a.held.is_empty() && a.hukou[0].is_empty());
    }

    #[test]
    fn records_fill_the_person_but_not_what_they_apply_for() {
        let earlier = Answers {
            phone: "13900000001".into(),
            ethnicity: "01".into(),
            hukou: [
                "430000".into(),
                "430100".into(),
                "430102".into(),
                String::new(),
            ],
            matter: "new".into(),
            services: vec!["living_subsidy".into()],
            bank_card: "6222020200112233445".into(),
            ..Answers::default()
        };
        let known = Known {
            earlier: Some(earlier),
            certificate: Some(HeldCertificate {
                number: "43010219850512001X41".into(),
                issued_on: d(2020, 5, 6),
            }),
            phone: Some("13900000009".into()),
        };
        let a = prefilled(&known, Present::Person);
        assert_eq!(a.applying_as, "self");
        assert_eq!(a.ethnicity, "01");
        assert_eq!(a.hukou[2], "430102");
        // The mobile number on record wins over an older application's.
        assert_eq!(a.phone, "13900000009");
        assert_eq!(
            (a.held.as_str(), a.cert_issued.as_str()),
            ("valid", "2020-05-06")
        );
        assert!(a.matter.is_empty() && a.services.is_empty() && a.bank_card.is_empty());
    }
}
