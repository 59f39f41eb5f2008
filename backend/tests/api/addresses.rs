use crate::helpers::{field_error, problem, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn address(city: &str) -> Value {
    json!({"label": "home", "country": "DE", "city": city, "line1": "Hauptstr. 1", "postal_code": "10115"})
}

#[tokio::test]
async fn the_first_address_becomes_the_default_and_a_later_one_can_take_over() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let first: Value = app
        .send_as(
            Method::POST,
            &ann.token,
            "/api/v1/me/addresses",
            &address("Berlin"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["is_default"], true);
    let mut office = address("Hamburg");
    office["label"] = json!("office");
    let second = app
        .send_as(Method::POST, &ann.token, "/api/v1/me/addresses", &office)
        .await;
    assert_eq!(second.status(), StatusCode::CREATED);
    let second: Value = second.json().await.unwrap();
    assert_eq!(second["is_default"], false);
    let path = format!("/api/v1/me/addresses/{}", second["id"].as_str().unwrap());
    let patched: Value = app
        .send_as(
            Method::PATCH,
            &ann.token,
            &path,
            &json!({"is_default": true, "line2": "4th floor"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(patched["is_default"], true);
    assert_eq!(patched["line2"], "4th floor");
    let list: Vec<Value> = app
        .get_as(&ann.token, "/api/v1/me/addresses")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|a| a["is_default"] == true).count(), 1);
    let me: Value = app
        .get_as(&ann.token, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["default_address_id"], second["id"]);
}

#[tokio::test]
async fn deleting_the_default_address_makes_the_oldest_remaining_one_the_default() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let mut ids = Vec::new();
    for city in ["Berlin", "Hamburg", "Munich"] {
        let created: Value = app
            .send_as(
                Method::POST,
                &ann.token,
                "/api/v1/me/addresses",
                &address(city),
            )
            .await
            .json()
            .await
            .unwrap();
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    let response = app
        .send_as(
            Method::DELETE,
            &ann.token,
            &format!("/api/v1/me/addresses/{}", ids[0]),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let list: Vec<Value> = app
        .get_as(&ann.token, "/api/v1/me/addresses")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id"], ids[1]);
    assert_eq!(list[0]["is_default"], true);
}

#[tokio::test]
async fn someone_elses_address_cannot_be_changed_or_deleted() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let bob = app.active_buyer("bob@example.com").await;
    let created: Value = app
        .send_as(
            Method::POST,
            &ann.token,
            "/api/v1/me/addresses",
            &address("Berlin"),
        )
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/me/addresses/{}", created["id"].as_str().unwrap());
    problem(
        app.send_as(Method::PATCH, &bob.token, &path, &json!({"city": "Paris"}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.send_as(Method::DELETE, &bob.token, &path, &json!({}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let list: Vec<Value> = app
        .get_as(&ann.token, "/api/v1/me/addresses")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["city"], "Berlin");
    let bobs: Vec<Value> = app
        .get_as(&bob.token, "/api/v1/me/addresses")
        .await
        .json()
        .await
        .unwrap();
    assert!(bobs.is_empty());
}

#[tokio::test]
async fn addresses_need_a_session() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/me/addresses").await;
    problem(response, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn an_address_with_bad_fields_is_not_stored() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let mut bad_label = address("Berlin");
    bad_label["label"] = json!("castle");
    field_error(
        app.send_as(Method::POST, &ann.token, "/api/v1/me/addresses", &bad_label)
            .await,
        "label",
    )
    .await;
    let mut blank_city = address("  ");
    blank_city["line1"] = json!("");
    let response = app
        .send_as(
            Method::POST,
            &ann.token,
            "/api/v1/me/addresses",
            &blank_city,
        )
        .await;
    let body = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        body["errors"]["city"].is_array() && body["errors"]["line1"].is_array(),
        "{body}"
    );
    assert_eq!(app.count("addresses").await, 0);
}
