//! The read replica (issue #22), with a real streaming standby the test makes of a private
//! primary (`pg_basebackup`): the public listing reads from the standby while it keeps up, from
//! the primary once it lags beyond the bound, and from the standby again while the primary is
//! down; the personal lookup's batched reads come from the standby too.

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use portal::local_pg::{Durability, LocalPostgres};

use crate::helpers::{TestApp, spawn_app_on, texts};

const LISTING: &str = "/publications?province=43&city=4301&county=430102";

/// The rows of the county's listing, once it answers 200 (bounded wait).
async fn rows_once(app: &TestApp, wanted: usize) -> usize {
    let mut rows = usize::MAX;
    for _ in 0..100 {
        let (status, page) = app.get_html(LISTING).await;
        if status == 200 {
            rows = texts(&page, "tbody tr").len();
            if rows == wanted {
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    rows
}

async fn run(url: &str, sql: &str) {
    let mut conn = AsyncPgConnection::establish(url).await.unwrap();
    diesel::sql_query(sql).execute(&mut conn).await.unwrap();
}

/// Waits (bounded) until the standby has replayed a transaction — before that it cannot tell how
/// far behind it is, and is not read — and everything the primary has written so far.
async fn caught_up(primary: &str, standby: &str) {
    #[derive(diesel::QueryableByName)]
    struct Position {
        #[diesel(sql_type = diesel::sql_types::Text)]
        lsn: String,
    }
    #[derive(diesel::QueryableByName)]
    struct Replayed {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        done: bool,
    }
    // A transaction of its own, so that there is one to replay.
    run(primary, "SELECT txid_current()").await;
    let mut conn = AsyncPgConnection::establish(primary).await.unwrap();
    let at: Position = diesel::sql_query("SELECT pg_current_wal_lsn()::text AS lsn")
        .get_result(&mut conn)
        .await
        .unwrap();
    let mut standby = AsyncPgConnection::establish(standby).await.unwrap();
    for _ in 0..200 {
        let replayed: Replayed = diesel::sql_query(
            "SELECT COALESCE(pg_last_xact_replay_timestamp() IS NOT NULL
                             AND pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS done",
        )
        .bind::<diesel::sql_types::Text, _>(&at.lsn)
        .get_result(&mut standby)
        .await
        .unwrap();
        if replayed.done {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the standby did not catch up");
}

/// A private primary with the demo data and a real standby of it, in folders named after `name`
/// (removed when the returned guard drops).
struct Clusters {
    primary: LocalPostgres,
    standby: LocalPostgres,
    url: String,
    folders: [std::path::PathBuf; 2],
}

impl Drop for Clusters {
    fn drop(&mut self) {
        self.standby.stop();
        self.primary.stop();
        for folder in &self.folders {
            let _ = std::fs::remove_dir_all(folder);
        }
    }
}

async fn clusters(name: &str) -> Clusters {
    // Folders right under the temporary folder: the test process's umask (0077, set by the app)
    // would make a shared parent private to the `postgres` user the clusters run as.
    let dir = |part: &str| {
        std::env::temp_dir().join(format!(
            "portal-replica-{}-{name}-{part}",
            std::process::id()
        ))
    };
    for part in ["primary", "standby"] {
        let _ = std::fs::remove_dir_all(dir(part));
    }
    let primary = LocalPostgres::start_with(&dir("primary"), Durability::Throwaway).unwrap();
    portal::db::ensure_database(&primary.url("postgres"), "portal")
        .await
        .unwrap();
    let url = primary.url("portal");
    let migrate = url.clone();
    tokio::task::spawn_blocking(move || portal::db::run_migrations(&migrate))
        .await
        .unwrap()
        .unwrap();
    // The demo case: one announcement in 芙蓉区's listing.
    crate::helpers::load_demo_case(&mut AsyncPgConnection::establish(&url).await.unwrap(), &url)
        .await;
    let standby = primary
        .standby(&dir("standby"), Durability::Throwaway)
        .unwrap();
    Clusters {
        primary,
        standby,
        url,
        folders: [dir("primary"), dir("standby")],
    }
}

#[tokio::test]
async fn the_listing_reads_a_real_standby_while_it_keeps_up_and_the_primary_otherwise() {
    let clusters = clusters("listing").await;
    let (url, replica_url) = (clusters.url.clone(), clusters.standby.url("portal"));
    let app = spawn_app_on(
        url.clone(),
        Box::new(move |s| {
            s.database_replica_url = Some(replica_url);
            s.replica_max_lag_ms = 200;
        }),
    )
    .await;
    assert_eq!(rows_once(&app, 1).await, 1);

    // The standby stops replaying; on the primary the entry leaves public view. Once the standby
    // lags beyond the bound, the listing reads the primary: the entry is gone.
    run(
        &clusters.standby.url("portal"),
        "SELECT pg_wal_replay_pause()",
    )
    .await;
    run(
        &url,
        "UPDATE publications SET shown_until = shown_until - 1000",
    )
    .await;
    assert_eq!(rows_once(&app, 0).await, 0, "read from the primary");

    // The primary goes down: the listing is still served, from the standby — which, paused,
    // still shows the entry.
    clusters.primary.stop();
    assert_eq!(rows_once(&app, 1).await, 1, "read from the standby");

    // Both down: an outage, told as one.
    clusters.standby.stop();
    let mut status = 0;
    for _ in 0..100 {
        status = app.get(LISTING).await.status().as_u16();
        if status == 503 {
            break;
        }
    }
    assert_eq!(status, 503);
}

#[tokio::test]
async fn the_lookup_reads_its_batches_from_the_standby() {
    let clusters = clusters("lookup").await;
    let (url, replica_url) = (clusters.url.clone(), clusters.standby.url("portal"));
    let app = spawn_app_on(
        url.clone(),
        Box::new(move |s| {
            s.database_replica_url = Some(replica_url);
            // Long enough for the test: the paused standby stays in use.
            s.replica_max_lag_ms = 120_000;
            s.lookup_per_id = 1_000;
        }),
    )
    .await;
    let mut conn = AsyncPgConnection::establish(&url).await.unwrap();
    let (id_number, name): (String, String) = {
        use diesel::QueryDsl;
        use portal::db::schema::result_lookups as r;
        r::table
            .filter(r::published)
            .select((r::id_number, r::real_name))
            .first(&mut conn)
            .await
            .unwrap()
    };
    let look = async |name: &str| {
        let res = app
            .other_device()
            .post_form(
                "/publications/lookup",
                &[("id_number", id_number.as_str()), ("name", name)],
            )
            .await;
        res.text().await.unwrap().contains("id=\"result\"")
    };
    assert!(look(&name).await, "the published result is shown");
    caught_up(&url, &clusters.standby.url("portal")).await;
    // The standby stops replaying; on the primary the name on record changes. Within the bound
    // the lookup still reads the standby, which has the old name.
    run(
        &clusters.standby.url("portal"),
        "SELECT pg_wal_replay_pause()",
    )
    .await;
    run(&url, "UPDATE result_lookups SET real_name = '王五'").await;
    // (The app judges the standby four times a second: the first looks may come before.)
    let mut from_standby = false;
    for _ in 0..100 {
        from_standby = look(&name).await;
        if from_standby {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(from_standby, "read from the standby");
    assert!(!look("王五").await, "not from the primary");
}
