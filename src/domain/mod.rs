//! The rules of the service as plain Rust: no web framework, no database, no IO.
//!
//! Each public item cites the seed document (`../shared/seeds/NNN_*.txt`) or standard it encodes.

pub mod annual_review;
pub mod answers;
pub mod application;
pub mod appointment;
pub mod bundle_limit;
pub mod card_delivery;
pub mod case_file;
pub mod certificate;
pub mod channel;
pub mod code;
pub mod contact;
pub mod deadlines;
pub mod delivery;
pub mod e_certificate;
pub mod eligibility;
pub mod entry;
pub mod holiday_notice;
pub mod id_number;
pub mod identity;
pub mod issuance;
pub mod item;
pub mod jurisdiction;
pub mod material;
pub mod materials;
pub mod matter;
pub mod objection;
pub mod office;
pub mod old_card;
pub mod one_time_code;
pub mod password;
pub mod person_name;
pub mod policy;
pub mod prefill;
pub mod progress;
pub mod publication;
pub mod rating;
pub mod representation;
pub mod review;
pub mod role;
pub mod section;
pub mod service_flow;
pub mod service_outcome;
pub mod service_timing;
pub mod upload;
pub mod workflow;
pub mod working_days;

pub use certificate::{Category, CertificateNumber, CertificateStatus, Disability, Grade};
pub use contact::{BankCardNumber, EmailAddress, MobileNumber, Postcode};
pub use id_number::{IdNumber, Sex};
pub use matter::{CertificateMatter, LinkedService};
pub use password::NewPassword;
pub use person_name::RealName;
pub use role::Role;
pub use working_days::Calendar;

/// Shared helpers for the domain's unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use chrono::NaiveDate;

    /// A date, for tables of test cases.
    pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a valid test date")
    }

    /// The day the rules are judged on in tests (a Sunday).
    pub const TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 22) {
        Some(d) => d,
        None => panic!("valid date"),
    };
}
