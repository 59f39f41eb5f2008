//! Stored images: the object keys of the re-encoded file and its thumbnail.

use bazaar_shared::{EventId, ImageId, ProductId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRecord {
    pub id: ImageId,
    pub key: String,
    pub thumb_key: String,
    pub width: u32,
    pub height: u32,
}

/// The columns `image_from_row` reads, for an image joined as `alias`, named `prefix_*`.
pub fn image_columns(alias: &str, prefix: &str) -> String {
    format!(
        "{alias}.id AS {prefix}_id, {alias}.key AS {prefix}_key, {alias}.thumb_key AS {prefix}_thumb_key, \
         {alias}.width AS {prefix}_width, {alias}.height AS {prefix}_height"
    )
}

/// The image joined under `prefix`, if the row has one.
pub fn image_from_row(row: &AnyRow, prefix: &str) -> Result<Option<ImageRecord>, sqlx::Error> {
    let Some(id) = row.try_get::<Option<String>, _>(format!("{prefix}_id").as_str())? else {
        return Ok(None);
    };
    Ok(Some(ImageRecord {
        id: super::parse_id(&id)?,
        key: row.try_get(format!("{prefix}_key").as_str())?,
        thumb_key: row.try_get(format!("{prefix}_thumb_key").as_str())?,
        width: super::to_u32(row.try_get(format!("{prefix}_width").as_str())?),
        height: super::to_u32(row.try_get(format!("{prefix}_height").as_str())?),
    }))
}

pub async fn insert(
    conn: &mut AnyConnection,
    image: &ImageRecord,
    content_type: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO images (id, key, thumb_key, content_type, width, height, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(image.id.to_string())
    .bind(&image.key)
    .bind(&image.thumb_key)
    .bind(content_type)
    .bind(i64::from(image.width))
    .bind(i64::from(image.height))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete(conn: &mut AnyConnection, id: ImageId) -> Result<(), sqlx::Error> {
    super::delete_by_id(conn, "DELETE FROM images WHERE id = $1", id).await
}

/// An ordered image list and what it belongs to.
#[derive(Clone, Copy, Debug)]
pub enum Gallery {
    Product(ProductId),
    Event(EventId),
}

impl Gallery {
    /// The list's table, the column naming its owner, and the owner's id.
    fn table(self) -> (&'static str, &'static str, String) {
        match self {
            Self::Product(id) => ("product_images", "product_id", id.to_string()),
            Self::Event(id) => ("event_images", "event_id", id.to_string()),
        }
    }
}

/// The gallery's images in their order.
pub async fn list(
    conn: &mut AnyConnection,
    gallery: Gallery,
) -> Result<Vec<ImageRecord>, sqlx::Error> {
    let (table, column, owner) = gallery.table();
    let sql = format!(
        "SELECT {} FROM {table} g JOIN images i ON i.id = g.image_id \
         WHERE g.{column} = $1 ORDER BY g.position",
        image_columns("i", "img")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(owner)
        .fetch_all(conn)
        .await?;
    rows.iter()
        .filter_map(|row| image_from_row(row, "img").transpose())
        .collect()
}

/// Replaces the gallery's image list with `order` (positions 0..n-1).
pub async fn set_order(
    conn: &mut AnyConnection,
    gallery: Gallery,
    order: &[ImageId],
) -> Result<(), sqlx::Error> {
    let (table, column, owner) = gallery.table();
    let delete = format!("DELETE FROM {table} WHERE {column} = $1");
    let insert = format!("INSERT INTO {table} ({column}, image_id, position) VALUES ($1, $2, $3)");
    sqlx::query(sqlx::AssertSqlSafe(delete))
        .bind(&owner)
        .execute(&mut *conn)
        .await?;
    for (position, image) in order.iter().enumerate() {
        sqlx::query(sqlx::AssertSqlSafe(insert.as_str()))
            .bind(&owner)
            .bind(image.to_string())
            .bind(position as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
