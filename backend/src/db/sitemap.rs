//! What the sitemap lists: the listed products and the shops of accounts in good standing,
//! in id order, a page at a time.

use super::parse_id;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};
use uuid::Uuid;

/// A product the public listing shows: active, not hidden, pictured, of a shop whose owner
/// is not banned (the conditions of `cards::list`).
const LISTED_PRODUCTS: &str = "FROM products p \
     JOIN shops s ON s.id = p.shop_id \
     JOIN users o ON o.id = s.owner_id AND o.status <> 'banned' \
     WHERE p.status = 'active' AND p.hidden_at IS NULL \
       AND EXISTS (SELECT 1 FROM product_images pi WHERE pi.product_id = p.id)";

const LISTED_SHOPS: &str = "FROM shops s \
     JOIN users o ON o.id = s.owner_id AND o.status <> 'banned'";

/// An id and when its page last changed, in microseconds.
pub type Entry = (Uuid, i64);

pub async fn count_products(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    count(conn, LISTED_PRODUCTS).await
}

pub async fn count_shops(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    count(conn, LISTED_SHOPS).await
}

pub async fn products(
    conn: &mut AnyConnection,
    offset: i64,
    limit: i64,
) -> Result<Vec<Entry>, sqlx::Error> {
    page(conn, "p", LISTED_PRODUCTS, offset, limit).await
}

pub async fn shops(
    conn: &mut AnyConnection,
    offset: i64,
    limit: i64,
) -> Result<Vec<Entry>, sqlx::Error> {
    page(conn, "s", LISTED_SHOPS, offset, limit).await
}

async fn count(conn: &mut AnyConnection, from: &str) -> Result<i64, sqlx::Error> {
    // `from` is one of the constants above: no input reaches the text.
    sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) {from}")))
        .fetch_one(conn)
        .await
}

async fn page(
    conn: &mut AnyConnection,
    table: &str,
    from: &str,
    offset: i64,
    limit: i64,
) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query(AssertSqlSafe(format!(
        "SELECT {table}.id, {table}.updated_at {from} ORDER BY {table}.id LIMIT $1 OFFSET $2"
    )))
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|row: &AnyRow| Ok((parse_id(row.try_get("id")?)?, row.try_get("updated_at")?)))
    .collect()
}
