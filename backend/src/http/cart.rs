//! The signed-in account's cart.

use super::json::Json;
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::services::cart;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, delete, get, post, put};
use bazaar_shared::cart::{Cart, MergeCart, SetQuantity};
use bazaar_shared::{Problem, ProductId};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(show)
        .service(set_quantity)
        .service(remove)
        .service(merge);
}

/// The cart grouped by shop, priced by the server.
#[utoipa::path(tag = "cart", responses((status = 200, body = Cart), (status = 401, body = Problem)))]
#[get("/me/cart")]
async fn show(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(cart::show(&state, auth.0.user_id).await?))
}

/// Sets how many of the product the cart holds (adding the line when new).
#[utoipa::path(tag = "cart", params(("product_id" = ProductId, Path)), request_body = SetQuantity, responses(
    (status = 200, body = Cart), (status = 401, body = Problem), (status = 404, body = Problem),
    (status = 409, body = Problem, description = "not enough in stock"), (status = 422, body = Problem)))]
#[put("/me/cart/items/{product_id}")]
async fn set_quantity(
    state: Data<AppState>,
    auth: Auth,
    product: Path<ProductId>,
    body: Json<SetQuantity>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(cart::set_quantity(&state, auth.0.user_id, *product, &body).await?))
}

#[utoipa::path(tag = "cart", params(("product_id" = ProductId, Path)), responses(
    (status = 200, body = Cart), (status = 401, body = Problem)))]
#[delete("/me/cart/items/{product_id}")]
async fn remove(
    state: Data<AppState>,
    auth: Auth,
    product: Path<ProductId>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(cart::remove(&state, auth.0.user_id, *product).await?))
}

/// Merges the cart a guest kept on the device into the account's, at sign-in.
#[utoipa::path(tag = "cart", request_body = MergeCart, responses(
    (status = 200, body = Cart), (status = 401, body = Problem), (status = 422, body = Problem)))]
#[post("/me/cart/merge")]
async fn merge(
    state: Data<AppState>,
    auth: Auth,
    body: Json<MergeCart>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(cart::merge(&state, auth.0.user_id, &body).await?))
}
