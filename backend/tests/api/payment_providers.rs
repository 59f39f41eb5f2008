//! Our Stripe and PayPal clients against local fakes of their APIs.

use crate::fakes::stripe::stripe_signature;
use crate::fakes::{FakePayPal, FakeStripe};
use bazaar::payments::PaymentError;
use bazaar::payments::paypal::PayPal;
use bazaar::payments::stripe::{Stripe, WebhookError};
use bazaar_shared::CheckoutId;
use time::OffsetDateTime;

fn checkout() -> CheckoutId {
    CheckoutId(uuid::Uuid::now_v7())
}

fn stripe(fake: &FakeStripe) -> Stripe {
    Stripe::new(fake.config()).unwrap()
}

fn paypal(fake: &FakePayPal) -> PayPal {
    PayPal::new(fake.config()).unwrap()
}

fn refusal_code(error: PaymentError) -> Option<String> {
    match error {
        PaymentError::Refused { code, .. } => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

// Stripe

#[tokio::test]
async fn stripe_intent_carries_the_amount_the_currency_and_the_checkout() {
    let fake = FakeStripe::start().await;
    let checkout = checkout();
    let intent = stripe(&fake)
        .create_intent(2599, "USD", checkout, "key-1")
        .await
        .unwrap();
    assert!(intent.id.starts_with("pi_"), "{}", intent.id);
    assert!(
        intent
            .client_secret
            .starts_with(&format!("{}_secret_", intent.id)),
        "{}",
        intent.client_secret
    );
    let held = fake.intent(&intent.id).unwrap();
    assert_eq!(held.amount, 2599);
    assert_eq!(held.currency, "usd");
    assert_eq!(held.checkout_id, Some(checkout.to_string()));
    assert_eq!(held.client_secret, intent.client_secret);
}

#[tokio::test]
async fn stripe_create_retried_with_the_same_key_returns_the_same_intent() {
    let fake = FakeStripe::start().await;
    let stripe = stripe(&fake);
    let checkout = checkout();
    let first = stripe
        .create_intent(1000, "usd", checkout, "key-1")
        .await
        .unwrap();
    let again = stripe
        .create_intent(1000, "usd", checkout, "key-1")
        .await
        .unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!(again.client_secret, first.client_secret);
    let other = stripe
        .create_intent(1000, "usd", checkout, "key-2")
        .await
        .unwrap();
    assert_ne!(other.id, first.id);
    assert_eq!(fake.intents().len(), 2);
}

#[tokio::test]
async fn stripe_key_reused_with_another_amount_is_refused() {
    let fake = FakeStripe::start().await;
    let stripe = stripe(&fake);
    let checkout = checkout();
    stripe
        .create_intent(1000, "usd", checkout, "key-1")
        .await
        .unwrap();
    let error = stripe
        .create_intent(1500, "usd", checkout, "key-1")
        .await
        .unwrap_err();
    // Stripe gives this error a type and no code; the type stands in for it.
    assert_eq!(refusal_code(error).as_deref(), Some("idempotency_error"));
    assert_eq!(fake.intents().len(), 1);
}

#[tokio::test]
async fn stripe_refuses_a_wrong_secret_key() {
    let fake = FakeStripe::start().await;
    let mut config = fake.config();
    config.secret_key = "sk_test_wrong".to_owned();
    let error = Stripe::new(config)
        .unwrap()
        .create_intent(1000, "usd", checkout(), "key-1")
        .await
        .unwrap_err();
    assert!(
        matches!(&error, PaymentError::Refused { provider: "stripe", message, .. } if message.contains("Invalid API Key")),
        "{error:?}"
    );
    assert!(fake.intents().is_empty());
}

#[tokio::test]
async fn stripe_unreachable_is_not_a_refusal() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let fake = FakeStripe::start().await;
    let mut config = fake.config();
    config.api_base = format!("http://127.0.0.1:{port}");
    let error = Stripe::new(config)
        .unwrap()
        .create_intent(1000, "usd", checkout(), "key-1")
        .await
        .unwrap_err();
    assert!(
        matches!(error, PaymentError::Unreachable(_, "stripe")),
        "{error:?}"
    );
}

#[tokio::test]
async fn stripe_cancels_an_unpaid_intent() {
    let fake = FakeStripe::start().await;
    let stripe = stripe(&fake);
    let intent = stripe
        .create_intent(1000, "usd", checkout(), "k")
        .await
        .unwrap();
    stripe.cancel_intent(&intent.id).await.unwrap();
    assert_eq!(fake.cancelled(), vec![intent.id.clone()]);
    assert_eq!(fake.intent(&intent.id).unwrap().status, "canceled");
}

#[tokio::test]
async fn stripe_cannot_cancel_a_paid_intent() {
    let fake = FakeStripe::start().await;
    let stripe = stripe(&fake);
    let intent = stripe
        .create_intent(1000, "usd", checkout(), "k")
        .await
        .unwrap();
    fake.pay(&intent.id);
    let error = stripe.cancel_intent(&intent.id).await.unwrap_err();
    assert_eq!(
        refusal_code(error).as_deref(),
        Some("payment_intent_unexpected_state")
    );
    assert!(fake.cancelled().is_empty());
}

#[tokio::test]
async fn stripe_cancel_of_an_unknown_intent_is_refused_as_missing() {
    let fake = FakeStripe::start().await;
    let error = stripe(&fake).cancel_intent("pi_nope").await.unwrap_err();
    assert_eq!(refusal_code(error).as_deref(), Some("resource_missing"));
}

#[tokio::test]
async fn stripe_refunds_part_of_a_paid_intent_once_per_key() {
    let fake = FakeStripe::start().await;
    let stripe = stripe(&fake);
    let intent = stripe
        .create_intent(5000, "usd", checkout(), "k")
        .await
        .unwrap();
    fake.pay(&intent.id);
    let refund = stripe.refund(&intent.id, 1200, "refund-1").await.unwrap();
    assert!(refund.starts_with("re_"), "{refund}");
    let again = stripe.refund(&intent.id, 1200, "refund-1").await.unwrap();
    assert_eq!(again, refund);
    let refunds = fake.refunds();
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(
        (refunds[0].intent_id.as_str(), refunds[0].amount),
        (intent.id.as_str(), 1200)
    );
}

#[tokio::test]
async fn stripe_refund_beyond_what_was_paid_is_refused() {
    let fake = FakeStripe::start().await;
    let stripe = stripe(&fake);
    let intent = stripe
        .create_intent(5000, "usd", checkout(), "k")
        .await
        .unwrap();
    fake.pay(&intent.id);
    stripe.refund(&intent.id, 4000, "refund-1").await.unwrap();
    let error = stripe
        .refund(&intent.id, 1001, "refund-2")
        .await
        .unwrap_err();
    assert_eq!(refusal_code(error).as_deref(), Some("amount_too_large"));
    assert_eq!(fake.refunds().len(), 1);
}

#[tokio::test]
async fn stripe_refund_of_an_unpaid_intent_is_refused() {
    let fake = FakeStripe::start().await;
    let stripe = stripe(&fake);
    let intent = stripe
        .create_intent(5000, "usd", checkout(), "k")
        .await
        .unwrap();
    let error = stripe
        .refund(&intent.id, 100, "refund-1")
        .await
        .unwrap_err();
    assert_eq!(
        refusal_code(error).as_deref(),
        Some("payment_intent_unexpected_state")
    );
    assert!(fake.refunds().is_empty());
}

#[tokio::test]
async fn stripe_event_signed_by_the_fake_verifies_and_names_the_checkout() {
    let fake = FakeStripe::start().await;
    let stripe = stripe(&fake);
    let checkout = checkout();
    let intent = stripe
        .create_intent(2599, "eur", checkout, "k")
        .await
        .unwrap();
    let (body, signature) = fake.signed_event("payment_intent.succeeded", &intent.id, 2599);
    let event = stripe
        .verify_webhook(&body, &signature, OffsetDateTime::now_utc())
        .unwrap();
    assert!(event.id.starts_with("evt_"), "{}", event.id);
    assert_eq!(event.kind, "payment_intent.succeeded");
    assert_eq!(event.intent_id, intent.id);
    assert_eq!(event.amount, 2599);
    assert_eq!(event.currency, "EUR");
    assert_eq!(event.checkout_id, Some(checkout));
    assert_eq!(fake.intent(&intent.id).unwrap().status, "succeeded");
}

#[tokio::test]
async fn stripe_event_signed_with_another_secret_is_refused() {
    let fake = FakeStripe::start().await;
    let (body, signature) =
        fake.signed_event_with_secret("payment_intent.succeeded", "pi_1", 100, "whsec_forged");
    let result = stripe(&fake).verify_webhook(&body, &signature, OffsetDateTime::now_utc());
    assert!(
        matches!(result, Err(WebhookError::BadSignature)),
        "{result:?}"
    );
}

#[tokio::test]
async fn stripe_event_replayed_after_five_minutes_is_stale() {
    let fake = FakeStripe::start().await;
    let body = fake.event("payment_intent.succeeded", "pi_1", 100);
    let signed_at = OffsetDateTime::now_utc() - time::Duration::minutes(6);
    let signature = stripe_signature(&body, &fake.webhook_secret, signed_at.unix_timestamp());
    let result = stripe(&fake).verify_webhook(&body, &signature, OffsetDateTime::now_utc());
    assert!(matches!(result, Err(WebhookError::Stale)), "{result:?}");
}

// PayPal

#[tokio::test]
async fn paypal_order_carries_the_amount_and_an_approve_link() {
    let fake = FakePayPal::start().await;
    let checkout = checkout();
    let order = paypal(&fake)
        .create_order(
            1234,
            "usd",
            checkout,
            "https://shop/return",
            "https://shop/cancel",
        )
        .await
        .unwrap();
    assert!(
        order
            .approve_url
            .ends_with(&format!("checkoutnow?token={}", order.id)),
        "{}",
        order.approve_url
    );
    let held = fake.order(&order.id).unwrap();
    assert_eq!(held.value, "12.34");
    assert_eq!(held.currency, "USD");
    assert_eq!(held.custom_id, Some(checkout.to_string()));
    assert_eq!(held.return_url, "https://shop/return");
    assert_eq!(held.cancel_url, "https://shop/cancel");
}

#[tokio::test]
async fn paypal_order_created_twice_for_one_checkout_is_one_order() {
    let fake = FakePayPal::start().await;
    let paypal = paypal(&fake);
    let checkout = checkout();
    let first = paypal
        .create_order(500, "USD", checkout, "https://r", "https://c")
        .await
        .unwrap();
    let again = paypal
        .create_order(500, "USD", checkout, "https://r", "https://c")
        .await
        .unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!(fake.orders().len(), 1);
}

#[tokio::test]
async fn paypal_token_is_fetched_once_for_many_calls() {
    let fake = FakePayPal::start().await;
    let paypal = paypal(&fake);
    let orders = futures_util::future::join_all(
        (0..3).map(|_| paypal.create_order(100, "USD", checkout(), "https://r", "https://c")),
    )
    .await;
    for order in orders {
        let order = order.unwrap();
        fake.approve(&order.id);
        paypal.capture(&order.id, &order.id).await.unwrap();
    }
    assert_eq!(fake.token_requests(), 1);
}

#[tokio::test]
async fn paypal_token_about_to_expire_is_not_reused() {
    let fake = FakePayPal::start_with_token_lifetime(30).await;
    let paypal = paypal(&fake);
    paypal
        .create_order(100, "USD", checkout(), "https://r", "https://c")
        .await
        .unwrap();
    paypal
        .create_order(100, "USD", checkout(), "https://r", "https://c")
        .await
        .unwrap();
    assert_eq!(fake.token_requests(), 2);
}

#[tokio::test]
async fn paypal_revoked_token_is_replaced_once() {
    let fake = FakePayPal::start().await;
    let paypal = paypal(&fake);
    paypal
        .create_order(100, "USD", checkout(), "https://r", "https://c")
        .await
        .unwrap();
    fake.revoke_tokens();
    paypal
        .create_order(100, "USD", checkout(), "https://r", "https://c")
        .await
        .unwrap();
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(fake.orders().len(), 2);
}

#[tokio::test]
async fn paypal_refuses_wrong_client_credentials() {
    let fake = FakePayPal::start().await;
    let mut config = fake.config();
    config.client_secret = "wrong".to_owned();
    let error = PayPal::new(config)
        .unwrap()
        .create_order(100, "USD", checkout(), "https://r", "https://c")
        .await
        .unwrap_err();
    assert_eq!(refusal_code(error).as_deref(), Some("invalid_client"));
    assert!(fake.orders().is_empty());
}

#[tokio::test]
async fn paypal_capture_of_an_unapproved_order_is_refused_as_not_approved() {
    let fake = FakePayPal::start().await;
    let paypal = paypal(&fake);
    let order = paypal
        .create_order(100, "USD", checkout(), "https://r", "https://c")
        .await
        .unwrap();
    let error = paypal.capture(&order.id, "capture-1").await.unwrap_err();
    assert_eq!(refusal_code(error).as_deref(), Some("ORDER_NOT_APPROVED"));
    assert_eq!(fake.captures(), 0);
}

#[tokio::test]
async fn paypal_captures_an_approved_order_for_its_amount() {
    let fake = FakePayPal::start().await;
    let paypal = paypal(&fake);
    let order = paypal
        .create_order(1234, "USD", checkout(), "https://r", "https://c")
        .await
        .unwrap();
    fake.approve(&order.id);
    let capture = paypal.capture(&order.id, "capture-1").await.unwrap();
    assert!(capture.completed);
    assert_eq!(capture.amount, 1234);
    assert_eq!(capture.currency, "USD");
    assert_eq!(
        fake.order(&order.id).unwrap().capture_id,
        Some(capture.capture_id)
    );
    assert_eq!(fake.captures(), 1);
}

#[tokio::test]
async fn paypal_capture_repeated_with_the_same_request_id_returns_the_first_capture() {
    let fake = FakePayPal::start().await;
    let paypal = paypal(&fake);
    let order = paypal
        .create_order(1234, "USD", checkout(), "https://r", "https://c")
        .await
        .unwrap();
    fake.approve(&order.id);
    let (first, again) = tokio::join!(
        paypal.capture(&order.id, "capture-1"),
        paypal.capture(&order.id, "capture-1"),
    );
    assert_eq!(first.unwrap().capture_id, again.unwrap().capture_id);
    assert_eq!(fake.captures(), 1);
}

#[tokio::test]
async fn paypal_second_capture_with_another_request_id_is_refused_as_already_captured() {
    let fake = FakePayPal::start().await;
    let paypal = paypal(&fake);
    let order = paypal
        .create_order(1234, "USD", checkout(), "https://r", "https://c")
        .await
        .unwrap();
    fake.approve(&order.id);
    paypal.capture(&order.id, "capture-1").await.unwrap();
    let error = paypal.capture(&order.id, "capture-2").await.unwrap_err();
    assert_eq!(
        refusal_code(error).as_deref(),
        Some("ORDER_ALREADY_CAPTURED")
    );
    assert_eq!(fake.captures(), 1);
}

#[tokio::test]
async fn paypal_capture_of_an_unknown_order_is_refused() {
    let fake = FakePayPal::start().await;
    let error = paypal(&fake)
        .capture("5O190127TN364715T", "c")
        .await
        .unwrap_err();
    assert_eq!(refusal_code(error).as_deref(), Some("INVALID_RESOURCE_ID"));
}

#[tokio::test]
async fn paypal_refunds_part_of_a_capture_once_per_request_id() {
    let fake = FakePayPal::start().await;
    let paypal = paypal(&fake);
    let order = paypal
        .create_order(1234, "USD", checkout(), "https://r", "https://c")
        .await
        .unwrap();
    fake.approve(&order.id);
    let capture = paypal.capture(&order.id, "capture-1").await.unwrap();
    let refund = paypal
        .refund_capture(&capture.capture_id, 1000, "USD", "refund-1")
        .await
        .unwrap();
    let again = paypal
        .refund_capture(&capture.capture_id, 1000, "USD", "refund-1")
        .await
        .unwrap();
    assert_eq!(again, refund);
    let refunds = fake.refunds();
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0].id, refund);
    assert_eq!(refunds[0].capture_id, capture.capture_id);
    assert_eq!(
        (refunds[0].value.as_str(), refunds[0].currency.as_str()),
        ("10.00", "USD")
    );
    let error = paypal
        .refund_capture(&capture.capture_id, 235, "USD", "refund-2")
        .await
        .unwrap_err();
    assert_eq!(
        refusal_code(error).as_deref(),
        Some("REFUND_AMOUNT_EXCEEDED")
    );
}
