//! Reviews of products, written by buyers of delivered orders.

use super::ApiError;
use super::fetch::{get, query, send_json};
use bazaar_shared::ProductId;
use bazaar_shared::catalog::Page;
use bazaar_shared::review::{Review, ReviewInput};

/// A product's reviews, newest first.
pub fn reviews(
    product: ProductId,
    cursor: &str,
) -> impl Future<Output = Result<Page<Review>, ApiError>> + use<> {
    get(&format!(
        "/api/v1/products/{product}/reviews{}",
        query(&[("cursor", cursor)])
    ))
}

pub async fn write_review(product: ProductId, body: &ReviewInput) -> Result<Review, ApiError> {
    body.validate()?;
    send_json("POST", &format!("/api/v1/products/{product}/reviews"), body).await
}
