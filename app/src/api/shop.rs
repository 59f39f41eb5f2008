//! Shops: the public page, and the seller's own shop settings.

use super::ApiError;
use super::fetch::{get, query, send_empty, send_json, upload};
use bazaar_shared::ShopId;
use bazaar_shared::catalog::Page;
use bazaar_shared::shop::{MyShop, PublicShop, ShopInput, ShopPatch, WithdrawMethodInput};

pub fn shop(id: ShopId) -> impl Future<Output = Result<PublicShop, ApiError>> {
    get(&format!("/api/v1/shops/{id}"))
}

/// Shops, newest first.
pub fn shops(
    limit: u32,
    cursor: &str,
) -> impl Future<Output = Result<Page<PublicShop>, ApiError>> + use<> {
    get(&format!(
        "/api/v1/shops{}",
        query(&[("limit", &limit.to_string()), ("cursor", cursor)])
    ))
}

pub fn my_shop() -> impl Future<Output = Result<MyShop, ApiError>> {
    get("/api/v1/me/shop")
}

pub async fn open_shop(body: &ShopInput) -> Result<MyShop, ApiError> {
    body.validate()?;
    send_json("POST", "/api/v1/shops", body).await
}

pub async fn update_shop(body: &ShopPatch) -> Result<MyShop, ApiError> {
    body.validate()?;
    send_json("PATCH", "/api/v1/me/shop", body).await
}

pub fn set_shop_avatar(
    file: &web_sys::File,
) -> impl Future<Output = Result<MyShop, ApiError>> + use<> {
    upload("PUT", "/api/v1/me/shop/avatar", std::slice::from_ref(file))
}

pub async fn set_withdraw_method(body: &WithdrawMethodInput) -> Result<MyShop, ApiError> {
    body.validate()?;
    send_json("PUT", "/api/v1/me/shop/withdraw-method", body).await
}

pub fn delete_withdraw_method() -> impl Future<Output = Result<(), ApiError>> {
    send_empty("DELETE", "/api/v1/me/shop/withdraw-method")
}
