//! Paying by card: a PaymentIntent per checkout, and only Stripe's signed webhook moves the
//! orders to processing. Against a local fake of Stripe's API with real signatures.

use super::{Market, usd};
use crate::fakes::FakeStripe;
use crate::fakes::stripe::stripe_signature;
use crate::helpers::problem;
use futures_util::future::join_all;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

async fn card_market() -> (Market, FakeStripe) {
    let stripe = FakeStripe::start().await;
    let config = stripe.config();
    let market = Market::with_config(move |c| c.stripe = Some(config)).await;
    (market, stripe)
}

/// Ann pays two lamps and a mug by card: the checkout answer.
async fn card_checkout(market: &Market) -> Value {
    market.add_to_cart(&market.ann, &market.lamp, 2).await;
    market.add_to_cart(&market.ann, &market.mug, 1).await;
    let body = json!({"address_id": market.address, "payment_method": "stripe"});
    let response = market.checkout(&market.ann, &body).await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        response.text().await.unwrap()
    );
    response.json().await.unwrap()
}

async fn deliver_webhook(market: &Market, body: Vec<u8>, signature: &str) -> Response {
    market
        .app
        .http
        .post(market.app.url("/api/v1/payments/stripe/webhook"))
        .header("Stripe-Signature", signature)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

fn intent_of(placed: &Value) -> String {
    placed["payment"]["payment_intent_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn statuses(market: &Market) -> Vec<String> {
    let mine = market.json_as(&market.ann, "/api/v1/me/orders").await;
    mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_card_checkout_is_paid_only_by_a_correctly_signed_webhook() {
    let (market, stripe) = card_market().await;
    let config = market.app.get_json("/api/v1/payments/config").await;
    assert_eq!(config["methods"], json!(["cod", "stripe"]));
    assert_eq!(
        config["stripe_publishable_key"],
        stripe.publishable_key.as_str()
    );

    let placed = card_checkout(&market).await;
    assert_eq!(placed["payment"]["provider"], "stripe");
    assert_eq!(
        placed["payment"]["publishable_key"],
        stripe.publishable_key.as_str()
    );
    let intent_id = intent_of(&placed);
    let intent = stripe.intent(&intent_id).unwrap();
    assert_eq!(intent.amount, 6900, "one intent for the checkout's total");
    assert_eq!(
        intent.checkout_id.as_deref(),
        placed["checkout_id"].as_str()
    );
    assert_eq!(
        placed["payment"]["client_secret"],
        intent.client_secret.as_str()
    );
    assert_eq!(
        statuses(&market).await,
        ["awaiting_payment", "awaiting_payment"]
    );
    assert_eq!(
        market.product(&market.lamp).await["stock"],
        3,
        "stock is held meanwhile"
    );

    let (body, _) = stripe.signed_event_with_secret(
        "payment_intent.succeeded",
        &intent_id,
        6900,
        "whsec_not_ours",
    );
    let (_, good_signature) = stripe.signed_event("payment_intent.succeeded", &intent_id, 6900);
    let forged = deliver_webhook(&market, body, &good_signature).await;
    problem(forged, StatusCode::BAD_REQUEST).await;
    let unsigned = deliver_webhook(
        &market,
        stripe.event("payment_intent.succeeded", &intent_id, 6900),
        "t=1,v1=00",
    )
    .await;
    problem(unsigned, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        statuses(&market).await,
        ["awaiting_payment", "awaiting_payment"]
    );

    let (body, signature) = stripe.signed_event("payment_intent.succeeded", &intent_id, 6900);
    assert_eq!(
        deliver_webhook(&market, body.clone(), &signature)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(statuses(&market).await, ["processing", "processing"]);
    let replay = deliver_webhook(&market, body, &signature).await;
    assert_eq!(replay.status(), StatusCode::OK, "a replay is acknowledged");
    let mine = market.json_as(&market.ann, "/api/v1/me/orders").await;
    for order in mine["items"].as_array().unwrap() {
        assert_eq!(order["paid"], true);
        assert_eq!(order["timeline"].as_array().unwrap().len(), 2, "paid once");
    }
}

#[tokio::test]
async fn the_same_webhook_ten_times_at_once_pays_once() {
    let (market, stripe) = card_market().await;
    let intent_id = intent_of(&card_checkout(&market).await);
    let (body, signature) = stripe.signed_event("payment_intent.succeeded", &intent_id, 6900);
    let deliveries = (0..10).map(|_| deliver_webhook(&market, body.clone(), &signature));
    for response in join_all(deliveries).await {
        assert_eq!(response.status(), StatusCode::OK);
    }
    let mine = market.json_as(&market.ann, "/api/v1/me/orders").await;
    for order in mine["items"].as_array().unwrap() {
        assert_eq!(order["timeline"].as_array().unwrap().len(), 2);
    }
    assert_eq!(market.app.count("payment_events").await, 1);
}

#[tokio::test]
async fn a_payment_of_another_amount_or_a_failed_one_leaves_the_orders_unpaid() {
    let (market, stripe) = card_market().await;
    let intent_id = intent_of(&card_checkout(&market).await);
    let (body, signature) = stripe.signed_event("payment_intent.payment_failed", &intent_id, 6900);
    assert_eq!(
        deliver_webhook(&market, body, &signature).await.status(),
        StatusCode::OK
    );
    let (body, signature) = stripe.signed_event("payment_intent.succeeded", &intent_id, 100);
    assert_eq!(
        deliver_webhook(&market, body, &signature).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        statuses(&market).await,
        ["awaiting_payment", "awaiting_payment"]
    );
}

#[tokio::test]
async fn an_unpaid_checkout_expires_after_thirty_minutes_and_gives_its_stock_back() {
    let (market, stripe) = card_market().await;
    let placed = card_checkout(&market).await;
    let intent_id = intent_of(&placed);
    // The expiry is a durable job, due when the window closes; the worker runs due jobs.
    market.app.state.clock.advance(Duration::from_secs(29 * 60));
    bazaar::jobs::run_due(&market.app.state).await.unwrap();
    assert_eq!(
        statuses(&market).await,
        ["awaiting_payment", "awaiting_payment"]
    );
    market.app.state.clock.advance(Duration::from_secs(2 * 60));
    bazaar::jobs::run_due(&market.app.state).await.unwrap();
    assert_eq!(statuses(&market).await, ["cancelled", "cancelled"]);
    assert_eq!(market.product(&market.lamp).await["stock"], 5);
    assert_eq!(market.product(&market.mug).await["stock"], 5);
    assert_eq!(
        stripe.cancelled(),
        std::slice::from_ref(&intent_id),
        "the intent is called off"
    );

    // A payment that arrives after all the same is given back, not kept. Stripe signs with
    // its time, which is the moved clock's here.
    stripe.pay(&intent_id);
    let body = stripe.event("payment_intent.succeeded", &intent_id, 6900);
    let now = market.app.state.clock.now().unix_timestamp();
    let signature = stripe_signature(&body, &stripe.webhook_secret, now);
    assert_eq!(
        deliver_webhook(&market, body, &signature).await.status(),
        StatusCode::OK
    );
    assert_eq!(statuses(&market).await, ["cancelled", "cancelled"]);
    let refunds = stripe.refunds();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].amount, 6900);
}

#[tokio::test]
async fn a_paid_card_order_cancelled_or_refunded_is_refunded_at_stripe() {
    let (market, stripe) = card_market().await;
    let placed = card_checkout(&market).await;
    let intent_id = intent_of(&placed);
    let (body, signature) = stripe.signed_event("payment_intent.succeeded", &intent_id, 6900);
    deliver_webhook(&market, body, &signature).await;

    let mug_order = Market::order_with(&placed, &market.mug)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let cancelled = market
        .post(
            &market.ann,
            &format!("/api/v1/orders/{mug_order}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let refunds = stripe.refunds();
    assert_eq!(
        (refunds.len(), refunds[0].amount),
        (1, 900),
        "the mug's part of the intent"
    );

    let lamp_order = Market::order_with(&placed, &market.lamp)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    market
        .set_status(&market.sam, &lamp_order, "delivered")
        .await;
    market
        .post(
            &market.ann,
            &format!("/api/v1/orders/{lamp_order}/refund-request"),
            &json!({"reason": "Dented"}),
        )
        .await;
    let refunded = market
        .post(
            &market.sam,
            &format!("/api/v1/orders/{lamp_order}/refund"),
            &json!({"approve": true}),
        )
        .await;
    assert_eq!(refunded.status(), StatusCode::OK);
    let amounts: Vec<i64> = stripe.refunds().iter().map(|r| r.amount).collect();
    assert_eq!(amounts, [900, 6000]);
    assert_eq!(stripe.intent(&intent_id).unwrap().amount_refunded, 6900);
    let balance = market.json_as(&market.sam, "/api/v1/me/shop/balance").await;
    assert_eq!(balance["available"], usd(0));
}

#[tokio::test]
async fn the_buyer_cancelling_an_unpaid_card_order_calls_off_the_whole_payment() {
    let (market, stripe) = card_market().await;
    let placed = card_checkout(&market).await;
    let lamp_order = Market::order_with(&placed, &market.lamp)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let by_seller = market
        .post(
            &market.sam,
            &format!("/api/v1/orders/{lamp_order}/cancel"),
            &json!({}),
        )
        .await;
    problem(by_seller, StatusCode::CONFLICT).await;
    let response = market
        .post(
            &market.ann,
            &format!("/api/v1/orders/{lamp_order}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(statuses(&market).await, ["cancelled", "cancelled"]);
    assert_eq!(stripe.cancelled(), [intent_of(&placed)]);
    assert_eq!(market.product(&market.mug).await["stock"], 5);
}
