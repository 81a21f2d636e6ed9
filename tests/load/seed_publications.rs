//! Data generator for the 评残公示 benchmark (a command, not a test): N published cases with their
//! people, applications, matter items and public entries, streamed with `COPY … FROM STDIN`.
//!
//! ```sh
//! cargo run --release --example seed_publications -- DATABASE_URL [ROWS] [SAMPLE_FILE]
//! ```
//!
//! ROWS defaults to 1,000,000. A tenth of them belong to 长沙市芙蓉区 (430102), so that its listing
//! has deep pages; the rest are spread over every county. Every entry is in public view today
//! (published in the last 40 days; dates from the official calendar). The rows go in with the
//! triggers off (DATABASE_URL must be a superuser's), and the result lookup's rows are projected
//! from them at the end. SAMPLE_FILE (default `target/load/people.txt`) receives
//! `id_number name` lines of seeded people for the lookup's load script. Prints how long each
//! table took; the tables are vacuumed and analysed at the end.

// Tests and measuring commands may unwrap (Cargo.toml `[lints]` is for the product).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::time::Instant;

use chrono::{Days, NaiveDate, Utc};
use portal::domain::IdNumber;
use portal::domain::id_number::check_char;
use portal::domain::policy;
use portal::domain::publication::{PublicationDates, mask_name};
use portal::domain::working_days::local_date;
use tokio_postgres::NoTls;

#[path = "copy.rs"]
mod copy;
use copy::{copy, next_id};

/// The county with the deep pages.
const BIG_COUNTY: &str = "430102";
const SURNAMES: [&str; 12] = [
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "欧阳", "司马",
];
const GIVEN: [&str; 10] = [
    "明", "小红", "建国", "娜", "伟", "秀英", "志强", "丽", "海燕", "磊",
];

/// One generated case.
struct Case {
    county: String,
    id_number: String,
    name: String,
    published_on: NaiveDate,
    category: i16,
    grade: i16,
}

fn case(i: u64, counties: &[String], today: NaiveDate) -> Case {
    let county = if i.is_multiple_of(10) {
        BIG_COUNTY.to_owned()
    } else {
        counties[(i as usize / 10) % counties.len()].clone()
    };
    // Unique by construction: the county (6 digits), a birth date from i, sequence 9xx.
    let born = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap() + Days::new(i % 25_000);
    let first17 = format!(
        "{county}{}{:03}",
        born.format("%Y%m%d"),
        900 + (i / 25_000) % 100
    );
    let check = check_char(&first17).expect("17 digits") as char;
    Case {
        county,
        id_number: format!("{first17}{check}"),
        name: format!(
            "{}{}",
            SURNAMES[(i % 12) as usize],
            GIVEN[((i / 12) % 10) as usize]
        ),
        published_on: today - Days::new(i % 40),
        category: (1 + i % 6) as i16,
        grade: (1 + (i / 6) % 4) as i16,
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: seed_publications DATABASE_URL [ROWS] [SAMPLE]"))?;
    let rows: u64 = args.next().map_or(Ok(1_000_000), |r| r.parse())?;
    let sample = args
        .next()
        .unwrap_or_else(|| "target/load/people.txt".to_owned());
    let (client, connection) = tokio_postgres::connect(&url, NoTls).await?;
    tokio::spawn(connection);
    // Rows are loaded with the triggers off (a superuser's setting): the result lookup's
    // projection is written in one statement at the end instead of once per row at commit.
    client
        .batch_execute("SET session_replication_role = replica")
        .await?;
    let started = Instant::now();
    let today = local_date(Utc::now());
    let calendar = portal::domain::Calendar::from_csv(include_str!("../fixtures/holidays_cn.csv"))?;
    let counties: Vec<String> = client
        .query(
            "SELECT code FROM divisions WHERE level = 3 AND NOT statistical_only ORDER BY code",
            &[],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let owner: i64 = client
        .query_one(
            "INSERT INTO accounts (real_name, id_number, phone, password_hash, roles, is_demo) \
             VALUES ('生成数据（演示）', '000000000000000000', '10000000000', '!', '{applicant}', \
             true) ON CONFLICT (id_number) DO UPDATE SET is_demo = true RETURNING id",
            &[],
        )
        .await?
        .get(0);
    let (person0, app0, item0, pub0) = (
        next_id(&client, "people").await?,
        next_id(&client, "applications").await?,
        next_id(&client, "application_items").await?,
        next_id(&client, "publications").await?,
    );
    let cases = |i: u64| case(i, &counties, today);
    let i64_of = |i: u64| i64::try_from(i).expect("fits");
    copy(
        &client,
        "people",
        "id, id_number, real_name",
        rows,
        |i, b| {
            let c = cases(i);
            let _ = writeln!(b, "{}\t{}\t{}", person0 + i64_of(i), c.id_number, c.name);
        },
    )
    .await?;
    copy(
        &client,
        "applications",
        "id, reference, draft_id, account_id, person_id, applying_as, matter, handling_county, \
         approving_county, answers, status, submitted_at, first_deadline",
        rows,
        |i, b| {
            let c = cases(i);
            let id = app0 + i64_of(i);
            let submitted = c.published_on - Days::new(10);
            let _ = writeln!(
                b,
                "{id}\tGEN-{id}\t{}\t{owner}\t{}\tself\tnew\t{}\t{}\t{{}}\tpublished\t{submitted} 09:00:00+08\t{submitted}",
                -id,
                person0 + i64_of(i),
                c.county,
                c.county
            );
        },
    )
    .await?;
    copy(
        &client,
        "application_items",
        "id, application_id, kind, code, status, handling_county, approving_county, state_since, \
         conclusion_meets, conclusion_category, conclusion_grade",
        rows,
        |i, b| {
            let c = cases(i);
            let _ = writeln!(
                b,
                "{}\t{}\tmatter\tnew\tpublished\t{}\t{}\t{}\tt\t{}\t{}",
                item0 + i64_of(i),
                app0 + i64_of(i),
                c.county,
                c.county,
                c.published_on,
                c.category,
                c.grade
            );
        },
    )
    .await?;
    copy(
        &client,
        "publications",
        "id, item_id, province_code, city_code, county_code, masked_name, masked_id, category, \
         grade, published_on, objection_until, shown_until",
        rows,
        |i, b| {
            let c = cases(i);
            let p = policy::for_province(&c.county).policy;
            let dates = PublicationDates::new(p, &calendar, c.published_on, 30);
            let masked_id = IdNumber::parse(&c.id_number)
                .map(|id| id.masked_public())
                .unwrap_or_default();
            let _ = writeln!(
                b,
                "{}\t{}\t{}\t{}\t{}\t{}\t{masked_id}\t{}\t{}\t{}\t{}\t{}",
                pub0 + i64_of(i),
                item0 + i64_of(i),
                &c.county[..2],
                &c.county[..4],
                c.county,
                mask_name(&c.name),
                c.category,
                c.grade,
                dates.published_on,
                // COPY's text format: \N is NULL (no window where the seeds set none).
                dates
                    .objection_until
                    .map_or_else(|| "\\N".to_owned(), |d| d.to_string()),
                dates.shown_until
            );
        },
    )
    .await?;
    for (table, seq) in [
        ("people", "people_id_seq"),
        ("applications", "applications_id_seq"),
        ("application_items", "application_items_id_seq"),
        ("publications", "publications_id_seq"),
    ] {
        client
            .execute(
                &format!("SELECT setval('{seq}', (SELECT max(id) FROM {table}))"),
                &[],
            )
            .await?;
    }
    let projected = Instant::now();
    let n = client
        .execute(
            "INSERT INTO result_lookups SELECT * FROM result_lookup_rows WHERE person_id >= $1",
            &[&person0],
        )
        .await?;
    eprintln!(
        "result_lookups: {n} rows in {:.1} s",
        projected.elapsed().as_secs_f64()
    );
    // Settle the tables (statistics, visibility map) so that no autovacuum runs during the
    // measurements that follow.
    let settled = Instant::now();
    client
        .batch_execute(
            "VACUUM (ANALYZE) people, applications, application_items, publications, \
             result_lookups",
        )
        .await?;
    eprintln!(
        "vacuum and analyze: {:.1} s",
        settled.elapsed().as_secs_f64()
    );
    if let Some(dir) = std::path::Path::new(&sample).parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut lines = String::new();
    // 50,000 people spread over all counties: random lookups touch pages all over the tables,
    // and wrk reads the lines before it measures (tests/load/lookup.lua says why that must be
    // short). The load script raises the per-ID limit, as the sample repeats people.
    for i in (0..rows).step_by(usize::try_from((rows / 50_000).max(1))?) {
        let c = cases(i);
        let _ = writeln!(lines, "{} {}", c.id_number, c.name);
    }
    std::fs::write(&sample, lines)?;
    eprintln!(
        "seeded {rows} published cases in {:.1} s; lookup sample in {sample}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
