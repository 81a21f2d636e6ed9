//! Linked services after the certificate (003 二(二), 附件3–5; 004 附件2): checked with the
//! eligibility rules when the certificate is issued, offered when likely eligible but not chosen,
//! granted with what each department records, employment help's contacts, and 好差评.

use diesel_async::RunQueryDsl;

use crate::helpers::{TestApp, TestUser, texts};
use crate::workflow::{World, act, conclude, number, staff, world};

/// Sets the answers' benefits of the world's application.
async fn benefits(w: &World, list: &[&str]) {
    let json = serde_json::to_string(list).unwrap();
    let mut conn = w.app.db().await;
    diesel::sql_query(format!(
        "UPDATE applications SET answers = jsonb_set(answers, '{{benefits}}', '{json}')"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
}

/// Sets the answers' yes/no facts (`student`, `employed` …) of the world's application.
async fn facts(w: &World, list: &[(&str, &str)]) {
    let map: serde_json::Map<String, serde_json::Value> = list
        .iter()
        .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
        .collect();
    let json = serde_json::Value::Object(map).to_string();
    let mut conn = w.app.db().await;
    diesel::sql_query(format!(
        "UPDATE applications SET answers = jsonb_set(answers, '{{facts}}', '{json}')"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
}

/// Adds a waiting service item `code` to the world's application.
async fn also(w: &World, code: &str) {
    let mut conn = w.app.db().await;
    diesel::sql_query(format!(
        "INSERT INTO application_items (application_id, kind, code, status, handling_county, \
         approving_county) SELECT application_id, 'service', '{code}', 'waiting', handling_county, \
         approving_county FROM application_items WHERE kind = 'matter'"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
}

/// Accept, conclude physical grade `grade`, publish, move the publication back, issue.
async fn issued_with_grade(w: &World, grade: &str) {
    let path = format!("/staff/items/{}", w.item);
    let institution = w.institution.to_string();
    let accept = [("command", "accept"), ("institution", institution.as_str())];
    assert_eq!(act(&w.clerk, &path, 0, &accept).await, 303);
    let scan = Some(("评定表.pdf", b"%PDF-1.4 signed".to_vec()));
    let res = conclude(
        &w.doctor,
        w.item,
        1,
        &[("meets", "yes"), ("grade-4", grade)],
        scan,
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        act(&w.clerk, &path, 2, &[("command", "publish_or_notify")]).await,
        303
    );
    let mut conn = w.app.db().await;
    diesel::sql_query(format!(
        "UPDATE application_items SET state_since = portal_today() - 40 WHERE id = {}",
        w.item
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    assert_eq!(act(&w.clerk, &path, 3, &[("command", "issue")]).await, 303);
}

async fn state_of(w: &World, code: &str) -> String {
    #[derive(diesel::QueryableByName)]
    struct S {
        #[diesel(sql_type = diesel::sql_types::Text)]
        status: String,
    }
    let mut conn = w.app.db().await;
    diesel::sql_query(format!(
        "SELECT status FROM application_items WHERE kind = 'service' AND code = '{code}'"
    ))
    .get_result::<S>(&mut conn)
    .await
    .unwrap()
    .status
}

/// The staff page of the world's service item `code`.
async fn service_path(w: &World, code: &str) -> String {
    let sql = format!("SELECT id AS n FROM application_items WHERE code = '{code}'");
    format!("/staff/items/{}", number(&w.app, &sql).await)
}

/// A department officer of `department` in 芙蓉区.
async fn officer(w: &World, n: u32, department: &str) -> TestApp {
    let mut conn = w.app.db().await;
    let office = portal::db::offices::ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Department,
        "430102",
        Some(department),
        &format!("芙蓉区{department}"),
    )
    .await
    .unwrap();
    staff(&w.app, n, "department_officer", office).await
}

#[tokio::test]
async fn an_orphan_keeps_the_nursing_subsidy_but_not_the_living_subsidy() {
    let w = world().await;
    also(&w, "nursing_subsidy").await;
    benefits(&w, &["orphan"]).await;
    issued_with_grade(&w, "2").await;
    assert_eq!(state_of(&w, "living_subsidy").await, "not_eligible");
    assert_eq!(state_of(&w, "nursing_subsidy").await, "at_department");
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("不符合办理条件"));
    assert!(
        case.contains("享受孤儿基本生活保障的残疾儿童不享受生活补贴"),
        "the reason, in plain words: {}",
        texts(&case, ".event-note").join(" | ")
    );
}

#[tokio::test]
async fn people_supported_as_extremely_poor_get_neither_subsidy() {
    let w = world().await;
    also(&w, "nursing_subsidy").await;
    benefits(&w, &["tekun"]).await;
    issued_with_grade(&w, "1").await;
    assert_eq!(state_of(&w, "living_subsidy").await, "not_eligible");
    assert_eq!(state_of(&w, "nursing_subsidy").await, "not_eligible");
}

#[tokio::test]
async fn grade_3_on_the_minimum_living_allowance_gets_half_the_medical_contribution() {
    let w = world().await;
    also(&w, "resident_medical_insurance").await;
    issued_with_grade(&w, "3").await;
    assert_eq!(
        state_of(&w, "resident_medical_insurance").await,
        "at_department"
    );
    let medical = officer(&w, 120, "medical_security").await;
    let path = service_path(&w, "resident_medical_insurance").await;
    assert_eq!(
        act(&medical, &path, 1, &[("command", "approve")]).await,
        303
    );
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("个人缴费部分由政府资助 50%"), "{case}");
    // 003 附件5 4: when the subsidy starts — the next insurance year, never backdated.
    use chrono::Datelike;
    let year = crate::helpers::today().year();
    let starts = texts(&case, ".starts");
    assert_eq!(starts.len(), 1, "{starts:?}");
    assert!(
        starts[0].contains(&format!("从 {} 年度开始", year + 1))
            && starts[0].contains("不再追补")
            && starts[0].contains("附件5 4"),
        "{starts:?}"
    );
}

#[tokio::test]
async fn services_not_chosen_but_likely_eligible_are_offered_and_added_with_one_click() {
    let w = world().await;
    issued_with_grade(&w, "2").await;
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("您还可以申请的服务"));
    let offered = texts(&case, "#offers h3");
    assert!(
        offered.contains(&"重度残疾人护理补贴".to_owned()),
        "{offered:?}"
    );
    assert!(
        !offered.contains(&"困难残疾人生活补贴".to_owned()),
        "already asked for"
    );
    // Someone else cannot add services to this case.
    let stranger = w.app.other_device();
    stranger.register(&TestUser::new(9)).await;
    let add = |code: &'static str| [("service", code)];
    let res = stranger
        .post_form(
            &format!("{}/services", w.application),
            &add("nursing_subsidy"),
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
    let res = w
        .applicant
        .post_form(
            &format!("{}/services", w.application),
            &add("nursing_subsidy"),
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(state_of(&w, "nursing_subsidy").await, "at_department");
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("已追加办理"), "the notice");
    assert!(!texts(&case, "#offers h3").contains(&"重度残疾人护理补贴".to_owned()));
    // Employment help: one consultation and two job recommendations before it is completed.
    let res = w
        .applicant
        .post_form(
            &format!("{}/services", w.application),
            &add("employment_referral"),
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let employment = officer(&w, 121, "disabled_persons_federation").await;
    let path = service_path(&w, "employment_referral").await;
    let contact = |kind: &'static str, text: &'static str| {
        [
            ("command", "record_contact"),
            ("contact", kind),
            ("contact_note", text),
        ]
    };
    assert_eq!(
        act(
            &employment,
            &path,
            0,
            &contact("consultation", "残疾人就业扶持政策")
        )
        .await,
        303
    );
    assert_eq!(
        act(
            &employment,
            &path,
            1,
            &contact("recommendation", "芙蓉区某公司客服岗")
        )
        .await,
        303
    );
    assert_eq!(
        act(&employment, &path, 2, &[("command", "approve")]).await,
        422
    );
    assert_eq!(
        act(
            &employment,
            &path,
            2,
            &contact("recommendation", "某超市收银岗")
        )
        .await,
        303
    );
    assert_eq!(
        act(&employment, &path, 3, &[("command", "approve")]).await,
        303
    );
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("残疾人就业扶持政策") && case.contains("某超市收银岗"));
    assert!(case.contains("已完成政策咨询和岗位推荐"));
}

#[tokio::test]
async fn completed_items_are_rated_once_and_administrators_see_the_ratings() {
    let w = world().await;
    issued_with_grade(&w, "2").await;
    let civil = officer(&w, 122, "civil_affairs").await;
    let item = number(
        &w.app,
        "SELECT id AS n FROM application_items WHERE code = 'living_subsidy'",
    )
    .await;
    let rate = format!("{}/items/{item}/rating", w.application);
    // Not before it is completed.
    w.applicant
        .post_form(&rate, &[("rating", "good"), ("comment", "")])
        .await;
    assert_eq!(number(&w.app, "SELECT count(*) AS n FROM ratings").await, 0);
    let path = format!("/staff/items/{item}");
    let grant = [("command", "approve"), ("start_month", "2027-01")];
    assert_eq!(act(&civil, &path, 1, &grant).await, 303);
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(
        case.contains(&format!("id=\"rate-{item}\"")),
        "the rating form"
    );
    let res = w
        .applicant
        .post_form(&rate, &[("rating", "excellent"), ("comment", "")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(number(&w.app, "SELECT count(*) AS n FROM ratings").await, 0);
    // A comment pasted with a control character: not saved, and the page says why.
    w.applicant
        .post_form(&rate, &[("rating", "good"), ("comment", "很快\u{0}")])
        .await;
    assert_eq!(number(&w.app, "SELECT count(*) AS n FROM ratings").await, 0);
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("这次评价没有保存"), "{case}");
    w.applicant
        .post_form(
            &rate,
            &[("rating", "good"), ("comment", "办得很快<b>谢谢</b>")],
        )
        .await;
    w.applicant
        .post_form(&rate, &[("rating", "poor"), ("comment", "")])
        .await;
    assert_eq!(
        number(
            &w.app,
            "SELECT count(*) AS n FROM ratings WHERE rating = 'good' AND office_id IS NOT NULL"
        )
        .await,
        1,
        "once, with the office that decided"
    );
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("您的评价：好评"));
    // Administrators see them per office and per service; others may not.
    let admin = w.app.other_device();
    let user = TestUser::new(130);
    admin.register(&user).await;
    let mut conn = w.app.db().await;
    diesel::sql_query(format!(
        "UPDATE accounts SET roles = '{{admin}}' WHERE id_number = '{}'",
        user.id_number
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let (status, page) = admin.get_html("/admin/ratings").await;
    assert_eq!(status, 200);
    assert!(page.contains("芙蓉区civil_affairs") && page.contains("困难残疾人生活补贴"));
    assert!(page.contains("办得很快&#60;b&#62;") || page.contains("办得很快&lt;b&gt;"));
    assert!(!page.contains("<b>谢谢"));
    assert_eq!(
        w.applicant.get("/admin/ratings").await.status().as_u16(),
        403
    );
}

#[tokio::test]
async fn the_pension_records_the_tier_the_government_pays_and_a_business_may_be_refused() {
    let w = world().await;
    for code in [
        "resident_pension",
        "individual_business",
        "employment_referral",
    ] {
        also(&w, code).await;
    }
    let not_in = [
        ("student", "no"),
        ("public_sector", "no"),
        ("employee_pension", "no"),
        ("employed", "yes"),
        ("able_and_willing", "yes"),
    ];
    facts(&w, &not_in).await;
    issued_with_grade(&w, "1").await;
    assert_eq!(state_of(&w, "resident_pension").await, "at_department");
    assert_eq!(state_of(&w, "individual_business").await, "at_department");
    // 004 附件2 六9: employment help is for people not in work.
    assert_eq!(state_of(&w, "employment_referral").await, "not_eligible");
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(
        case.contains("就业帮扶面向目前没有工作的残疾人"),
        "the reason"
    );

    // 003 附件4 3–4: grade 1 → the government pays the lowest tier; a self-paid 300-yuan tier
    // earns Hunan's 30 yuan.
    let pension = officer(&w, 123, "human_resources").await;
    let path = service_path(&w, "resident_pension").await;
    let grant = |tier: &'static str| [("command", "approve"), ("tier", tier)];
    assert_eq!(
        act(&pension, &path, 1, &grant("250")).await,
        422,
        "no such tier"
    );
    assert_eq!(act(&pension, &path, 1, &grant("300")).await, 303);
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("政府代缴最低档次（100 元）"), "{case}");
    assert!(case.contains("政府缴费补贴 30 元/年"));
    // 003 附件4 3: the collective payment is made by the (next) end of September.
    let today = crate::helpers::today();
    use chrono::Datelike;
    let september = chrono::NaiveDate::from_ymd_opt(today.year(), 9, 30).unwrap();
    let by = if today <= september {
        september
    } else {
        chrono::NaiveDate::from_ymd_opt(today.year() + 1, 9, 30).unwrap()
    };
    assert!(
        texts(&case, ".starts")
            .iter()
            .any(|s| s.contains(&format!("政府集中代缴原则上在 {by} 前完成"))),
        "{:?}",
        texts(&case, ".starts")
    );

    // 市监 refuses with a reason the person reads; a grant needs the registration number.
    let market = officer(&w, 124, "market_regulation").await;
    let path = service_path(&w, "individual_business").await;
    let grant = [("command", "approve"), ("registration", " ")];
    assert_eq!(act(&market, &path, 1, &grant).await, 422);
    // Another department cannot decide it.
    assert_eq!(
        act(
            &pension,
            &path,
            1,
            &[("command", "refuse"), ("reason", "x")]
        )
        .await,
        404
    );
    let refuse = [("command", "refuse"), ("reason", "经营场所证明未提供")];
    assert_eq!(act(&market, &path, 1, &refuse).await, 303);
    assert_eq!(state_of(&w, "individual_business").await, "refused");
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("经营场所证明未提供"));
}

#[tokio::test]
async fn students_are_not_registered_for_the_residents_pension() {
    let w = world().await;
    also(&w, "resident_pension").await;
    facts(&w, &[("student", "yes")]).await;
    issued_with_grade(&w, "2").await;
    assert_eq!(state_of(&w, "resident_pension").await, "not_eligible");
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("在校学生不参加城乡居民养老保险"));
}

#[tokio::test]
async fn a_business_is_registered_with_its_number() {
    let w = world().await;
    also(&w, "individual_business").await;
    issued_with_grade(&w, "4").await;
    let market = officer(&w, 124, "market_regulation").await;
    let path = service_path(&w, "individual_business").await;
    let grant = [
        ("command", "approve"),
        ("registration", "92430102MA4L000X1K"),
    ];
    assert_eq!(act(&market, &path, 1, &grant).await, 303);
    assert_eq!(state_of(&w, "individual_business").await, "approved");
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("注册号 92430102MA4L000X1K"));
}

#[tokio::test]
async fn services_are_judged_and_handled_where_the_hukou_is() {
    // 003 附件3 (湖南户籍), 附件4 1 and 附件5 1 (“在户籍地参加”), 004 附件2 六7–10 (河南户籍): the
    // person lives in 芙蓉区 (湖南) with a hukou in 金水区 (河南), and asks for the living subsidy.
    let w = crate::workflow::world_with_hukou_in_henan().await;
    let mut conn = w.app.db().await;
    let henan_civil = portal::db::offices::ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Department,
        "410105",
        Some("civil_affairs"),
        "金水区民政局",
    )
    .await
    .unwrap();
    let hukou_federation = portal::db::offices::ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Federation,
        "410105",
        None,
        "金水区残联",
    )
    .await
    .unwrap();
    let henan_officer = staff(&w.app, 121, "department_officer", henan_civil).await;
    let hukou_clerk = staff(&w.app, 122, "hukou_clerk", hukou_federation).await;
    let hunan_officer = officer(&w, 123, "civil_affairs").await;
    // Routed to the hukou county's department when submitted.
    assert_eq!(
        number(
            &w.app,
            "SELECT count(*) AS n FROM application_items WHERE kind = 'service' AND handling_county = '410105'"
        )
        .await,
        1
    );
    // The residence county assesses and publishes; the hukou county approves and issues.
    let path = format!("/staff/items/{}", w.item);
    let institution = w.institution.to_string();
    let accept = [("command", "accept"), ("institution", institution.as_str())];
    assert_eq!(act(&w.clerk, &path, 0, &accept).await, 303);
    let scan = Some(("评定表.pdf", b"%PDF-1.4 signed".to_vec()));
    let res = conclude(
        &w.doctor,
        w.item,
        1,
        &[("meets", "yes"), ("grade-4", "2")],
        scan,
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        act(&w.clerk, &path, 2, &[("command", "publish_or_notify")]).await,
        303
    );
    diesel::sql_query(format!(
        "UPDATE application_items SET state_since = portal_today() - 40 WHERE id = {}",
        w.item
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    assert_eq!(
        act(&w.clerk, &path, 3, &[("command", "pass_to_hukou_county")]).await,
        303
    );
    assert_eq!(
        act(&hukou_clerk, &path, 4, &[("command", "approve_and_issue")]).await,
        303
    );
    // Judged by Henan's rules (its 10-working-day review limit, 004 附件3 五(四)2, which Hunan
    // never promised) and handled by 金水区's civil affairs, not 芙蓉区's.
    assert_eq!(state_of(&w, "living_subsidy").await, "at_department");
    assert_eq!(
        number(
            &w.app,
            "SELECT count(*) AS n FROM application_items WHERE code = 'living_subsidy' AND deadline IS NOT NULL"
        )
        .await,
        1
    );
    let service = service_path(&w, "living_subsidy").await;
    assert_eq!(henan_officer.get(&service).await.status().as_u16(), 200);
    assert_eq!(hunan_officer.get(&service).await.status().as_u16(), 404);
}
