//! Checkout, payment and orders: the buyer's and the seller's side of one order.

use super::ApiError;
use super::fetch::{get, query, send, send_empty, send_json, send_json_with_header};
use bazaar_shared::catalog::Page;
use bazaar_shared::order::{
    CheckoutInput, CheckoutResult, Order, OrderStatus, Quote, RefundDecision, RefundRequest,
    StatusChange,
};
use bazaar_shared::payment::PaymentsConfig;
use bazaar_shared::{CheckoutId, OrderId};

/// The cart priced by the server for this address, payment method and coupons.
pub async fn quote(input: &CheckoutInput) -> Result<Quote, ApiError> {
    input.validate()?;
    send_json("POST", "/api/v1/checkout/quote", input).await
}

/// Places the orders. A retry of the same attempt sends the same `idempotency_key`, so the
/// server answers with the first result instead of buying twice.
pub async fn place_order(
    input: &CheckoutInput,
    idempotency_key: String,
) -> Result<CheckoutResult, ApiError> {
    input.validate()?;
    send_json_with_header(
        "POST",
        "/api/v1/checkout",
        input,
        ("Idempotency-Key", idempotency_key),
    )
    .await
}

pub fn payments_config() -> impl Future<Output = Result<PaymentsConfig, ApiError>> {
    get("/api/v1/payments/config")
}

/// Takes the PayPal payment the buyer approved.
pub fn capture_paypal(checkout: CheckoutId) -> impl Future<Output = Result<(), ApiError>> {
    send_empty(
        "POST",
        &format!("/api/v1/payments/paypal/{checkout}/capture"),
    )
}

/// The buyer's orders, newest first.
pub fn my_orders(cursor: &str) -> impl Future<Output = Result<Page<Order>, ApiError>> + use<> {
    get(&format!(
        "/api/v1/me/orders{}",
        query(&[("cursor", cursor)])
    ))
}

/// The seller's orders, newest first; `status` empty for all.
pub fn shop_orders(
    status: &str,
    cursor: &str,
) -> impl Future<Output = Result<Page<Order>, ApiError>> + use<> {
    get(&format!(
        "/api/v1/me/shop/orders{}",
        query(&[("status", status), ("cursor", cursor)])
    ))
}

/// As [`shop_orders`], `limit` (1–100) to a page: for counting with few requests.
pub fn shop_orders_up_to(
    status: &str,
    cursor: &str,
    limit: u32,
) -> impl Future<Output = Result<Page<Order>, ApiError>> + use<> {
    get(&format!(
        "/api/v1/me/shop/orders{}",
        query(&[
            ("status", status),
            ("cursor", cursor),
            ("limit", &limit.to_string()),
        ])
    ))
}

pub fn order(id: OrderId) -> impl Future<Output = Result<Order, ApiError>> {
    get(&format!("/api/v1/orders/{id}"))
}

/// The buyer or the seller cancels before the order is handed over.
pub fn cancel(id: OrderId) -> impl Future<Output = Result<Order, ApiError>> {
    send("POST", &format!("/api/v1/orders/{id}/cancel"))
}

pub async fn request_refund(id: OrderId, reason: String) -> Result<Order, ApiError> {
    let body = RefundRequest { reason };
    body.validate()?;
    send_json(
        "POST",
        &format!("/api/v1/orders/{id}/refund-request"),
        &body,
    )
    .await
}

/// The seller moves the order along delivery.
pub fn set_status(
    id: OrderId,
    status: OrderStatus,
) -> impl Future<Output = Result<Order, ApiError>> {
    send_json(
        "POST",
        &format!("/api/v1/orders/{id}/status"),
        &StatusChange { status },
    )
}

/// The seller approves or rejects the refund the buyer asked for.
pub fn decide_refund(id: OrderId, approve: bool) -> impl Future<Output = Result<Order, ApiError>> {
    send_json(
        "POST",
        &format!("/api/v1/orders/{id}/refund"),
        &RefundDecision { approve },
    )
}
