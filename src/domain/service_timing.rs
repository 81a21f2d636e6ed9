//! When the help of a linked service starts, by the rule of the hukou province (issue #17 item
//! 14): 003 附件4 3 (湖南: “对重度残疾人…政府集中代缴保费，原则上在每年9月底完成”), 004 三(三)2 (河南:
//! “在当年12月份前（当年到达领取待遇年龄的，当年费用应于到龄前一个月缴纳）完成养老保险费代缴”), and
//! 003 附件5 4 (湖南: “每年9-12月为下一年度居民集中参保缴费期…不再追补参保资助费用，从下一个集中参保
//! 缴费期开始享受”).

use chrono::{Datelike, NaiveDate};

use super::matter::LinkedService;
use super::policy::{Profile, ProvincePolicy};

/// When the help starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpStarts {
    /// The government's collective pension payment for the person is made by this day (Hunan:
    /// the next end of September).
    PensionPaidBy(NaiveDate),
    /// The pension payment is made by this day (Henan: before December of the year), or a month
    /// before the person reaches pension age when that falls in the year.
    PensionPaidBeforeDecember(NaiveDate),
    /// The medical insurance subsidy covers insurance years from `year`: paid in the enrollment
    /// period of September to December before it; nothing earlier is subsidised afterwards.
    MedicalSubsidyFrom {
        /// The first insurance year subsidised.
        year: i32,
        /// The enrollment period it is paid in: its first day …
        enrollment_from: NaiveDate,
        /// … and its last.
        enrollment_to: NaiveDate,
    },
}

/// A start with the clause it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// When.
    pub starts: HelpStarts,
    /// Seed file and clause.
    pub seed: &'static str,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MAX)
}

/// When `service`'s help starts for a person granted it (or expecting it) on `on`, under the
/// hukou province's `policy`; `None` where no seed sets a time.
pub fn help_starts(
    policy: &ProvincePolicy,
    service: LinkedService,
    on: NaiveDate,
) -> Option<Timing> {
    let year = on.year();
    match (policy.profile, service) {
        (Profile::Hunan, LinkedService::ResidentPension) => {
            let this_year = ymd(year, 9, 30);
            let by = if on <= this_year {
                this_year
            } else {
                ymd(year + 1, 9, 30)
            };
            Some(Timing {
                starts: HelpStarts::PensionPaidBy(by),
                seed: "003 附件4 3",
            })
        }
        (Profile::Henan, LinkedService::ResidentPension) => {
            // “12月份前”: by the last day of November; granted in December, the next year's.
            let this_year = ymd(year, 11, 30);
            let by = if on <= this_year {
                this_year
            } else {
                ymd(year + 1, 11, 30)
            };
            Some(Timing {
                starts: HelpStarts::PensionPaidBeforeDecember(by),
                seed: "004 三(三)2",
            })
        }
        (Profile::Hunan, LinkedService::ResidentMedicalInsurance) => {
            // The enrollment period Sep–Dec of a year is for the next year; after it, no
            // retroactive subsidy: in every month the first period still to come (or open) is
            // this year's, for next year.
            Some(Timing {
                starts: HelpStarts::MedicalSubsidyFrom {
                    year: year + 1,
                    enrollment_from: ymd(year, 9, 1),
                    enrollment_to: ymd(year, 12, 31),
                },
                seed: "003 附件5 4",
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{HENAN, HUNAN, NATIONAL, ZHEJIANG};
    use crate::domain::test_support::d;

    #[test]
    fn when_help_starts_by_the_hukou_provinces_clause() {
        use HelpStarts::*;
        use LinkedService::*;
        let cases: [(
            &ProvincePolicy,
            LinkedService,
            NaiveDate,
            Option<HelpStarts>,
        ); 9] = [
            // 003 附件4 3: by the end of September — this year's, or next year's once past.
            (
                &HUNAN,
                ResidentPension,
                d(2026, 3, 2),
                Some(PensionPaidBy(d(2026, 9, 30))),
            ),
            (
                &HUNAN,
                ResidentPension,
                d(2026, 9, 30),
                Some(PensionPaidBy(d(2026, 9, 30))),
            ),
            (
                &HUNAN,
                ResidentPension,
                d(2026, 10, 1),
                Some(PensionPaidBy(d(2027, 9, 30))),
            ),
            // 004 三(三)2: before December.
            (
                &HENAN,
                ResidentPension,
                d(2026, 11, 30),
                Some(PensionPaidBeforeDecember(d(2026, 11, 30))),
            ),
            (
                &HENAN,
                ResidentPension,
                d(2026, 12, 1),
                Some(PensionPaidBeforeDecember(d(2027, 11, 30))),
            ),
            // 003 附件5 4: Sep–Dec enrollment for the next year; never retroactive.
            (
                &HUNAN,
                ResidentMedicalInsurance,
                d(2026, 5, 6),
                Some(MedicalSubsidyFrom {
                    year: 2027,
                    enrollment_from: d(2026, 9, 1),
                    enrollment_to: d(2026, 12, 31),
                }),
            ),
            (
                &HUNAN,
                ResidentMedicalInsurance,
                d(2026, 12, 3),
                Some(MedicalSubsidyFrom {
                    year: 2027,
                    enrollment_from: d(2026, 9, 1),
                    enrollment_to: d(2026, 12, 31),
                }),
            ),
            // No seed sets a time for Henan's medical insurance, or for other provinces.
            (&HENAN, ResidentMedicalInsurance, d(2026, 5, 6), None),
            (&ZHEJIANG, ResidentPension, d(2026, 5, 6), None),
        ];
        for (policy, service, on, want) in cases {
            assert_eq!(
                help_starts(policy, service, on).map(|t| t.starts),
                want,
                "{} {service:?} {on}",
                policy.profile.code()
            );
        }
        assert_eq!(help_starts(&NATIONAL, LivingSubsidy, d(2026, 1, 5)), None);
    }
}
