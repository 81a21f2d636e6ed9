//! The personal lookup's batched reads (issue #22): lookups that arrive together are read in one
//! statement, and each is answered with its own person's conclusion — never another's.

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use portal::web::conclusion_reads::ConclusionReads;

use crate::helpers::{clock, fresh_database, pool_on};

#[tokio::test]
async fn lookups_arriving_together_each_get_their_own_person_s_conclusion() {
    let url = fresh_database().await;
    {
        let mut conn = pool_on(&url, 1).get().await.unwrap();
        for sql in [
            "INSERT INTO people (id_number, real_name)
                  SELECT 'P' || i, '人' || i FROM generate_series(1, 30) i",
            "INSERT INTO result_lookups (person_id, id_number, real_name, item_id, status, meets,
                                         category, grade, county, published)
                  SELECT id, id_number, real_name, id, 'published', true, 1, 1 + id % 4,
                         '430102', true FROM people",
        ] {
            diesel::sql_query(sql).execute(&mut conn).await.unwrap();
        }
    }
    let reads = ConclusionReads::spawn(portal::db::batch_pool(&url, 1, clock()).unwrap(), None);
    // Thirty people, five of them twice, and five nobody has.
    let asked: Vec<String> = (1..=30)
        .chain(1..=5)
        .map(|i| format!("P{i}"))
        .chain((31..=35).map(|i| format!("P{i}")))
        .collect();
    let answers =
        futures_util::future::join_all(asked.iter().map(|id| reads.read(id.as_str()))).await;
    for (id, answer) in asked.iter().zip(answers) {
        let number: u32 = id[1..].parse().unwrap();
        match answer.expect("read") {
            Some(c) => {
                assert!(number <= 30, "{id} has no conclusion");
                assert_eq!(c.real_name, format!("人{number}"), "{id}'s own");
            }
            None => assert!(number > 30, "{id} has a conclusion"),
        }
    }
}

#[tokio::test]
async fn a_database_that_does_not_answer_fails_the_read_instead_of_hanging() {
    // Nothing listens on port 1.
    let pool = portal::db::batch_pool("postgres://postgres@127.0.0.1:1/none", 1, clock()).unwrap();
    let reads = ConclusionReads::spawn(pool, None);
    let answer = tokio::time::timeout(std::time::Duration::from_secs(30), reads.read("P1"))
        .await
        .expect("an answer");
    assert!(answer.is_err());
}

#[tokio::test]
async fn the_batch_pool_always_plans_generically_and_the_others_as_postgresql_chooses() {
    #[derive(QueryableByName)]
    struct Mode {
        #[diesel(sql_type = Text)]
        plan_cache_mode: String,
    }
    let url = fresh_database().await;
    let mode = async |pool: portal::db::DbPool| {
        let mut conn = pool.get().await.unwrap();
        diesel::sql_query("SHOW plan_cache_mode")
            .get_result::<Mode>(&mut conn)
            .await
            .unwrap()
            .plan_cache_mode
    };
    let batch = portal::db::batch_pool(&url, 1, clock()).unwrap();
    assert_eq!(mode(batch).await, "force_generic_plan");
    assert_eq!(mode(pool_on(&url, 1)).await, "auto");
}
