//! Products and their ordered images.

use super::images::{Gallery, ImageRecord, image_columns, image_from_row};
use super::sql::{Arg, Sql};
use super::{HiddenRecord, hidden_from_row, parse_enum, parse_id};
use crate::pagination::Cursor;
use bazaar_shared::admin::{AdminProductQuery, AdminProductSort};
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
    super::images::list(conn, Gallery::Product(id)).await
}

/// Replaces the product's image list with `order` (positions 0..n-1).
pub async fn set_images(
    conn: &mut AnyConnection,
    id: ProductId,
    order: &[ImageId],
    now: i64,
) -> Result<(), sqlx::Error> {
    super::images::set_order(conn, Gallery::Product(id), order).await?;
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

/// A product as admins list it: the record, its shop, its picture and its figures.
#[derive(Clone, Debug)]
pub struct AdminProductRow {
    pub product: ProductRecord,
    pub shop_name: String,
    pub shop_banned: bool,
    pub thumbnail: Option<ImageRecord>,
    pub sold_count: i64,
    pub rating_sum: i64,
    pub rating_count: i64,
    pub sort_key: i64,
}

fn sort_key(sort: AdminProductSort) -> (&'static str, bool) {
    match sort {
        AdminProductSort::Newest => ("p.created_at", true),
        AdminProductSort::Oldest => ("p.created_at", false),
        AdminProductSort::PriceAsc => ("p.price", false),
        AdminProductSort::PriceDesc => ("p.price", true),
        AdminProductSort::BestSelling => ("p.sold_count", true),
        AdminProductSort::StockAsc => ("p.stock", false),
    }
}

/// Products with their shop, picture and figures, and the list's sort key; the caller adds
/// the conditions.
fn admin_select(key: &str, conditions: &str) -> String {
    format!(
        "SELECT {COLUMNS}, p.sold_count, p.rating_sum, p.rating_count, {key} AS sort_key, \
         s.name AS shop_name, CASE WHEN o.status = 'banned' THEN 1 ELSE 0 END AS shop_banned, {image} \
         FROM products p JOIN shops s ON s.id = p.shop_id JOIN users o ON o.id = s.owner_id \
         LEFT JOIN product_images pi ON pi.product_id = p.id AND pi.position = 0 \
         LEFT JOIN images i ON i.id = pi.image_id WHERE {conditions}",
        image = image_columns("i", "thumb"),
    )
}

fn admin_row(row: &AnyRow) -> Result<AdminProductRow, sqlx::Error> {
    let shop_banned: i64 = row.try_get("shop_banned")?;
    Ok(AdminProductRow {
        product: from_row(row)?,
        shop_name: row.try_get("shop_name")?,
        shop_banned: shop_banned == 1,
        thumbnail: image_from_row(row, "thumb")?,
        sold_count: row.try_get("sold_count")?,
        rating_sum: row.try_get("rating_sum")?,
        rating_count: row.try_get("rating_count")?,
        sort_key: row.try_get("sort_key")?,
    })
}

/// One product as admins see it.
pub async fn admin_find(
    conn: &mut AnyConnection,
    id: ProductId,
) -> Result<Option<AdminProductRow>, sqlx::Error> {
    super::find_by_id(
        conn,
        admin_select("p.created_at", "p.id = $1"),
        id,
        admin_row,
    )
    .await
}

/// A page of every product (archived, hidden and banned shops' ones too), for admins.
pub async fn list(
    conn: &mut AnyConnection,
    query: &AdminProductQuery,
    after: Option<Cursor<ProductId>>,
    limit: i64,
) -> Result<Vec<AdminProductRow>, sqlx::Error> {
    let (key, descending) = sort_key(query.sort.unwrap_or_default());
    let mut sql = Sql::default();
    let mut conditions = vec!["1 = 1".to_owned()];
    if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
        conditions.push(sql.contains(&["p.name"], q));
    }
    if let Some(shop) = query.shop_id {
        conditions.push(format!(
            "p.shop_id = {}",
            sql.arg(Arg::Text(shop.to_string()))
        ));
    }
    if let Some(category) = &query.category {
        conditions.push(format!(
            "p.category = {}",
            sql.arg(Arg::Text(category.clone()))
        ));
    }
    if let Some(status) = query.status {
        conditions.push(format!(
            "p.status = {}",
            sql.arg(Arg::Text(status.as_str().into()))
        ));
    }
    match query.hidden {
        Some(true) => conditions.push("p.hidden_at IS NOT NULL".to_owned()),
        Some(false) => conditions.push("p.hidden_at IS NULL".to_owned()),
        None => {}
    }
    let mut text = admin_select(key, &conditions.join(" AND "));
    text += &sql.keyset(key, descending, "p.id", after, limit);
    sql.text = text;
    sql.fetch_all(conn).await?.iter().map(admin_row).collect()
}
