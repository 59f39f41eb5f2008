//! The admin console's API: the dashboard's figures, lists of everything, moderation and its
//! audit log. Every route takes the `Admin` extractor: 401 without a session, 403 for any
//! account but an admin's. (Withdrawals are in `payouts`.)

use super::json::Json;
use crate::AppState;
use crate::auth::Admin;
use crate::error::ApiResult;
use crate::services::admin::{accounts, audit, catalog, stats};
use crate::services::orders;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post};
use bazaar_shared::admin::{
    AdminEvent, AdminEventQuery, AdminOrderQuery, AdminProduct, AdminProductQuery, AdminReview,
    AdminReviewQuery, AdminShop, AdminShopQuery, AdminStats, AdminUser, AdminUserQuery, AuditEntry,
    AuditQuery, BanChange, DisputeMove, HiddenChange, ReviewRemoval,
};
use bazaar_shared::catalog::Page;
use bazaar_shared::order::Order;
use bazaar_shared::{EventId, OrderId, Problem, ProductId, ReviewId, UserId};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(dashboard)
        .service(users)
        .service(ban)
        .service(shops)
        .service(products)
        .service(hide_product)
        .service(events)
        .service(hide_event)
        .service(orders_list)
        .service(settle_dispute)
        .service(reviews)
        .service(remove_review)
        .service(audit_log);
}

/// The marketplace at a glance: accounts, shops, products, orders by status, sales,
/// commission, refunds, pending withdrawals and the last 30 days' sales by day.
#[utoipa::path(tag = "admin", responses(
    (status = 200, body = AdminStats), (status = 401, body = Problem), (status = 403, body = Problem)))]
#[get("/admin/stats")]
async fn dashboard(state: Data<AppState>, admin: Admin) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(stats::show(&state, &admin).await?))
}

/// Every account, newest first unless sorted otherwise.
#[utoipa::path(tag = "admin", params(AdminUserQuery), responses(
    (status = 200, body = Page<AdminUser>), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 422, body = Problem)))]
#[get("/admin/users")]
async fn users(
    state: Data<AppState>,
    admin: Admin,
    query: Query<AdminUserQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(accounts::users(&state, &admin, &query).await?))
}

/// Bans an account (its sessions and sockets end at once, its shop's products and events
/// leave the marketplace, it cannot sign in; it is mailed why) or lifts the ban.
#[utoipa::path(tag = "admin", params(("id" = UserId, Path)), request_body = BanChange, responses(
    (status = 200, body = AdminUser), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 404, body = Problem),
    (status = 409, body = Problem, description = "an admin, one's self, or banned (or not) already"),
    (status = 422, body = Problem)))]
#[patch("/admin/users/{id}")]
async fn ban(
    state: Data<AppState>,
    admin: Admin,
    id: Path<UserId>,
    body: Json<BanChange>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(accounts::set_banned(&state, &admin, *id, &body).await?))
}

/// Every shop, banned owners' too.
#[utoipa::path(tag = "admin", params(AdminShopQuery), responses(
    (status = 200, body = Page<AdminShop>), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 422, body = Problem)))]
#[get("/admin/shops")]
async fn shops(
    state: Data<AppState>,
    admin: Admin,
    query: Query<AdminShopQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(accounts::shops(&state, &admin, &query).await?))
}

/// Every product: archived, hidden and banned shops' ones too.
#[utoipa::path(tag = "admin", params(AdminProductQuery), responses(
    (status = 200, body = Page<AdminProduct>), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 422, body = Problem)))]
#[get("/admin/products")]
async fn products(
    state: Data<AppState>,
    admin: Admin,
    query: Query<AdminProductQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(catalog::products(&state, &admin, &query).await?))
}

/// Hides a product from the marketplace (listings, search, carts, checkout; its shop sees
/// why and is mailed) or restores it.
#[utoipa::path(tag = "admin", params(("id" = ProductId, Path)), request_body = HiddenChange, responses(
    (status = 200, body = AdminProduct), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 404, body = Problem), (status = 409, body = Problem, description = "hidden (or not) already"),
    (status = 422, body = Problem)))]
#[patch("/admin/products/{id}")]
async fn hide_product(
    state: Data<AppState>,
    admin: Admin,
    id: Path<ProductId>,
    body: Json<HiddenChange>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(catalog::set_product_hidden(&state, &admin, *id, &body).await?))
}

/// Every event: ended, hidden and banned shops' ones too.
#[utoipa::path(tag = "admin", params(AdminEventQuery), responses(
    (status = 200, body = Page<AdminEvent>), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 422, body = Problem)))]
#[get("/admin/events")]
async fn events(
    state: Data<AppState>,
    admin: Admin,
    query: Query<AdminEventQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(catalog::events(&state, &admin, &query).await?))
}

/// Hides an event (out of the event listings, its sale price no longer applies; its shop
/// sees why and is mailed) or restores it.
#[utoipa::path(tag = "admin", params(("id" = EventId, Path)), request_body = HiddenChange, responses(
    (status = 200, body = AdminEvent), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 404, body = Problem), (status = 409, body = Problem, description = "hidden (or not) already"),
    (status = 422, body = Problem)))]
#[patch("/admin/events/{id}")]
async fn hide_event(
    state: Data<AppState>,
    admin: Admin,
    id: Path<EventId>,
    body: Json<HiddenChange>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(catalog::set_event_hidden(&state, &admin, *id, &body).await?))
}

/// Every order, as its buyer and shop see it.
#[utoipa::path(tag = "admin", params(AdminOrderQuery), responses(
    (status = 200, body = Page<Order>), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 422, body = Problem)))]
#[get("/admin/orders")]
async fn orders_list(
    state: Data<AppState>,
    admin: Admin,
    query: Query<AdminOrderQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(orders::list_all(&state, &admin, &query).await?))
}

/// Settles a dispute: forward along delivery, cancelled before delivery or refunded after,
/// with the stock, ledger and money effects of the seller's own moves.
#[utoipa::path(tag = "admin", params(("id" = OrderId, Path)), request_body = DisputeMove, responses(
    (status = 200, body = Order), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 404, body = Problem),
    (status = 409, body = Problem, description = "not a move a dispute allows from the order's status"),
    (status = 422, body = Problem)))]
#[post("/admin/orders/{id}/status")]
async fn settle_dispute(
    state: Data<AppState>,
    admin: Admin,
    id: Path<OrderId>,
    body: Json<DisputeMove>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(orders::settle_dispute(&state, &admin, *id, &body).await?))
}

/// Every review.
#[utoipa::path(tag = "admin", params(AdminReviewQuery), responses(
    (status = 200, body = Page<AdminReview>), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 422, body = Problem)))]
#[get("/admin/reviews")]
async fn reviews(
    state: Data<AppState>,
    admin: Admin,
    query: Query<AdminReviewQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(catalog::reviews(&state, &admin, &query).await?))
}

/// Removes a review, with a reason; its product's and shop's ratings no longer count it.
#[utoipa::path(tag = "admin", params(("id" = ReviewId, Path)), request_body = ReviewRemoval, responses(
    (status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 404, body = Problem), (status = 422, body = Problem)))]
#[delete("/admin/reviews/{id}")]
async fn remove_review(
    state: Data<AppState>,
    admin: Admin,
    id: Path<ReviewId>,
    body: Json<ReviewRemoval>,
) -> ApiResult<HttpResponse> {
    catalog::remove_review(&state, &admin, *id, &body).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// What admins did, newest first: append-only, no route changes it.
#[utoipa::path(tag = "admin", params(AuditQuery), responses(
    (status = 200, body = Page<AuditEntry>), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 422, body = Problem)))]
#[get("/admin/audit")]
async fn audit_log(
    state: Data<AppState>,
    admin: Admin,
    query: Query<AuditQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(audit::list(&state, &admin, &query).await?))
}
