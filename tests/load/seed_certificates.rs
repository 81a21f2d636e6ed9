//! Data generator for the verification benchmark (a command, not a test): N holders and their
//! certificates, streamed with `COPY … FROM STDIN`, and a sample of verification paths signed
//! with the keys the portal under test is given.
//!
//! ```sh
//! cargo run --release --example seed_certificates -- DATABASE_URL KEYS [ROWS] [SAMPLE_FILE]
//! ```
//!
//! KEYS is the `PORTAL_SIGNING_KEYS` value the portal runs with (`kid:hex`); ROWS defaults to
//! 2,000,000 (one in fifty frozen, one in a hundred replaced by a newer record, so the page's
//! every verdict is exercised). SAMPLE_FILE (default `target/load/verify.txt`) receives one
//! `/verify?t=<token>` path per line for the load script.

// Tests and measuring commands may unwrap (Cargo.toml `[lints]` is for the product).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use portal::domain::certificate::expiry_date;
use portal::domain::e_certificate::Keyring;
use portal::domain::id_number::check_char;
use tokio_postgres::NoTls;

#[path = "copy.rs"]
mod copy;
use copy::{copy, next_id};

const SURNAMES: [&str; 8] = ["张", "王", "李", "赵", "刘", "陈", "欧阳", "诸葛"];
const GIVEN: [&str; 6] = ["明", "小红", "建国", "娜", "秀英", "志强"];

fn id_number(i: u64, counties: &[String]) -> (String, String) {
    let county = &counties[(i as usize) % counties.len()];
    let k = i / counties.len() as u64;
    let born = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap() + Days::new(k % 25_000);
    let first17 = format!(
        "{county}{}{:03}",
        born.format("%Y%m%d"),
        800 + (k / 25_000) % 100
    );
    let check = check_char(&first17).expect("17 digits") as char;
    (format!("{first17}{check}"), county.clone())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: seed_certificates DATABASE_URL KEYS [ROWS] [SAMPLE]";
    let url = args.next().ok_or_else(|| anyhow::anyhow!(usage))?;
    let keys = Keyring::parse(&args.next().ok_or_else(|| anyhow::anyhow!(usage))?)
        .map_err(|e| anyhow::anyhow!("KEYS: {e}"))?;
    let rows: u64 = args.next().map_or(Ok(2_000_000), |r| r.parse())?;
    let sample = args
        .next()
        .unwrap_or_else(|| "target/load/verify.txt".to_owned());
    let (client, connection) = tokio_postgres::connect(&url, NoTls).await?;
    tokio::spawn(connection);
    let started = Instant::now();
    let counties: Vec<String> = client
        .query(
            "SELECT code FROM divisions WHERE level = 3 AND NOT statistical_only ORDER BY code",
            &[],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let (person0, cert0) = (
        next_id(&client, "people").await?,
        next_id(&client, "certificates").await?,
    );
    let i64_of = |i: u64| i64::try_from(i).expect("fits");
    copy(
        &client,
        "people",
        "id, id_number, real_name",
        rows,
        |i, b| {
            let (id, _) = id_number(i, &counties);
            let name = format!(
                "{}{}",
                SURNAMES[(i % 8) as usize],
                GIVEN[((i / 8) % 6) as usize]
            );
            let _ = writeln!(b, "{}\t{id}\t{name}", person0 + i64_of(i));
        },
    )
    .await?;
    let issued = |i: u64| NaiveDate::from_ymd_opt(2017, 1, 1).unwrap() + Days::new(i % 3_500);
    let number = |i: u64| {
        let (id, _) = id_number(i, &counties);
        format!("{id}{}{}", 1 + i % 6, 1 + (i / 6) % 4)
    };
    copy(
        &client,
        "certificates",
        "id, person_id, number, category, grade, components, issued_on, valid_from, expires_on, \
         status, status_version, status_since, issuing_county",
        rows,
        |i, b| {
            let (_, county) = id_number(i, &counties);
            let (category, grade) = (1 + i % 6, 1 + (i / 6) % 4);
            let on = issued(i);
            let status = if i % 50 == 7 { "frozen" } else { "valid" };
            let _ = writeln!(
                b,
                "{}\t{}\t{}\t{category}\t{grade}\t[{{\"category\": {category}, \"grade\": {grade}}}]\t{on}\t{on}\t{}\t{status}\t1\t{on}\t{county}",
                cert0 + i64_of(i),
                person0 + i64_of(i),
                number(i),
                expiry_date(on),
            );
        },
    )
    .await?;
    // One in a hundred was replaced by a newer record (a lost card re-issued).
    client
        .execute(
            "UPDATE certificates SET superseded_by = id + 1 WHERE id % 100 = 3 AND id >= $1 \
             AND id < (SELECT max(id) FROM certificates)",
            &[&cert0],
        )
        .await?;
    for (table, seq) in [
        ("people", "people_id_seq"),
        ("certificates", "certificates_id_seq"),
    ] {
        client
            .execute(
                &format!("SELECT setval('{seq}', (SELECT max(id) FROM {table}))"),
                &[],
            )
            .await?;
    }
    client
        .batch_execute("VACUUM (ANALYZE) people, certificates")
        .await?;
    if let Some(dir) = std::path::Path::new(&sample).parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut lines = String::new();
    // 20,000 certificates spread over all: few enough lines for wrk to read before it measures.
    for i in (0..rows).step_by(usize::try_from((rows / 20_000).max(1))?) {
        let token = keys.sign(cert0 + i64_of(i), &number(i), 1);
        let _ = writeln!(lines, "/verify?t={token}");
    }
    std::fs::write(&sample, lines)?;
    eprintln!(
        "seeded {rows} certificates in {:.1} s; verification sample in {sample}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
