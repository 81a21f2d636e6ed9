//! How to reach the offices (004 附件1 十一; 附件3 五(一)): administrators keep each office's
//! address, phone, hours, online contact and accessibility; the help page, the guide's list of
//! designated institutions and the applicant's case page show them; every page's footer leads
//! to help, the accessibility statement and 12345.

use crate::admin::admin;
use crate::helpers::{spawn_app, texts};
use crate::workflow::{version, world};

async fn office_id(app: &crate::helpers::TestApp, name: &str) -> i64 {
    crate::workflow::number(
        app,
        &format!("SELECT id AS n FROM offices WHERE name = '{name}'"),
    )
    .await
}

#[tokio::test]
async fn administrators_give_an_office_its_contacts_with_checks_and_people_find_them() {
    let w = world().await;
    let admin = admin(&w.app).await;
    let federation = office_id(&w.app, "芙蓉区残联").await;
    let path = format!("/admin/offices/{federation}");
    let (status, form) = admin.get_html(&path).await;
    assert_eq!(status, 200);
    assert!(form.contains("芙蓉区残联"));
    // Other staff may not edit.
    let (status, _) = w.clerk.get_html(&path).await;
    assert_eq!(status, 403);

    // Every problem at once, at its field, what was typed kept and escaped.
    let res = admin
        .post_form(
            &path,
            &[
                ("address", "<script>alert(1)</script>八一路1号"),
                ("phone", "call us"),
                ("hours", "工作日"),
                ("online", "not a link"),
                ("accessibility", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, ".error-summary li"),
        vec![
            "请输入电话号码，只能包含数字、空格、连字符和括号，例如 0731-84123456。",
            "请输入以 https:// 开头的网址或电子邮箱地址。"
        ]
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(
        html.contains("alert(1)") && !html.contains("<script>alert"),
        "escaped"
    );
    assert!(html.contains("value=\"工作日\""), "kept");
    // A control character in a field otherwise right: refused there, nothing saved.
    let res = admin
        .post_form(
            &path,
            &[
                ("address", "八一路1号"),
                ("phone", "0731-84123456"),
                ("hours", "工作日\u{7}"),
                ("online", ""),
                ("accessibility", ""),
            ],
        )
        .await;
    crate::helpers::refused_for_control_characters(res, "hours").await;
    assert!(
        !admin.get_html(&path).await.1.contains("八一路1号"),
        "nothing saved"
    );

    let res = admin
        .post_form(
            &path,
            &[
                ("address", "长沙市芙蓉区八一路1号"),
                ("phone", "0731-84123456"),
                ("hours", "工作日 9:00–17:00"),
                ("online", "help@furong.example.cn"),
                ("accessibility", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        crate::workflow::number(
            &w.app,
            "SELECT count(*) AS n FROM audit_log WHERE what LIKE 'office: contacts of %'"
        )
        .await,
        1
    );
    let institution = w.institution.to_string();
    let res = admin
        .post_form(
            &format!("/admin/offices/{institution}"),
            &[
                ("address", "长沙市芙蓉区医院路2号"),
                ("phone", "0731-84000002"),
                ("hours", ""),
                ("online", ""),
                ("accessibility", "无台阶入口，有电梯"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);

    // The help page: the county's offices with their contacts, links to call and write.
    let (status, help) = w.app.get_html("/help?county=430102").await;
    assert_eq!(status, 200);
    assert!(help.contains("长沙市芙蓉区八一路1号"));
    assert!(help.contains("href=\"tel:0731-84123456\""));
    assert!(help.contains("href=\"mailto:help@furong.example.cn\""));
    assert!(help.contains("无台阶入口，有电梯"));
    assert!(
        !help.contains("金水区残联"),
        "only the chosen county's offices"
    );
    // Hostile county codes are ignored, not queried.
    let (status, _) = w.app.get_html("/help?county=43%27--").await;
    assert_eq!(status, 200);

    // The guide lists the province's designated institutions with address and accessibility.
    let (_, guide) = w.app.get_html("/guide?province=43").await;
    let section = guide
        .split("id=\"institutions\"")
        .nth(1)
        .unwrap_or_default();
    assert!(section.contains("芙蓉区医院") && section.contains("无台阶入口，有电梯"));
    assert!(!section.contains("金水区医院"), "another province's");

    // The applicant's case page: who handles it, and once accepted the institution.
    let (_, case) = w.applicant.get_html(&w.application).await;
    let contacts = texts(&case, "#contacts").join("");
    assert!(contacts.contains("芙蓉区残联") && contacts.contains("0731-84123456"));
    assert!(
        !contacts.contains("芙蓉区医院"),
        "no institution before acceptance"
    );
    let (_, page) = w.clerk.get_html(&format!("/staff/items/{}", w.item)).await;
    let res = w
        .clerk
        .post_form(
            &format!("/staff/items/{}", w.item),
            &[
                ("command", "accept"),
                ("version", &version(&page)),
                ("institution", &institution),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, case) = w.applicant.get_html(&w.application).await;
    let contacts = texts(&case, "#contacts").join("");
    assert!(contacts.contains("长沙市芙蓉区医院路2号"), "{contacts}");
}

#[tokio::test]
async fn every_page_leads_to_help_the_accessibility_statement_and_12345() {
    let app = spawn_app().await;
    for path in ["/", "/guide", "/login", "/help", "/accessibility"] {
        let (status, html) = app.get_html(path).await;
        assert_eq!(status, 200, "{path}");
        let footer = html.split("site-footer").nth(1).unwrap_or_default();
        assert!(footer.contains("href=\"/help\""), "{path}");
        assert!(footer.contains("href=\"/accessibility\""), "{path}");
        assert!(footer.contains("href=\"tel:12345\""), "{path}");
    }
    let (_, statement) = app.get_html("/accessibility").await;
    assert!(statement.contains("WCAG"));
    assert!(
        statement.contains("id=\"report\""),
        "who to contact about a problem"
    );
    // A county without offices says so and gives the hotline.
    let (_, help) = app.get_html("/help?county=110101").await;
    assert!(help.contains("暂未公布该县（市、区）的办理机构"));
}
