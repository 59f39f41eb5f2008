//! The signed-in account: profile, avatar, password and addresses.

use super::ApiError;
use super::fetch::{get, send_empty, send_json, send_json_empty, upload};
use bazaar_shared::AddressId;
use bazaar_shared::account::{Address, AddressInput, AddressPatch, Me, UpdateMe};
use bazaar_shared::auth::ChangePasswordRequest;

/// The signed-in account; a 401 problem means nobody is signed in.
pub fn me() -> impl Future<Output = Result<Me, ApiError>> {
    get("/api/v1/me")
}

pub async fn update_me(body: &UpdateMe) -> Result<Me, ApiError> {
    body.validate()?;
    send_json("PATCH", "/api/v1/me", body).await
}

pub fn set_avatar(file: &web_sys::File) -> impl Future<Output = Result<Me, ApiError>> + use<> {
    upload("PUT", "/api/v1/me/avatar", std::slice::from_ref(file))
}

pub async fn change_password(body: &ChangePasswordRequest) -> Result<(), ApiError> {
    body.validate()?;
    send_json_empty("PUT", "/api/v1/me/password", body).await
}

pub fn addresses() -> impl Future<Output = Result<Vec<Address>, ApiError>> {
    get("/api/v1/me/addresses")
}

pub async fn add_address(body: &AddressInput) -> Result<Address, ApiError> {
    body.validate()?;
    send_json("POST", "/api/v1/me/addresses", body).await
}

pub async fn update_address(id: AddressId, body: &AddressPatch) -> Result<Address, ApiError> {
    body.validate()?;
    send_json("PATCH", &format!("/api/v1/me/addresses/{id}"), body).await
}

pub fn delete_address(id: AddressId) -> impl Future<Output = Result<(), ApiError>> {
    send_empty("DELETE", &format!("/api/v1/me/addresses/{id}"))
}
