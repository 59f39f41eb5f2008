use crate::helpers::{PASSWORD, problem, spawn_app, spawn_app_with};
use reqwest::{Client, StatusCode};
use serde_json::json;

async fn browser_signed_in(app: &crate::helpers::TestApp) -> Client {
    app.active_buyer("ann@example.com").await;
    let browser = Client::builder().cookie_store(true).build().unwrap();
    browser
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "ann@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    browser
}

#[tokio::test]
async fn a_cookie_authenticated_write_from_another_site_is_refused() {
    let app = spawn_app().await;
    let browser = browser_signed_in(&app).await;
    let forged = browser
        .patch(app.url("/api/v1/me"))
        .header("origin", "https://evil.example")
        .json(&json!({"name": "Hacked"}))
        .send()
        .await
        .unwrap();
    problem(forged, StatusCode::FORBIDDEN).await;
    let cross_site = browser
        .patch(app.url("/api/v1/me"))
        .header("sec-fetch-site", "cross-site")
        .json(&json!({"name": "Hacked"}))
        .send()
        .await
        .unwrap();
    problem(cross_site, StatusCode::FORBIDDEN).await;
    let me: serde_json::Value = browser
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["name"], "Ann Buyer");
}

#[tokio::test]
async fn a_cookie_authenticated_write_from_our_own_origin_passes() {
    let app = spawn_app().await;
    let browser = browser_signed_in(&app).await;
    let own = browser
        .patch(app.url("/api/v1/me"))
        .header("origin", app.base.as_str())
        .json(&json!({"name": "Ann Smith"}))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_desktop_app_calls_cross_origin_with_a_bearer_token() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let preflight = app
        .http
        .request(reqwest::Method::OPTIONS, app.url("/api/v1/me"))
        .header("origin", "tauri://localhost")
        .header("access-control-request-method", "PATCH")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), StatusCode::OK);
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "tauri://localhost"
    );
    let response = app
        .http
        .patch(app.url("/api/v1/me"))
        .bearer_auth(&ann.token)
        .header("origin", "tauri://localhost")
        .json(&json!({"name": "Ann Desktop"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn behind_https_the_session_cookie_is_bound_to_this_host() {
    let app = spawn_app_with(|config| config.cookie_secure = true).await;
    app.active_buyer("ann@example.com").await;
    let signed_in = app.log_in("ann@example.com", PASSWORD).await;
    let cookie = signed_in
        .cookies()
        .find(|c| c.name() == "__Host-bazaar_session")
        .expect("a __Host- session cookie");
    assert!(cookie.secure() && cookie.http_only());
    assert_eq!(cookie.path(), Some("/"));
    assert_eq!(cookie.domain(), None);
    let token = cookie.value().to_owned();

    let me = |name: &'static str| {
        app.http
            .get(app.url("/api/v1/me"))
            .header("cookie", format!("{name}={token}"))
            .send()
    };
    assert_eq!(
        me("__Host-bazaar_session").await.unwrap().status(),
        StatusCode::OK
    );
    // A cookie without the prefix could have been planted by a sibling host: not taken.
    problem(
        me("bazaar_session").await.unwrap(),
        StatusCode::UNAUTHORIZED,
    )
    .await;
}
