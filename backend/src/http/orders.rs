//! Checkout and the order's life: quote, place, my orders, a shop's orders, status moves,
//! cancel, refunds.

use super::json::Json;
use crate::AppState;
use crate::auth::Auth;
use crate::db::orders::OrdersOf;
use crate::error::ApiResult;
use crate::pagination::PageQuery;
use crate::rate_limit;
use crate::services::{checkout, orders, shops};
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpRequest, HttpResponse, get, post};
use bazaar_shared::catalog::Page;
use bazaar_shared::order::{
    CheckoutInput, CheckoutResult, Order, OrderStatus, Quote, RefundDecision, RefundRequest,
    StatusChange,
};
use bazaar_shared::{OrderId, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(quote)
        .service(place)
        .service(my_orders)
        .service(shop_orders)
        .service(show)
        .service(cancel)
        .service(refund_request)
        .service(change_status)
        .service(decide_refund);
}

/// Prices the signed-in buyer's cart for checkout: what placing it would cost now.
#[utoipa::path(tag = "orders", request_body = CheckoutInput, responses(
    (status = 200, body = Quote), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 404, body = Problem, description = "no such address of yours"),
    (status = 409, body = Problem, description = "the cart is empty"),
    (status = 415, body = Problem), (status = 422, body = Problem)))]
#[post("/checkout/quote")]
async fn quote(
    state: Data<AppState>,
    auth: Auth,
    body: Json<CheckoutInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(checkout::quote(&state, auth.0.user_id, &body).await?))
}

/// Places the cart: one order per shop, stock taken, one payment for the whole checkout.
/// The `Idempotency-Key` header is required; a retry with the same key answers the same.
#[utoipa::path(tag = "orders", request_body = CheckoutInput,
    params(("Idempotency-Key" = String, Header, min_length = 1, max_length = 255, pattern = r"\S", description = "unique per checkout attempt")),
    responses(
    (status = 201, body = CheckoutResult), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 404, body = Problem, description = "no such address of yours"),
    (status = 409, body = Problem, description = "empty cart, sold out, coupon used up"),
    (status = 415, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem),
    (status = 503, body = Problem, description = "the payment provider cannot be reached")))]
#[post("/checkout")]
async fn place(
    state: Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    body: Json<CheckoutInput>,
) -> ApiResult<HttpResponse> {
    rate_limit::check_account(&state, "checkout", auth.0.user_id).await?;
    let key = req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok());
    let placed = checkout::place(&state, auth.0.user_id, &body, key).await?;
    Ok(HttpResponse::Created().json(placed))
}

/// My orders as a buyer, newest first.
#[utoipa::path(tag = "orders", params(PageQuery), responses(
    (status = 200, body = Page<Order>), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 422, body = Problem)))]
#[get("/me/orders")]
async fn my_orders(
    state: Data<AppState>,
    auth: Auth,
    query: Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let of = OrdersOf::Buyer(auth.0.user_id);
    let page = orders::list(&state, of, query.cursor.as_deref(), query.limit()?).await?;
    Ok(HttpResponse::Ok().json(page))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ShopOrdersQuery {
    status: Option<OrderStatus>,
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// 1–100, 24 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// My shop's orders, newest first, optionally of one status.
#[utoipa::path(tag = "orders", params(ShopOrdersQuery), responses(
    (status = 200, body = Page<Order>), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem), (status = 422, body = Problem)))]
#[get("/me/shop/orders")]
async fn shop_orders(
    state: Data<AppState>,
    auth: Auth,
    query: Query<ShopOrdersQuery>,
) -> ApiResult<HttpResponse> {
    let shop = shops::owned_shop(&auth.0)?;
    let paging = PageQuery {
        cursor: query.cursor.clone(),
        limit: query.limit,
    };
    let of = OrdersOf::Shop(shop, query.status);
    let page = orders::list(&state, of, paging.cursor.as_deref(), paging.limit()?).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One order, for its buyer, its shop and admins.
#[utoipa::path(tag = "orders", params(("id" = OrderId, Path)), responses(
    (status = 200, body = Order), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 404, body = Problem)))]
#[get("/orders/{id}")]
async fn show(state: Data<AppState>, auth: Auth, id: Path<OrderId>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(orders::get(&state, &auth.0, *id).await?))
}

/// The buyer or the shop cancels an order that has not been handed over yet.
#[utoipa::path(tag = "orders", params(("id" = OrderId, Path)), responses(
    (status = 200, body = Order), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem), (status = 404, body = Problem),
    (status = 409, body = Problem, description = "it can no longer be cancelled")))]
#[post("/orders/{id}/cancel")]
async fn cancel(state: Data<AppState>, auth: Auth, id: Path<OrderId>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(orders::cancel(&state, &auth.0, *id).await?))
}

/// The buyer asks for a refund, within 30 days of delivery.
#[utoipa::path(tag = "orders", params(("id" = OrderId, Path)), request_body = RefundRequest, responses(
    (status = 200, body = Order), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
    (status = 415, body = Problem), (status = 422, body = Problem)))]
#[post("/orders/{id}/refund-request")]
async fn refund_request(
    state: Data<AppState>,
    auth: Auth,
    id: Path<OrderId>,
    body: Json<RefundRequest>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(orders::request_refund(&state, &auth.0, *id, &body).await?))
}

/// The shop moves its order forward along delivery; skipping steps is allowed.
#[utoipa::path(tag = "orders", params(("id" = OrderId, Path)), request_body = StatusChange, responses(
    (status = 200, body = Order), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem), (status = 404, body = Problem),
    (status = 409, body = Problem, description = "backwards, or from a final state"),
    (status = 415, body = Problem), (status = 422, body = Problem)))]
#[post("/orders/{id}/status")]
async fn change_status(
    state: Data<AppState>,
    auth: Auth,
    id: Path<OrderId>,
    body: Json<StatusChange>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(orders::move_forward(&state, &auth.0, *id, body.status).await?))
}

/// The shop approves or rejects a refund request.
#[utoipa::path(tag = "orders", params(("id" = OrderId, Path)), request_body = RefundDecision, responses(
    (status = 200, body = Order), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
    (status = 415, body = Problem), (status = 422, body = Problem)))]
#[post("/orders/{id}/refund")]
async fn decide_refund(
    state: Data<AppState>,
    auth: Auth,
    id: Path<OrderId>,
    body: Json<RefundDecision>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(orders::decide_refund(&state, &auth.0, *id, body.approve).await?))
}
