//! Reads shared by the requests that arrive together (issue #22): the personal lookup's batches
//! (one statement for the lookups arriving together, each answered with its own person's
//! conclusion — never another's) and the announcement listing's flights (identical pages asked
//! for at once read once; nothing kept afterwards).

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use portal::web::conclusion_reads::ConclusionReads;

use crate::helpers::{clock, fresh_database, load_demo_case, pool_on, spawn_app, texts};

#[tokio::test]
async fn identical_listings_asked_for_at_once_all_answer_and_a_later_one_reads_anew() {
    let app = spawn_app().await;
    let mut conn = app.db().await;
    load_demo_case(&mut conn, &app.db_url).await;
    let listing = "/publications?province=43&city=4301&county=430102";
    let pages = futures_util::future::join_all((0..12).map(|_| app.get_html(listing))).await;
    for (status, page) in pages {
        assert_eq!(status, 200);
        assert_eq!(texts(&page, "tbody tr").len(), 1, "the demo case's entry");
    }
    // The entry leaves public view: the next page reads anew.
    diesel::sql_query("UPDATE publications SET shown_until = portal_today() - 1")
        .execute(&mut conn)
        .await
        .unwrap();
    let (_, later) = app.get_html(listing).await;
    assert_eq!(texts(&later, "tbody tr").len(), 0);
}

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
