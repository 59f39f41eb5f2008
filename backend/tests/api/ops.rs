use crate::helpers::{problem, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn health_reports_the_database_ok() {
    let app = spawn_app().await;
    let response = app.get("/api/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key("x-request-id"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn the_openapi_document_describes_the_contract_paths() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/auth/signup",
        "/api/v1/auth/seller-signup",
        "/api/v1/auth/login",
        "/api/v1/me",
        "/api/v1/me/addresses/{id}",
        "/api/v1/me/shop/withdraw-method",
        "/api/v1/shops/{id}",
        "/api/v1/users/{id}",
        "/api/v1/checkout/quote",
        "/api/v1/checkout",
        "/api/v1/payments/config",
        "/api/v1/payments/stripe/webhook",
        "/api/v1/payments/paypal/{checkout_id}/capture",
        "/api/v1/me/orders",
        "/api/v1/orders/{id}",
        "/api/v1/orders/{id}/cancel",
        "/api/v1/orders/{id}/refund-request",
        "/api/v1/me/shop/orders",
        "/api/v1/orders/{id}/status",
        "/api/v1/orders/{id}/refund",
        "/api/v1/products/{id}/reviews",
        "/api/v1/me/shop/balance",
        "/api/v1/me/shop/transactions",
        "/api/v1/me/shop/withdrawals",
        "/api/v1/admin/withdrawals",
        "/api/v1/admin/withdrawals/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not documented");
    }
    let not_found = &doc["paths"]["/api/v1/orders/{id}"]["get"]["responses"]["404"]["content"];
    assert!(
        not_found["application/problem+json"].is_object(),
        "errors are documented as problem+json: {not_found}"
    );
    // The reference works offline: its page and scripts come from this server.
    let docs = app.get("/api/docs").await;
    assert_eq!(docs.status(), StatusCode::OK);
    assert_eq!(docs.url().path(), "/api/docs/");
    let page = docs.text().await.unwrap();
    assert!(page.contains("<html"), "{page}");
    for script in page.split("<script src=\"").skip(1) {
        let src = script.split_once('"').unwrap().0;
        assert!(!src.contains("://"), "{src} is loaded from elsewhere");
        let script = app
            .get(&format!("/api/docs/{}", src.trim_start_matches("./")))
            .await;
        assert_eq!(script.status(), StatusCode::OK, "{src}");
    }
    let initializer = app
        .get("/api/docs/swagger-initializer.js")
        .await
        .text()
        .await
        .unwrap();
    assert!(initializer.contains("/api/openapi.json"), "{initializer}");
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern() {
    let app = spawn_app().await;
    app.get("/api/v1/users/01a21595-ef1b-7166-be95-9565d8e42db9")
        .await;
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains(r#"bazaar_http_requests_total{endpoint="/api/v1/users/{id}",method="GET",status="404"} 1"#),
        "{metrics}"
    );
}

#[tokio::test]
async fn with_a_metrics_token_the_metrics_ask_for_it() {
    let app = spawn_app_with(|config| config.metrics_token = Some("scrape-me-please".into())).await;
    problem(app.get("/metrics").await, StatusCode::FORBIDDEN).await;
    let wrong = app.get_as("not-the-token", "/metrics").await;
    problem(wrong, StatusCode::FORBIDDEN).await;
    app.get("/api/health").await;
    let scraped = app.get_as("scrape-me-please", "/metrics").await;
    assert_eq!(scraped.status(), StatusCode::OK);
    let body = scraped.text().await.unwrap();
    assert!(body.contains("bazaar_http_requests_total"), "{body}");
}

#[tokio::test]
async fn unknown_api_routes_are_problem_404s() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/no-such-thing").await;
    problem(response, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn malformed_json_is_a_problem_400() {
    let app = spawn_app().await;
    let response = app
        .http
        .post(app.url("/api/v1/auth/signup"))
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    problem(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_problem_415() {
    let app = spawn_app().await;
    let response = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("email=a@b.co")
        .send()
        .await
        .unwrap();
    problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
}

#[tokio::test]
async fn a_huge_json_body_is_a_problem_413_and_writes_nothing() {
    let app = spawn_app().await;
    let huge = format!(
        r#"{{"name":"{}","email":"big@example.com","password":"correct horse battery"}}"#,
        "x".repeat(200_000)
    );
    let response = app
        .http
        .post(app.url("/api/v1/auth/signup"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn a_malformed_id_in_the_path_is_a_problem_400() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/shops/not-an-id").await;
    problem(response, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn clients_learn_the_currency_and_upload_cap() {
    let app = spawn_app().await;
    let config = app.get_json("/api/v1/config").await;
    assert_eq!(config["currency"], "USD");
    assert_eq!(
        config["upload_max_bytes"],
        app.state.config.upload_max_bytes
    );
    assert_eq!(config["image_max_edge"], app.state.config.image_max_edge);
}
