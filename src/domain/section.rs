//! The sections of the one form, in order, and when each applies (GOV.UK task list).

use crate::domain::answers::Answers;
use crate::domain::matter::AssessmentNeed;

/// One topic of the form; one question page each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Who is applying, for whom.
    Who,
    /// The certificate held now, if any.
    Certificate,
    /// The certificate matter.
    Matter,
    /// Personal details.
    Personal,
    /// Hukou and residence address.
    Address,
    /// Guardian or contact person.
    Contact,
    /// Linked services chosen.
    Services,
    /// The chosen services' own questions.
    ServiceDetails,
    /// Assessment needs.
    Needs,
    /// How to receive the card.
    Delivery,
    /// One set of materials.
    Materials,
}

impl Section {
    /// The sections a county clerk may reopen for the applicant to correct (the others decide where
    /// and how the case is handled, and a new application is the way to change them).
    pub const REOPENABLE: [Section; 5] = [
        Section::Personal,
        Section::Contact,
        Section::ServiceDetails,
        Section::Needs,
        Section::Delivery,
    ];

    /// Every section, in the order of the form.
    pub const ALL: [Section; 11] = [
        Section::Who,
        Section::Certificate,
        Section::Matter,
        Section::Personal,
        Section::Address,
        Section::Contact,
        Section::Services,
        Section::ServiceDetails,
        Section::Needs,
        Section::Delivery,
        Section::Materials,
    ];

    /// URL segment and locale-key part.
    pub fn code(self) -> &'static str {
        match self {
            Section::Who => "who",
            Section::Certificate => "certificate",
            Section::Matter => "matter",
            Section::Personal => "personal",
            Section::Address => "address",
            Section::Contact => "contact",
            Section::Services => "services",
            Section::ServiceDetails => "service-details",
            Section::Needs => "needs",
            Section::Delivery => "delivery",
            Section::Materials => "materials",
        }
    }

    /// The section with this code.
    pub fn from_code(code: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the section is asked, given the answers so far.
    pub fn applies(self, a: &Answers) -> bool {
        match self {
            Section::ServiceDetails => !a.services().is_empty(),
            // Only a matter that (may) involve an assessment asks about assessment needs.
            Section::Needs => a
                .matter()
                .is_some_and(|m| m.assessment() != AssessmentNeed::Never),
            // No card follows from a cancellation or from services alone.
            Section::Delivery => {
                !a.matter.is_empty() && a.matter != "none" && a.matter != "cancellation"
            }
            _ => true,
        }
    }

    /// The next section that applies, after this one.
    pub fn next(self, a: &Answers) -> Option<Section> {
        Section::ALL
            .into_iter()
            .skip_while(|s| *s != self)
            .skip(1)
            .find(|s| s.applies(a))
    }

    /// The previous section that applies.
    pub fn previous(self, a: &Answers) -> Option<Section> {
        Section::ALL
            .into_iter()
            .take_while(|s| *s != self)
            .filter(|s| s.applies(a))
            .last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_that_do_not_apply_are_skipped() {
        let mut a = Answers {
            matter: "cancellation".into(),
            cancel_scope: "all".into(),
            cancel_reason: "recovery".into(),
            ..Answers::default()
        };
        assert_eq!(Section::Services.next(&a), Some(Section::Materials));
        assert_eq!(Section::Materials.previous(&a), Some(Section::Services));
        a.matter = "new".into();
        a.categories = vec!["4".into()];
        a.services = vec!["living_subsidy".into()];
        assert_eq!(Section::Services.next(&a), Some(Section::ServiceDetails));
        assert_eq!(Section::ServiceDetails.next(&a), Some(Section::Needs));
        assert_eq!(Section::Needs.next(&a), Some(Section::Delivery));
        assert_eq!(Section::Materials.next(&a), None);
        assert_eq!(
            Section::from_code("service-details"),
            Some(Section::ServiceDetails)
        );
        assert_eq!(Section::from_code("x"), None);
    }
}
