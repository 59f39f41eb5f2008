//! Opening a shop, the seller's shop settings and the public shop page.

use super::json::Json;
use super::upload;
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::services::avatars::{self, Owner};
use crate::services::shops;
use actix_multipart::Multipart;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post, put};
use bazaar_shared::FieldErrors;
use bazaar_shared::catalog::Page;
use bazaar_shared::shop::{MyShop, PublicShop, ShopInput, ShopPatch, WithdrawMethodInput};
use bazaar_shared::{Problem, ShopId};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(open)
        .service(list)
        .service(public_shop)
        .service(my_shop)
        .service(update)
        .service(set_avatar)
        .service(set_withdraw_method)
        .service(delete_withdraw_method);
}

/// An active buyer opens a shop and becomes a seller.
#[utoipa::path(tag = "shops", request_body = ShopInput, responses(
    (status = 201, body = MyShop), (status = 401, body = Problem), (status = 409, body = Problem, description = "already has a shop"),
    (status = 422, body = Problem)))]
#[post("/shops")]
async fn open(state: Data<AppState>, auth: Auth, body: Json<ShopInput>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(shops::open(&state, &auth.0, &body).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ShopQuery {
    limit: Option<i64>,
    cursor: Option<String>,
}

/// Shops, newest first.
#[utoipa::path(tag = "shops", params(ShopQuery), responses(
    (status = 200, body = Page<PublicShop>), (status = 422, body = Problem)))]
#[get("/shops")]
async fn list(state: Data<AppState>, query: Query<ShopQuery>) -> ApiResult<HttpResponse> {
    let mut errors = FieldErrors::new();
    let limit = crate::pagination::page_limit(query.limit, &mut errors);
    errors.into_result()?;
    Ok(HttpResponse::Ok().json(shops::list(&state, query.cursor.as_deref(), limit).await?))
}

#[utoipa::path(tag = "shops", params(("id" = ShopId, Path)), responses(
    (status = 200, body = PublicShop), (status = 404, body = Problem)))]
#[get("/shops/{id}")]
async fn public_shop(state: Data<AppState>, id: Path<ShopId>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(shops::public_shop(&state, *id).await?))
}

#[utoipa::path(tag = "shops", responses(
    (status = 200, body = MyShop), (status = 401, body = Problem), (status = 403, body = Problem, description = "no shop")))]
#[get("/me/shop")]
async fn my_shop(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(shops::my_shop(&state, &auth.0).await?))
}

#[utoipa::path(tag = "shops", request_body = ShopPatch, responses(
    (status = 200, body = MyShop), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 422, body = Problem)))]
#[patch("/me/shop")]
async fn update(
    state: Data<AppState>,
    auth: Auth,
    body: Json<ShopPatch>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(shops::update(&state, &auth.0, &body).await?))
}

#[utoipa::path(tag = "shops", request_body(content_type = "multipart/form-data", description = "an `image` part"),
    responses((status = 200, body = MyShop), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 413, body = Problem), (status = 422, body = Problem)))]
#[put("/me/shop/avatar")]
async fn set_avatar(state: Data<AppState>, auth: Auth, form: Multipart) -> ApiResult<HttpResponse> {
    let shop = shops::owned_shop(&auth.0)?;
    let image = upload::read_image(form, state.config.upload_max_bytes).await?;
    avatars::replace(&state, Owner::Shop(shop), image).await?;
    Ok(HttpResponse::Ok().json(shops::my_shop(&state, &auth.0).await?))
}

/// Sets (or replaces) where payouts go; the account number comes back masked.
#[utoipa::path(tag = "shops", request_body = WithdrawMethodInput, responses(
    (status = 200, body = MyShop), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 422, body = Problem)))]
#[put("/me/shop/withdraw-method")]
async fn set_withdraw_method(
    state: Data<AppState>,
    auth: Auth,
    body: Json<WithdrawMethodInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(shops::set_withdraw_method(&state, &auth.0, &body).await?))
}

#[utoipa::path(tag = "shops", responses(
    (status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
#[delete("/me/shop/withdraw-method")]
async fn delete_withdraw_method(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    shops::delete_withdraw_method(&state, &auth.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
