//! Uploaded images on their way in: processed and stored, and their files removed again
//! when what they were for does not happen.

use crate::AppState;
use crate::cpu;
use crate::db::images::{self, ImageRecord};
use crate::error::{ApiError, ApiResult};
use crate::media;
use bytes::Bytes;
use sqlx::AnyConnection;

/// Decodes, re-encodes and stores an upload; bad images are a 422 on the `image` field.
pub async fn store(state: &AppState, upload: Bytes) -> ApiResult<ImageRecord> {
    let sizes = media::Sizes {
        max_megapixels: state.config.image_max_megapixels,
        max_edge: state.config.image_max_edge,
        thumb_edge: state.config.thumb_max_edge,
    };
    let refused = |error: media::ImageError| ApiError::invalid("image", error.to_string());
    // Not an image, or too many pixels: said at once, without queueing for a core.
    media::inspect(&upload, &sizes).map_err(refused)?;
    let processed = cpu::run(move || media::process(&upload, &sizes))
        .await?
        .map_err(refused)?;
    Ok(state.media.put(processed).await?)
}

/// Stores every upload, or none: a bad one removes the files of those before it.
pub async fn store_all(state: &AppState, uploads: Vec<Bytes>) -> ApiResult<Vec<ImageRecord>> {
    let mut stored = Vec::with_capacity(uploads.len());
    for upload in uploads {
        match store(state, upload).await {
            Ok(image) => stored.push(image),
            Err(error) => {
                discard(state, &stored).await;
                return Err(error);
            }
        }
    }
    Ok(stored)
}

/// Records stored images in the database (inside the caller's transaction).
pub async fn record_all(
    conn: &mut AnyConnection,
    stored: &[ImageRecord],
    now: i64,
) -> ApiResult<()> {
    for image in stored {
        let content_type = media::content_type_of(&image.key).unwrap_or("application/octet-stream");
        images::insert(conn, image, content_type, now).await?;
    }
    Ok(())
}

/// Deletes the files of images whose rows are gone or were never written.
pub async fn discard(state: &AppState, images: &[ImageRecord]) {
    for image in images {
        state.media.delete(image).await;
    }
}
