//! Reviews: only by the buyer of a delivered order holding the product, once per line.

use super::Market;
use crate::helpers::{field_error, problem};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn the_buyer_of_a_delivered_order_reviews_each_line_once_and_the_rating_moves() {
    let market = Market::new().await;
    let placed = market.place_cod().await;
    let order = Market::order_with(&placed, &market.lamp)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/products/{}/reviews", market.lamp);
    let review = json!({"order_id": order, "rating": 4, "comment": "Warm light"});
    let early = problem(
        market.post(&market.ann, &path, &review).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        early["detail"]
            .as_str()
            .unwrap()
            .contains("once the order is delivered")
    );

    assert_eq!(
        market
            .set_status(&market.sam, &order, "delivered")
            .await
            .status(),
        StatusCode::OK
    );
    let (bob, _) = market.buyer("bob@example.com").await;
    field_error(market.post(&bob, &path, &review).await, "order_id").await;
    let mug_path = format!("/api/v1/products/{}/reviews", market.mug);
    field_error(
        market.post(&market.ann, &mug_path, &review).await,
        "order_id",
    )
    .await;
    field_error(
        market
            .post(&market.ann, &path, &json!({"order_id": order, "rating": 6}))
            .await,
        "rating",
    )
    .await;
    problem(
        market.app.post(&path, &review).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;

    let response = market.post(&market.ann, &path, &review).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["author"]["name"], "Ann Buyer");
    assert_eq!(created["rating"], 4);
    problem(
        market.post(&market.ann, &path, &review).await,
        StatusCode::CONFLICT,
    )
    .await;

    let lamp = market.product(&market.lamp).await;
    assert_eq!(lamp["rating"], json!({"average": 4.0, "count": 1}));
    let order_now: Value = market
        .json_as(&market.ann, &format!("/api/v1/orders/{order}"))
        .await;
    assert_eq!(order_now["lines"][0]["review_id"], created["id"]);
    let listed = market.app.get_json(&path).await;
    assert_eq!(listed["items"][0]["comment"], "Warm light");
    let shop = market
        .app
        .get_json(&format!(
            "/api/v1/shops/{}",
            lamp["shop"]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(shop["rating"]["count"], 1);
}
