use crate::helpers::{TestUser, set_cookie, spawn_app, texts};

#[tokio::test]
async fn a_post_without_the_csrf_token_is_refused() {
    let app = spawn_app().await;
    let user = TestUser::new(50);
    app.get("/register").await;
    let res = app
        .post_raw(
            "/register",
            &[
                ("real_name", &user.name),
                ("id_number", &user.id_number),
                ("phone", &user.phone),
                ("password", &user.password),
                ("password_confirm", &user.password),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("页面已过期"));
    // Nothing was created.
    assert_eq!(app.login_status(&user.phone, &user.password).await, 422);
}

#[tokio::test]
async fn a_post_with_a_wrong_csrf_token_is_refused() {
    let app = spawn_app().await;
    app.get("/login").await;
    let res = app
        .post_raw(
            "/login",
            &[
                ("identifier", "x"),
                ("password", "y"),
                ("csrf_token", "forged"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
}

#[tokio::test]
async fn the_csrf_token_may_come_in_a_header() {
    let app = spawn_app().await;
    let res = app
        .with_token(reqwest::Method::POST, "/login")
        .await
        .form(&[("identifier", "x"), ("password", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/login", "/nope", "/static/css/portal.css"] {
        let res = app.get(path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert!(h.contains_key("permissions-policy"), "{path}");
    }
}

#[tokio::test]
async fn static_files_are_kept_a_year_under_their_hash_and_pages_never() {
    let app = spawn_app().await;
    let (_, home) = app.get_html("/").await;
    let css = crate::helpers::first_link(&home, "/static/css/portal.css?v=")
        .map(|v| format!("/static/css/portal.css?v={v}"))
        .expect("the stylesheet under its hash");
    let res = app.get(&css).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let cached = res.bytes().await.unwrap();
    let on_disk = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/static/css/portal.css"
    ));
    assert_eq!(
        cached.as_ref(),
        on_disk.unwrap().as_slice(),
        "the hash names this content"
    );
    // Without the hash, or with another one: asked again each time.
    for other in [
        "/static/css/portal.css",
        "/static/css/portal.css?v=0000000000",
    ] {
        assert_eq!(
            app.get(other).await.headers()["cache-control"],
            "no-cache",
            "{other}"
        );
    }
    assert_eq!(app.get("/").await.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn free_text_with_direction_controls_is_isolated_on_the_page() {
    use crate::apply::{HUKOU, save, start};
    let app = spawn_app().await;
    app.register(&crate::helpers::TestUser::new(47)).await;
    let id = start(&app).await;
    let detail = "\u{202e}号21组3村福幸";
    let mut fields = HUKOU.to_vec();
    fields.retain(|(k, _)| *k != "hukou_detail");
    fields.push(("hukou_detail", detail));
    save(&app, id, "address", &fields).await;
    let (_, check) = app.get_html(&format!("/apply/{id}/check")).await;
    assert!(
        check.contains(&format!("<bdi>{detail}</bdi>")),
        "the override ends with the address"
    );
}

#[tokio::test]
async fn unknown_pages_are_a_localised_404_in_the_layout() {
    let app = spawn_app().await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status().as_u16(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("找不到页面"));
    assert!(html.contains("<main id=\"main\""));
    let res = app
        .client
        .get(format!("{}/no/such/page", app.address))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn a_wrong_method_is_a_localised_405() {
    let app = spawn_app().await;
    let res = app
        .with_token(reqwest::Method::DELETE, "/login")
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
    assert!(res.text().await.unwrap().contains("无法这样访问此页面"));
    // Without a token too: the method is wrong whatever the token (not 403), and says which
    // methods there are.
    for method in [
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
        reqwest::Method::PATCH,
    ] {
        let res = app
            .client
            .request(method.clone(), format!("{}/login", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 405, "{method}");
        assert_eq!(res.headers()["allow"], "GET, HEAD, POST");
        assert!(res.text().await.unwrap().contains("无法这样访问此页面"));
    }
}

#[tokio::test]
async fn a_huge_body_is_refused() {
    let app = spawn_app().await;
    let token = app.csrf_token().await;
    let huge = "x".repeat(200 * 1024);
    let res = app
        .client
        .post(format!("{}/login", app.address))
        .form(&[
            ("identifier", huge.as_str()),
            ("password", "y"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    assert!(res.text().await.unwrap().contains("提交的内容太大"));
}

#[tokio::test]
async fn a_wrong_content_type_is_refused_without_a_crash() {
    let app = spawn_app().await;
    let res = app
        .with_token(reqwest::Method::POST, "/login")
        .await
        .header("content-type", "application/json")
        .body("{\"identifier\":\"x\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 415);
    assert!(res.text().await.unwrap().contains("请求有误"));
}

#[tokio::test]
async fn language_switch_refuses_open_redirects() {
    let app = spawn_app().await;
    let res = app
        .get("/preferences/language?set=en&back=//evil.example/")
        .await;
    assert_eq!(res.headers()["location"], "/");
}

#[tokio::test]
async fn a_server_error_is_a_localised_page_that_leaks_nothing() {
    use diesel_async::RunQueryDsl;
    let app = spawn_app().await;
    app.register(&TestUser::new(51)).await;
    let mut conn = app.db().await;
    diesel::sql_query("ALTER TABLE accounts RENAME TO accounts_gone")
        .execute(&mut conn)
        .await
        .unwrap();
    let res = app.get("/account").await;
    assert_eq!(res.status().as_u16(), 500);
    let html = res.text().await.unwrap();
    assert!(html.contains("抱歉，服务出现问题"));
    for leak in ["accounts", "relation", "diesel", "panicked", "SELECT"] {
        assert!(!html.contains(leak), "leaks {leak}");
    }
}

#[tokio::test]
async fn visitors_get_a_form_cookie_and_no_session_until_something_needs_one() {
    let app = spawn_app().await;
    let sets_cookie = |res: &reqwest::Response, name: &str| set_cookie(res, name).is_some();
    let sessions =
        async || crate::workflow::number(&app, "SELECT count(*) AS n FROM sessions").await;
    let listing = app
        .get("/publications?province=43&city=4301&county=430102")
        .await;
    assert_eq!(listing.status().as_u16(), 200);
    assert!(!sets_cookie(&listing, "portal_session") && !sets_cookie(&listing, "portal_form"));
    // A form page: its token in a browser-session cookie of its own, no session row written.
    let form = app.get("/publications/lookup").await;
    assert!(sets_cookie(&form, "portal_form"));
    assert!(!sets_cookie(&form, "portal_session"));
    let set = set_cookie(&form, "portal_form").unwrap();
    assert!(set.contains("httponly") && set.contains("samesite=lax") && !set.contains("max-age"));
    let token = crate::helpers::extract_csrf(&form.text().await.unwrap()).unwrap();
    assert_eq!(sessions().await, 0);
    // Sending it works without a session.
    let lookup = [
        ("id_number", TestUser::new(1).id_number),
        ("name", "张三".to_owned()),
        ("csrf_token", token.clone()),
    ];
    // The lookup's status, sent by `client` with `fields` and, if given, only `cookie`.
    let send =
        async |client: &reqwest::Client, cookie: Option<String>, fields: &[(&str, String)]| {
            let mut req = client.post(format!("{}/publications/lookup", app.address));
            if let Some(cookie) = cookie {
                req = req.header("cookie", cookie);
            }
            req.form(fields).send().await.unwrap().status().as_u16()
        };
    assert_eq!(send(&app.client, None, &lookup).await, 200);
    // Another site's page can send neither the cookie nor its token: the token without the
    // cookie, the cookie with another token, are refused.
    let (stranger, _) = crate::helpers::new_client();
    assert_eq!(send(&stranger, None, &lookup).await, 403);
    let mut forged = lookup.clone();
    forged[2].1 = "0".repeat(64);
    assert_eq!(send(&app.client, None, &forged).await, 403);
    let planted = Some(format!("portal_form={}", "0".repeat(64)));
    let status = send(&stranger, planted, &forged).await;
    assert_eq!(
        status, 200,
        "a cookie and field that agree pass: the cookie is what another site cannot send"
    );
    // Signed in, only the session's own token counts: a form cookie planted from a sibling
    // domain, with its token in the form, is refused; the session's token works.
    let user = TestUser::new(2);
    app.register(&user).await;
    let session_only: Vec<String> = app
        .cookie_header()
        .split("; ")
        .filter(|c| !c.starts_with("portal_form="))
        .map(str::to_owned)
        .collect();
    let planted = format!(
        "{}; portal_form={}",
        session_only.join("; "),
        "1".repeat(64)
    );
    let notices = [("notice_lang", "page"), ("csrf_token", &"1".repeat(64))];
    let res = app
        .client
        .post(format!("{}/account/notices", app.address))
        .header("cookie", &planted)
        .form(&notices)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let res = app
        .post_form("/account/notices", &[("notice_lang", "page")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
}

#[tokio::test]
async fn error_pages_speak_the_browser_s_language_without_a_cookie() {
    let app = spawn_app().await;
    let (client, _) = crate::helpers::new_client();
    let res = client
        .get(format!("{}/no/such/page", app.address))
        .header("Accept-Language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 404);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("Page not found") && body.contains("lang=\"en\""),
        "{body}"
    );
    let res = client
        .put(format!("{}/login", app.address))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
    assert!(!res.text().await.unwrap().contains("无法这样访问此页面"));
}

#[tokio::test]
async fn an_address_longer_than_any_page_makes_gets_the_414_page_not_an_echo() {
    let app = spawn_app().await;
    let (client, _) = crate::helpers::new_client();
    let listing = "/publications?province=43&city=4301&county=430102&x=";
    let at = |n: usize| format!("{}{listing}{}", app.address, "a".repeat(n - listing.len()));
    // At the limit: the page, which repeats its address in its language and display links.
    let (status, page) = app.get_html(&at(8 * 1024)[app.address.len()..]).await;
    assert_eq!(status, 200);
    assert!(page.contains(&"a".repeat(1000)));
    // One byte more: the error page, in the browser's language, without the address.
    for (language, title) in [("zh-CN", "网址太长"), ("en", "The web address is too long")] {
        let res = client
            .get(at(8 * 1024 + 1))
            .header("Accept-Language", language)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 414);
        let body = res.text().await.unwrap();
        assert_eq!(texts(&body, "h1"), [title], "{language}");
        assert!(!body.contains("aaaa"), "the address is not echoed");
    }
}

#[tokio::test]
async fn behind_tls_the_form_cookie_is_a_host_cookie() {
    let app = crate::helpers::spawn_app_with(Box::new(|s| s.secure_cookies = true)).await;
    let form = app.get("/publications/lookup").await;
    let cookie = set_cookie(&form, "__Host-portal_form").expect("a __Host- form cookie");
    // `__Host-`: Secure, the whole site, no Domain — no sibling domain can set or shadow it.
    assert!(cookie.contains("secure") && cookie.contains("path=/") && !cookie.contains("domain"));
    assert!(set_cookie(&form, "portal_form").is_none());
}

#[tokio::test]
async fn head_answers_as_get_without_the_body() {
    let app = spawn_app().await;
    let send = |method: reqwest::Method, path: &str| {
        app.client
            .request(method, format!("{}{path}", app.address))
            .send()
    };
    for path in ["/", "/publications", "/guide", "/healthz", "/login"] {
        let get = send(reqwest::Method::GET, path).await.unwrap();
        let res = send(reqwest::Method::HEAD, path).await.unwrap();
        assert_eq!(res.status(), get.status(), "{path}");
        assert_eq!(res.status().as_u16(), 200, "{path}");
        assert_eq!(
            res.headers()["content-type"],
            get.headers()["content-type"],
            "{path}"
        );
        assert!(res.bytes().await.unwrap().is_empty(), "{path}");
    }
    // Not found stays not found; a route without GET still says what it takes.
    for (path, status) in [("/no-such-page", 404), ("/logout", 405)] {
        let res = send(reqwest::Method::HEAD, path).await.unwrap();
        assert_eq!(res.status().as_u16(), status, "{path}");
        assert!(res.bytes().await.unwrap().is_empty(), "{path}");
    }
}

/// The inode of the socket from local port `local` to remote port `remote` in `/proc/net/tcp`.
fn socket_inode(local: u16, remote: u16) -> Option<String> {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
    table.lines().skip(1).find_map(|line| {
        let f: Vec<&str> = line.split_whitespace().collect();
        let port = |addr: &str| u16::from_str_radix(addr.rsplit(':').next()?, 16).ok();
        (port(f[1]) == Some(local) && port(f[2]) == Some(remote)).then(|| f[9].to_owned())
    })
}

#[tokio::test]
async fn responses_are_not_held_back_for_delayed_acknowledgements() {
    use std::os::fd::FromRawFd;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let port: u16 = app.address.rsplit(':').next().unwrap().parse().unwrap();
    // Asynchronous: the app's database connections are driven by this test's runtime.
    let mut client = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    client
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut answer = [0u8; 64];
    let n = client.read(&mut answer).await.unwrap();
    assert!(answer[..n].starts_with(b"HTTP/1.1 200"));
    // The app runs in this process: its end of the connection is one of our descriptors.
    let mine = client.local_addr().unwrap().port();
    let inode = socket_inode(port, mine).expect("the server's end of the connection");
    let fd = std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| {
            std::fs::read_link(e.path())
                .is_ok_and(|l| l.to_string_lossy() == format!("socket:[{inode}]"))
        })
        .and_then(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .expect("its descriptor");
    // Borrowed, never closed: the descriptor stays the server's.
    // SAFETY: `fd` is an open TCP socket of this process for as long as `client` is connected.
    let server_end = std::mem::ManuallyDrop::new(unsafe { std::net::TcpStream::from_raw_fd(fd) });
    // Without TCP_NODELAY a response written in parts (a file: headers, then body) waited for
    // the client's delayed ACK, 40 ms each.
    assert!(server_end.nodelay().unwrap());
    // Ours keeps the default, so the check reads the server's end.
    assert!(!client.nodelay().unwrap());
}
