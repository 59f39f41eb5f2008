//! The signed-in account: profile, avatar, password and addresses.

use super::json::Json;
use super::upload;
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::rate_limit;
use crate::services::avatars::{self, Owner};
use crate::services::{accounts, profile};
use actix_multipart::Multipart;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, delete, get, patch, post, put};
use bazaar_shared::account::{Address, AddressInput, AddressPatch, Me, UpdateMe};
use bazaar_shared::auth::ChangePasswordRequest;
use bazaar_shared::{AddressId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(show)
        .service(update)
        .service(set_avatar)
        .service(change_password)
        .service(list_addresses)
        .service(add_address)
        .service(update_address)
        .service(delete_address);
}

#[utoipa::path(tag = "me", responses((status = 200, body = Me), (status = 401, body = Problem)))]
#[get("/me")]
async fn show(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(profile::show_me(&state, auth.0.user_id).await?))
}

#[utoipa::path(tag = "me", request_body = UpdateMe, responses(
    (status = 200, body = Me), (status = 401, body = Problem), (status = 422, body = Problem)))]
#[patch("/me")]
async fn update(
    state: Data<AppState>,
    auth: Auth,
    body: Json<UpdateMe>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(profile::update_me(&state, auth.0.user_id, &body).await?))
}

/// Replaces the avatar with the `image` part (JPEG, PNG or WebP); the old files are deleted.
#[utoipa::path(tag = "me", request_body(content_type = "multipart/form-data", description = "an `image` part"),
    responses((status = 200, body = Me), (status = 401, body = Problem), (status = 413, body = Problem),
    (status = 422, body = Problem)))]
#[put("/me/avatar")]
async fn set_avatar(state: Data<AppState>, auth: Auth, form: Multipart) -> ApiResult<HttpResponse> {
    let image = upload::read_image(form, state.config.upload_max_bytes).await?;
    avatars::replace(&state, Owner::Account(auth.0.user_id), image).await?;
    Ok(HttpResponse::Ok().json(profile::show_me(&state, auth.0.user_id).await?))
}

/// Needs the current password; every other session of the account ends. Limited per
/// account, so a stolen session cannot try passwords until one fits.
#[utoipa::path(tag = "me", request_body = ChangePasswordRequest, responses(
    (status = 204), (status = 401, body = Problem), (status = 422, body = Problem),
    (status = 429, body = Problem)))]
#[put("/me/password")]
async fn change_password(
    state: Data<AppState>,
    auth: Auth,
    body: Json<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    rate_limit::check_account(&state, "password", auth.0.user_id).await?;
    accounts::change_password(&state, &auth.0, &body).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(tag = "me", responses((status = 200, body = Vec<Address>), (status = 401, body = Problem)))]
#[get("/me/addresses")]
async fn list_addresses(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(profile::list_addresses(&state, auth.0.user_id).await?))
}

#[utoipa::path(tag = "me", request_body = AddressInput, responses(
    (status = 201, body = Address), (status = 401, body = Problem), (status = 422, body = Problem)))]
#[post("/me/addresses")]
async fn add_address(
    state: Data<AppState>,
    auth: Auth,
    body: Json<AddressInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(profile::add_address(&state, auth.0.user_id, &body).await?))
}

#[utoipa::path(tag = "me", request_body = AddressPatch, params(("id" = AddressId, Path)), responses(
    (status = 200, body = Address), (status = 401, body = Problem), (status = 404, body = Problem),
    (status = 422, body = Problem)))]
#[patch("/me/addresses/{id}")]
async fn update_address(
    state: Data<AppState>,
    auth: Auth,
    id: Path<AddressId>,
    body: Json<AddressPatch>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(profile::update_address(&state, auth.0.user_id, *id, &body).await?))
}

#[utoipa::path(tag = "me", params(("id" = AddressId, Path)), responses(
    (status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
#[delete("/me/addresses/{id}")]
async fn delete_address(
    state: Data<AppState>,
    auth: Auth,
    id: Path<AddressId>,
) -> ApiResult<HttpResponse> {
    profile::delete_address(&state, auth.0.user_id, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
