//! Reviews, and the product's rating sum and count kept beside them.

use super::images::{ImageRecord, image_columns, image_from_row};
use super::parse_id;
use super::sql::{Arg, Sql};
use crate::pagination::Cursor;
use bazaar_shared::{OrderId, ProductId, ReviewId, UserId};
use sqlx::{AnyConnection, Row};

#[derive(Clone, Debug)]
pub struct ReviewRecord {
    pub id: ReviewId,
    pub product_id: ProductId,
    pub order_id: OrderId,
    pub user_id: UserId,
    pub user_name: String,
    pub user_avatar: Option<ImageRecord>,
    pub rating: u8,
    pub comment: String,
    pub created_at: i64,
}

/// Adds the review and counts it in the product's rating.
pub async fn insert(conn: &mut AnyConnection, r: &ReviewRecord) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO reviews (id, product_id, order_id, user_id, rating, comment, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(r.id.to_string())
    .bind(r.product_id.to_string())
    .bind(r.order_id.to_string())
    .bind(r.user_id.to_string())
    .bind(i64::from(r.rating))
    .bind(&r.comment)
    .bind(r.created_at)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE products SET rating_sum = rating_sum + $2, rating_count = rating_count + 1 WHERE id = $1",
    )
    .bind(r.product_id.to_string())
    .bind(i64::from(r.rating))
    .execute(conn)
    .await?;
    Ok(())
}

/// The product's reviews, newest first; `limit + 1` fetched.
pub async fn of_product(
    conn: &mut AnyConnection,
    product: ProductId,
    after: Option<Cursor<ReviewId>>,
    limit: i64,
) -> Result<Vec<ReviewRecord>, sqlx::Error> {
    let mut sql = Sql::default();
    let product_arg = sql.arg(Arg::Text(product.to_string()));
    let mut text = format!(
        "SELECT r.id, r.product_id, r.order_id, r.user_id, u.name AS user_name, r.rating, r.comment, \
         r.created_at, {avatar} FROM reviews r JOIN users u ON u.id = r.user_id \
         LEFT JOIN images a ON a.id = u.avatar_id WHERE r.product_id = {product_arg}",
        avatar = image_columns("a", "avatar"),
    );
    text += &sql.newest_first("r.created_at", "r.id", after, limit);
    sql.text = text;
    sql.fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            let rating: i64 = row.try_get("rating")?;
            Ok(ReviewRecord {
                id: parse_id(row.try_get("id")?)?,
                product_id: parse_id(row.try_get("product_id")?)?,
                order_id: parse_id(row.try_get("order_id")?)?,
                user_id: parse_id(row.try_get("user_id")?)?,
                user_name: row.try_get("user_name")?,
                user_avatar: image_from_row(row, "avatar")?,
                rating: u8::try_from(rating).map_err(|e| sqlx::Error::Decode(e.into()))?,
                comment: row.try_get("comment")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}
