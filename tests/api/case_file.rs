//! The case file on staff case pages: each office reads what the applicant submitted, as far as
//! its step needs (`domain::case_file`) — the clerk all of it, the doctor the needs and
//! categories, the department the grade, benefits and bank card (masked; shown in full only by
//! an audited step).

use crate::helpers::texts;
use crate::workflow::{act, number, published_long_ago, staff, world};

/// The case file's text on a case page.
fn file(html: &str) -> String {
    texts(html, "#case-file").join(" ")
}

#[tokio::test]
async fn each_office_reads_what_its_step_needs_of_the_application() {
    let w = world().await;
    let path = format!("/staff/items/{}", w.item);

    // The clerk: everything, the home visit highlighted, the bank card masked.
    let (_, page) = w.clerk.get_html(&path).await;
    let clerk = file(&page);
    for expected in [
        "肢体残疾",
        "上门评定",
        "13900000001",
        "由乡镇（街道）或村（社区）转交",
        "最低生活保障",
        "张小明",
        "为本人申请",
    ] {
        assert!(clerk.contains(expected), "{expected} in {clerk}");
    }
    assert_eq!(
        texts(&page, "#case-file .inset-alert").len(),
        1,
        "the home visit"
    );
    assert!(!page.contains("6228480402564890018"), "masked");
    assert!(page.contains("0018"), "its last digits");

    // The doctor, once the case is theirs: needs, categories, where to go (a home visit), and
    // nothing about money.
    published_long_ago(&w).await;
    let (_, page) = w.doctor.get_html(&path).await;
    let doctor = file(&page);
    assert!(
        doctor.contains("上门评定") && doctor.contains("肢体残疾"),
        "{doctor}"
    );
    assert!(
        doctor.contains("13900000001"),
        "phone in full for the home visit"
    );
    for hidden in ["中国农业银行", "最低生活保障", "转交"] {
        assert!(!doctor.contains(hidden), "{hidden} shown to the doctor");
    }
    assert_eq!(
        w.doctor
            .post_form(&format!("{path}/bank-card"), &[])
            .await
            .status()
            .as_u16(),
        404,
        "the doctor has no bank card to show"
    );

    // The department, once the certificate is issued: grade, benefits, the card masked.
    assert_eq!(act(&w.clerk, &path, 3, &[("command", "issue")]).await, 303);
    let mut conn = w.app.db().await;
    let civil = portal::db::offices::ensure(
        &mut conn,
        portal::domain::office::OfficeKind::Department,
        "430102",
        Some("civil_affairs"),
        "芙蓉区民政局",
    )
    .await
    .unwrap();
    let officer = staff(&w.app, 105, "department_officer", civil).await;
    let service = number(
        &w.app,
        "SELECT id AS n FROM application_items WHERE kind = 'service'",
    )
    .await;
    let service_path = format!("/staff/items/{service}");
    let (status, page) = officer.get_html(&service_path).await;
    assert_eq!(status, 200);
    let officer_file = file(&page);
    for expected in [
        "肢体残疾 二级",
        "最低生活保障",
        "张小明",
        "中国农业银行长沙芙蓉支行",
    ] {
        assert!(
            officer_file.contains(expected),
            "{expected} in {officer_file}"
        );
    }
    assert!(!officer_file.contains("13900000001"), "phone masked");
    assert!(
        !officer_file.contains("上门评定"),
        "needs are the institution's"
    );
    assert!(!page.contains("6228480402564890018"));
    let reveals = "SELECT count(*) AS n FROM audit_log WHERE what LIKE 'reveal bank card%'";
    assert_eq!(number(&w.app, reveals).await, 0);
    // Shown in full only by the audited step; others cannot.
    let res = officer
        .post_form(&format!("{service_path}/bank-card"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.text().await.unwrap().contains("6228480402564890018"));
    assert_eq!(number(&w.app, reveals).await, 1);
    assert_eq!(
        w.other_clerk
            .post_form(&format!("{service_path}/bank-card"), &[])
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(number(&w.app, reveals).await, 1);
    // Without the form's token the reveal is refused.
    let res = officer
        .post_raw(&format!("{service_path}/bank-card"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 403);
}
