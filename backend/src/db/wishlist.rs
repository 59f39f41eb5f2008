//! Wishlists, kept on the server so every device sees the same one.

use super::parse_id;
use bazaar_shared::{ProductId, UserId};
use sqlx::AnyConnection;

/// Adding twice is the same as adding once.
pub async fn add(
    conn: &mut AnyConnection,
    user: UserId,
    product: ProductId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO wishlist_items (user_id, product_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, product_id) DO NOTHING",
    )
    .bind(user.to_string())
    .bind(product.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn remove(
    conn: &mut AnyConnection,
    user: UserId,
    product: ProductId,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM wishlist_items WHERE user_id = $1 AND product_id = $2")
        .bind(user.to_string())
        .bind(product.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// The wished-for products, most recently added first.
pub async fn product_ids(
    conn: &mut AnyConnection,
    user: UserId,
) -> Result<Vec<ProductId>, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT product_id FROM wishlist_items WHERE user_id = $1 ORDER BY created_at DESC, product_id",
    )
    .bind(user.to_string())
    .fetch_all(conn)
    .await?;
    ids.iter().map(|id| parse_id(id)).collect()
}
