use crate::helpers::{field_error, listed_product, problem, product_input, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn the_cart_groups_lines_by_shop_with_server_side_totals() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let rita = app.active_seller("rita@example.com").await;
    let lamp = listed_product(&app, &sam, product_input("Desk lamp", 3000)).await;
    let mug = listed_product(&app, &rita, product_input("Mug", 900)).await;
    let ann = app.active_buyer("ann@example.com").await;
    app.send_as(
        Method::PUT,
        &ann.token,
        &format!("/api/v1/me/cart/items/{lamp}"),
        &json!({"quantity": 2}),
    )
    .await;
    let cart: Value = app
        .send_as(
            Method::PUT,
            &ann.token,
            &format!("/api/v1/me/cart/items/{mug}"),
            &json!({"quantity": 3}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cart["item_count"], 5);
    assert_eq!(cart["total"], json!({"amount": 8700, "currency": "USD"}));
    assert_eq!(cart["shops"][0]["shop"]["name"], "Sam's Goods");
    assert_eq!(cart["shops"][0]["subtotal"]["amount"], 6000);
    assert_eq!(cart["shops"][1]["lines"][0]["line_total"]["amount"], 2700);
    let again: Value = app
        .get_as(&ann.token, "/api/v1/me/cart")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, cart, "every device sees the same cart");
    let removed: Value = app
        .send_as(
            Method::DELETE,
            &ann.token,
            &format!("/api/v1/me/cart/items/{lamp}"),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(removed["total"]["amount"], 2700);
}

#[tokio::test]
async fn more_than_the_stock_cannot_go_in_the_cart() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let lamp = listed_product(&app, &sam, product_input("Desk lamp", 3000)).await;
    let ann = app.active_buyer("ann@example.com").await;
    let path = format!("/api/v1/me/cart/items/{lamp}");
    let body = problem(
        app.send_as(Method::PUT, &ann.token, &path, &json!({"quantity": 6}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(body["detail"], "only 5 left in stock");
    field_error(
        app.send_as(Method::PUT, &ann.token, &path, &json!({"quantity": 0}))
            .await,
        "quantity",
    )
    .await;
    assert_eq!(app.count("cart_items").await, 0);
}

#[tokio::test]
async fn a_line_whose_stock_dropped_is_flagged_and_left_out_of_the_total() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let lamp = listed_product(&app, &sam, product_input("Desk lamp", 3000)).await;
    let ann = app.active_buyer("ann@example.com").await;
    app.send_as(
        Method::PUT,
        &ann.token,
        &format!("/api/v1/me/cart/items/{lamp}"),
        &json!({"quantity": 4}),
    )
    .await;
    app.send_as(
        Method::PATCH,
        &sam.token,
        &format!("/api/v1/products/{lamp}"),
        &json!({"stock": 1}),
    )
    .await;
    let cart: Value = app
        .get_as(&ann.token, "/api/v1/me/cart")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        cart["shops"][0]["lines"][0]["problem"],
        "only 1 left in stock"
    );
    assert_eq!(cart["total"]["amount"], 0);
}

#[tokio::test]
async fn a_running_sale_prices_the_cart() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let lamp = listed_product(&app, &sam, product_input("Desk lamp", 3000)).await;
    let now = time::OffsetDateTime::now_utc();
    let fmt = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let event = json!({
        "product_id": lamp, "name": "Sale", "event_price": {"amount": 2000, "currency": "USD"},
        "starts_at": fmt(now - time::Duration::minutes(1)), "ends_at": fmt(now + time::Duration::days(1))
    });
    assert_eq!(
        app.send_as(Method::POST, &sam.token, "/api/v1/events", &event)
            .await
            .status(),
        StatusCode::CREATED
    );
    let ann = app.active_buyer("ann@example.com").await;
    let cart: Value = app
        .send_as(
            Method::PUT,
            &ann.token,
            &format!("/api/v1/me/cart/items/{lamp}"),
            &json!({"quantity": 2}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cart["total"]["amount"], 4000);
}

#[tokio::test]
async fn a_guest_cart_merges_into_the_account_cart_capped_at_the_stock() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let lamp = listed_product(&app, &sam, product_input("Desk lamp", 3000)).await;
    let mug = listed_product(&app, &sam, product_input("Mug", 900)).await;
    let ann = app.active_buyer("ann@example.com").await;
    app.send_as(
        Method::PUT,
        &ann.token,
        &format!("/api/v1/me/cart/items/{lamp}"),
        &json!({"quantity": 3}),
    )
    .await;
    let guest = json!({"items": [
        {"product_id": lamp, "quantity": 4},
        {"product_id": mug, "quantity": 1},
        {"product_id": "01a21595-ef1b-7166-be95-9565d8e42db9", "quantity": 1}
    ]});
    let merged: Value = app
        .send_as(Method::POST, &ann.token, "/api/v1/me/cart/merge", &guest)
        .await
        .json()
        .await
        .unwrap();
    let lines = merged["shops"][0]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["quantity"], 5, "3 + 4, capped at the stock of 5");
    assert_eq!(lines[1]["quantity"], 1);
}

#[tokio::test]
async fn the_cart_is_private_to_a_signed_in_account() {
    let app = spawn_app().await;
    problem(app.get("/api/v1/me/cart").await, StatusCode::UNAUTHORIZED).await;
    let ann = app.active_buyer("ann@example.com").await;
    let missing = "/api/v1/me/cart/items/01a21595-ef1b-7166-be95-9565d8e42db9";
    problem(
        app.send_as(Method::PUT, &ann.token, missing, &json!({"quantity": 1}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
