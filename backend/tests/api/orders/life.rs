//! The order's life: the seller moves it forward, buyer or seller cancel before it ships,
//! delivery credits the shop, refunds give everything back; each change reaches both sides.

use super::{Market, usd};
use crate::chat::{connect, next_event};
use crate::helpers::{field_error, problem};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

fn id(order: &Value) -> String {
    order["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_seller_moves_an_order_forward_skipping_allowed_and_the_buyer_sees_it_live() {
    let market = Market::new().await;
    let mut buyer_socket = connect(&market.app, &market.ann.token).await;
    let mut seller_socket = connect(&market.app, &market.sam.token).await;
    let placed = market.place_cod().await;
    let order = id(Market::order_with(&placed, &market.lamp));
    let new_order = next_event(&mut seller_socket, "order_updated").await;
    assert_eq!(
        new_order["order"]["id"],
        order.as_str(),
        "the seller hears of the new order"
    );

    let response = market.set_status(&market.sam, &order, "shipping").await;
    assert_eq!(response.status(), StatusCode::OK);
    let pushed = loop {
        let event = next_event(&mut buyer_socket, "order_updated").await;
        if event["order"]["id"] == order.as_str() && event["order"]["status"] == "shipping" {
            break event;
        }
    };
    let statuses: Vec<&str> = pushed["order"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["processing", "shipping"]);
    market.app.mail_to("ann@example.com", "is shipping").await;

    let delivered: Value = market
        .set_status(&market.sam, &order, "delivered")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(delivered["status"], "delivered");
    assert_eq!(
        delivered["paid"], true,
        "cash on delivery is paid when delivered"
    );
    assert!(delivered["delivered_at"].is_string());
    let seen: Value = market
        .json_as(&market.ann, &format!("/api/v1/orders/{order}"))
        .await;
    assert_eq!(seen["timeline"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn orders_never_move_backwards_nor_out_of_a_final_state() {
    let market = Market::new().await;
    let placed = market.place_cod().await;
    let order = id(Market::order_with(&placed, &market.lamp));
    assert_eq!(
        market
            .set_status(&market.sam, &order, "shipping")
            .await
            .status(),
        StatusCode::OK
    );
    let back = problem(
        market.set_status(&market.sam, &order, "processing").await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        back["detail"]
            .as_str()
            .unwrap()
            .contains("only move forward")
    );
    problem(
        market.set_status(&market.sam, &order, "shipping").await,
        StatusCode::CONFLICT,
    )
    .await;
    problem(
        market.set_status(&market.sam, &order, "cancelled").await,
        StatusCode::CONFLICT,
    )
    .await;
    let unknown = market.set_status(&market.sam, &order, "lost_at_sea").await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        market
            .set_status(&market.sam, &order, "delivered")
            .await
            .status(),
        StatusCode::OK
    );
    problem(
        market.set_status(&market.sam, &order, "on_the_way").await,
        StatusCode::CONFLICT,
    )
    .await;
}

#[tokio::test]
async fn delivery_credits_the_shop_with_the_total_less_the_commission() {
    let market = Market::with_config(|c| c.commission_percent = 15).await;
    let delivered = market.delivered_lamp_order().await;
    assert_eq!(delivered["total"], usd(6000));
    let balance = market.json_as(&market.sam, "/api/v1/me/shop/balance").await;
    assert_eq!(balance["available"], usd(5100));
    assert_eq!(balance["lifetime_earnings"], usd(5100));
    let ledger = market
        .json_as(&market.sam, "/api/v1/me/shop/transactions")
        .await;
    assert_eq!(ledger["items"][0]["kind"], "order_credit");
    assert_eq!(ledger["items"][0]["order_id"], delivered["id"]);
    let rita = market
        .json_as(&market.rita, "/api/v1/me/shop/balance")
        .await;
    assert_eq!(
        rita["available"],
        usd(0),
        "an undelivered order credits nothing"
    );
}

#[tokio::test]
async fn the_buyer_cancels_before_shipping_and_gets_stock_and_coupon_back() {
    let market = Market::new().await;
    let placed = market.place_cod().await;
    let order = id(Market::order_with(&placed, &market.lamp));
    assert_eq!(market.product(&market.lamp).await["stock"], 3);
    let response = market
        .post(
            &market.ann,
            &format!("/api/v1/orders/{order}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let cancelled: Value = response.json().await.unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    let lamp = market.product(&market.lamp).await;
    assert_eq!(lamp["stock"], 5);
    assert_eq!(lamp["sold_count"], 0);
    let mug_order = id(Market::order_with(&placed, &market.mug));
    let mug: Value = market
        .json_as(&market.ann, &format!("/api/v1/orders/{mug_order}"))
        .await;
    assert_eq!(
        mug["status"], "processing",
        "the other shop's order is untouched"
    );

    problem(
        market
            .post(
                &market.ann,
                &format!("/api/v1/orders/{order}/cancel"),
                &json!({}),
            )
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(
        market
            .set_status(&market.rita, &mug_order, "shipping")
            .await
            .status(),
        StatusCode::OK
    );
    let late = market
        .post(
            &market.rita,
            &format!("/api/v1/orders/{mug_order}/cancel"),
            &json!({}),
        )
        .await;
    let late = problem(late, StatusCode::CONFLICT).await;
    assert!(
        late["detail"]
            .as_str()
            .unwrap()
            .contains("can no longer be cancelled")
    );
}

#[tokio::test]
async fn a_refund_is_asked_for_within_thirty_days_of_delivery() {
    // Signed in for longer than the refund window, so only the window is tested.
    let long_sessions =
        |c: &mut bazaar::config::Config| c.session_ttl = Duration::from_secs(90 * 86_400);
    let market = Market::with_config(long_sessions).await;
    let delivered = market.delivered_lamp_order().await;
    let order = id(&delivered);
    let path = format!("/api/v1/orders/{order}/refund-request");
    field_error(
        market
            .post(&market.ann, &path, &json!({"reason": " "}))
            .await,
        "reason",
    )
    .await;
    problem(
        market
            .post(&market.sam, &path, &json!({"reason": "mine"}))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    market
        .app
        .state
        .clock
        .advance(Duration::from_secs(29 * 86_400));
    let asked: Value = market
        .post(&market.ann, &path, &json!({"reason": "It flickers"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(asked["status"], "refund_requested");
    assert_eq!(asked["refund_reason"], "It flickers");

    let late_market = Market::with_config(long_sessions).await;
    let late = late_market.delivered_lamp_order().await;
    late_market
        .app
        .state
        .clock
        .advance(Duration::from_secs(31 * 86_400));
    let refused = late_market
        .post(
            &late_market.ann,
            &format!("/api/v1/orders/{}/refund-request", id(&late)),
            &json!({"reason": "Too late"}),
        )
        .await;
    let refused = problem(refused, StatusCode::CONFLICT).await;
    assert!(
        refused["detail"]
            .as_str()
            .unwrap()
            .contains("within 30 days")
    );
}

#[tokio::test]
async fn an_approved_refund_gives_stock_sales_and_the_credit_back() {
    let market = Market::new().await;
    let delivered = market.delivered_lamp_order().await;
    let order = id(&delivered);
    market
        .post(
            &market.ann,
            &format!("/api/v1/orders/{order}/refund-request"),
            &json!({"reason": "Broken"}),
        )
        .await;
    let decide = format!("/api/v1/orders/{order}/refund");
    problem(
        market
            .post(&market.ann, &decide, &json!({"approve": true}))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let refunded: Value = market
        .post(&market.sam, &decide, &json!({"approve": true}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(refunded["status"], "refunded");
    let lamp = market.product(&market.lamp).await;
    assert_eq!(lamp["stock"], 5);
    assert_eq!(lamp["sold_count"], 0);
    let balance = market.json_as(&market.sam, "/api/v1/me/shop/balance").await;
    assert_eq!(balance["available"], usd(0));
    let ledger = market
        .json_as(&market.sam, "/api/v1/me/shop/transactions")
        .await;
    assert_eq!(ledger["items"][0]["kind"], "refund_debit");
    assert_eq!(ledger["items"][0]["amount"], usd(-5400));
    problem(
        market
            .post(&market.sam, &decide, &json!({"approve": false}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
}

#[tokio::test]
async fn a_rejected_refund_keeps_the_money_where_it_is() {
    let market = Market::new().await;
    let order = id(&market.delivered_lamp_order().await);
    market
        .post(
            &market.ann,
            &format!("/api/v1/orders/{order}/refund-request"),
            &json!({"reason": "Meh"}),
        )
        .await;
    let rejected: Value = market
        .post(
            &market.sam,
            &format!("/api/v1/orders/{order}/refund"),
            &json!({"approve": false}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rejected["status"], "refund_rejected");
    assert_eq!(market.product(&market.lamp).await["stock"], 3);
    let balance = market.json_as(&market.sam, "/api/v1/me/shop/balance").await;
    assert_eq!(balance["available"], usd(5400));
}

#[tokio::test]
async fn lists_are_paged_newest_first_and_filtered_by_status() {
    let market = Market::new().await;
    for _ in 0..3 {
        market.add_to_cart(&market.ann, &market.lamp, 1).await;
        assert_eq!(
            market.checkout(&market.ann, &market.cod()).await.status(),
            StatusCode::CREATED
        );
    }
    let first = market
        .json_as(&market.ann, "/api/v1/me/orders?limit=2")
        .await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let rest = market
        .json_as(
            &market.ann,
            &format!("/api/v1/me/orders?limit=2&cursor={cursor}"),
        )
        .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_eq!(rest["next_cursor"], Value::Null);
    assert!(first["items"][0]["created_at"].as_str() >= first["items"][1]["created_at"].as_str());

    let newest = id(&first["items"][0]);
    market.set_status(&market.sam, &newest, "shipping").await;
    let shipping = market
        .json_as(&market.sam, "/api/v1/me/shop/orders?status=shipping")
        .await;
    assert_eq!(shipping["items"].as_array().unwrap().len(), 1);
    assert_eq!(shipping["items"][0]["id"], newest.as_str());
    let bad = market
        .app
        .get_as(&market.sam.token, "/api/v1/me/shop/orders?status=lost")
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    field_error(
        market
            .app
            .get_as(&market.ann.token, "/api/v1/me/orders?limit=0")
            .await,
        "limit",
    )
    .await;
    field_error(
        market
            .app
            .get_as(&market.ann.token, "/api/v1/me/orders?cursor=nonsense")
            .await,
        "cursor",
    )
    .await;
}
