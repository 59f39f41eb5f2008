use crate::helpers::{PASSWORD, TestApp, problem, spawn_app_with};
use bazaar::config::RateLimit;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
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

/// A request from `ip`, as a trusted balancer in front of the server would forward it.
async fn post_from(app: &TestApp, ip: &str, path: &str, body: &Value) -> reqwest::Response {
    app.http
        .post(app.url(path))
        .header("x-forwarded-for", ip)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn failing_to_sign_in_from_elsewhere_cannot_lock_an_account_out() {
    let app = spawn_app_with(|config| {
        config.trusted_proxies = 1;
        config.auth_rate_limit = RateLimit {
            max_requests: 2,
            window: Duration::from_secs(600),
        }
    })
    .await;
    app.active_buyer("ann@example.com").await;
    let wrong = json!({"email": "ann@example.com", "password": "guess"});
    for ip in ["10.0.0.1", "10.0.0.2"] {
        for _ in 0..2 {
            let response = post_from(&app, ip, "/api/v1/auth/login", &wrong).await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        }
        let limited = post_from(&app, ip, "/api/v1/auth/login", &wrong).await;
        problem(limited, StatusCode::TOO_MANY_REQUESTS).await;
    }
    let right = json!({"email": "ann@example.com", "password": PASSWORD});
    let ann = post_from(&app, "10.0.0.3", "/api/v1/auth/login", &right).await;
    assert_eq!(ann.status(), StatusCode::OK);
}

#[tokio::test]
async fn one_inbox_gets_at_most_five_account_mails_an_hour_however_many_ask() {
    let app = spawn_app_with(|config| config.trusted_proxies = 1).await;
    app.active_buyer("ann@example.com").await;
    let ask = json!({"email": "ann@example.com"});
    let mut newest_link = String::new();
    for n in 1..=8 {
        let ip = format!("10.0.0.{n}");
        let response = post_from(&app, &ip, "/api/v1/auth/forgot-password", &ask).await;
        assert_eq!(response.status(), StatusCode::ACCEPTED, "answered as usual");
        if n <= 4 {
            newest_link = app
                .token_from_mail("ann@example.com", "reset-password")
                .await;
        }
    }
    assert_eq!(
        app.mails_to("ann@example.com").await.len(),
        5,
        "activation and four resets"
    );
    // The requests past the allowance did not retire the link the inbox holds.
    let reset = app
        .post(
            "/api/v1/auth/reset-password",
            &json!({"token": newest_link, "password": "my new passphrase"}),
        )
        .await;
    assert_eq!(reset.status(), StatusCode::OK);

    app.state.clock.advance(Duration::from_secs(3600));
    post_from(&app, "10.0.0.9", "/api/v1/auth/forgot-password", &ask).await;
    assert_eq!(
        app.mails_to("ann@example.com").await.len(),
        6,
        "an hour later, one more"
    );
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

#[tokio::test]
async fn coupon_codes_cannot_be_found_by_trying_them_all() {
    let app = spawn_app_with(|config| {
        config.auth_rate_limit = RateLimit {
            max_requests: 2,
            window: Duration::from_secs(600),
        }
    })
    .await;
    for code in ["AAAA", "AAAB"] {
        problem(
            app.get(&format!("/api/v1/coupons/{code}")).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    problem(
        app.get("/api/v1/coupons/AAAC").await,
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
}

#[tokio::test]
async fn a_session_cannot_guess_its_accounts_password_for_ever() {
    let app = spawn_app_with(|config| {
        config.auth_rate_limit = RateLimit {
            max_requests: 2,
            window: Duration::from_secs(600),
        }
    })
    .await;
    let ann = app.active_buyer("ann@example.com").await;
    let guess = json!({"current_password": "a guess at it", "new_password": "a brand new secret"});
    for _ in 0..2 {
        let response = app
            .send_as(Method::PUT, &ann.token, "/api/v1/me/password", &guess)
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let limited = app
        .send_as(Method::PUT, &ann.token, "/api/v1/me/password", &guess)
        .await;
    problem(limited, StatusCode::TOO_MANY_REQUESTS).await;
}
