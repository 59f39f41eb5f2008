//! Shops: the public page, and the seller's own shop settings.

use super::{ApiError, get, query, send_empty, send_json, upload};
use bazaar_shared::ShopId;
use bazaar_shared::catalog::Page;
use bazaar_shared::shop::{MyShop, PublicShop, ShopInput, ShopPatch, WithdrawMethodInput};

pub async fn shop(id: ShopId) -> Result<PublicShop, ApiError> {
    get(&format!("/api/v1/shops/{id}")).await
}

/// Shops, newest first.
pub async fn shops(limit: u32, cursor: &str) -> Result<Page<PublicShop>, ApiError> {
    get(&format!(
        "/api/v1/shops{}",
        query(&[("limit", &limit.to_string()), ("cursor", cursor)])
    ))
    .await
}

pub async fn my_shop() -> Result<MyShop, ApiError> {
    get("/api/v1/me/shop").await
}

pub async fn open_shop(body: &ShopInput) -> Result<MyShop, ApiError> {
    body.validate()?;
    send_json("POST", "/api/v1/shops", body).await
}

pub async fn update_shop(body: &ShopPatch) -> Result<MyShop, ApiError> {
    body.validate()?;
    send_json("PATCH", "/api/v1/me/shop", body).await
}

pub async fn set_shop_avatar(file: &web_sys::File) -> Result<MyShop, ApiError> {
    upload("PUT", "/api/v1/me/shop/avatar", std::slice::from_ref(file)).await
}

pub async fn set_withdraw_method(body: &WithdrawMethodInput) -> Result<MyShop, ApiError> {
    body.validate()?;
    send_json("PUT", "/api/v1/me/shop/withdraw-method", body).await
}

pub async fn delete_withdraw_method() -> Result<(), ApiError> {
    send_empty("DELETE", "/api/v1/me/shop/withdraw-method").await
}
