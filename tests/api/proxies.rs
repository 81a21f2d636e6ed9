//! Limits that fit real networks (issue #22): behind a listed proxy each client is counted on its
//! own (from `X-Forwarded-For`), an unlisted peer cannot pick its address, and IPv6 clients are
//! counted by their /64; a limit is counted once however many instances serve the requests.

use crate::helpers::{TestApp, spawn_app_on, spawn_app_with};

/// A QR-code verification (limited per client address) as sent through a proxy for `client`.
async fn verify_as(app: &TestApp, client: &str) -> u16 {
    app.client
        .get(format!("{}/verify?t=not-a-token", app.address))
        .header("x-forwarded-for", client)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let app = spawn_app_with(Box::new(|s| {
        s.verify_per_address = 1;
        s.trusted_proxies = Some("127.0.0.1".to_owned());
    }))
    .await;
    assert_eq!(verify_as(&app, "198.51.100.7").await, 200);
    assert_eq!(verify_as(&app, "198.51.100.7").await, 429, "its own limit");
    assert_eq!(verify_as(&app, "198.51.100.8").await, 200, "another person");
    // A client cannot escape by prepending addresses: the proxy's hop is the one counted.
    assert_eq!(verify_as(&app, "203.0.113.1, 198.51.100.7").await, 429);
    // IPv6: one /64 is one client.
    assert_eq!(verify_as(&app, "2001:db8:1:2::1").await, 200);
    assert_eq!(verify_as(&app, "2001:db8:1:2:abcd::9").await, 429);
    assert_eq!(verify_as(&app, "2001:db8:1:3::1").await, 200);
}

#[tokio::test]
async fn without_trusted_proxies_forwarding_headers_are_ignored() {
    let app = spawn_app_with(Box::new(|s| s.verify_per_address = 1)).await;
    assert_eq!(verify_as(&app, "198.51.100.7").await, 200);
    assert_eq!(
        verify_as(&app, "198.51.100.8").await,
        429,
        "the peer is counted, whatever the header says"
    );
}

/// Two instances on one database (and on one Redis when `redis` is given), each allowing
/// `per_hour` verifications an hour per address.
pub(crate) async fn two_instances(redis: Option<String>, per_hour: u32) -> (TestApp, TestApp) {
    let r = redis.clone();
    let a = spawn_app_with(Box::new(move |s| {
        s.verify_per_address = per_hour;
        s.redis_url = r;
    }))
    .await;
    let b = spawn_app_on(
        a.db_url.clone(),
        Box::new(move |s| {
            s.verify_per_address = per_hour;
            s.redis_url = redis;
        }),
    )
    .await;
    (a, b)
}

/// A verification's status.
pub(crate) async fn verify(app: &TestApp) -> u16 {
    app.get("/verify?t=not-a-token").await.status().as_u16()
}

#[tokio::test]
async fn a_limit_is_counted_once_across_instances() {
    let (a, b) = two_instances(None, 2).await;
    assert_eq!(verify(&a).await, 200);
    assert_eq!(verify(&b).await, 200);
    assert_eq!(verify(&a).await, 429, "two an hour in all, not two each");
    assert_eq!(verify(&b).await, 429);
}

#[tokio::test]
async fn a_burst_at_two_instances_gets_exactly_the_limit() {
    // Attempts that arrive together are counted in one statement per instance: however they
    // fall into batches, 60 at once across two instances get exactly the 25 an hour allows.
    let (a, b) = two_instances(None, 25).await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..60 {
        let app = if i % 2 == 0 { &a } else { &b };
        let (client, url) = (app.client.clone(), format!("{}/verify?t=x", app.address));
        tasks.spawn(async move { client.get(url).send().await.unwrap().status().as_u16() });
    }
    let statuses = tasks.join_all().await;
    let allowed = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((allowed, refused), (25, 35), "{statuses:?}");
    assert_eq!(verify(&a).await, 429);
}

#[tokio::test]
async fn forgetting_idle_keys_never_waits_for_a_batch() {
    use diesel::prelude::*;
    use diesel_async::{AnsiTransactionManager, AsyncConnection, RunQueryDsl, TransactionManager};
    use portal::db::schema::rate_limits;
    // Waiting would let a batch (which writes its keys in sorted order) and the sweep (which
    // deletes in the table's order) each hold a row the other needs: a deadlock.
    // A database without an app, whose own sweeper would race this one.
    let url = crate::helpers::fresh_database().await;
    let connect = || async {
        diesel_async::AsyncPgConnection::establish(&url)
            .await
            .unwrap()
    };
    let mut batch = connect().await;
    diesel::sql_query(
        "INSERT INTO rate_limits (key, tat) VALUES
             ('limit:held', now() - interval '1 hour'), ('limit:idle', now() - interval '1 hour')",
    )
    .execute(&mut batch)
    .await
    .unwrap();
    AnsiTransactionManager::begin_transaction(&mut batch)
        .await
        .unwrap();
    diesel::sql_query("SELECT key FROM rate_limits WHERE key = 'limit:held' FOR UPDATE")
        .execute(&mut batch)
        .await
        .unwrap();
    let mut sweep = connect().await;
    let forgotten = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        portal::db::rate_limits::forget_idle(&mut sweep),
    )
    .await
    .expect("the sweep does not wait for the batch's row")
    .unwrap();
    assert_eq!(forgotten, 1, "the idle key that no batch holds");
    AnsiTransactionManager::rollback_transaction(&mut batch)
        .await
        .unwrap();
    let left: Vec<String> = rate_limits::table
        .select(rate_limits::key)
        .load(&mut sweep)
        .await
        .unwrap();
    assert_eq!(
        left,
        ["limit:held"],
        "the held key stays until the next sweep"
    );
}

#[tokio::test]
async fn a_lookup_past_its_address_limit_never_spends_the_id_number_s() {
    use portal::rate_limit::{Counts, HourlyLimit};
    let url = crate::helpers::fresh_database().await;
    let pool = crate::helpers::pool_on(&url, 4);
    // Two instances: each its own batching task, on one database.
    let instances: Vec<(HourlyLimit, HourlyLimit)> = (0..2)
        .map(|_| {
            let counts = Counts::postgres(pool.clone());
            (
                HourlyLimit::new("lookup-address", 2, counts.clone()),
                HourlyLimit::new("lookup-id", 3, counts),
            )
        })
        .collect();
    let burst = |address: &'static str| {
        let attempts = (0..20).map(|i| {
            let (per_address, per_id) = &instances[i % 2];
            per_address.check_then(address, per_id, "110101199003070011")
        });
        futures_util::future::join_all(attempts)
    };
    let allowed = |answers: Vec<Result<Result<(), _>, _>>| {
        answers
            .into_iter()
            .map(|a| a.expect("counted"))
            .filter(Result::is_ok)
            .count()
    };
    // Twenty at once from one address allowed two: the number has two of its three spent...
    assert_eq!(allowed(burst("203.0.113.7").await), 2);
    // ... so another address gets exactly the one left, not none.
    assert_eq!(allowed(burst("198.51.100.9").await), 1);
}

#[tokio::test]
async fn the_batch_statement_is_prepared_once_per_connection_and_counts_as_before() {
    use diesel::sql_types::BigInt;
    use diesel_async::{AsyncConnection, RunQueryDsl};
    use portal::db::rate_limits::{Chained, Wanted, take};
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let url = crate::helpers::fresh_database().await;
    let mut conn = diesel_async::AsyncPgConnection::establish(&url)
        .await
        .unwrap();
    // One attempt an hour, no burst beyond it: the address allows its first attempt only, and
    // the number counts only the attempts the address allowed.
    let hour = 3_600_000_000;
    let wanted = |attempts| Wanted {
        key: "address",
        interval_us: hour,
        burst_us: hour,
        attempts,
    };
    let chained = |rank| Chained {
        first: "address",
        rank,
        key: "number",
        interval_us: hour,
        burst_us: hour,
    };
    let (first, seconds) = take(&mut conn, &[wanted(2)], &[chained(0), chained(1)])
        .await
        .unwrap();
    assert_eq!(first[0].granted, 1);
    assert_eq!(seconds["number"].granted, 1, "only the allowed attempt");
    let (again, seconds) = take(&mut conn, &[wanted(1)], &[chained(0)]).await.unwrap();
    assert_eq!(again[0].granted, 0, "the hour is spent");
    assert!(seconds.is_empty(), "a refused attempt spends no number");
    let prepared: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE 'WITH asked AS%'",
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(prepared.n, 1, "one prepared statement, used twice");
}
