use crate::chat::{closed, connect, still_open};
use crate::helpers::{PASSWORD, problem, spawn_app};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    let app = spawn_app().await;
    app.active_buyer("ann@example.com").await;
    let wrong_password = problem(
        app.log_in("ann@example.com", "not the password").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let unknown = problem(
        app.log_in("bob@example.com", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(wrong_password["detail"], "wrong e-mail or password");
    assert_eq!(wrong_password, unknown);
}

#[tokio::test]
async fn login_is_case_insensitive_in_the_address() {
    let app = spawn_app().await;
    app.active_buyer("ann@example.com").await;
    assert_eq!(
        app.log_in("ANN@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_session_cookie_signs_in_a_browser() {
    let app = spawn_app().await;
    app.active_buyer("ann@example.com").await;
    let browser = Client::builder().cookie_store(true).build().unwrap();
    let login = browser
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "ann@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    // The app reads the hint to know a session may exist; it is no credential.
    let hint = login
        .cookies()
        .find(|c| c.name() == "bazaar_signed_in")
        .expect("the signed-in hint");
    assert!(!hint.http_only() && hint.value() == "1" && hint.path() == Some("/"));
    let me: Value = browser
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "ann@example.com");
    let logout = browser
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let hint_gone = logout
        .cookies()
        .find(|c| c.name() == "bazaar_signed_in")
        .expect("the hint is removed");
    assert_eq!(hint_gone.max_age(), Some(std::time::Duration::ZERO));
    let hint_alone = app
        .http
        .get(app.url("/api/v1/me"))
        .header("cookie", "bazaar_signed_in=1")
        .send()
        .await
        .unwrap();
    problem(hint_alone, StatusCode::UNAUTHORIZED).await;
    let after = browser.get(app.url("/api/v1/me")).send().await.unwrap();
    problem(after, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn logout_revokes_the_bearer_token() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    assert_eq!(
        app.get_as(&ann.token, "/api/v1/me").await.status(),
        StatusCode::OK
    );
    let logout = app
        .send_as(
            reqwest::Method::POST,
            &ann.token,
            "/api/v1/auth/logout",
            &json!({}),
        )
        .await;
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    problem(
        app.get_as(&ann.token, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

#[tokio::test]
async fn logging_out_one_device_keeps_the_others_signed_in() {
    let app = spawn_app().await;
    let phone = app.active_buyer("ann@example.com").await;
    let laptop: Value = app
        .log_in("ann@example.com", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let laptop = laptop["token"].as_str().unwrap();
    let mut phone_socket = connect(&app, &phone.token).await;
    let mut laptop_socket = connect(&app, laptop).await;
    app.send_as(
        reqwest::Method::POST,
        &phone.token,
        "/api/v1/auth/logout",
        &json!({}),
    )
    .await;
    assert_eq!(
        app.get_as(laptop, "/api/v1/me").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        closed(&mut phone_socket).await,
        CloseCode::Policy,
        "at once"
    );
    still_open(&mut laptop_socket).await;
}

#[tokio::test]
async fn requests_without_or_with_a_forged_token_are_401() {
    let app = spawn_app().await;
    problem(app.get("/api/v1/me").await, StatusCode::UNAUTHORIZED).await;
    problem(
        app.get_as("not.a.jwt", "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let ann = app.active_buyer("ann@example.com").await;
    let mut forged = ann.token.clone();
    forged.pop();
    forged.push(if ann.token.ends_with('A') { 'B' } else { 'A' });
    problem(
        app.get_as(&forged, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

#[tokio::test]
async fn every_signed_in_endpoint_refuses_an_anonymous_caller() {
    let app = spawn_app().await;
    let id = "01a21595-ef1b-7166-be95-9565d8e42db9";
    let endpoints = [
        ("POST", "/api/v1/auth/logout".to_owned()),
        ("GET", "/api/v1/me".to_owned()),
        ("PATCH", "/api/v1/me".to_owned()),
        ("PUT", "/api/v1/me/password".to_owned()),
        ("GET", "/api/v1/me/addresses".to_owned()),
        ("POST", "/api/v1/me/addresses".to_owned()),
        ("PATCH", format!("/api/v1/me/addresses/{id}")),
        ("DELETE", format!("/api/v1/me/addresses/{id}")),
        ("POST", "/api/v1/shops".to_owned()),
        ("GET", "/api/v1/me/shop".to_owned()),
        ("PATCH", "/api/v1/me/shop".to_owned()),
        ("PUT", "/api/v1/me/shop/withdraw-method".to_owned()),
        ("DELETE", "/api/v1/me/shop/withdraw-method".to_owned()),
        ("GET", "/api/v1/me/shop/products".to_owned()),
        ("GET", "/api/v1/me/shop/coupons".to_owned()),
        ("POST", "/api/v1/products".to_owned()),
        ("PATCH", format!("/api/v1/products/{id}")),
        ("DELETE", format!("/api/v1/products/{id}")),
        ("PUT", format!("/api/v1/products/{id}/images/order")),
        ("DELETE", format!("/api/v1/products/{id}/images/{id}")),
        ("POST", "/api/v1/events".to_owned()),
        ("PATCH", format!("/api/v1/events/{id}")),
        ("DELETE", format!("/api/v1/events/{id}")),
        ("DELETE", format!("/api/v1/events/{id}/images/{id}")),
        ("POST", "/api/v1/coupons".to_owned()),
        ("DELETE", format!("/api/v1/coupons/{id}")),
        ("GET", "/api/v1/me/wishlist".to_owned()),
        ("PUT", format!("/api/v1/me/wishlist/{id}")),
        ("DELETE", format!("/api/v1/me/wishlist/{id}")),
        ("GET", "/api/v1/me/cart".to_owned()),
        ("PUT", format!("/api/v1/me/cart/items/{id}")),
        ("DELETE", format!("/api/v1/me/cart/items/{id}")),
        ("POST", "/api/v1/me/cart/merge".to_owned()),
    ];
    for (method, path) in endpoints {
        let response = app
            .http
            .request(method.parse().unwrap(), app.url(&path))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn housekeeping_deletes_expired_sessions_and_spent_rate_limit_windows() {
    let app = crate::helpers::spawn_app_with(|config| {
        config.session_ttl = std::time::Duration::from_secs(1)
    })
    .await;
    let ann = app.active_buyer("ann@example.com").await;
    sqlx::query("INSERT INTO rate_limits (key, window_start, hits) VALUES ('login:ip:old', 0, 3)")
        .execute(&mut *app.state.db.writer().await.unwrap())
        .await
        .unwrap();
    sqlx::query("UPDATE sessions SET expires_at = 1")
        .execute(&mut *app.state.db.writer().await.unwrap())
        .await
        .unwrap();
    let swept = bazaar::services::janitor::sweep(&app.state).await.unwrap();
    assert_eq!((swept.sessions, swept.rate_limits), (1, 1));
    assert_eq!(app.count("sessions").await, 0);
    assert!(
        app.count("rate_limits").await > 0,
        "the current windows stay"
    );
    problem(
        app.get_as(&ann.token, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

#[tokio::test]
async fn a_session_ends_when_the_clock_passes_its_lifetime() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    app.state.clock.advance(app.state.config.session_ttl / 2);
    assert_eq!(
        app.get_as(&ann.token, "/api/v1/me").await.status(),
        StatusCode::OK
    );
    app.state.clock.advance(app.state.config.session_ttl / 2);
    problem(
        app.get_as(&ann.token, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}
