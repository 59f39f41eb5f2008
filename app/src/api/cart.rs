//! The server cart of the signed-in account.

use super::ApiError;
use super::fetch::{get, send, send_json};
use bazaar_shared::ProductId;
use bazaar_shared::cart::{Cart, GuestItem, MergeCart, SetQuantity};

pub fn cart() -> impl Future<Output = Result<Cart, ApiError>> {
    get("/api/v1/me/cart")
}

pub async fn set_quantity(id: ProductId, quantity: u32) -> Result<Cart, ApiError> {
    let body = SetQuantity { quantity };
    body.validate()?;
    send_json("PUT", &format!("/api/v1/me/cart/items/{id}"), &body).await
}

pub fn remove(id: ProductId) -> impl Future<Output = Result<Cart, ApiError>> {
    send("DELETE", &format!("/api/v1/me/cart/items/{id}"))
}

/// Moves the guest cart kept on this device into the account's cart.
pub async fn merge(items: Vec<GuestItem>) -> Result<Cart, ApiError> {
    let body = MergeCart { items };
    body.validate()?;
    send_json("POST", "/api/v1/me/cart/merge", &body).await
}
