use crate::helpers::{field_error, problem, shop_input, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub fn withdraw_method() -> Value {
    json!({
        "bank_name": "Deutsche Bank",
        "bank_country": "DE",
        "swift_code": "deutdeff",
        "account_number": "DE89 3704 0044 0532 0130 00",
        "holder_name": "Sam Seller",
        "bank_address": "Taunusanlage 12, Frankfurt"
    })
}

#[tokio::test]
async fn a_buyer_opens_a_shop_and_becomes_a_seller() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let response = app
        .send_as(
            Method::POST,
            &ann.token,
            "/api/v1/shops",
            &shop_input("Ann's Attic"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let shop: Value = response.json().await.unwrap();
    assert_eq!(shop["owner_id"], ann.id.as_str());
    let me: Value = app
        .get_as(&ann.token, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"], json!(["buyer", "seller"]));
    let public = app
        .get_json(&format!("/api/v1/shops/{}", shop["id"].as_str().unwrap()))
        .await;
    assert_eq!(public["name"], "Ann's Attic");
    assert!(public.get("withdraw_method").is_none() && public.get("owner_id").is_none());
}

#[tokio::test]
async fn an_account_has_at_most_one_shop() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let response = app
        .send_as(
            Method::POST,
            &sam.token,
            "/api/v1/shops",
            &shop_input("Second"),
        )
        .await;
    problem(response, StatusCode::CONFLICT).await;
    assert_eq!(app.count("shops").await, 1);
}

#[tokio::test]
async fn opening_a_shop_needs_a_session_and_valid_fields() {
    let app = spawn_app().await;
    let anonymous = app
        .http
        .post(app.url("/api/v1/shops"))
        .json(&shop_input("X"))
        .send()
        .await
        .unwrap();
    problem(anonymous, StatusCode::UNAUTHORIZED).await;
    let ann = app.active_buyer("ann@example.com").await;
    let mut bad = shop_input("");
    bad["postal_code"] = json!("");
    let body = problem(
        app.send_as(Method::POST, &ann.token, "/api/v1/shops", &bad)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(body["errors"]["name"].is_array() && body["errors"]["postal_code"].is_array());
    assert_eq!(app.count("shops").await, 0);
}

#[tokio::test]
async fn a_buyer_without_a_shop_has_no_shop_settings() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    problem(
        app.get_as(&ann.token, "/api/v1/me/shop").await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let patch = app
        .send_as(
            Method::PATCH,
            &ann.token,
            "/api/v1/me/shop",
            &json!({"name": "Mine"}),
        )
        .await;
    problem(patch, StatusCode::FORBIDDEN).await;
    let method = app
        .send_as(
            Method::PUT,
            &ann.token,
            "/api/v1/me/shop/withdraw-method",
            &withdraw_method(),
        )
        .await;
    problem(method, StatusCode::FORBIDDEN).await;
    let avatar = app
        .upload_as(
            &ann.token,
            "/api/v1/me/shop/avatar",
            "a.png",
            crate::media::png(20, 20),
        )
        .await;
    problem(avatar, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn the_seller_edits_the_shop_profile() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let body = json!({"name": "Sam's Better Goods", "description": "Now with more goods"});
    let shop: Value = app
        .send_as(Method::PATCH, &sam.token, "/api/v1/me/shop", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shop["name"], "Sam's Better Goods");
    assert_eq!(shop["phone"], "+1 555 010 0200");
    let bad = app
        .send_as(
            Method::PATCH,
            &sam.token,
            "/api/v1/me/shop",
            &json!({"phone": "nope"}),
        )
        .await;
    field_error(bad, "phone").await;
    let unchanged: Value = app
        .get_as(&sam.token, "/api/v1/me/shop")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged["phone"], "+1 555 010 0200");
}

#[tokio::test]
async fn the_withdraw_method_is_shown_masked_and_can_be_removed() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let response = app
        .send_as(
            Method::PUT,
            &sam.token,
            "/api/v1/me/shop/withdraw-method",
            &withdraw_method(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let shop: Value = response.json().await.unwrap();
    let method = &shop["withdraw_method"];
    assert_eq!(method["swift_code"], "DEUTDEFF");
    let masked = method["account_number_masked"].as_str().unwrap();
    assert!(
        masked.ends_with("3000") && !masked.contains("8937"),
        "{masked}"
    );
    assert!(!shop.to_string().contains("DE89370400440532013000"));
    let delete = app
        .send_as(
            Method::DELETE,
            &sam.token,
            "/api/v1/me/shop/withdraw-method",
            &json!({}),
        )
        .await;
    assert_eq!(delete.status(), StatusCode::NO_CONTENT);
    let shop: Value = app
        .get_as(&sam.token, "/api/v1/me/shop")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shop["withdraw_method"], Value::Null);
    let again = app
        .send_as(
            Method::DELETE,
            &sam.token,
            "/api/v1/me/shop/withdraw-method",
            &json!({}),
        )
        .await;
    problem(again, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn a_withdraw_method_with_a_bad_swift_code_is_refused() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let mut method = withdraw_method();
    method["swift_code"] = json!("ABC");
    let response = app
        .send_as(
            Method::PUT,
            &sam.token,
            "/api/v1/me/shop/withdraw-method",
            &method,
        )
        .await;
    field_error(response, "swift_code").await;
    assert_eq!(app.count("withdraw_methods").await, 0);
}

#[tokio::test]
async fn an_unknown_shop_is_404() {
    let app = spawn_app().await;
    let response = app
        .get("/api/v1/shops/01a21595-ef1b-7166-be95-9565d8e42db9")
        .await;
    problem(response, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn the_shop_page_counts_its_listed_products() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    crate::helpers::listed_product(&app, &sam, crate::helpers::product_input("Lamp", 1000)).await;
    crate::helpers::listed_product(&app, &sam, crate::helpers::product_input("Mug", 500)).await;
    app.send_as(
        Method::POST,
        &sam.token,
        "/api/v1/products",
        &crate::helpers::product_input("No picture", 500),
    )
    .await;
    let shop: Value = app
        .get_as(&sam.token, "/api/v1/me/shop")
        .await
        .json()
        .await
        .unwrap();
    let public = app
        .get_json(&format!("/api/v1/shops/{}", shop["id"].as_str().unwrap()))
        .await;
    assert_eq!(public["product_count"], 2);
    assert_eq!(public["rating"], json!({"average": 0.0, "count": 0}));
}

#[tokio::test]
async fn shops_are_listed_newest_first_in_pages() {
    let app = spawn_app().await;
    for name in ["first", "second", "third"] {
        app.active_seller(&format!("{name}@example.com")).await;
    }
    let page = app.get_json("/api/v1/shops?limit=2").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let cursor = page["next_cursor"].as_str().unwrap();
    let rest = app
        .get_json(&format!("/api/v1/shops?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_eq!(rest["next_cursor"], Value::Null);
    let ids: std::collections::HashSet<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["items"].as_array().unwrap())
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 3);
}
