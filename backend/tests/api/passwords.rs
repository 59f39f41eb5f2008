use crate::chat::{closed, connect, still_open};
use crate::helpers::{PASSWORD, field_error, problem, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_but_not_this_one() {
    let app = spawn_app().await;
    let here = app.active_buyer("ann@example.com").await;
    let elsewhere: Value = app
        .log_in("ann@example.com", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let elsewhere = elsewhere["token"].as_str().unwrap();
    let mut socket_here = connect(&app, &here.token).await;
    let mut socket_elsewhere = connect(&app, elsewhere).await;
    let body = json!({"current_password": PASSWORD, "new_password": "a brand new secret"});
    let response = app
        .send_as(Method::PUT, &here.token, "/api/v1/me/password", &body)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        closed(&mut socket_elsewhere).await,
        CloseCode::Policy,
        "at once"
    );
    still_open(&mut socket_here).await;
    assert_eq!(
        app.get_as(&here.token, "/api/v1/me").await.status(),
        StatusCode::OK
    );
    problem(
        app.get_as(elsewhere, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    problem(
        app.log_in("ann@example.com", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(
        app.log_in("ann@example.com", "a brand new secret")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let body = json!({"current_password": "a wrong guess", "new_password": "a brand new secret"});
    let response = app
        .send_as(Method::PUT, &ann.token, "/api/v1/me/password", &body)
        .await;
    field_error(response, "current_password").await;
    assert_eq!(
        app.log_in("ann@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_new_password_must_follow_the_rules() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let body = json!({"current_password": PASSWORD, "new_password": "qwerty123"});
    let response = app
        .send_as(Method::PUT, &ann.token, "/api/v1/me/password", &body)
        .await;
    assert!(field_error(response, "new_password").await[0].contains("common"));
}

#[tokio::test]
async fn changing_the_password_needs_a_session() {
    let app = spawn_app().await;
    let response = app
        .http
        .put(app.url("/api/v1/me/password"))
        .json(&json!({"current_password": PASSWORD, "new_password": "a brand new secret"}))
        .send()
        .await
        .unwrap();
    problem(response, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_the_mailed_link_which_ends_every_session() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let mut socket = connect(&app, &ann.token).await;
    let response = app
        .post(
            "/api/v1/auth/forgot-password",
            &json!({"email": "Ann@example.com"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let token = app
        .token_from_mail("ann@example.com", "reset-password")
        .await;
    let reset = app
        .post(
            "/api/v1/auth/reset-password",
            &json!({"token": token, "password": "my new passphrase"}),
        )
        .await;
    assert_eq!(reset.status(), StatusCode::OK);
    assert_eq!(closed(&mut socket).await, CloseCode::Policy, "at once");
    problem(
        app.get_as(&ann.token, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(
        app.log_in("ann@example.com", "my new passphrase")
            .await
            .status(),
        StatusCode::OK
    );
    let again = app
        .post(
            "/api/v1/auth/reset-password",
            &json!({"token": token, "password": "another passphrase"}),
        )
        .await;
    assert_eq!(field_error(again, "token").await, ["has already been used"]);
}

#[tokio::test]
async fn a_reset_with_a_weak_password_changes_nothing() {
    let app = spawn_app().await;
    app.active_buyer("ann@example.com").await;
    app.post(
        "/api/v1/auth/forgot-password",
        &json!({"email": "ann@example.com"}),
    )
    .await;
    let token = app
        .token_from_mail("ann@example.com", "reset-password")
        .await;
    let weak = app
        .post(
            "/api/v1/auth/reset-password",
            &json!({"token": token, "password": "abc"}),
        )
        .await;
    field_error(weak, "password").await;
    assert_eq!(
        app.log_in("ann@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );
    let later = app
        .post(
            "/api/v1/auth/reset-password",
            &json!({"token": token, "password": "my new passphrase"}),
        )
        .await;
    assert_eq!(
        later.status(),
        StatusCode::OK,
        "the token was not used up by the refused attempt"
    );
}

#[tokio::test]
async fn forgot_password_says_the_same_for_unknown_addresses_and_mails_nothing() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/v1/auth/forgot-password",
            &json!({"email": "ghost@example.com"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert!(app.mails_to("ghost@example.com").await.is_empty());
}
