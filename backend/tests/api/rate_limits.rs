use crate::helpers::{PASSWORD, problem, spawn_app_with};
use bazaar::config::RateLimit;
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn repeated_logins_are_refused_with_429_and_retry_after() {
    let app = spawn_app_with(|config| {
        config.auth_rate_limit = RateLimit {
            max_requests: 3,
            window: Duration::from_secs(600),
        }
    })
    .await;
    for _ in 0..3 {
        let response = app.log_in("ann@example.com", PASSWORD).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let limited = app.log_in("ann@example.com", PASSWORD).await;
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry_after), "{retry_after}");
    problem(limited, StatusCode::TOO_MANY_REQUESTS).await;
}

#[tokio::test]
async fn the_limit_also_counts_per_e_mail_address() {
    let app = spawn_app_with(|config| {
        config.trusted_proxies = 1;
        config.auth_rate_limit = RateLimit {
            max_requests: 2,
            window: Duration::from_secs(600),
        }
    })
    .await;
    // Each attempt from a different address (behind a trusted proxy), all at one account.
    for ip in ["10.0.0.1", "10.0.0.2"] {
        let response = app
            .http
            .post(app.url("/api/v1/auth/forgot-password"))
            .header("x-forwarded-for", ip)
            .json(&json!({"email": "ann@example.com"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::ACCEPTED);
    }
    let third = app
        .http
        .post(app.url("/api/v1/auth/forgot-password"))
        .header("x-forwarded-for", "10.0.0.3")
        .json(&json!({"email": "ann@example.com"}))
        .send()
        .await
        .unwrap();
    problem(third, StatusCode::TOO_MANY_REQUESTS).await;
    let other_account = app
        .http
        .post(app.url("/api/v1/auth/forgot-password"))
        .header("x-forwarded-for", "10.0.0.4")
        .json(&json!({"email": "bob@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(other_account.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn sign_up_is_rate_limited_too() {
    let app = spawn_app_with(|config| {
        config.auth_rate_limit = RateLimit {
            max_requests: 1,
            window: Duration::from_secs(600),
        }
    })
    .await;
    assert_eq!(
        app.sign_up("one@example.com").await.status(),
        StatusCode::CREATED
    );
    problem(
        app.sign_up("two@example.com").await,
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
    assert_eq!(app.count("users").await, 1);
}
