//! Safe defaults: the private cluster asks every connection for its password, keeps its socket
//! folder to itself, keeps `fsync` on and logs no row values; the app's own files are private.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use portal::local_pg::LocalPostgres;

use crate::helpers::spawn_app;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[derive(diesel::QueryableByName)]
struct Setting {
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
}

async fn show(conn: &mut AsyncPgConnection, name: &str) -> String {
    diesel::sql_query(format!("SELECT current_setting('{name}') AS value"))
        .get_result::<Setting>(conn)
        .await
        .unwrap()
        .value
}

#[tokio::test]
async fn the_private_cluster_needs_its_password_keeps_fsync_on_and_logs_no_values() {
    // Arrange: a durable cluster as `cargo run` starts it.
    let root = std::env::temp_dir().join(format!("portal-private-pg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let pg = tokio::task::spawn_blocking({
        let root = root.clone();
        move || LocalPostgres::start(&root)
    })
    .await
    .unwrap()
    .expect("a private cluster starts");
    let url = pg.url("postgres");

    // Folders and the password file are the server's own.
    assert_eq!(
        mode(&root),
        0o700,
        "the cluster's folder (and socket folder)"
    );
    assert_eq!(mode(&root.join("password")), 0o600);
    assert_eq!(mode(&root.join("data")), 0o700);

    // Without the password nobody gets in, not even the server's own user name.
    let (head, tail) = url.split_once("password=").unwrap();
    let without = format!("{head}{}", tail.split_once('&').unwrap().1);
    assert!(
        AsyncPgConnection::establish(&without).await.is_err(),
        "a connection without the password is refused"
    );

    let mut conn = AsyncPgConnection::establish(&url).await.unwrap();
    assert_eq!(show(&mut conn, "fsync").await, "on");
    assert_eq!(show(&mut conn, "log_error_verbosity").await, "terse");
    assert_eq!(show(&mut conn, "log_min_error_statement").await, "panic");
    assert_eq!(show(&mut conn, "unix_socket_permissions").await, "0700");
    let hba: Vec<Setting> = diesel::sql_query(
        "SELECT auth_method AS value FROM pg_hba_file_rules WHERE auth_method IS NOT NULL",
    )
    .load(&mut conn)
    .await
    .unwrap();
    assert!(
        !hba.is_empty() && hba.iter().all(|r| r.value == "scram-sha-256"),
        "every rule asks for the password: {:?}",
        hba.iter().map(|r| r.value.as_str()).collect::<Vec<_>>()
    );

    // A duplicate key's value never reaches the server's log.
    diesel::sql_query("CREATE TABLE t (phone TEXT UNIQUE)")
        .execute(&mut conn)
        .await
        .unwrap();
    for _ in 0..2 {
        let _ = diesel::sql_query("INSERT INTO t VALUES ('13987654321')")
            .execute(&mut conn)
            .await;
    }
    drop(conn);

    // A second instance on the same folder uses the running cluster and, ending, leaves it running
    // for the first.
    let second = tokio::task::spawn_blocking({
        let root = root.clone();
        move || LocalPostgres::start(&root)
    })
    .await
    .unwrap()
    .expect("the second instance finds the cluster");
    drop(second);
    let mut conn = AsyncPgConnection::establish(&url)
        .await
        .expect("the first instance's cluster still runs");
    assert_eq!(show(&mut conn, "fsync").await, "on");
    drop(conn);

    let log = pg.log_file();
    drop(pg);
    let text = std::fs::read_to_string(log).unwrap();
    assert!(
        text.contains("duplicate key"),
        "the error itself is logged: {text}"
    );
    assert!(!text.contains("13987654321"), "no row value in the log");
    std::fs::remove_dir_all(&root).unwrap();
}

#[tokio::test]
async fn the_apps_folder_and_files_are_private() {
    let app = spawn_app().await;
    let user = crate::helpers::TestUser::new(880);
    app.register(&user).await;
    let folder = mode(&app.var_dir);
    assert!(
        folder == 0o700 || folder == 0o710,
        "var folder {folder:o}: nobody else may list it"
    );
    for entry in ["session.key", "signing.key"] {
        assert_eq!(mode(&app.var_dir.join(entry)), 0o600, "{entry}");
    }
    let sms = crate::helpers::wait_for_sms(&app.var_dir, &user.phone).await;
    assert_eq!(mode(&sms), 0o600, "an SMS file");
}

#[tokio::test]
async fn a_damaged_key_file_stops_the_start_and_is_kept() {
    let db_url = crate::helpers::fresh_database().await;
    for file in ["session.key", "signing.key"] {
        let var_dir =
            std::env::temp_dir().join(format!("portal-damaged-{file}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&var_dir);
        std::fs::create_dir_all(&var_dir).unwrap();
        std::fs::write(var_dir.join(file), "not a key").unwrap();
        let mut settings = portal::config::Settings::defaults();
        settings.port = 0;
        settings.database_url = Some(db_url.clone());
        settings.var_dir = var_dir.clone();
        settings.demo = Some(false);
        settings.smtp_host = None;
        let err = match portal::startup::Application::build(settings, &db_url).await {
            Ok(_) => panic!("the app started with a damaged {file}"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains(file) && err.contains("move it away"), "{err}");
        assert_eq!(
            std::fs::read_to_string(var_dir.join(file)).unwrap(),
            "not a key",
            "never replaced"
        );
        std::fs::remove_dir_all(&var_dir).unwrap();
    }
}

#[test]
fn a_port_in_use_is_named_with_the_flag_that_changes_it() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let e = portal::startup::bind("127.0.0.1".parse().unwrap(), port).expect_err("refused");
    let message = e.to_string();
    assert!(
        message.contains(&format!("127.0.0.1:{port} is already in use")),
        "{message}"
    );
    assert!(message.contains("--port") && message.contains("PORTAL_PORT"));
    drop(taken);
    assert!(portal::startup::bind("127.0.0.1".parse().unwrap(), port).is_ok());
}
