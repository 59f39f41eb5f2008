//! Categories, products, their images and sale events.

use super::ApiError;
use super::config::currency;
use super::fetch::{get, query, send, send_empty, send_json, upload};
use bazaar_shared::catalog::{ImageOrder, Page, Product, ProductCard, ProductInput, ProductPatch};
use bazaar_shared::event::{Event, EventInput, EventPatch};
use bazaar_shared::listing::ProductQuery;
use bazaar_shared::{EventId, ImageId, ProductId, ShopId};

/// One page of the listing; the query's cursor names which.
pub fn products(
    query: &ProductQuery,
) -> impl Future<Output = Result<Page<ProductCard>, ApiError>> + use<> {
    let query = query.to_string();
    if query.is_empty() {
        get("/api/v1/products")
    } else {
        get(&format!("/api/v1/products?{query}"))
    }
}

pub fn product(id: ProductId) -> impl Future<Output = Result<Product, ApiError>> {
    get(&format!("/api/v1/products/{id}"))
}

pub async fn create_product(body: &ProductInput) -> Result<Product, ApiError> {
    body.validate(&currency())?;
    send_json("POST", "/api/v1/products", body).await
}

pub async fn update_product(id: ProductId, body: &ProductPatch) -> Result<Product, ApiError> {
    body.validate(&currency())?;
    send_json("PATCH", &format!("/api/v1/products/{id}"), body).await
}

pub fn delete_product(id: ProductId) -> impl Future<Output = Result<(), ApiError>> {
    send_empty("DELETE", &format!("/api/v1/products/{id}"))
}

pub fn add_product_images(
    id: ProductId,
    files: &[web_sys::File],
) -> impl Future<Output = Result<Product, ApiError>> + use<> {
    upload("POST", &format!("/api/v1/products/{id}/images"), files)
}

pub fn delete_product_image(
    id: ProductId,
    image: ImageId,
) -> impl Future<Output = Result<Product, ApiError>> {
    send("DELETE", &format!("/api/v1/products/{id}/images/{image}"))
}

pub fn reorder_product_images(
    id: ProductId,
    image_ids: Vec<ImageId>,
) -> impl Future<Output = Result<Product, ApiError>> {
    send_json(
        "PUT",
        &format!("/api/v1/products/{id}/images/order"),
        &ImageOrder { image_ids },
    )
}

/// The seller's own products, archived ones included.
pub fn my_products() -> impl Future<Output = Result<Page<ProductCard>, ApiError>> {
    get("/api/v1/me/shop/products")
}

pub async fn events(shop_id: Option<ShopId>, status: &str) -> Result<Page<Event>, ApiError> {
    let shop = shop_id.map(|s| s.to_string()).unwrap_or_default();
    get(&format!(
        "/api/v1/events{}",
        query(&[("shop_id", &shop), ("status", status)])
    ))
    .await
}

pub fn event(id: EventId) -> impl Future<Output = Result<Event, ApiError>> {
    get(&format!("/api/v1/events/{id}"))
}

pub async fn create_event(body: &EventInput, now: time::OffsetDateTime) -> Result<Event, ApiError> {
    body.validate(&currency(), now)?;
    send_json("POST", "/api/v1/events", body).await
}

pub async fn update_event(id: EventId, body: &EventPatch) -> Result<Event, ApiError> {
    body.validate(&currency())?;
    send_json("PATCH", &format!("/api/v1/events/{id}"), body).await
}

pub fn delete_event(id: EventId) -> impl Future<Output = Result<(), ApiError>> {
    send_empty("DELETE", &format!("/api/v1/events/{id}"))
}

pub fn add_event_banners(
    id: EventId,
    files: &[web_sys::File],
) -> impl Future<Output = Result<Event, ApiError>> + use<> {
    upload("POST", &format!("/api/v1/events/{id}/images"), files)
}

pub fn delete_event_banner(
    id: EventId,
    image: ImageId,
) -> impl Future<Output = Result<Event, ApiError>> {
    send("DELETE", &format!("/api/v1/events/{id}/images/{image}"))
}

pub async fn wishlist() -> Result<Vec<ProductCard>, ApiError> {
    let page: WishlistPage = get("/api/v1/me/wishlist").await?;
    Ok(page.items)
}

#[derive(serde::Deserialize)]
struct WishlistPage {
    items: Vec<ProductCard>,
}

pub fn wish(id: ProductId) -> impl Future<Output = Result<(), ApiError>> {
    send_empty("PUT", &format!("/api/v1/me/wishlist/{id}"))
}

pub fn unwish(id: ProductId) -> impl Future<Output = Result<(), ApiError>> {
    send_empty("DELETE", &format!("/api/v1/me/wishlist/{id}"))
}
