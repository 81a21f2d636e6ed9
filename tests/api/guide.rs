use crate::helpers::{TestUser, spawn_app, texts};

#[tokio::test]
async fn without_a_province_the_national_rules_apply_and_say_so() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/guide").await;
    assert_eq!(status, 200);
    assert!(html.contains("全国残疾人证“跨省通办”办理规范执行"));
    let rows = texts(&html, "table.table tbody th");
    assert!(rows.contains(&"户籍地审批、制证".to_owned()), "{rows:?}");
    assert!(
        !html.contains("materials-list"),
        "no list before the person asks"
    );
}

#[tokio::test]
async fn hunan_shows_its_time_limits_and_bundled_services() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/guide?province=43").await;
    assert!(html.contains("适用地区：湖南省"));
    assert!(!html.contains("跨省通办”办理规范执行"));
    let cells = texts(&html, "table.table tbody td");
    assert!(cells.contains(&"13 个工作日".to_owned()), "{cells:?}");
    assert!(cells.contains(&"当日办结".to_owned()));
    // The source is the document's title and clause, never an internal code; Hunan cites no
    // Henan plan (004).
    assert!(
        cells.contains(
            &"湘残联字〔2022〕19号《关于实行残疾人证“一件事一次办”的通知》 三(二)".to_owned()
        ),
        "{cells:?}"
    );
    assert!(!html.contains("000 §") && !html.contains("豫残联〔2024〕12号"));
    assert!(html.contains("个体工商户登记"));
    assert!(html.contains("评残公示"));
    // Only promises Hunan made: no department review or employment limits (Henan's).
    let rows = texts(&html, "table.table tbody th");
    assert!(
        !rows
            .iter()
            .any(|r| r.contains("补贴审核") || r.contains("就业帮扶")),
        "{rows:?}"
    );
    // Its 10-working-day window, with its source.
    assert!(html.contains("10 个工作日内申请复核（湘残联字〔2022〕19号"));
}

#[tokio::test]
async fn fees_are_stated_per_province_never_free_for_everyone() {
    let app = spawn_app().await;
    let (_, hunan) = app.get_html("/guide?province=43").await;
    let fees = |html: &str| texts(html, "table.table tbody tr").join("|");
    let hunan_fees = fees(&hunan);
    // 001 §四(一)3: the assessment is paid by the applicant in principle; 000 §三(三): free post
    // within Hunan is encouraged; 001 §六: cross-province post is paid on delivery.
    assert!(
        hunan_fees.contains("残疾评定原则上由申请人承担"),
        "{hunan_fees}"
    );
    assert!(hunan_fees.contains("鼓励免费邮寄"));
    assert!(hunan_fees.contains("四(一)3") && hunan_fees.contains("六"));
    assert!(!hunan.contains("办理全程免费") && !hunan.contains("全部免费"));
    // 004 附件2 九: Henan charges nothing (but cross-province post stays the applicant's).
    let (_, henan) = app.get_html("/guide?province=41").await;
    let henan_fees = fees(&henan);
    assert!(henan_fees.contains("残疾评定不收费"), "{henan_fees}");
    assert!(henan_fees.contains("从外省户籍地邮寄残疾人证原则上由申请人承担"));
    // Henan's seeds give the announcement no length: the county decides (004 附件3 五(四)1).
    assert!(henan.contains("本省的文件没有规定公示期的天数"));
    assert!(!henan.contains("10 个工作日内申请复核"));
    // The footer of every page no longer promises that everything is free.
    let (_, home) = app.get_html("/").await;
    assert!(!home.contains("全部免费") && !home.contains("全程免费"));
}

#[tokio::test]
async fn zhejiang_uses_a_commitment_and_bundles_nothing() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/guide?province=33").await;
    assert!(html.contains("本地区实行承诺制，不进行评残公示"));
    // 002: no window after the commitment; a person with a hukou elsewhere is announced where they
    // live (001 §四(一)4).
    assert!(html.contains("省内通办的事项不公示") && html.contains("户籍在外省的申请人"));
    assert!(html.contains("本地区的残疾人证办理不与其他服务联办"));
    assert!(!html.contains("name=\"service\""));
}

#[tokio::test]
async fn the_materials_list_is_complete_and_deduplicated_for_the_choices() {
    let app = spawn_app().await;
    let (_, html) = app
        .get_html("/guide?province=43&show=1&matter=new&service=living_subsidy&service=nursing_subsidy&minor=yes&guardian_category=yes&applying_as=guardian")
        .await;
    let names = texts(&html, "#materials-list tbody th");
    let count = |needle: &str| names.iter().filter(|n| n.contains(needle)).count();
    assert_eq!(count("监护人身份证"), 1);
    assert_eq!(count("银行卡信息"), 1);
    assert_eq!(count("两寸近期免冠"), 1);
    assert_eq!(count("残疾评定结果"), 1);
    assert!(
        names
            .iter()
            .any(|n| n.contains("低保证明") && n.contains("免提交"))
    );
    // The choices are kept.
    assert!(html.contains("id=\"matter-new\" name=\"matter\" value=\"new\" checked"));
    assert!(html.contains("value=\"living_subsidy\" checked"));
    assert!(html.contains("id=\"fact-minor\" name=\"minor\" value=\"yes\" checked"));
}

#[tokio::test]
async fn cancellation_needs_no_photo_and_english_works() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(format!(
            "{}/guide?province=43&show=1&matter=cancellation",
            app.address
        ))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    let names = texts(&html, "#materials-list tbody th");
    assert!(
        names
            .iter()
            .any(|n| n.contains("Statement asking to cancel")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("photo")));
}

#[tokio::test]
async fn services_the_province_does_not_bundle_are_ignored() {
    let app = spawn_app().await;
    let (_, html) = app
        .get_html("/guide?province=33&show=1&service=living_subsidy")
        .await;
    let names = texts(&html, "#materials-list tbody th");
    assert!(!names.iter().any(|n| n.contains("银行卡")), "{names:?}");
}

#[tokio::test]
async fn a_signed_in_person_starts_from_the_province_of_their_id_number() {
    let app = spawn_app().await;
    app.register(&TestUser::new(70)).await;
    let (_, html) = app.get_html("/guide").await;
    assert!(html.contains("适用地区：湖南省"));
    assert!(html.contains("<option value=\"43\" selected>"));
}

#[tokio::test]
async fn hostile_query_values_are_ignored_or_escaped() {
    let app = spawn_app().await;
    let (status, html) = app
        .get_html("/guide?province=%3Cscript%3E&matter=%3Cb%3E&show=1&service=x%22onload")
        .await;
    assert_eq!(status, 200);
    assert!(!html.contains("<script>") && !html.contains("<b>") && !html.contains("x\"onload"));
    let (_, html) = app.get_html("/guide?province=99").await;
    assert!(html.contains("跨省通办”办理规范执行"));
}
