//! Stored images: the object keys of the re-encoded file and its thumbnail.

use bazaar_shared::ImageId;
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

/// The ordered image lists that belong to something.
#[derive(Clone, Copy, Debug)]
pub enum Gallery {
    Product,
    Event,
}

/// Replaces the owner's image list with `order` (positions 0..n-1).
pub async fn set_order(
    conn: &mut AnyConnection,
    gallery: Gallery,
    owner: &str,
    order: &[ImageId],
) -> Result<(), sqlx::Error> {
    let (delete, insert) = match gallery {
        Gallery::Product => (
            "DELETE FROM product_images WHERE product_id = $1",
            "INSERT INTO product_images (product_id, image_id, position) VALUES ($1, $2, $3)",
        ),
        Gallery::Event => (
            "DELETE FROM event_images WHERE event_id = $1",
            "INSERT INTO event_images (event_id, image_id, position) VALUES ($1, $2, $3)",
        ),
    };
    sqlx::query(delete).bind(owner).execute(&mut *conn).await?;
    for (position, image) in order.iter().enumerate() {
        sqlx::query(insert)
            .bind(owner)
            .bind(image.to_string())
            .bind(position as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
