//! Payments: what this instance offers, Stripe's webhook, PayPal's capture.

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::rate_limit;
use crate::services::payments;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, get, post};
use bazaar_shared::order::CheckoutResult;
use bazaar_shared::payment::PaymentsConfig;
use bazaar_shared::{CheckoutId, Problem};
use bytes::Bytes;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(config)
        .service(show_checkout)
        .service(stripe_webhook)
        .service(paypal_capture);
}

/// The ways to pay offered here, and the public keys the UI needs for them.
#[utoipa::path(tag = "payments", responses((status = 200, body = PaymentsConfig)))]
#[get("/payments/config")]
async fn config(state: Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(state.payments.public_config())
}

/// What one of my checkouts placed and how it is paid (the page a payment returns to).
#[utoipa::path(tag = "payments", params(("checkout_id" = CheckoutId, Path)), responses(
    (status = 200, body = CheckoutResult), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 404, body = Problem)))]
#[get("/checkouts/{checkout_id}")]
async fn show_checkout(
    state: Data<AppState>,
    auth: Auth,
    checkout_id: Path<CheckoutId>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(payments::show(&state, &auth.0, *checkout_id).await?))
}

/// Stripe's events. Only a payload whose `Stripe-Signature` verifies is read.
#[utoipa::path(tag = "payments", request_body(content = String, content_type = "application/json"),
    params(("Stripe-Signature" = String, Header)),
    responses((status = 200, description = "handled, or handled before"),
    (status = 400, body = Problem, description = "not signed by Stripe"),
    (status = 404, body = Problem, description = "Stripe is not configured")))]
#[post("/payments/stripe/webhook")]
async fn stripe_webhook(
    state: Data<AppState>,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let signature = req
        .headers()
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::BadRequest("the Stripe-Signature header is missing".into()))?;
    payments::stripe_webhook(&state, &body, signature).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"received": true})))
}

/// After the buyer approved at PayPal: the server captures the payment, once.
#[utoipa::path(tag = "payments", params(("checkout_id" = CheckoutId, Path)), responses(
    (status = 200, body = CheckoutResult), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 404, body = Problem),
    (status = 409, body = Problem, description = "not approved yet, paid already, or expired"),
    (status = 422, body = Problem), (status = 429, body = Problem), (status = 503, body = Problem)))]
#[post("/payments/paypal/{checkout_id}/capture")]
async fn paypal_capture(
    state: Data<AppState>,
    auth: Auth,
    checkout_id: Path<CheckoutId>,
) -> ApiResult<HttpResponse> {
    rate_limit::check_account(&state, "paypal_capture", auth.0.user_id).await?;
    Ok(HttpResponse::Ok().json(payments::paypal_capture(&state, &auth.0, *checkout_id).await?))
}
