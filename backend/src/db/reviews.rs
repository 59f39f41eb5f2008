//! Reviews, and the product's rating sum and count kept beside them.

use super::images::{ImageRecord, image_columns, image_from_row};
use super::parse_id;
use super::sql::{Arg, Sql};
use crate::pagination::Cursor;
use bazaar_shared::admin::{AdminReviewQuery, AdminReviewSort};
use bazaar_shared::{OrderId, ProductId, ReviewId, ShopId, UserId};
use sqlx::any::AnyRow;
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

/// Reviews with their author, their product and its shop, and the list's sort key; the
/// caller adds the conditions.
fn select(sort_key: &str, conditions: &str) -> String {
    format!(
        "SELECT r.id, r.product_id, r.order_id, r.user_id, u.name AS user_name, r.rating, r.comment, \
         r.created_at, {sort_key} AS sort_key, p.name AS product_name, p.shop_id, s.name AS shop_name, {avatar} \
         FROM reviews r JOIN users u ON u.id = r.user_id JOIN products p ON p.id = r.product_id \
         JOIN shops s ON s.id = p.shop_id LEFT JOIN images a ON a.id = u.avatar_id WHERE {conditions}",
        avatar = image_columns("a", "avatar"),
    )
}

fn from_row(row: &AnyRow) -> Result<ReviewRecord, sqlx::Error> {
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
    let mut text = select("r.created_at", &format!("r.product_id = {product_arg}"));
    text += &sql.newest_first("r.created_at", "r.id", after, limit);
    sql.text = text;
    sql.fetch_all(conn).await?.iter().map(from_row).collect()
}

/// A review as admins see it: with its product's name and shop.
#[derive(Clone, Debug)]
pub struct AdminReviewRow {
    pub review: ReviewRecord,
    pub product_name: String,
    pub shop_id: ShopId,
    pub shop_name: String,
}

fn admin_row(row: &AnyRow) -> Result<AdminReviewRow, sqlx::Error> {
    Ok(AdminReviewRow {
        review: from_row(row)?,
        product_name: row.try_get("product_name")?,
        shop_id: parse_id(row.try_get("shop_id")?)?,
        shop_name: row.try_get("shop_name")?,
    })
}

pub async fn find(
    conn: &mut AnyConnection,
    id: ReviewId,
) -> Result<Option<AdminReviewRow>, sqlx::Error> {
    super::find_by_id(conn, select("r.created_at", "r.id = $1"), id, admin_row).await
}

/// A page of every review, for admins; `limit + 1` fetched.
pub async fn list(
    conn: &mut AnyConnection,
    query: &AdminReviewQuery,
    after: Option<Cursor<ReviewId>>,
    limit: i64,
) -> Result<Vec<(AdminReviewRow, i64)>, sqlx::Error> {
    let (key, descending) = match query.sort.unwrap_or_default() {
        AdminReviewSort::Newest => ("r.created_at", true),
        AdminReviewSort::Oldest => ("r.created_at", false),
        AdminReviewSort::RatingAsc => ("r.rating", false),
    };
    let mut sql = Sql::default();
    let mut conditions = vec!["1 = 1".to_owned()];
    if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
        conditions.push(sql.contains(&["r.comment"], q));
    }
    for (column, id) in [
        ("r.product_id", query.product_id.map(|id| id.to_string())),
        ("p.shop_id", query.shop_id.map(|id| id.to_string())),
        ("r.user_id", query.author_id.map(|id| id.to_string())),
    ] {
        if let Some(id) = id {
            conditions.push(format!("{column} = {}", sql.arg(Arg::Text(id))));
        }
    }
    if let Some(rating) = query.rating {
        conditions.push(format!(
            "r.rating = {}",
            sql.arg(Arg::Int(i64::from(rating)))
        ));
    }
    let mut text = select(key, &conditions.join(" AND "));
    text += &sql.keyset(key, descending, "r.id", after, limit);
    sql.text = text;
    sql.fetch_all(conn)
        .await?
        .iter()
        .map(|row| Ok((admin_row(row)?, row.try_get("sort_key")?)))
        .collect()
}

/// Deletes the review and takes it out of its product's rating (and so its shop's).
pub async fn remove(conn: &mut AnyConnection, review: &ReviewRecord) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM reviews WHERE id = $1")
        .bind(review.id.to_string())
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE products SET rating_sum = rating_sum - $2, rating_count = rating_count - 1 \
         WHERE id = $1 AND rating_count > 0",
    )
    .bind(review.product_id.to_string())
    .bind(i64::from(review.rating))
    .execute(conn)
    .await?;
    Ok(true)
}
