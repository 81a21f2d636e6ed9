use crate::helpers::spawn_app;

#[tokio::test]
async fn chinese_is_the_default_and_english_can_be_chosen() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/").await;
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("<title>首页 – 残疾人服务一件事</title>"));
    let res = app.get("/preferences/language?set=en&back=/login").await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/login");
    let (_, html) = app.get_html("/login").await;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<title>Sign in – Disability Services in One Go</title>"));
}

#[tokio::test]
async fn large_text_and_high_contrast_are_remembered() {
    let app = spawn_app().await;
    app.get("/preferences/display?text=large&back=/").await;
    let (_, html) = app.get_html("/").await;
    assert!(html.contains("<body class=\"text-large\">"));
    app.get("/preferences/display?contrast=high&back=/").await;
    let (_, html) = app.get_html("/").await;
    assert!(html.contains("<body class=\"text-large contrast-high\">"));
    app.get("/preferences/display?text=standard&back=/").await;
    let (_, html) = app.get_html("/").await;
    assert!(html.contains("<body class=\"contrast-high\">"));
}

#[tokio::test]
async fn every_page_has_the_accessible_layout() {
    let app = spawn_app().await;
    for path in ["/", "/login", "/register", "/password/forgot"] {
        let (status, html) = app.get_html(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            html.contains("class=\"skip-link\" href=\"#main\""),
            "{path}"
        );
        for landmark in ["<header", "<nav", "<main", "<footer"] {
            assert!(html.contains(landmark), "{path} {landmark}");
        }
        // No inline scripts or styles (the CSP forbids them).
        assert!(!html.contains("<script>"), "{path}");
        assert!(!html.contains("style="), "{path}");
    }
}
