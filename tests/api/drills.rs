//! Crash and backup drills (issue #22): an app process killed (SIGKILL) during a burst of
//! submissions loses nothing it acknowledged and leaves nothing half written; PostgreSQL stopped
//! as a crash would and started again is recovered without restarting the app; a `pg_dump` of a
//! live portal restored into a new database serves the same accounts, applications and uploads.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::apply::{JPEG, fill_new_for_self, location, save, start, submit, upload};
use crate::helpers::{TestApp, TestUser, free_port, fresh_database, new_client, spawn_app_on};
use crate::workflow::number;

/// The portal's binary serving `db_url` on `port` (its own process, to be killed).
fn portal_process(db_url: &str, var_dir: &std::path::Path, port: u16, key: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_disability-portal"))
        .args(["--port", &port.to_string()])
        .arg("--var-dir")
        .arg(var_dir)
        .env("DATABASE_URL", db_url)
        .env("PORTAL_SESSION_KEY", key)
        .env("PORTAL_DEMO", "false")
        .env(
            "PORTAL_CLOCK_START",
            crate::helpers::clock().now().to_rfc3339(),
        )
        .env("OUTBOX_POLL_MS", "200")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the portal binary runs")
}

/// Waits until the process at `address` answers `/readyz`.
async fn ready(address: &str) {
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if let Ok(res) = client.get(format!("{address}/readyz")).send().await
            && res.status().is_success()
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the portal at {address} did not become ready");
}

/// The same person's cookies and client, to move into a task.
fn view(app: &TestApp) -> TestApp {
    TestApp {
        address: app.address.clone(),
        client: app.client.clone(),
        jar: app.jar.clone(),
        db_url: app.db_url.clone(),
        var_dir: app.var_dir.clone(),
    }
}

/// Every application has its items and its materials, and a draft is marked submitted exactly
/// when its application exists.
async fn nothing_half_written(app: &TestApp) {
    for (what, sql) in [
        (
            "applications without items",
            "SELECT count(*) AS n FROM applications a \
             WHERE NOT EXISTS (SELECT 1 FROM application_items i WHERE i.application_id = a.id)",
        ),
        (
            "applications without materials",
            "SELECT count(*) AS n FROM applications a WHERE NOT EXISTS \
             (SELECT 1 FROM application_materials m WHERE m.application_id = a.id)",
        ),
        (
            "drafts marked submitted, or not, against their application",
            "SELECT count(*) AS n FROM drafts d WHERE (d.submitted_at IS NOT NULL) <> \
             EXISTS (SELECT 1 FROM applications a WHERE a.draft_id = d.id)",
        ),
    ] {
        assert_eq!(number(app, sql).await, 0, "{what}");
    }
}

#[tokio::test]
async fn a_killed_instance_loses_nothing_it_acknowledged_and_leaves_nothing_half_written() {
    let db_url = fresh_database().await;
    let var_dir =
        std::env::temp_dir().join(format!("portal-drill-{}", portal::auth::random_token()));
    let port = free_port();
    let key = portal::auth::random_token().repeat(2);
    let mut process = portal_process(&db_url, &var_dir, port, &key);
    let address = format!("http://127.0.0.1:{port}");
    ready(&address).await;
    let (client, jar) = new_client();
    let app = TestApp {
        address: address.clone(),
        client,
        jar,
        db_url: db_url.clone(),
        var_dir: var_dir.clone(),
    };
    // Four applicants with complete drafts.
    let mut people = Vec::new();
    for n in 0..4 {
        let person = app.other_device();
        person.register(&TestUser::new(610 + n)).await;
        let draft = start(&person).await;
        fill_new_for_self(&person, draft, &[]).await;
        let token = person.csrf_token().await;
        people.push((person, draft, token));
    }
    // The burst: the four submissions and forty new drafts at once; the process is killed once
    // ten have been answered.
    let answered = Arc::new(AtomicUsize::new(0));
    let mut burst = tokio::task::JoinSet::new();
    for (i, (person, draft, token)) in people.iter().enumerate() {
        let (person, draft, token) = (view(person), *draft, token.clone());
        let answered = answered.clone();
        burst.spawn(async move {
            let res = person
                .client
                .post(format!("{}/apply/{draft}/submit", person.address))
                .form(&[("commitment", "yes"), ("csrf_token", token.as_str())])
                .send()
                .await;
            answered.fetch_add(1, Ordering::SeqCst);
            let acknowledged = res.ok().map(|r| location(&r)).filter(|to| !to.is_empty());
            (Some(i), acknowledged)
        });
    }
    for _ in 0..40 {
        let (person, token) = (view(&people[0].0), people[0].2.clone());
        let answered = answered.clone();
        burst.spawn(async move {
            let res = person
                .client
                .post(format!("{}/apply", person.address))
                .form(&[("csrf_token", token.as_str())])
                .send()
                .await;
            answered.fetch_add(1, Ordering::SeqCst);
            (
                None,
                res.ok().map(|r| location(&r)).filter(|to| !to.is_empty()),
            )
        });
    }
    while answered.load(Ordering::SeqCst) < 10 {
        tokio::task::yield_now().await;
    }
    process.kill().expect("SIGKILL");
    process.wait().unwrap();
    let results = burst.join_all().await;
    let acknowledged_drafts: Vec<String> = results
        .iter()
        .filter(|(who, _)| who.is_none())
        .filter_map(|(_, to)| to.clone())
        .collect();
    let acknowledged_submissions: Vec<(usize, String)> = results
        .iter()
        .filter_map(|(who, to)| Some(((*who)?, to.clone()?)))
        .collect();
    assert!(
        acknowledged_drafts.len() + acknowledged_submissions.len() >= 10,
        "ten were answered before the kill"
    );

    // Started again: everything acknowledged is there, nothing is half written.
    let mut process = portal_process(&db_url, &var_dir, port, &key);
    ready(&address).await;
    for to in &acknowledged_drafts {
        let draft = to.trim_end_matches("/who");
        assert_eq!(
            people[0].0.get(draft).await.status().as_u16(),
            200,
            "{draft}"
        );
    }
    for (i, to) in &acknowledged_submissions {
        assert!(to.starts_with("/applications/"), "{to}");
        assert_eq!(people[*i].0.get(to).await.status().as_u16(), 200, "{to}");
    }
    nothing_half_written(&app).await;
    // Whatever was not acknowledged can be sent again; each draft makes one application, and
    // the county's references of the day are 1 … 4 without a gap.
    for (person, draft, _) in &people {
        let res = submit(person, *draft).await;
        assert_eq!(res.status().as_u16(), 303);
    }
    assert_eq!(
        number(&app, "SELECT count(*) AS n FROM applications").await,
        4
    );
    assert_eq!(
        number(
            &app,
            "SELECT count(DISTINCT split_part(reference, '-', 3)::int) AS n FROM applications \
             WHERE split_part(reference, '-', 3)::int BETWEEN 1 AND 4"
        )
        .await,
        4
    );
    nothing_half_written(&app).await;
    process.kill().unwrap();
    process.wait().unwrap();
    let _ = std::fs::remove_dir_all(var_dir);
}

#[tokio::test]
async fn postgres_crashing_under_the_app_is_survived_without_restarting_the_app() {
    use portal::local_pg::{Durability, LocalPostgres};
    let root =
        std::env::temp_dir().join(format!("portal-crash-pg-{}", portal::auth::random_token()));
    let pg = LocalPostgres::start_with(&root, Durability::Durable).unwrap();
    portal::db::ensure_database(&pg.url("postgres"), "portal")
        .await
        .unwrap();
    let app = spawn_app_on(pg.url("portal"), Box::new(|_| {})).await;
    app.register(&TestUser::new(620)).await;
    let draft = start(&app).await;
    assert_eq!(
        save(&app, draft, "who", &[("applying_as", "self")])
            .await
            .status()
            .as_u16(),
        303
    );
    let token = app.csrf_token().await;

    pg.stop_immediately();
    let res = app
        .post_raw(
            &format!("/apply/{draft}/certificate"),
            &[("held", "none"), ("csrf_token", token.as_str())],
        )
        .await;
    assert_eq!(res.status().as_u16(), 503, "told it was not saved");

    // Started again (recovering from its log): the app serves again by itself.
    let pg = LocalPostgres::start_with(&root, Durability::Durable).unwrap();
    let mut status = 0;
    for _ in 0..20 {
        status = app
            .get(&format!("/apply/{draft}/who"))
            .await
            .status()
            .as_u16();
        if status == 200 {
            break;
        }
    }
    assert_eq!(status, 200, "recovered without a restart");
    let (_, page) = app.get_html(&format!("/apply/{draft}/who")).await;
    let chosen = page
        .split('<')
        .find(|tag| tag.starts_with("input") && tag.contains("value=\"self\""))
        .unwrap_or_default();
    assert!(
        chosen.contains("checked"),
        "the answer saved before the crash is kept"
    );
    drop(pg);
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
async fn a_dump_restored_into_a_new_database_serves_the_same_portal() {
    let app = crate::helpers::spawn_app().await;
    let user = TestUser::new(630);
    app.register(&user).await;
    let draft = start(&app).await;
    upload(&app, draft, "id_card", "id.jpg", JPEG.to_vec()).await;
    let upload_id = number(&app, "SELECT max(id) AS n FROM uploads").await;

    // The drill of README “Backup and restore”: pg_dump in the custom format, pg_restore into an
    // empty database.
    let dump = std::env::temp_dir().join(format!("portal-{}.dump", portal::auth::random_token()));
    let ok = Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(&dump)
        .arg(format!("--dbname={}", app.db_url))
        .status()
        .expect("pg_dump runs");
    assert!(ok.success());
    let restored = crate::helpers::empty_database().await;
    let ok = Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error"])
        .arg(format!("--dbname={restored}"))
        .arg(&dump)
        .status()
        .expect("pg_restore runs");
    assert!(ok.success());
    let _ = std::fs::remove_file(dump);

    let copy = spawn_app_on(restored, Box::new(|_| {})).await;
    assert_eq!(copy.login_status(&user.phone, &user.password).await, 303);
    assert_eq!(
        copy.get(&format!("/apply/{draft}")).await.status().as_u16(),
        200
    );
    let res = copy.get(&format!("/uploads/{upload_id}")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.bytes().await.unwrap().as_ref(),
        JPEG,
        "the upload came with the dump"
    );
}
