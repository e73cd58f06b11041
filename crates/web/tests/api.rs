//! The API shell and the framework around every response: health, OpenAPI, problem+json errors,
//! API keys, error pages, security headers, metrics and body limits.

mod common;

use eenplan_domain::Role;

app_test!(health_names_the_database, |app| {
    let res = common::client().get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["database"], app.db.store.backend().as_str());
});

app_test!(api_keys_identify_the_organisation_and_bad_keys_get_problem_json, |app| {
    let (key, _) = app.db.store.create_api_key(&app.org, Role::SignalSender, "test").await.unwrap();
    let c = common::client();
    let me: serde_json::Value = c.get(format!("{}/api/v1/me", app.base)).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        (me["kind"].as_str(), me["role"].as_str(), me["organisation"].as_str()),
        (Some("api_key"), Some("signal_sender"), Some("W&I Test"))
    );
    for (auth, slug) in [("Bearer nonsense", "malformed-api-key"), ("Basic abc", "malformed-api-key")] {
        let res = c.get(format!("{}/api/v1/me", app.base)).header("authorization", auth).send().await.unwrap();
        assert_eq!(res.status(), 401);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let p: serde_json::Value = res.json().await.unwrap();
        assert_eq!(p["type"], format!("/api/v1/problems/{slug}"));
    }
    let mut unknown = key.clone();
    unknown.replace_range(key.len() - 4.., "0000");
    let res = c
        .get(format!("{}/api/v1/me", app.base))
        .bearer_auth(if unknown == key { "ep_00000000_0000000000000000000000000000000000000000" } else { &unknown })
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["type"], "/api/v1/problems/unauthorized");
    let en: serde_json::Value =
        c.get(format!("{}/api/v1/me", app.base)).header("accept-language", "en").send().await.unwrap().json().await.unwrap();
    assert!(en["title"].as_str().unwrap().starts_with("Not authenticated"));
});

app_test!(openapi_document_describes_the_api, |app| {
    let doc: serde_json::Value =
        common::client().get(format!("{}/api/v1/openapi.json", app.base)).send().await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["paths"]["/api/v1/me"]["get"].is_object());
    assert!(doc["paths"]["/healthz"]["get"].is_object());
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    assert!(doc["components"]["securitySchemes"]["api_key"].is_object());
    // Every API route of the registry is described (path parameters compared by position, not name).
    let shape = |p: &str| p.split('/').map(|seg| if seg.starts_with('{') { "{}" } else { seg }).collect::<Vec<_>>().join("/");
    let described: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| ops.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), shape(path))))
        .collect();
    let missing: Vec<String> = eenplan_web::routes::registry()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/v1/") && r.path != "/api/v1/openapi.json")
        .filter(|r| !described.contains(&(r.method.to_string(), shape(r.path))))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(missing.is_empty(), "API routes without an OpenAPI entry: {missing:?}");
});

app_test!(unknown_pages_get_a_dutch_page_and_unknown_api_paths_problem_json, |app| {
    let mut b = app.browser();
    let page = b.get("/bestaat-niet").await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("Deze pagina bestaat niet."));
    let res = common::client().get(format!("{}/api/v1/bestaat-niet", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let res = common::client().delete(format!("{}/login", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 405);
    assert!(res.text().await.unwrap().contains("Deze actie kan hier niet."));
});

app_test!(every_response_carries_the_security_headers, |app| {
    let mut b = app.browser();
    for path in ["/login", "/bestaat-niet", "/healthz", "/static/eenplan.css"] {
        let page = b.get(path).await;
        let csp = page.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(page.headers["x-content-type-options"], "nosniff");
        assert_eq!(page.headers["x-frame-options"], "DENY");
    }
    assert_eq!(b.get("/login").await.headers["cache-control"], "no-store");
});

app_test!(oversize_bodies_are_refused, |app| {
    // Announce a body over the limit and send none: the answer must come from the announced size
    // alone (a client racing to upload the whole body would make the test depend on timing).
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://");
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        eenplan_web::routes::MAX_BODY + 10
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 64];
    let n = conn.read(&mut buf).await.unwrap();
    let status_line = String::from_utf8_lossy(&buf[..n]);
    assert!(status_line.starts_with("HTTP/1.1 413"), "{status_line}");
});

app_test!(metrics_count_requests_per_route, |app| {
    let c = common::client();
    c.get(format!("{}/login", app.base)).send().await.unwrap();
    let text = c.get(format!("{}/metrics", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("eenplan_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"} 1"), "{text}");
    assert!(text.contains("eenplan_db_pool_connections"));
});

app_test!(the_privacy_officer_reads_a_verified_log_and_the_read_is_logged, |app| {
    let mut b = app.session_for(Role::PrivacyOfficer).await;
    let page = b.get("/logboek").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("onbeschadigd"), "{}", page.body);
    assert_eq!(app.audit_count("audit_log", "allowed").await, 1);
    let page = b.get("/logboek").await;
    assert!(page.body.contains("read audit_log"), "the earlier read shows in the log");
});

app_test!(the_admin_sees_teams_but_no_case_content, |app| {
    let mut b = app.session_for(Role::Admin).await;
    let page = b.get("/beheer").await;
    assert!(page.body.contains("Team A") && page.body.contains("3500-3549") && page.body.contains("sociaal team (Wmo)"));
});
