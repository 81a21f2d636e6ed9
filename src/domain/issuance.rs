//! What completing a certificate matter does to the person's certificates (001 §四, 000 §三(六)):
//! the certificate issued — its disability, number and validity — and what becomes of the one held
//! before (replaced, migrated out, cancelled). Pure: the caller stores both in the transaction of
//! the step that issues.

use chrono::NaiveDate;

use super::Category;
use super::certificate::{
    CertificateNumber, CertificateStatus, Component, Disability, RenewalKind, expiry_date,
    validity_after_renewal,
};
use super::id_number::IdNumber;
use super::matter::CertificateMatter;

/// The certificate held before the matter: from the portal's records, or as the applicant typed
/// it (a card issued before the portal, with the category and grade of its number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previous {
    /// Its disability.
    pub disability: Disability,
    /// Start of its validity.
    pub valid_from: NaiveDate,
    /// Its last valid day.
    pub expires_on: NaiveDate,
}

/// A certificate to issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    /// Its number (FACTS §3: ID number, category, grade).
    pub number: CertificateNumber,
    /// The disability it records.
    pub disability: Disability,
    /// Start of validity.
    pub valid_from: NaiveDate,
    /// Last valid day (10 years, 管理办法 第十九条).
    pub expires_on: NaiveDate,
}

/// What the matter does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The certificate issued, if any (none for a whole cancellation).
    pub issued: Option<Issued>,
    /// The previous certificate's new status, if it changes (it is also replaced by `issued`).
    pub previous_becomes: Option<CertificateStatus>,
}

/// Why a matter cannot be completed with what is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IssueError {
    /// An assessed matter without a conclusion that meets the standard.
    #[error("no conclusion that meets the standard")]
    ConclusionRequired,
    /// A matter about an existing certificate, without one.
    #[error("no certificate held")]
    PreviousRequired,
}

fn issued(id: &IdNumber, disability: Disability, from: NaiveDate, to: NaiveDate) -> Issued {
    Issued {
        number: CertificateNumber::derive(id, &disability),
        disability,
        valid_from: from,
        expires_on: to,
    }
}

/// 001 §四: the outcome of completing `matter` on `today` — new and change certificates from the
/// conclusion, valid 10 years from today (the change replaces the old one); an expiry renewal from
/// today (with a new conclusion when reassessed); a damaged-card renewal keeps the original
/// validity (001 §四(二)2), a data-update renewal starts anew; a migration keeps the validity
/// unless reassessed and migrates the old certificate out (001 §四(三)); a lost-card replacement
/// re-issues the same certificate, so the old card's code no longer verifies (001 §四(四)); a
/// cancellation ends the certificate, or re-issues it without the cancelled categories (001 §四(五)).
pub fn outcome(
    matter: &CertificateMatter,
    id: &IdNumber,
    conclusion: Option<Disability>,
    previous: Option<&Previous>,
    today: NaiveDate,
) -> Result<Outcome, IssueError> {
    let fresh = |d: Disability| issued(id, d, today, expiry_date(today));
    let prev = || previous.ok_or(IssueError::PreviousRequired);
    let replaced = |i: Issued| Outcome {
        issued: Some(i),
        previous_becomes: None,
    };
    Ok(match matter {
        CertificateMatter::New { .. } | CertificateMatter::Change => {
            replaced(fresh(conclusion.ok_or(IssueError::ConclusionRequired)?))
        }
        CertificateMatter::Renewal(RenewalKind::Expiry) => {
            let d = match conclusion {
                Some(d) => d,
                None => prev()?.disability.clone(),
            };
            replaced(fresh(d))
        }
        CertificateMatter::Renewal(kind) => {
            let p = prev()?;
            let (from, to) = validity_after_renewal(p.valid_from, *kind, today);
            replaced(issued(id, p.disability.clone(), from, to))
        }
        CertificateMatter::Migration => {
            let p = prev()?;
            let i = match conclusion {
                Some(d) => fresh(d),
                None => issued(id, p.disability.clone(), p.valid_from, p.expires_on),
            };
            Outcome {
                issued: Some(i),
                previous_becomes: Some(CertificateStatus::MigratedOut),
            }
        }
        CertificateMatter::Replacement => {
            let p = prev()?;
            replaced(issued(id, p.disability.clone(), p.valid_from, p.expires_on))
        }
        CertificateMatter::Cancellation { categories, .. } => {
            let p = prev()?;
            let remaining: Vec<Component> = p
                .disability
                .components()
                .into_iter()
                .filter(|c| !categories.contains(&c.category))
                .collect();
            match Disability::from_components(remaining) {
                Ok(d) if !categories.is_empty() => {
                    replaced(issued(id, d, p.valid_from, p.expires_on))
                }
                _ => Outcome {
                    issued: None,
                    previous_becomes: Some(CertificateStatus::Cancelled),
                },
            }
        }
    })
}

/// The previous certificate as the applicant typed it (number and issue date): one component,
/// the number's category and grade; 10 years from the issue date.
pub fn typed_previous(number: &CertificateNumber, issued_on: NaiveDate) -> Option<Previous> {
    let disability = if number.category() == Category::Multiple {
        // The components of a multiple disability are not in the number.
        return None;
    } else {
        Disability::Single(Component {
            category: number.category(),
            grade: number.grade(),
        })
    };
    Some(Previous {
        disability,
        valid_from: issued_on,
        expires_on: expiry_date(issued_on),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Grade;
    use crate::domain::matter::CancellationReason;
    use crate::domain::test_support::d;

    fn id() -> IdNumber {
        IdNumber::parse("11010519491231002X").unwrap()
    }

    fn single(category: Category, grade: Grade) -> Disability {
        Disability::Single(Component { category, grade })
    }

    fn multiple() -> Disability {
        Disability::from_components(vec![
            Component {
                category: Category::Physical,
                grade: Grade::Two,
            },
            Component {
                category: Category::Visual,
                grade: Grade::Three,
            },
        ])
        .unwrap()
    }

    fn previous() -> Previous {
        Previous {
            disability: multiple(),
            valid_from: d(2018, 3, 1),
            expires_on: d(2028, 2, 29),
        }
    }

    #[test]
    fn new_and_changed_certificates_come_from_the_conclusion_valid_ten_years() {
        let today = d(2026, 12, 1);
        let o = outcome(
            &CertificateMatter::New {
                categories: vec![Category::Physical],
            },
            &id(),
            Some(single(Category::Physical, Grade::Two)),
            None,
            today,
        )
        .unwrap();
        let i = o.issued.unwrap();
        assert_eq!(i.number.as_string(), "11010519491231002X42");
        assert_eq!((i.valid_from, i.expires_on), (today, d(2036, 11, 30)));
        assert_eq!(
            outcome(
                &CertificateMatter::Change,
                &id(),
                None,
                Some(&previous()),
                today
            ),
            Err(IssueError::ConclusionRequired)
        );
        // Multiple: 多重 graded by the most severe component.
        let m = outcome(
            &CertificateMatter::Change,
            &id(),
            Some(multiple()),
            Some(&previous()),
            today,
        )
        .unwrap()
        .issued
        .unwrap();
        assert_eq!(m.number.as_string(), "11010519491231002X72");
    }

    #[test]
    fn renewals_replacements_and_migrations_keep_or_renew_the_validity_by_kind() {
        let today = d(2026, 12, 1);
        let p = previous();
        let run = |m: CertificateMatter, c: Option<Disability>| {
            outcome(&m, &id(), c, Some(&p), today).unwrap()
        };
        let damaged = run(CertificateMatter::Renewal(RenewalKind::Damaged), None)
            .issued
            .unwrap();
        assert_eq!(
            (damaged.valid_from, damaged.expires_on),
            (p.valid_from, p.expires_on)
        );
        let expiry = run(CertificateMatter::Renewal(RenewalKind::Expiry), None)
            .issued
            .unwrap();
        assert_eq!(expiry.valid_from, today);
        assert_eq!(expiry.disability, p.disability);
        let lost = run(CertificateMatter::Replacement, None);
        assert_eq!(lost.previous_becomes, None, "replaced, not cancelled");
        assert_eq!(lost.issued.unwrap().expires_on, p.expires_on);
        let moved = run(CertificateMatter::Migration, None);
        assert_eq!(moved.previous_becomes, Some(CertificateStatus::MigratedOut));
        assert_eq!(moved.issued.unwrap().valid_from, p.valid_from);
        let reassessed = run(
            CertificateMatter::Migration,
            Some(single(Category::Physical, Grade::One)),
        );
        assert_eq!(reassessed.issued.unwrap().valid_from, today);
        assert_eq!(
            outcome(&CertificateMatter::Replacement, &id(), None, None, today),
            Err(IssueError::PreviousRequired)
        );
    }

    #[test]
    fn a_cancellation_ends_the_certificate_or_reissues_it_without_the_cancelled_categories() {
        let today = d(2026, 12, 1);
        let cancel = |categories: Vec<Category>| {
            outcome(
                &CertificateMatter::Cancellation {
                    categories,
                    reason: CancellationReason::Recovery,
                },
                &id(),
                None,
                Some(&previous()),
                today,
            )
            .unwrap()
        };
        let whole = cancel(vec![]);
        assert_eq!(whole.issued, None);
        assert_eq!(whole.previous_becomes, Some(CertificateStatus::Cancelled));
        let some = cancel(vec![Category::Visual]).issued.unwrap();
        assert_eq!(
            some.number.as_string(),
            "11010519491231002X42",
            "physical grade 2 remains"
        );
        assert_eq!(some.valid_from, d(2018, 3, 1));
        let all = cancel(vec![Category::Visual, Category::Physical]);
        assert_eq!(all.previous_becomes, Some(CertificateStatus::Cancelled));
    }

    #[test]
    fn a_typed_certificate_gives_its_single_category_and_ten_years() {
        let n = CertificateNumber::parse("11010519491231002X43").unwrap();
        let p = typed_previous(&n, d(2017, 5, 2)).unwrap();
        assert_eq!(p.disability, single(Category::Physical, Grade::Three));
        assert_eq!(p.expires_on, d(2027, 5, 1));
        let m = CertificateNumber::parse("11010519491231002X72").unwrap();
        assert_eq!(typed_previous(&m, d(2017, 5, 2)), None);
    }
}
