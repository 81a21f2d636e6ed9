//! 网上年审 (001 通知六: “在系统平台中同步实现网上年审”): once a year the holder checks the certificate
//! online and says whether anything changed; the job reminds once, the record stays.

use diesel_async::RunQueryDsl;

use crate::certificates::issued;
use crate::helpers::texts;
use crate::workflow::{number, world};

async fn sweep(w: &crate::workflow::World) -> portal::jobs::CertificatesSwept {
    let pool = crate::helpers::pool_on(&w.app.db_url, 2);
    portal::jobs::sweep_certificates(
        &pool,
        &portal::delivery::Outbox::default(),
        crate::helpers::clock().now(),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn the_holder_does_the_yearly_review_online_once_reminded() {
    let w = world().await;
    let page = issued(&w).await;
    // Issued this year: issue is this year's check; nothing to review, no reminder.
    let (_, html) = w.applicant.get_html(&page).await;
    assert!(html.contains("这张证件今年不需要年审"));
    assert_eq!(sweep(&w).await.noticed, 0);
    let review = format!("{page}/annual-review");
    assert_eq!(w.applicant.get(&review).await.status().as_u16(), 303);

    // Issued last year: the review is due, reminded once.
    let mut conn = w.app.db().await;
    diesel::sql_query("UPDATE certificates SET issued_on = issued_on - 400")
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(sweep(&w).await.noticed, 1);
    assert_eq!(sweep(&w).await.noticed, 0, "once a year");
    let (_, inbox) = w.applicant.get_html("/inbox").await;
    assert!(inbox.contains("网上年审"));
    let (_, html) = w.applicant.get_html(&page).await;
    assert!(html.contains(&format!("href=\"{review}\"")));

    // Nobody else may open it.
    assert_eq!(w.other_clerk.get(&review).await.status().as_u16(), 404);

    // No choice, then “changed” without saying what: errors at the fields, what was typed kept.
    let (status, form) = w.applicant.get_html(&review).await;
    assert_eq!(status, 200);
    assert!(form.contains("<legend"));
    let res = w.applicant.post_form(&review, &[]).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#changed\"") && html.contains("id=\"changed-error\""));
    let res = w
        .applicant
        .post_form(&review, &[("changed", "yes"), ("what", "  ")])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#what\"") && html.contains("id=\"what-error\""));
    assert!(html.contains("value=\"yes\" checked"));
    // What changed, with a control character: refused at the text, kept without it.
    let res = w
        .applicant
        .post_form(&review, &[("changed", "yes"), ("what", "搬家\u{0}了")])
        .await;
    let html = crate::helpers::refused_for_control_characters(res, "what").await;
    assert!(html.contains("搬家了"), "kept");
    let res = w
        .applicant
        .post_form(
            &review,
            &[("changed", "yes"), ("what", "搬到了雨花区<script>")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = w.applicant.get_html(&page).await;
    let done = texts(&html, "#annual-reviews li");
    assert_eq!(done.len(), 1);
    assert!(done[0].contains("年度已于") && done[0].contains("搬到了雨花区<script>"));
    assert!(!html.contains("雨花区<script>"), "escaped");
    // Once a year: a second review is refused, and recorded once.
    let res = w.applicant.post_form(&review, &[("changed", "no")]).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        number(&w.app, "SELECT count(*) AS n FROM annual_reviews").await,
        1
    );
}
