//! Coupons: the seller's own list and writes, and the public check by code.

use super::json::Json;
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::rate_limit;
use crate::services::{coupons, shops};
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, post};
use bazaar_shared::coupon::{Coupon, CouponInput};
use bazaar_shared::{CouponId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(mine)
        .service(remove)
        .service(check);
}

#[utoipa::path(tag = "coupons", request_body = CouponInput, responses(
    (status = 201, body = Coupon), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 409, body = Problem, description = "code taken"), (status = 422, body = Problem)))]
#[post("/coupons")]
async fn create(
    state: Data<AppState>,
    auth: Auth,
    body: Json<CouponInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(coupons::create(&state, &auth.0, &body).await?))
}

#[utoipa::path(tag = "coupons", responses(
    (status = 200, body = Vec<Coupon>), (status = 401, body = Problem), (status = 403, body = Problem)))]
#[get("/me/shop/coupons")]
async fn mine(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    let shop = shops::owned_shop(&auth.0)?;
    Ok(HttpResponse::Ok().json(coupons::of_shop(&state, shop).await?))
}

// `/coupons/{coupon}` is one path to clients and fuzzers: DELETE names the coupon by its
// id, GET by its code.
#[utoipa::path(tag = "coupons", params(("coupon" = CouponId, Path, description = "the coupon's id")), responses(
    (status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
#[delete("/coupons/{coupon}")]
async fn remove(state: Data<AppState>, auth: Auth, id: Path<CouponId>) -> ApiResult<HttpResponse> {
    coupons::delete(&state, &auth.0, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// What a code does: its shop, percent, minimum, cap, product and expiry. Limited per
/// client address like sign-in, so codes cannot be found by trying them all.
#[utoipa::path(tag = "coupons", params(("coupon" = String, Path, description = "the code, in any case")), responses(
    (status = 200, body = Coupon), (status = 404, body = Problem),
    (status = 409, body = Problem, description = "expired or used up"),
    (status = 429, body = Problem)))]
#[get("/coupons/{coupon}")]
async fn check(
    state: Data<AppState>,
    req: HttpRequest,
    code: Path<String>,
) -> ApiResult<HttpResponse> {
    rate_limit::check(&state, &req, "coupon").await?;
    Ok(HttpResponse::Ok().json(coupons::check(&state, &code).await?))
}
