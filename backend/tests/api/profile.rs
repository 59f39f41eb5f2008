use crate::helpers::{field_error, problem, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn the_account_updates_its_name_and_phone() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let body = json!({"name": "Ann Smith", "phone": "+44 20 7946 0958"});
    let response = app
        .send_as(Method::PATCH, &ann.token, "/api/v1/me", &body)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let me: Value = app
        .get_as(&ann.token, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["name"], "Ann Smith");
    assert_eq!(me["phone"], "+44 20 7946 0958");
    let cleared: Value = app
        .send_as(
            Method::PATCH,
            &ann.token,
            "/api/v1/me",
            &json!({"phone": ""}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cleared["phone"], Value::Null);
    assert_eq!(cleared["name"], "Ann Smith");
}

#[tokio::test]
async fn a_profile_update_with_a_bad_field_changes_nothing() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let body = json!({"name": "Ann Smith", "phone": "not a phone"});
    field_error(
        app.send_as(Method::PATCH, &ann.token, "/api/v1/me", &body)
            .await,
        "phone",
    )
    .await;
    let email_change = json!({"email": "other@example.com"});
    field_error(
        app.send_as(Method::PATCH, &ann.token, "/api/v1/me", &email_change)
            .await,
        "email",
    )
    .await;
    let me: Value = app
        .get_as(&ann.token, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["name"], "Ann Buyer");
    assert_eq!(me["email"], "ann@example.com");
}

#[tokio::test]
async fn anyone_sees_an_active_accounts_public_profile_without_private_fields() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let response = app.get(&format!("/api/v1/users/{}", ann.id)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let profile: Value = response.json().await.unwrap();
    assert_eq!(profile["name"], "Ann Buyer");
    assert!(profile.get("email").is_none());
    assert!(profile.get("phone").is_none());
}

#[tokio::test]
async fn unactivated_and_unknown_accounts_have_no_public_profile() {
    let app = spawn_app().await;
    let body: Value = app
        .sign_up("pending@example.com")
        .await
        .json()
        .await
        .unwrap();
    let pending = body["user"]["id"].as_str().unwrap();
    for id in [pending, "01a21595-ef1b-7166-be95-9565d8e42db9"] {
        let response = app.get(&format!("/api/v1/users/{id}")).await;
        problem(response, StatusCode::NOT_FOUND).await;
    }
}
