//! The certificate's lifecycle over HTTP and the scheduled job: the card's dispatch and delivery
//! shown to the holder, an un-migrated hukou move noticed, a freeze proposed after six months and a
//! cancellation after a year, each confirmed by the issuing county's clerk (visible to verifiers at
//! once), and the renewal reminder.

use diesel_async::RunQueryDsl;

use crate::certificates::issued;
use crate::helpers::{first_link, texts};
use crate::workflow::{World, act, number, world};

async fn sweep(w: &World) -> portal::jobs::CertificatesSwept {
    let pool = crate::helpers::pool_on(&w.app.db_url, 2);
    portal::jobs::sweep_certificates(
        &pool,
        &portal::delivery::Outbox::default(),
        crate::helpers::clock().now(),
    )
    .await
    .unwrap()
}

async fn sql(w: &World, q: &str) {
    let mut conn = w.app.db().await;
    diesel::sql_query(q).execute(&mut conn).await.unwrap();
}

#[tokio::test]
async fn the_card_s_dispatch_and_delivery_are_recorded_and_shown_to_the_holder() {
    let w = world().await;
    let page = issued(&w).await;
    let (_, html) = w.applicant.get_html(&page).await;
    assert!(
        html.contains("无需本人领取"),
        "{}",
        texts(&html, "main p").join(" | ")
    );
    assert!(html.contains("前寄送或送达"), "Hunan: due in 15 days");
    let matter = format!("/staff/items/{}", w.item);
    let card = format!("{matter}/card");
    // The clerk sees the certificate number masked, like the ID number.
    let id = crate::helpers::TestUser::new(1).id_number;
    let (_, staff_page) = w.clerk.get_html(&matter).await;
    assert!(
        !staff_page.contains(&id),
        "no full ID number on the staff page"
    );
    assert!(staff_page.contains(&format!("{}**********{}42", &id[..4], &id[14..])));
    // The dispatch form starts from the applicant's choice (township) among Hunan's ways, and
    // Hunan offers no window (000 §三(三): 不得要求申请人到县或乡级残联领证).
    assert_eq!(
        texts(&staff_page, "#card-choice").join(""),
        "由乡镇（街道）或村（社区）转交"
    );
    assert_eq!(texts(&staff_page, "#method-township[checked]").len(), 1);
    assert_eq!(
        texts(&staff_page, "input[name=method][value=window]").len(),
        0
    );
    let res = w.clerk.post_form(&card, &[("method", "window")]).await;
    assert_eq!(res.status().as_u16(), 422, "not a way Hunan offers");
    let (_, holder) = w.applicant.get_html(&page).await;
    assert!(holder.contains("领取方式：由乡镇（街道）或村（社区）转交"));
    // Post needs a tracking number: refused at that field, the choice kept.
    let res = w
        .clerk
        .post_form(&card, &[("method", "post"), ("tracking", "")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("<a href=\"#tracking\">"),
        "linked to the field"
    );
    assert_eq!(texts(&html, "#tracking-error").len(), 1);
    assert_eq!(texts(&html, "#tracking[aria-invalid=true]").len(), 1);
    // A tracking number pasted with a control character: refused at that field, nothing sent.
    let res = w
        .clerk
        .post_form(&card, &[("method", "post"), ("tracking", "SF1234567\u{0}")])
        .await;
    let html = crate::helpers::refused_for_control_characters(res, "tracking").await;
    assert!(html.contains("value=\"SF1234567\""), "kept");
    assert_eq!(
        texts(&html, "#method[checked]").len(),
        1,
        "post stays chosen"
    );
    // No way chosen: refused at the radios.
    let res = w.clerk.post_form(&card, &[("tracking", "SF1")]).await;
    let html = res.text().await.unwrap();
    assert!(html.contains("<a href=\"#method\">"));
    assert_eq!(
        texts(&html, "input[name=method][aria-invalid=true]").len(),
        2
    );
    assert_eq!(
        texts(&html, "#tracking[value=SF1]").len(),
        1,
        "the number kept"
    );
    assert_eq!(
        number(
            &w.app,
            "SELECT count(*) AS n FROM certificates WHERE card_sent_on IS NOT NULL"
        )
        .await,
        0
    );
    let res = w
        .clerk
        .post_form(&card, &[("method", "post"), ("tracking", "sf1234567890")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = w.applicant.get_html(&page).await;
    assert!(html.contains("快递单号 SF1234567890"));
    assert_eq!(
        w.other_clerk
            .post_form(&card, &[("method", "township")])
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        act(&w.clerk, &matter, 4, &[("command", "confirm_delivery")]).await,
        303
    );
    let (_, html) = w.applicant.get_html(&page).await;
    assert!(html.contains("实体证已于") && html.contains("送达"));
    let (_, inbox) = w.applicant.get_html("/inbox").await;
    assert!(inbox.contains("实体证已寄出"));
}

#[tokio::test]
async fn an_unmigrated_move_is_noticed_and_frozen_and_cancelled_once_a_clerk_confirms() {
    let w = world().await;
    let page = issued(&w).await;
    let (_, html) = w.applicant.get_html(&page).await;
    let link = first_link(&html, &format!("{}/verify?t=", w.app.address))
        .map(|t| format!("/verify?t={t}"))
        .unwrap();
    // The clerk records a move seven months ago; a future date is refused.
    let matter = format!("/staff/items/{}", w.item);
    let moved = format!("{matter}/hukou-moved");
    let tomorrow = (crate::helpers::today() + chrono::Days::new(2)).to_string();
    let res = w.clerk.post_form(&moved, &[("moved_on", &tomorrow)]).await;
    // Refused at the field, with the date typed kept.
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("<a href=\"#moved_on\">"));
    assert_eq!(texts(&html, "#moved_on-error").len(), 1);
    assert_eq!(
        crate::helpers::input_value(&html, "moved_on").as_deref(),
        Some(tomorrow.as_str())
    );
    assert_eq!(texts(&html, "#moved_on[aria-invalid=true]").len(), 1);
    assert_eq!(
        number(
            &w.app,
            "SELECT count(*) AS n FROM certificates WHERE hukou_moved_on IS NOT NULL"
        )
        .await,
        0
    );
    let seven_months_ago = (crate::helpers::today() - chrono::Months::new(7)).to_string();
    let res = w
        .clerk
        .post_form(&moved, &[("moved_on", &seven_months_ago)])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    // First run: the notice only. Second: a freeze is proposed, nothing frozen (001 §四(三)
    // “经核实后”: a clerk of the issuing county confirms).
    let s = sweep(&w).await;
    assert_eq!((s.noticed, s.proposed), (1, 0));
    let (_, inbox) = w.applicant.get_html("/inbox").await;
    assert!(inbox.contains("残疾人证可能被冻结"));
    let s = sweep(&w).await;
    assert_eq!(s.proposed, 1);
    assert_eq!(
        sweep(&w).await,
        portal::jobs::CertificatesSwept::default(),
        "nothing twice"
    );
    let public = w.app.other_device();
    let (_, v) = public.get_html(&link).await;
    assert!(!v.contains("已冻结"), "only proposed");
    let certificate = number(&w.app, "SELECT id AS n FROM certificates").await;
    let decide = format!("/staff/proposals/{certificate}");

    // Another county's clerk sees none of it and cannot decide; the applicant gets 403.
    let (_, list) = w.other_clerk.get_html("/staff/proposals").await;
    assert!(!list.contains(&format!("proposal-{certificate}")));
    let res = w
        .other_clerk
        .post_form(&decide, &[("decision", "confirm")])
        .await;
    assert_eq!(res.status().as_u16(), 404);
    let res = w
        .applicant
        .post_form(&decide, &[("decision", "confirm")])
        .await;
    assert_eq!(res.status().as_u16(), 403);

    // The issuing county's clerk sees it, masked, and confirms: frozen, verifiers see it at once.
    let (status, list) = w.clerk.get_html("/staff/proposals").await;
    assert_eq!(status, 200);
    assert!(list.contains(&format!("proposal-{certificate}")));
    assert!(list.contains("冻结残疾人证"));
    let id = crate::helpers::TestUser::new(1).id_number;
    assert!(!list.contains(&id), "masked");
    let res = w.clerk.post_form(&decide, &[("decision", "confirm")]).await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, v) = public.get_html(&link).await;
    assert!(v.contains("已冻结"), "the old code says the status changed");
    let (_, inbox) = w.applicant.get_html("/inbox").await;
    assert!(inbox.contains("残疾人证已冻结"));
    // Decided, it is gone.
    let res = w.clerk.post_form(&decide, &[("decision", "confirm")]).await;
    assert_eq!(res.status().as_u16(), 404);

    // A year after the move: notice, then a proposed cancellation, confirmed.
    sql(
        &w,
        "UPDATE certificates SET hukou_moved_on = portal_today() - 400",
    )
    .await;
    let s = sweep(&w).await;
    assert_eq!((s.noticed, s.proposed), (1, 0));
    let s = sweep(&w).await;
    assert_eq!(s.proposed, 1);
    let (_, list) = w.clerk.get_html("/staff/proposals").await;
    assert!(list.contains("注销残疾人证"));
    assert_eq!(
        w.clerk
            .post_form(&decide, &[("decision", "confirm")])
            .await
            .status()
            .as_u16(),
        303
    );
    let (_, v) = public.get_html(&link).await;
    assert!(v.contains("已注销"));
    let (_, inbox) = w.applicant.get_html("/inbox").await;
    assert!(inbox.contains("残疾人证可能被注销") && inbox.contains("残疾人证已注销"));
    let audited = number(
        &w.app,
        "SELECT count(*) AS n FROM audit_log WHERE what LIKE 'move proposal % confirmed'",
    )
    .await;
    assert_eq!(audited, 2);
}

/// 001 §四(三) “经核实后”: a clerk who finds the move was wrong dismisses the proposal; nothing
/// changes and the recorded move is cleared.
#[tokio::test]
async fn a_proposed_freeze_the_clerk_does_not_confirm_changes_nothing() {
    let w = world().await;
    issued(&w).await;
    let matter = format!("/staff/items/{}", w.item);
    let seven_months_ago = (crate::helpers::today() - chrono::Months::new(7)).to_string();
    w.clerk
        .post_form(
            &format!("{matter}/hukou-moved"),
            &[("moved_on", &seven_months_ago)],
        )
        .await;
    sweep(&w).await;
    assert_eq!(sweep(&w).await.proposed, 1);
    let certificate = number(&w.app, "SELECT id AS n FROM certificates").await;
    let decide = format!("/staff/proposals/{certificate}");
    let res = w.clerk.post_form(&decide, &[("decision", "maybe")]).await;
    assert_eq!(res.status().as_u16(), 400);
    let res = w.clerk.post_form(&decide, &[("decision", "dismiss")]).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        number(
            &w.app,
            "SELECT count(*) AS n FROM certificates WHERE status = 'valid' \
             AND hukou_moved_on IS NULL AND proposed_step IS NULL"
        )
        .await,
        1
    );
    assert_eq!(sweep(&w).await, portal::jobs::CertificatesSwept::default());
}

#[tokio::test]
async fn holders_are_reminded_once_when_renewal_opens() {
    let w = world().await;
    issued(&w).await;
    sql(
        &w,
        "UPDATE certificates SET valid_from = portal_today() - interval '9 years 1 day', \
         expires_on = portal_today() + 300",
    )
    .await;
    // Two instances sweeping at the same moment (each with its own connections): one reminder.
    let (a, b) = tokio::join!(sweep(&w), sweep(&w));
    assert_eq!(a.noticed + b.noticed, 1, "{a:?} {b:?}");
    assert_eq!(sweep(&w).await.noticed, 0, "once");
    let (_, inbox) = w.applicant.get_html("/inbox").await;
    assert_eq!(
        inbox.matches("残疾人证可以换领了").count(),
        1,
        "one message"
    );
}

#[tokio::test]
async fn henan_offers_collection_at_the_window_and_hunan_does_not() {
    let app = crate::helpers::spawn_app().await;
    app.register_verified(&crate::helpers::TestUser::new(1))
        .await;
    let id = crate::apply::start(&app).await;
    crate::apply::ok(&app, id, "who", &[("applying_as", "self")]).await;
    crate::apply::ok(&app, id, "certificate", &[("held", "none")]).await;
    crate::apply::ok(
        &app,
        id,
        "matter",
        &[("matter", "new"), ("categories", "4")],
    )
    .await;
    crate::apply::ok(&app, id, "address", &crate::apply::HUKOU).await;
    let (status, hunan) = app.get_html(&format!("/apply/{id}/delivery")).await;
    assert_eq!(status, 200);
    assert!(hunan.contains("value=\"township\""));
    assert!(
        !hunan.contains("value=\"window\""),
        "Hunan: post or township only"
    );
    crate::apply::ok(
        &app,
        id,
        "address",
        &[
            ("hukou_province", "41"),
            ("hukou_city", "4101"),
            ("hukou_county", "410105"),
            ("hukou_township", "410105001"),
            ("hukou_detail", "经八路1号"),
            ("same_residence", "yes"),
        ],
    )
    .await;
    let (status, henan) = app.get_html(&format!("/apply/{id}/delivery")).await;
    assert_eq!(status, 200);
    // 004 附件1 十(一)1: 发证窗口自取；快件寄递.
    assert!(henan.contains("value=\"window\"") && henan.contains("到发证窗口领取"));
    assert!(!henan.contains("value=\"township\""));
    crate::apply::ok(&app, id, "delivery", &[("delivery", "window")]).await;
}
