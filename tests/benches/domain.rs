//! Criterion benchmarks of the domain core: `working_days::add`/`between` and each eligibility
//! check. Run with `cargo bench --bench domain`; figures go in docs/performance.md.

// Tests and measuring commands may unwrap (Cargo.toml `[lints]` is for the product).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use portal::domain::IdNumber;
use portal::domain::certificate::{CertificateStatus, Grade};
use portal::domain::eligibility::{self, Benefits, Certificate, Person};
use portal::domain::id_number::Sex;
use portal::domain::policy::HUNAN;
use portal::domain::working_days::{self, Calendar};

fn calendar() -> Calendar {
    Calendar::from_csv(include_str!("../fixtures/holidays_cn.csv")).unwrap()
}

fn bench_working_days(c: &mut Criterion) {
    let cal = calendar();
    let event = NaiveDate::from_ymd_opt(2026, 9, 28).unwrap();
    c.bench_function("working_days::add n=10 across National Day", |b| {
        b.iter(|| working_days::add(&cal, black_box(event), black_box(10)))
    });
    c.bench_function("working_days::add n=60", |b| {
        b.iter(|| working_days::add(&cal, black_box(event), black_box(60)))
    });
    let end = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    c.bench_function("working_days::between one quarter", |b| {
        b.iter(|| working_days::between(&cal, black_box(event), black_box(end)))
    });
}

fn bench_eligibility(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let person = Person {
        birth_date: NaiveDate::from_ymd_opt(1980, 5, 1).unwrap(),
        sex: Sex::Male,
        hukou_province: "43".into(),
        hukou_moved_out: false,
        deceased: false,
        student: Some(false),
        public_sector_staff: Some(false),
        in_employee_pension: Some(false),
        employed: Some(false),
        able_and_willing: Some(true),
        needs_long_term_care: Some(true),
    };
    let cert = Certificate {
        generation: 2,
        status: CertificateStatus::Valid,
        grade: Grade::Two,
    };
    let benefits = Benefits {
        dibao: true,
        ..Benefits::default()
    };
    c.bench_function("eligibility::living_subsidy", |b| {
        b.iter(|| eligibility::living_subsidy(black_box(&person), Some(&cert), &benefits, &HUNAN))
    });
    c.bench_function("eligibility::nursing_subsidy", |b| {
        b.iter(|| eligibility::nursing_subsidy(black_box(&person), Some(&cert), &benefits, &HUNAN))
    });
    c.bench_function("eligibility::resident_pension", |b| {
        b.iter(|| eligibility::resident_pension(black_box(&person), Some(&cert), &HUNAN, today))
    });
    c.bench_function("eligibility::resident_medical_insurance", |b| {
        b.iter(|| {
            eligibility::resident_medical_insurance(
                black_box(&person),
                Some(&cert),
                &benefits,
                &HUNAN,
            )
        })
    });
    c.bench_function("eligibility::employment_help", |b| {
        b.iter(|| eligibility::employment_help(black_box(&person), Some(&cert), &HUNAN, today))
    });
    c.bench_function("eligibility::individual_business", |b| {
        b.iter(|| eligibility::individual_business(black_box(&person)))
    });
    c.bench_function("IdNumber::parse", |b| {
        b.iter(|| IdNumber::parse(black_box("11010519491231002X")))
    });
}

criterion_group!(benches, bench_working_days, bench_eligibility);
criterion_main!(benches);
