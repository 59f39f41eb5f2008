use crate::helpers::{listed_product, problem, product_input, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn the_wishlist_keeps_products_once_and_shows_them_as_cards() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let lamp = listed_product(&app, &sam, product_input("Desk lamp", 3000)).await;
    let mug = listed_product(&app, &sam, product_input("Mug", 900)).await;
    let ann = app.active_buyer("ann@example.com").await;
    for product in [&lamp, &mug, &lamp] {
        let response = app
            .send_as(
                Method::PUT,
                &ann.token,
                &format!("/api/v1/me/wishlist/{product}"),
                &json!({}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }
    let list: Value = app
        .get_as(&ann.token, "/api/v1/me/wishlist")
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Mug", "Desk lamp"]);
    assert_eq!(list["items"][0]["shop"]["name"], "Sam's Goods");
    let removed = app
        .send_as(
            Method::DELETE,
            &ann.token,
            &format!("/api/v1/me/wishlist/{mug}"),
            &json!({}),
        )
        .await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    let list: Value = app
        .get_as(&ann.token, "/api/v1/me/wishlist")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let bobs: Value = app
        .get_as(
            &app.active_buyer("bob@example.com").await.token,
            "/api/v1/me/wishlist",
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        bobs["items"].as_array().unwrap().is_empty(),
        "wishlists are per account"
    );
}

#[tokio::test]
async fn only_existing_products_go_on_a_wishlist_and_only_for_a_signed_in_account() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let missing = "/api/v1/me/wishlist/01a21595-ef1b-7166-be95-9565d8e42db9";
    problem(
        app.send_as(Method::PUT, &ann.token, missing, &json!({}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get("/api/v1/me/wishlist").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}
