//! Products and their ordered images.

use super::images::{ImageRecord, image_columns, image_from_row};
use super::{HiddenRecord, hidden_from_row, parse_enum, parse_id};
use bazaar_shared::catalog::ProductStatus;
use bazaar_shared::{ImageId, ProductId, ShopId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Clone, Debug)]
pub struct ProductRecord {
    pub id: ProductId,
    pub shop_id: ShopId,
    pub name: String,
    pub description: String,
    pub category: String,
    pub tags: Vec<String>,
    pub original_price: i64,
    pub price: i64,
    pub stock: i64,
    pub status: ProductStatus,
    /// Set by an admin; the seller's writes leave it alone.
    pub hidden: Option<HiddenRecord>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "p.id, p.shop_id, p.name, p.description, p.category, p.tags, \
                       p.original_price, p.price, p.stock, p.status, p.hidden_at, p.hidden_reason, \
                       p.created_at, p.updated_at";

fn from_row(row: &AnyRow) -> Result<ProductRecord, sqlx::Error> {
    let tags: String = row.try_get("tags")?;
    Ok(ProductRecord {
        id: parse_id(row.try_get("id")?)?,
        shop_id: parse_id(row.try_get("shop_id")?)?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        category: row.try_get("category")?,
        tags: tags.split_whitespace().map(str::to_owned).collect(),
        original_price: row.try_get("original_price")?,
        price: row.try_get("price")?,
        stock: row.try_get("stock")?,
        status: parse_enum(row.try_get("status")?)?,
        hidden: hidden_from_row(row)?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Tags are stored space-separated, so a tag is one word: spaces inside become dashes.
fn tags_text(tags: &[String]) -> String {
    tags.iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join("-"))
        .collect::<Vec<_>>()
        .join(" ")
}

pub async fn insert(conn: &mut AnyConnection, product: &ProductRecord) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO products (id, shop_id, name, description, category, tags, original_price, price, \
         stock, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(product.id.to_string())
    .bind(product.shop_id.to_string())
    .bind(product.name.trim())
    .bind(product.description.trim())
    .bind(&product.category)
    .bind(tags_text(&product.tags))
    .bind(product.original_price)
    .bind(product.price)
    .bind(product.stock)
    .bind(product.status.as_str())
    .bind(product.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update(
    conn: &mut AnyConnection,
    product: &ProductRecord,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE products SET name = $1, description = $2, category = $3, tags = $4, original_price = $5, \
         price = $6, stock = $7, status = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(product.name.trim())
    .bind(product.description.trim())
    .bind(&product.category)
    .bind(tags_text(&product.tags))
    .bind(product.original_price)
    .bind(product.price)
    .bind(product.stock)
    .bind(product.status.as_str())
    .bind(now)
    .bind(product.id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(
    conn: &mut AnyConnection,
    id: ProductId,
) -> Result<Option<ProductRecord>, sqlx::Error> {
    super::find_by_id(
        conn,
        format!("SELECT {COLUMNS} FROM products p WHERE p.id = $1"),
        id,
        from_row,
    )
    .await
}

pub async fn delete(conn: &mut AnyConnection, id: ProductId) -> Result<(), sqlx::Error> {
    super::delete_by_id(conn, "DELETE FROM products WHERE id = $1", id).await
}

/// The product's images in their order.
pub async fn images(
    conn: &mut AnyConnection,
    id: ProductId,
) -> Result<Vec<ImageRecord>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM product_images pi JOIN images i ON i.id = pi.image_id \
         WHERE pi.product_id = $1 ORDER BY pi.position",
        image_columns("i", "img")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_all(conn)
        .await?;
    rows.iter()
        .filter_map(|row| image_from_row(row, "img").transpose())
        .collect()
}

/// Replaces the product's image list with `order` (positions 0..n-1).
pub async fn set_images(
    conn: &mut AnyConnection,
    id: ProductId,
    order: &[ImageId],
    now: i64,
) -> Result<(), sqlx::Error> {
    super::images::set_order(
        conn,
        super::images::Gallery::Product,
        &id.to_string(),
        order,
    )
    .await?;
    touch(conn, id, now).await
}

async fn touch(conn: &mut AnyConnection, id: ProductId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE products SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// The shop's products for its owner, archived and unpictured ones included, newest first.
pub async fn ids_of_shop(
    conn: &mut AnyConnection,
    shop: ShopId,
) -> Result<Vec<ProductId>, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM products WHERE shop_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(shop.to_string())
    .fetch_all(conn)
    .await?;
    ids.iter().map(|id| parse_id(id)).collect()
}

/// Hides the product (`Some`) or shows it again: false when it already was so.
pub async fn set_hidden(
    conn: &mut AnyConnection,
    id: ProductId,
    hidden: Option<&HiddenRecord>,
) -> Result<bool, sqlx::Error> {
    super::set_hidden(conn, "products", id, hidden).await
}
