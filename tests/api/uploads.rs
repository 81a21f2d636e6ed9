//! Uploads on more than one machine (issue #22): kept in the database, so every instance serves
//! them; files nothing names any more are swept; an account's day has a quota; files an earlier
//! version kept in a folder are copied in at start-up.

use crate::apply::{JPEG, PNG, start, upload};
use crate::helpers::{TestApp, TestUser, spawn_app_on, spawn_app_with};
use crate::workflow::number;

/// The id of the newest upload.
async fn newest_upload(app: &TestApp) -> i64 {
    number(app, "SELECT max(id) AS n FROM uploads").await
}

#[tokio::test]
async fn a_file_uploaded_through_one_instance_is_served_by_another() {
    let key = portal::auth::random_token().repeat(2);
    let key_a = key.clone();
    let a = spawn_app_with(Box::new(move |s| s.session_key = Some(key_a))).await;
    // Registered before the second instance starts: its outbox could otherwise send the code
    // (into its own folder, where the test would not look).
    a.register(&TestUser::new(44)).await;
    let b = spawn_app_on(
        a.db_url.clone(),
        Box::new(move |s| s.session_key = Some(key)),
    )
    .await;
    let draft = start(&a).await;
    assert_eq!(
        upload(&a, draft, "id_card", "id.jpg", JPEG.to_vec())
            .await
            .status()
            .as_u16(),
        303
    );
    let id = newest_upload(&a).await;
    // The same person (the same session) through the other instance, which has its own folder.
    let through_b = TestApp {
        address: b.address.clone(),
        client: a.client.clone(),
        jar: a.jar.clone(),
        db_url: a.db_url.clone(),
        var_dir: b.var_dir.clone(),
    };
    let res = through_b.get(&format!("/uploads/{id}")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), JPEG);
    assert_eq!(
        number(&a, "SELECT count(*) AS n FROM upload_blobs").await,
        1,
        "stored once, in the database"
    );
}

#[tokio::test]
async fn a_replaced_file_is_swept_and_the_one_in_use_is_kept() {
    let app = spawn_app_with(Box::new(|_| {})).await;
    app.register(&TestUser::new(45)).await;
    let draft = start(&app).await;
    upload(&app, draft, "id_card", "old.jpg", JPEG.to_vec()).await;
    let old = newest_upload(&app).await;
    upload(&app, draft, "id_card", "new.png", PNG.to_vec()).await;
    let new = newest_upload(&app).await;
    assert_ne!(old, new);
    let pool = crate::helpers::pool_on(&app.db_url, 1);
    let storage = portal::storage::Storage::Database(pool.clone());
    // Today nothing is old enough to go.
    let now = crate::helpers::clock().now();
    assert_eq!(
        portal::jobs::sweep_uploads(&pool, &storage, now)
            .await
            .unwrap(),
        (0, 0)
    );
    // Two days on: the replaced file and its bytes go; the file in the draft stays.
    let later = now + chrono::Duration::days(2);
    assert_eq!(
        portal::jobs::sweep_uploads(&pool, &storage, later)
            .await
            .unwrap(),
        (1, 1)
    );
    assert_eq!(
        app.get(&format!("/uploads/{old}")).await.status().as_u16(),
        404
    );
    let res = app.get(&format!("/uploads/{new}")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
}

#[tokio::test]
async fn an_account_s_uploads_stop_at_the_daily_quota() {
    let app = spawn_app_with(Box::new(|_| {})).await;
    app.register(&TestUser::new(46)).await;
    let draft = start(&app).await;
    upload(&app, draft, "id_card", "first.jpg", JPEG.to_vec()).await;
    // As if the account had uploaded 299 more files today.
    let mut conn = app.db().await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(
            "INSERT INTO uploads (owner_account_id, sha256, content_type, byte_size, original_name) \
             SELECT owner_account_id, sha256, content_type, byte_size, 'x.jpg' \
               FROM uploads, generate_series(1, 299)",
        ),
        &mut conn,
    )
    .await
    .unwrap();
    let res = upload(&app, draft, "hukou_book", "one-more.png", PNG.to_vec()).await;
    assert_eq!(res.status().as_u16(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("已达上限"), "{page}");
    assert!(page.contains("href=\"#file-hukou_book\""), "at the field");
}

#[tokio::test]
async fn files_kept_in_the_upload_folder_are_copied_into_the_database_at_start() {
    use sha2::Digest;
    let folder =
        std::env::temp_dir().join(format!("portal-uploads-{}", portal::auth::random_token()));
    let sha = hex::encode(sha2::Sha256::digest(JPEG));
    std::fs::create_dir_all(folder.join(&sha[..2])).unwrap();
    std::fs::write(folder.join(&sha[..2]).join(&sha), JPEG).unwrap();
    // A file whose name is not its content is not copied.
    let wrong = "0".repeat(64);
    std::fs::create_dir_all(folder.join("00")).unwrap();
    std::fs::write(folder.join("00").join(&wrong), b"not it").unwrap();
    let dir = folder.clone();
    let app = spawn_app_with(Box::new(move |s| s.upload_dir = Some(dir))).await;
    assert_eq!(
        number(
            &app,
            &format!("SELECT count(*) AS n FROM upload_blobs WHERE sha256 = '{sha}'")
        )
        .await,
        1
    );
    assert_eq!(
        number(&app, "SELECT count(*) AS n FROM upload_blobs").await,
        1
    );
    std::fs::remove_dir_all(folder).unwrap();
}
