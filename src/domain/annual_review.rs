//! 网上年审 (001 通知六: “规范残疾人证年审制度，结合年度动态更新工作，在系统平台中同步实现网上年审”):
//! once a calendar year the holder (or a confirmed representative) checks the certificate's
//! details online and says whether anything changed; the portal reminds them and keeps the record.

use chrono::{Datelike, NaiveDate};

use super::CertificateStatus;

/// Where a certificate stands with this year's review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewDue {
    /// Not for this certificate now: not valid, or issued this year (issue is this year's check).
    NotDue,
    /// This year's review is to be done.
    Due(i32),
    /// This year's review was done.
    Done(i32),
}

/// This year's review for a certificate with `status`, issued on `issued_on`, last reviewed in
/// `last_year`, on `today`.
pub fn due(
    status: CertificateStatus,
    issued_on: NaiveDate,
    last_year: Option<i32>,
    today: NaiveDate,
) -> ReviewDue {
    let year = today.year();
    if status != CertificateStatus::Valid || issued_on.year() >= year {
        return ReviewDue::NotDue;
    }
    if last_year.is_some_and(|y| y >= year) {
        ReviewDue::Done(year)
    } else {
        ReviewDue::Due(year)
    }
}

/// What the holder answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The details are right and nothing changed.
    Unchanged,
    /// Something changed: what, in the holder's words (the county updates the record; a changed
    /// disability is a category/grade change application).
    Changed(String),
}

/// Why an answer is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// Neither choice was made.
    #[error("choose whether anything changed")]
    NoChoice,
    /// “Changed” without saying what.
    #[error("say what changed")]
    NothingSaid,
    /// More than 500 characters.
    #[error("at most 500 characters")]
    TooLong,
}

/// Reads the form's `changed` (yes / no) and `what`.
pub fn answer(changed: &str, what: &str) -> Result<Answer, AnswerError> {
    let what = what.trim();
    match changed {
        "no" => Ok(Answer::Unchanged),
        "yes" if what.is_empty() => Err(AnswerError::NothingSaid),
        "yes" if what.chars().count() > 500 => Err(AnswerError::TooLong),
        "yes" => Ok(Answer::Changed(what.to_owned())),
        _ => Err(AnswerError::NoChoice),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::d;
    use CertificateStatus::*;

    #[test]
    fn a_review_is_due_once_a_year_for_a_valid_certificate_issued_before_it() {
        let today = d(2026, 12, 3);
        for (status, issued, last, want) in [
            (Valid, d(2024, 5, 1), None, ReviewDue::Due(2026)),
            (Valid, d(2024, 5, 1), Some(2025), ReviewDue::Due(2026)),
            (Valid, d(2024, 5, 1), Some(2026), ReviewDue::Done(2026)),
            (Valid, d(2026, 2, 1), None, ReviewDue::NotDue),
            (Frozen, d(2024, 5, 1), None, ReviewDue::NotDue),
            (Cancelled, d(2024, 5, 1), None, ReviewDue::NotDue),
        ] {
            assert_eq!(
                due(status, issued, last, today),
                want,
                "{status:?} {issued} {last:?}"
            );
        }
    }

    #[test]
    fn the_answer_says_what_changed_or_that_nothing_did() {
        assert_eq!(answer("no", ""), Ok(Answer::Unchanged));
        assert_eq!(answer("yes", "  "), Err(AnswerError::NothingSaid));
        assert_eq!(answer("", "x"), Err(AnswerError::NoChoice));
        assert_eq!(
            answer("yes", " 搬到了雨花区 "),
            Ok(Answer::Changed("搬到了雨花区".into()))
        );
        assert_eq!(answer("yes", &"字".repeat(501)), Err(AnswerError::TooLong));
    }
}
