//! Paying with PayPal: an order per checkout, approved by the buyer at PayPal, captured by
//! our server once. Against a local fake of PayPal's Orders v2 API.

use super::Market;
use crate::fakes::FakePayPal;
use crate::helpers::problem;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn paypal_checkout() -> (Market, FakePayPal, Value) {
    let paypal = FakePayPal::start().await;
    let config = paypal.config();
    let market = Market::with_config(move |c| c.paypal = Some(config)).await;
    market.add_to_cart(&market.ann, &market.lamp, 1).await;
    let body = json!({"address_id": market.address, "payment_method": "paypal"});
    let response = market.checkout(&market.ann, &body).await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        response.text().await.unwrap()
    );
    let placed = response.json().await.unwrap();
    (market, paypal, placed)
}

fn capture_path(placed: &Value) -> String {
    format!(
        "/api/v1/payments/paypal/{}/capture",
        placed["checkout_id"].as_str().unwrap()
    )
}

#[tokio::test]
async fn the_server_captures_an_approved_paypal_payment_once() {
    let (market, paypal, placed) = paypal_checkout().await;
    assert_eq!(placed["payment"]["provider"], "paypal");
    let paypal_order = placed["payment"]["paypal_order_id"].as_str().unwrap();
    assert!(
        placed["payment"]["approve_url"]
            .as_str()
            .unwrap()
            .starts_with("http")
    );
    let at_paypal = paypal.order(paypal_order).unwrap();
    assert_eq!(at_paypal.value, "30.00");
    assert_eq!(placed["orders"][0]["status"], "awaiting_payment");

    let early = market
        .post(&market.ann, &capture_path(&placed), &json!({}))
        .await;
    assert!(
        problem(early, StatusCode::CONFLICT).await["detail"]
            .as_str()
            .unwrap()
            .contains("approve")
    );
    let (bob, _) = market.buyer("bob@example.com").await;
    problem(
        market.post(&bob, &capture_path(&placed), &json!({})).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    paypal.approve(paypal_order);
    let captured = market
        .post(&market.ann, &capture_path(&placed), &json!({}))
        .await;
    assert_eq!(captured.status(), StatusCode::OK);
    let captured: Value = captured.json().await.unwrap();
    assert_eq!(captured["orders"][0]["status"], "processing");
    assert_eq!(captured["orders"][0]["paid"], true);
    problem(
        market
            .post(&market.ann, &capture_path(&placed), &json!({}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(paypal.captures(), 1);
}

#[tokio::test]
async fn captures_at_once_capture_once_at_paypal() {
    let (market, paypal, placed) = paypal_checkout().await;
    paypal.approve(placed["payment"]["paypal_order_id"].as_str().unwrap());
    let path = capture_path(&placed);
    let body = json!({});
    let attempts = (0..10).map(|_| market.post(&market.ann, &path, &body));
    let statuses: Vec<StatusCode> = join_all(attempts)
        .await
        .iter()
        .map(|r| r.status())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT)
    );
    assert_eq!(paypal.captures(), 1);
    let mine = market.json_as(&market.ann, "/api/v1/me/orders").await;
    assert_eq!(mine["items"][0]["timeline"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_refunded_paypal_order_is_refunded_at_paypal() {
    let (market, paypal, placed) = paypal_checkout().await;
    paypal.approve(placed["payment"]["paypal_order_id"].as_str().unwrap());
    market
        .post(&market.ann, &capture_path(&placed), &json!({}))
        .await;
    let order = placed["orders"][0]["id"].as_str().unwrap();
    market.set_status(&market.sam, order, "delivered").await;
    market
        .post(
            &market.ann,
            &format!("/api/v1/orders/{order}/refund-request"),
            &json!({"reason": "Wrong colour"}),
        )
        .await;
    let refunded = market
        .post(
            &market.sam,
            &format!("/api/v1/orders/{order}/refund"),
            &json!({"approve": true}),
        )
        .await;
    assert_eq!(refunded.status(), StatusCode::OK);
    let refunds = paypal.refunds();
    assert_eq!(refunds.len(), 1);
    assert_eq!(
        (refunds[0].value.as_str(), refunds[0].currency.as_str()),
        ("30.00", "USD")
    );
}
