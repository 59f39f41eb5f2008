//! The account's wishlist.

use super::cards::card;
use crate::AppState;
use crate::db::{cards, products, wishlist};
use crate::error::{ApiError, ApiResult};
use bazaar_shared::catalog::{Page, ProductCard, ProductStatus};
use bazaar_shared::{ProductId, UserId};

/// Adds a listed product; adding it again changes nothing.
pub async fn add(state: &AppState, user: UserId, product: ProductId) -> ApiResult<()> {
    let mut conn = state.db.pool.acquire().await?;
    products::find(&mut conn, product)
        .await?
        .filter(|p| p.status == ProductStatus::Active && p.hidden.is_none())
        .ok_or(ApiError::NotFound("product"))?;
    drop(conn);
    wishlist::add(
        &mut *state.db.writer().await?,
        user,
        product,
        state.clock.now_micros(),
    )
    .await?;
    Ok(())
}

pub async fn remove(state: &AppState, user: UserId, product: ProductId) -> ApiResult<()> {
    wishlist::remove(&mut *state.db.writer().await?, user, product).await?;
    Ok(())
}

/// The wished-for products as cards, most recently added first.
pub async fn list(state: &AppState, user: UserId) -> ApiResult<Page<ProductCard>> {
    let mut conn = state.db.pool.acquire().await?;
    let ids = wishlist::product_ids(&mut conn, user).await?;
    let rows = cards::by_ids(&mut conn, &ids, state.clock.now_micros()).await?;
    Ok(Page {
        items: rows.into_iter().map(|row| card(state, row)).collect(),
        next_cursor: None,
    })
}
