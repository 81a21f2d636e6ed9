//! Sessions kept in Redis (`--redis-url`): two app instances on one database and one Redis share
//! every session — signed in on one, signed in on the other — and signing out on one ends it on
//! both; the public pages' limits are counted there once for both. The Redis server is a private
//! one the test starts on a unix socket.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::helpers::{TestUser, spawn_app_on, spawn_app_with};

/// A private Redis server on a unix socket, stopped on drop.
struct Redis {
    child: Child,
    dir: PathBuf,
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Redis {
    fn start() -> Redis {
        let dir = std::env::temp_dir().join(format!(
            "portal-redis-{}-{}",
            std::process::id(),
            &portal::auth::random_token()[..8]
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let child = Command::new("redis-server")
            .args(["--port", "0", "--save", "", "--appendonly", "no"])
            .arg("--unixsocket")
            .arg(dir.join("redis.sock"))
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server runs (Debian: apt-get install redis-server)");
        for _ in 0..100 {
            if dir.join("redis.sock").exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Redis { child, dir }
    }

    fn url(&self) -> String {
        format!("redis+unix://{}", self.dir.join("redis.sock").display())
    }
}

#[tokio::test]
async fn two_instances_share_sessions_kept_in_redis_and_sign_out_ends_them_on_both() {
    let redis = Redis::start();
    let key = portal::auth::random_token().repeat(2);
    let (url_a, key_a) = (redis.url(), key.clone());
    let a = spawn_app_with(Box::new(move |s| {
        s.redis_url = Some(url_a);
        s.session_key = Some(key_a);
    }))
    .await;
    // Registered before the second instance starts: its outbox could otherwise send the code
    // (into its own folder, where the test would not look).
    a.register(&TestUser::new(680)).await;
    let (url_b, key_b) = (redis.url(), key.clone());
    let b = spawn_app_on(
        a.db_url.clone(),
        Box::new(move |s| {
            s.redis_url = Some(url_b);
            s.session_key = Some(key_b);
        }),
    )
    .await;
    assert_eq!(a.get("/account").await.status().as_u16(), 200);
    // Nothing of the session is in PostgreSQL.
    assert_eq!(
        crate::workflow::number(&a, "SELECT count(*) AS n FROM sessions").await,
        0
    );
    // The same cookie on the other instance.
    let cookie = a.cookie_header();
    let on_b = |path: &'static str| {
        b.client
            .get(format!("{}{path}", b.address))
            .header("cookie", cookie.clone())
            .send()
    };
    assert_eq!(on_b("/account").await.unwrap().status().as_u16(), 200);
    a.post_form("/logout", &[]).await;
    let res = on_b("/account").await.unwrap();
    assert_eq!(res.status().as_u16(), 303, "signed out on both");
}

#[tokio::test]
async fn with_redis_a_limit_is_counted_once_across_instances_and_not_in_postgres() {
    use crate::proxies::{two_instances, verify};
    let redis = Redis::start();
    let (a, b) = two_instances(Some(redis.url()), 2).await;
    assert_eq!(verify(&a).await, 200);
    assert_eq!(verify(&b).await, 200);
    assert_eq!(verify(&a).await, 429);
    assert_eq!(
        crate::workflow::number(&a, "SELECT count(*) AS n FROM rate_limits").await,
        0,
        "counted in Redis"
    );
}
