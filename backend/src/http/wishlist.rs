//! The signed-in account's wishlist.

use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::services::wishlist;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, delete, get, put};
use bazaar_shared::catalog::{Page, ProductCard};
use bazaar_shared::{Problem, ProductId};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list).service(add).service(remove);
}

#[utoipa::path(tag = "wishlist", responses((status = 200, body = Page<ProductCard>), (status = 401, body = Problem)))]
#[get("/me/wishlist")]
async fn list(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(wishlist::list(&state, auth.0.user_id).await?))
}

/// Adds the product; adding it twice is the same as once.
#[utoipa::path(tag = "wishlist", params(("product_id" = ProductId, Path)), responses(
    (status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
#[put("/me/wishlist/{product_id}")]
async fn add(
    state: Data<AppState>,
    auth: Auth,
    product: Path<ProductId>,
) -> ApiResult<HttpResponse> {
    wishlist::add(&state, auth.0.user_id, *product).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(tag = "wishlist", params(("product_id" = ProductId, Path)), responses(
    (status = 204), (status = 401, body = Problem)))]
#[delete("/me/wishlist/{product_id}")]
async fn remove(
    state: Data<AppState>,
    auth: Auth,
    product: Path<ProductId>,
) -> ApiResult<HttpResponse> {
    wishlist::remove(&state, auth.0.user_id, *product).await?;
    Ok(HttpResponse::NoContent().finish())
}
