//! The review request (复核) and the public objection (公众异议) in the browser: keyboard-only
//! journeys with their error states in both languages, and axe on every page of the review's
//! steps for the applicant, the county clerk and the city committee.

use diesel_async::RunQueryDsl;

use super::{axe_everywhere, ready, run_node, staff_member, submitted_application};
use crate::helpers::{self, spawn_app};

/// Marks the case of `application` as assessed (physical, grade 2) and published today, with its
/// announcement entry, as the clerk's publish step leaves it.
async fn published(app: &helpers::TestApp, application: &str) {
    let id: i64 = application.rsplit('/').next().unwrap().parse().unwrap();
    let mut conn = app.db().await;
    diesel::sql_query(format!(
        "UPDATE application_items SET status = 'published', state_since = portal_today(), \
         conclusion_meets = true, conclusion_category = 4, conclusion_grade = 2 \
         WHERE application_id = {id} AND kind = 'matter'"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    diesel::sql_query(format!(
        "INSERT INTO publications (item_id, province_code, city_code, county_code, masked_name, \
         masked_id, category, grade, published_on, objection_until, shown_until) \
         SELECT id, '43', '4301', '430102', '张*明', '43**************11', 4, 2, portal_today(), \
         portal_today() + 14, portal_today() + 44 FROM application_items \
         WHERE application_id = {id} AND kind = 'matter'"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn reviews_and_objections_work_keyboard_only_with_no_axe_violations() {
    if !ready() {
        return;
    }
    let app = spawn_app().await;
    let mut conn = app.db().await;
    use portal::db::offices::ensure;
    let federation = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Federation,
        "430102",
        None,
        "芙蓉区残联",
    )
    .await
    .unwrap();
    let committee = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Committee,
        "4301",
        None,
        "长沙市终评专家委员会",
    )
    .await
    .unwrap();
    let (clerk, clerk_session) = staff_member(&app, 960, "county_clerk", federation).await;
    let (member, member_session) = staff_member(&app, 961, "expert_committee", committee).await;
    let mut failures = vec![];
    let mut entry = 0;
    for (n, lang) in [(962, "zh-CN"), (963, "en")] {
        let (_, session, application) = submitted_application(&app, n).await;
        published(&app, &application).await;
        entry = diesel::sql_query("SELECT max(id) AS n FROM publications")
            .get_result::<Count>(&mut conn)
            .await
            .unwrap()
            .n;
        // Before the request: the case page with the conclusion, and the review form.
        failures.extend(
            axe_everywhere(
                &app.address,
                &session,
                &[application.clone(), format!("{application}/review")],
            )
            .await,
        );
        let args = vec![
            "review-journey.mjs".to_owned(),
            app.address.clone(),
            lang.to_owned(),
            session.clone(),
            application.clone(),
            format!("/publications/entries/{entry}/objection"),
        ];
        let (ok, output) = tokio::task::spawn_blocking(move || run_node(&args))
            .await
            .unwrap();
        println!("{output}");
        if !ok {
            failures.push(format!("{lang} journey:\n{output}"));
        }
    }
    // The county clerk: the queue with the review and the objections, the review, an objection.
    let (_, queue) = clerk.get_html("/staff").await;
    let objection = helpers::first_link(&queue, "/staff/objections/")
        .map(|id| format!("/staff/objections/{id}"))
        .expect("the objections sent in the journeys");
    let review: i64 =
        diesel::sql_query("SELECT min(id) AS n FROM application_items WHERE kind = 'review'")
            .get_result::<Count>(&mut conn)
            .await
            .unwrap()
            .n;
    let review = format!("/staff/items/{review}");
    failures.extend(
        axe_everywhere(
            &app.address,
            &clerk_session,
            &["/staff".to_owned(), review.clone(), objection],
        )
        .await,
    );
    // Forwarded: the committee's queue and its forms (appointment, final conclusion).
    let c = committee.to_string();
    let res = clerk
        .post_form(
            &review,
            &[
                ("command", "forward_to_committee"),
                ("version", "0"),
                ("committee", &c),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let on = crate::helpers::today().to_string();
    let res = member
        .post_form(
            &review,
            &[
                ("command", "schedule_reassessment"),
                ("version", "1"),
                ("on", &on),
                ("place", "长沙市第一医院"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    failures.extend(
        axe_everywhere(
            &app.address,
            &member_session,
            &["/staff".to_owned(), review],
        )
        .await,
    );
    assert!(
        failures.is_empty(),
        "axe violations:\n{}",
        failures.join("\n")
    );
    assert!(entry > 0);
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}
