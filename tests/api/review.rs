//! Review requests (复核 / 复评) and public objections (公众异议) over HTTP: filing within the
//! window and refusal after it, issue held while a review is open, the county forwarding to the
//! city committee, the reassessment appointment, the final conclusion replacing the first one, and
//! objections reaching the clerks of the entry's county only.

use chrono::NaiveDate;
use diesel_async::RunQueryDsl;

use crate::helpers::{TestApp, input_value, texts};
use crate::workflow::{World, act, assessed, conclude_with, lookups_current, number, staff, world};

/// A committee of 长沙市 (where the world's 芙蓉区 lies) and one of 郑州市, with a member each.
async fn committees(w: &World) -> (i64, TestApp, TestApp) {
    let mut conn = w.app.db().await;
    use portal::db::offices::ensure;
    let changsha = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Committee,
        "4301",
        None,
        "长沙市终评委员会",
    )
    .await
    .unwrap();
    let zhengzhou = ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Committee,
        "4101",
        None,
        "郑州市终评委员会",
    )
    .await
    .unwrap();
    let member = staff(&w.app, 111, "expert_committee", changsha).await;
    let other = staff(&w.app, 112, "expert_committee", zhengzhou).await;
    (changsha, member, other)
}

/// Publishes the world's case (accepted, assessed as meeting grade 2, published today).
pub(crate) async fn published(w: &World) {
    assessed(w, true).await;
    let path = format!("/staff/items/{}", w.item);
    assert_eq!(
        act(&w.clerk, &path, 2, &[("command", "publish_or_notify")]).await,
        303
    );
}

/// Sends the review form (multipart, with an optional file); returns status and body.
pub(crate) async fn request_review(
    client: &TestApp,
    application: &str,
    reasons: &str,
    file: Option<(&str, Vec<u8>)>,
) -> (u16, String) {
    use reqwest::multipart::{Form, Part};
    let token = client.csrf_token().await;
    let mut form = Form::new().text("reasons", reasons.to_owned());
    if let Some((name, bytes)) = file {
        form = form.part("attachment", Part::bytes(bytes).file_name(name.to_owned()));
    }
    let res = client
        .client
        .post(format!(
            "{}{application}/review?csrf_token={token}",
            client.address
        ))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

/// The id of the case's review item.
async fn review_item(w: &World) -> i64 {
    number(
        &w.app,
        "SELECT id AS n FROM application_items WHERE kind = 'review'",
    )
    .await
}

/// Moves the matter's publication start to `day`.
pub(crate) async fn made_known_on(w: &World, day: NaiveDate) {
    let mut conn = w.app.db().await;
    diesel::sql_query(format!(
        "UPDATE application_items SET state_since = '{day}' WHERE id = {}",
        w.item
    ))
    .execute(&mut conn)
    .await
    .unwrap();
}

fn calendar() -> portal::domain::Calendar {
    portal::domain::Calendar::from_csv(include_str!("../fixtures/holidays_cn.csv")).unwrap()
}

fn today() -> NaiveDate {
    crate::helpers::today()
}

#[tokio::test]
async fn an_open_review_holds_issue_until_the_committee_s_final_conclusion_replaces_the_first() {
    let w = world().await;
    let (committee, member, other_member) = committees(&w).await;
    published(&w).await;
    // The case page offers the review with the exact last day.
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("评定结论：肢体残疾 二级（重度）。"), "{case}");
    let closes = calendar().add(today(), 10).date;
    assert!(case.contains(&format!("可在 {closes}（含当日）前申请复核")));
    // Reasons are required; what was typed is kept on a refused file.
    let (status, page) = request_review(&w.applicant, &w.application, " ", None).await;
    assert_eq!(status, 422);
    assert!(page.contains("请填写申请复核的理由"));
    let exe = Some(("证明.pdf", b"MZ\x90\x00 not a pdf".to_vec()));
    let (status, page) =
        request_review(&w.applicant, &w.application, "等级<script>x</script>", exe).await;
    assert_eq!(status, 422);
    assert!(!page.contains("<script>x"), "escaped");
    assert_eq!(
        texts(&page, "textarea#reasons"),
        vec!["等级<script>x</script>"],
        "kept"
    );
    assert_eq!(texts(&page, ".error-summary a").len(), 1);
    // Another account cannot file for this case.
    let stranger = w.app.other_device();
    stranger.register(&crate::helpers::TestUser::new(9)).await;
    let (status, _) = request_review(&stranger, &w.application, "x", None).await;
    assert_eq!(status, 404);
    let scan = Some(("诊断证明.pdf", b"%PDF-1.4 another hospital".to_vec()));
    let (status, _) =
        request_review(&w.applicant, &w.application, "肢体功能比评定的更差", scan).await;
    assert_eq!(status, 303);
    // A second request (double click, another tab) is refused, and nothing is duplicated.
    let (_, again) = request_review(&w.applicant, &w.application, "再次", None).await;
    assert!(!again.contains("提交复核申请"));
    assert_eq!(
        number(&w.app, "SELECT count(*) AS n FROM review_requests").await,
        1
    );
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("您已申请复核"), "what happens now");
    let (_, inbox) = w.applicant.get_html("/inbox").await;
    assert!(inbox.contains("已申请复核，等待县残联转报"));

    // Issue waits, even after the window.
    let mut conn = w.app.db().await;
    diesel::sql_query(format!(
        "UPDATE application_items SET state_since = portal_today() - 40 WHERE id = {}",
        w.item
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let matter = format!("/staff/items/{}", w.item);
    let (_, page) = w.clerk.get_html(&matter).await;
    assert!(page.contains("申请人已申请复核"));
    assert!(!page.contains("value=\"issue\""), "issue is not offered");
    let res = w
        .clerk
        .post_form(&matter, &[("command", "issue"), ("version", "3")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(
        number(
            &w.app,
            "SELECT count(*) AS n FROM application_items WHERE status = 'issued'"
        )
        .await,
        0
    );

    // The county clerk forwards it to the city's committee (not another city's).
    let review = review_item(&w).await;
    let path = format!("/staff/items/{review}");
    let (status, page) = w.clerk.get_html(&path).await;
    assert_eq!(status, 200);
    assert!(page.contains("肢体功能比评定的更差") && page.contains("长沙市终评委员会"));
    assert!(!page.contains("郑州市终评委员会"));
    let (_, queue) = w.clerk.get_html("/staff").await;
    assert!(queue.contains("复核申请（复评）"));
    assert_eq!(w.other_clerk.get(&path).await.status().as_u16(), 404);
    assert_eq!(member.get(&path).await.status().as_u16(), 404, "not yet");
    let foreign = number(
        &w.app,
        "SELECT id AS n FROM offices WHERE name = '郑州市终评委员会'",
    )
    .await
    .to_string();
    let refused = [
        ("command", "forward_to_committee"),
        ("committee", foreign.as_str()),
    ];
    assert_eq!(act(&w.clerk, &path, 0, &refused).await, 422);
    let ours = committee.to_string();
    let forward = [
        ("command", "forward_to_committee"),
        ("committee", ours.as_str()),
    ];
    assert_eq!(act(&w.clerk, &path, 0, &forward).await, 303);

    // The committee schedules the reassessment (not in the past), then records the final one.
    let (_, queue) = member.get_html("/staff").await;
    assert!(queue.contains(&format!("/staff/items/{review}")));
    assert_eq!(other_member.get(&path).await.status().as_u16(), 404);
    let yesterday = (today() - chrono::Days::new(1)).to_string();
    let (m, p) = (&member, &path);
    let schedule = |on: String| async move {
        let fields = [
            ("command", "schedule_reassessment"),
            ("on", on.as_str()),
            ("place", "长沙市第一医院"),
        ];
        act(m, p, 1, &fields).await
    };
    assert_eq!(schedule(yesterday).await, 422);
    let on = (today() + chrono::Days::new(3)).to_string();
    assert_eq!(schedule(on.clone()).await, 303);
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(
        case.contains(&format!("{on} 长沙市第一医院")),
        "the appointment"
    );
    let final_scan = Some(("终评表.pdf", b"%PDF-1.4 final".to_vec()));
    let fin = "record_final_conclusion";
    let res = conclude_with(
        &member,
        review,
        2,
        fin,
        &[("meets", "yes"), ("grade-4", "3")],
        None,
    )
    .await;
    assert_eq!(res.status().as_u16(), 422, "the signed form is required");
    let grade3 = [("meets", "yes"), ("grade-4", "3")];
    let res = conclude_with(&member, review, 2, fin, &grade3, final_scan).await;
    assert_eq!(res.status().as_u16(), 303);
    let res = w
        .clerk
        .post_form(
            &format!("/staff/items/{review}/conclusion"),
            &[("command", "record_final_conclusion")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404, "a clerk cannot record it");

    // The final conclusion replaced the first: the case, the announcement and the lookup.
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("已终评：符合标准，待发证"));
    assert!(case.contains("评定结论：肢体残疾 三级（中度）。"));
    assert!(
        case.contains("预约复评") && case.contains("录入终评结论"),
        "timeline"
    );
    let listing = w
        .app
        .other_device()
        .get_html("/publications?province=43&city=4301&county=430102")
        .await
        .1;
    assert!(listing.contains("三级") && !listing.contains("二级"));
    let (_, inbox) = w.applicant.get_html("/inbox").await;
    assert!(inbox.contains("已终评：符合标准"));
    // The clerk issues at once: no new window after the final conclusion.
    let (_, page) = w.clerk.get_html(&matter).await;
    assert!(page.contains("value=\"issue\""));
    assert_eq!(
        act(&w.clerk, &matter, 4, &[("command", "issue")]).await,
        303
    );
    assert_eq!(lookups_current(&w.app).await, 1);
}

#[tokio::test]
async fn a_review_is_accepted_on_the_window_s_last_day_and_refused_the_day_after() {
    let w = world().await;
    published(&w).await;
    let cal = calendar();
    let today = today();
    // The latest start whose window still includes today, and the latest whose window has closed.
    let mut open_from = today;
    while cal.add(open_from - chrono::Days::new(1), 10).date >= today {
        open_from = open_from - chrono::Days::new(1);
    }
    let closed_from = open_from - chrono::Days::new(1);
    let closed_on = cal.add(closed_from, 10).date;
    assert!(closed_on < today);
    made_known_on(&w, closed_from).await;
    let (_, page) = w
        .applicant
        .get_html(&format!("{}/review", w.application))
        .await;
    assert!(
        page.contains(&format!("申请复核的期限已于 {closed_on}（含当日）结束")),
        "the exact date"
    );
    assert!(!page.contains("<textarea"), "no form after the window");
    let (status, page) = request_review(&w.applicant, &w.application, "理由", None).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("已于 {closed_on}（含当日）结束")));
    assert_eq!(
        number(&w.app, "SELECT count(*) AS n FROM review_requests").await,
        0,
        "refused after the window"
    );
    // From one day later the window reaches today: on a working day, today is its last day.
    made_known_on(&w, open_from).await;
    let last = cal.add(open_from, 10).date;
    if cal.is_working_day(today) {
        assert_eq!(last, today, "today is the last day");
    }
    let (status, _) = request_review(&w.applicant, &w.application, "理由", None).await;
    assert_eq!(status, 303);
    assert_eq!(
        number(&w.app, "SELECT count(*) AS n FROM review_requests").await,
        1
    );
    // Withdrawn before the county forwards it; the issue is then possible again.
    let res = w
        .applicant
        .post_form(&format!("{}/review/withdraw", w.application), &[])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, case) = w.applicant.get_html(&w.application).await;
    assert!(case.contains("复核申请已撤回"), "{case}");
}

#[tokio::test]
async fn a_final_conclusion_below_the_standard_closes_the_case_and_leaves_the_announcement() {
    let w = world().await;
    let (committee, member, _) = committees(&w).await;
    published(&w).await;
    let (status, _) = request_review(&w.applicant, &w.application, "不同意", None).await;
    assert_eq!(status, 303);
    let review = review_item(&w).await;
    let path = format!("/staff/items/{review}");
    let c = committee.to_string();
    let forward = [
        ("command", "forward_to_committee"),
        ("committee", c.as_str()),
    ];
    assert_eq!(act(&w.clerk, &path, 0, &forward).await, 303);
    let on = today().to_string();
    let fields = [
        ("command", "schedule_reassessment"),
        ("on", on.as_str()),
        ("place", "上门评定"),
    ];
    assert_eq!(act(&member, &path, 1, &fields).await, 303);
    let scan = Some(("终评表.png", crate::apply::PNG.to_vec()));
    let fin = "record_final_conclusion";
    let res = conclude_with(&member, review, 2, fin, &[("meets", "no")], scan).await;
    let status = res.status().as_u16();
    let body = res.text().await.unwrap();
    assert_eq!(status, 303, "{}", texts(&body, ".error-summary").join(""));
    let listing = "/publications?province=43&city=4301&county=430102";
    let (_, page) = w.app.other_device().get_html(listing).await;
    assert!(!page.contains("张*明"), "no longer announced");
    let matter = format!("/staff/items/{}", w.item);
    let (_, page) = w.clerk.get_html(&matter).await;
    assert!(page.contains("已终评：不符合标准"));
    let res = w
        .clerk
        .post_form(&matter, &[("command", "close"), ("version", "4")])
        .await;
    let status = res.status().as_u16();
    let body = res.text().await.unwrap();
    assert_eq!(status, 303, "{}", texts(&body, ".error-summary").join(""));
    // The lookup shows the final conclusion without a further review.
    let visitor = w.app.other_device();
    let res = visitor
        .post_form(
            "/publications/lookup",
            &[
                ("id_number", &crate::helpers::TestUser::new(1).id_number),
                ("name", "张小明"),
            ],
        )
        .await;
    let html = res.text().await.unwrap();
    let result = texts(&html, "#result p").join(" ");
    assert!(
        result.contains("终评结论。评定结论：未达到残疾标准"),
        "{result}"
    );
    assert!(result.contains("不能再申请复核"));
    assert_eq!(lookups_current(&w.app).await, 1);
}

/// Runs `sql` on `conn` (statements separated by `;`).
async fn run(conn: &mut diesel_async::AsyncPgConnection, sql: &str) {
    use diesel_async::SimpleAsyncConnection;
    conn.batch_execute(sql).await.unwrap();
}

#[tokio::test]
async fn two_transactions_changing_one_case_at_once_leave_the_lookup_with_both_changes() {
    let w = world().await;
    published(&w).await;
    let item = w.item;
    let (mut first, mut second) = (w.app.db().await, w.app.db().await);
    // The first changes the matter and has its lookup row written (the deferred trigger runs
    // now, holding the person until it commits) …
    run(&mut first, "BEGIN").await;
    run(
        &mut first,
        &format!(
            "UPDATE application_items SET state_since = state_since - 1 WHERE id = {item}; \
             SET CONSTRAINTS ALL IMMEDIATE"
        ),
    )
    .await;
    // … while the second changes the announcement and commits: its refresh must wait for the
    // first and then read the first's change, not write back what it saw before.
    run(&mut second, "BEGIN").await;
    run(
        &mut second,
        &format!(
            "UPDATE publications SET objection_until = objection_until + 1 WHERE item_id = {item}"
        ),
    )
    .await;
    let commit_second = run(&mut second, "COMMIT");
    let commit_first = async {
        // Once the second's commit waits on the first's lock (not after a guessed pause).
        while number(
            &w.app,
            "SELECT count(*) AS n FROM pg_stat_activity \
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .await
            == 0
        {}
        run(&mut first, "COMMIT").await;
    };
    tokio::join!(commit_second, commit_first);
    assert_eq!(lookups_current(&w.app).await, 1);
    assert_eq!(
        number(
            &w.app,
            &format!(
                "SELECT count(*) AS n FROM result_lookups r JOIN publications p \
                 ON p.item_id = r.item_id WHERE r.item_id = {item} \
                 AND r.objection_until = p.objection_until \
                 AND r.state_since = (SELECT state_since FROM application_items WHERE id = {item})"
            )
        )
        .await,
        1,
        "both changes in the lookup's row"
    );
}

#[tokio::test]
async fn public_objections_reach_the_clerks_of_the_entry_s_county_only() {
    let w = world().await;
    published(&w).await;
    let entry = number(&w.app, "SELECT id AS n FROM publications").await;
    let form = format!("/publications/entries/{entry}/objection");
    let public = w.app.other_device();
    let listing = "/publications?province=43&city=4301&county=430102";
    let (_, page) = public.get_html(listing).await;
    assert!(page.contains(&form), "each open entry links to the form");
    let (status, page) = public.get_html(&form).await;
    assert_eq!(status, 200);
    assert!(page.contains("张*明") && !page.contains("张小明"));
    // Every problem at once, typed values kept and escaped.
    let res = public
        .post_form(
            &form,
            &[("name", "<b>李</b>"), ("contact", "12345"), ("text", "")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert_eq!(texts(&html, ".error-summary a").len(), 3);
    assert!(!html.contains("<b>李"), "escaped");
    assert_eq!(
        input_value(&html, "name").as_deref(),
        Some("<b>李</b>"),
        "kept"
    );
    let send = |text: &'static str| {
        let public = &public;
        let form = &form;
        async move {
            public
                .post_form(
                    form,
                    &[("name", "李四"), ("contact", "13911112222"), ("text", text)],
                )
                .await
                .status()
                .as_u16()
        }
    };
    // A control character in the text: refused at the text, kept without it, nothing sent.
    let res = public
        .post_form(
            &form,
            &[
                ("name", "李四"),
                ("contact", "13911112222"),
                ("text", "此人\u{0}不是"),
            ],
        )
        .await;
    let html = crate::helpers::refused_for_control_characters(res, "text").await;
    assert!(html.contains(">此人不是</textarea>"), "kept: {html}");
    let sent = number(&w.app, "SELECT count(*) AS n FROM public_objections").await;
    assert_eq!(sent, 0);
    assert_eq!(send("此人不是本县居民").await, 303);
    // The county clerk sees it with the sender; the other county's clerk and applicants do not.
    let (_, queue) = w.clerk.get_html("/staff").await;
    assert!(queue.contains("公众异议"));
    let id = crate::helpers::first_link(&queue, "/staff/objections/").expect("listed");
    let path = format!("/staff/objections/{id}");
    let (status, page) = w.clerk.get_html(&path).await;
    assert_eq!(status, 200);
    assert!(page.contains("13911112222") && page.contains("此人不是本县居民"));
    assert_eq!(w.other_clerk.get(&path).await.status().as_u16(), 404);
    assert_eq!(w.doctor.get(&path).await.status().as_u16(), 404);
    assert_eq!(w.applicant.get(&path).await.status().as_u16(), 403);
    let (_, other_queue) = w.other_clerk.get_html("/staff").await;
    assert!(!other_queue.contains("/staff/objections/"));
    assert!(
        !public.get_html(listing).await.1.contains("13911112222"),
        "never public"
    );
    assert!(
        number(
            &w.app,
            "SELECT count(*) AS n FROM audit_log WHERE what LIKE 'view public objection%'"
        )
        .await
            >= 1
    );
    // Handled with a note, and then off the list.
    let res = w.clerk.post_form(&path, &[("note", "")]).await;
    assert_eq!(res.status().as_u16(), 422);
    let res = w.clerk.post_form(&path, &[("note", "已核实\u{0}")]).await;
    crate::helpers::refused_for_control_characters(res, "note").await;
    assert!(
        w.clerk.get_html("/staff").await.1.contains(&path),
        "not handled"
    );
    let res = w
        .clerk
        .post_form(&path, &[("note", "已核实，居住证明有效")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, queue) = w.clerk.get_html("/staff").await;
    assert!(!queue.contains(&path));
    // Five objections an hour from one address.
    for _ in 0..4 {
        assert_eq!(send("再次").await, 303);
    }
    let res = public
        .post_form(
            &form,
            &[
                ("name", "李四"),
                ("contact", "13911112222"),
                ("text", "第六次"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("提交次数过多"));
    // After the window, no form.
    let mut conn = w.app.db().await;
    diesel::sql_query("UPDATE publications SET objection_until = portal_today() - 1")
        .execute(&mut conn)
        .await
        .unwrap();
    let (_, page) = public.get_html(&form).await;
    assert!(page.contains("异议期已于") && !page.contains("<textarea"));
    assert_eq!(
        public
            .get("/publications/entries/999999/objection")
            .await
            .status()
            .as_u16(),
        404
    );
}

#[tokio::test]
async fn a_minor_is_notified_never_listed_and_may_still_request_a_review() {
    let w = world().await;
    // The person applied for is 11 years old.
    let first17 = "43010220150101001";
    let check = portal::domain::id_number::check_char(first17).unwrap() as char;
    let mut conn = w.app.db().await;
    diesel::sql_query(format!(
        "UPDATE people SET id_number = '{first17}{check}' WHERE id_number = '{}'",
        crate::helpers::TestUser::new(1).id_number
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    published(&w).await;
    let (_, page) = w.clerk.get_html(&format!("/staff/items/{}", w.item)).await;
    assert!(
        page.contains("已告知结果：符合标准"),
        "notified, not published"
    );
    assert_eq!(
        number(&w.app, "SELECT count(*) AS n FROM publications").await,
        0
    );
    let (_, listing) = w
        .app
        .other_device()
        .get_html("/publications?province=43&city=4301&county=430102")
        .await;
    assert!(!listing.contains("张*明"));
    // The guardian's personal lookup with the ward's ID number: the window counts from the notice
    // (today), not from an announcement there is none of. Signed in as the applicant, no code.
    let last = calendar().add(today(), 10).date;
    let ward_id = format!("{first17}{check}");
    let fields = [("id_number", ward_id.as_str()), ("name", "张小明")];
    let res = w.applicant.post_form("/publications/lookup", &fields).await;
    assert_eq!(res.status().as_u16(), 200);
    let html = res.text().await.unwrap();
    let found = texts(&html, "#result p").join(" ");
    // The result page has a title and heading of its own.
    assert_eq!(texts(&html, "h1"), ["评定结果查询结果"]);
    assert!(texts(&html, "title")[0].starts_with("评定结果查询结果"));
    // A name with a note in brackets, as records write it, is a name (not “enter the name”);
    // the wrong one is told apart from an empty field.
    for (name, refused) in [("张小明（演示）", false), ("张小明<b>", true)] {
        let fields = [("id_number", ward_id.as_str()), ("name", name)];
        let html = w
            .applicant
            .post_form("/publications/lookup", &fields)
            .await
            .text()
            .await
            .unwrap();
        let errors = texts(&html, "#name-error");
        assert_eq!(errors.len(), usize::from(refused), "{name}");
        assert!(
            errors.iter().all(|e| !e.contains("请输入姓名")),
            "{errors:?}"
        );
    }
    // A stranger who knows the ID number and name sees nothing without the code texted to the
    // application's mobile number (000 §三(二): such results go to the applicant by SMS).
    let stranger = w.app.other_device();
    let before = crate::helpers::sms_to(&w.app.var_dir, "13900000001").len();
    let res = stranger.post_form("/publications/lookup", &fields).await;
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"lookup-code-heading\"") && !html.contains("肢体残疾"));
    let res = stranger
        .post_form("/publications/lookup/code", &[("code", "000000")])
        .await;
    assert!(
        !res.text().await.unwrap().contains("肢体残疾"),
        "a guessed code shows nothing"
    );
    let sms = crate::helpers::next_sms(&w.app.var_dir, "13900000001", before).await;
    let res = stranger
        .post_form(
            "/publications/lookup/code",
            &[("code", &crate::helpers::code_in(&sms))],
        )
        .await;
    let with_code = texts(&res.text().await.unwrap(), "#result p").join(" ");
    assert!(
        with_code.contains("肢体残疾"),
        "with the texted code: {with_code}"
    );
    assert!(found.contains("肢体残疾"), "{found}");
    assert!(
        found.contains(&format!("{last}（含当日）前申请复核")),
        "the last day counted from the notice: {found}"
    );
    // The notice starts the same window.
    let (status, _) = request_review(&w.applicant, &w.application, "等级偏低", None).await;
    assert_eq!(status, 303);
    assert_eq!(
        number(&w.app, "SELECT count(*) AS n FROM review_requests").await,
        1
    );
    assert_eq!(lookups_current(&w.app).await, 1);
}

#[tokio::test]
async fn a_clerk_files_a_review_request_at_the_window_within_the_period_only() {
    let w = world().await;
    published(&w).await;
    let id = w.application.trim_start_matches("/applications/");
    let at_window = format!("/staff/counter/applications/{id}");
    // The case page offers it; a clerk of another county reaches nothing.
    let (_, case) = w.clerk.get_html(&format!("/staff/items/{}", w.item)).await;
    assert!(case.contains(&format!("{at_window}/review")));
    assert_eq!(
        w.other_clerk
            .get_html(&format!("{at_window}/review"))
            .await
            .0,
        404
    );
    // After the period: refused with its last day, nothing filed.
    let cal = calendar();
    let long_ago = today() - chrono::Days::new(60);
    made_known_on(&w, long_ago).await;
    let closed_on = cal.add(long_ago, 10).date;
    let (status, page) = request_review(
        &w.clerk,
        &at_window,
        "本人认为等级偏低",
        Some(("signed.pdf", b"%PDF-1.7".to_vec())),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("已于 {closed_on}（含当日）结束")),
        "{page}"
    );
    // Within it: the signed request is required, then it is filed for the person.
    made_known_on(&w, today()).await;
    let (status, page) = request_review(&w.clerk, &at_window, "本人认为等级偏低", None).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"attachment-error\""), "{page}");
    assert!(page.contains("本人认为等级偏低"), "the reasons are kept");
    let (status, _) = request_review(
        &w.clerk,
        &at_window,
        "本人认为等级偏低",
        Some(("signed.pdf", b"%PDF-1.7 signed".to_vec())),
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        number(
            &w.app,
            "SELECT count(*) AS n FROM review_requests WHERE attachment_id IS NOT NULL"
        )
        .await,
        1
    );
    // The applicant sees it on their case page, and was told.
    let (_, mine) = w.applicant.get_html(&w.application).await;
    assert!(mine.contains("复核"), "{mine}");
    assert_eq!(
        number(
            &w.app,
            "SELECT count(*) AS n FROM audit_log WHERE what LIKE 'review request%window'"
        )
        .await,
        3,
        "every form sent at the window is audited"
    );
}
