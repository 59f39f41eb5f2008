//! Reading the `image` parts of a multipart upload, refusing any past the size cap.

use crate::error::ApiError;
use actix_multipart::Multipart;
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;

/// The one image of an upload.
pub async fn read_image(multipart: Multipart, max_bytes: usize) -> Result<Bytes, ApiError> {
    let mut images = read_images(multipart, max_bytes, 1).await?;
    Ok(images.remove(0))
}

/// Every `image` part, at least one and at most `max_count`, each at most `max_bytes`.
pub async fn read_images(
    mut multipart: Multipart,
    max_bytes: usize,
    max_count: usize,
) -> Result<Vec<Bytes>, ApiError> {
    let unreadable = |e: actix_multipart::MultipartError| {
        ApiError::BadRequest(format!("the upload could not be read: {e}"))
    };
    let mut images = Vec::new();
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(unreadable)?;
        if field.name() != Some("image") {
            continue;
        }
        if images.len() == max_count {
            return Err(ApiError::invalid(
                "image",
                format!("send at most {max_count} image(s) at once"),
            ));
        }
        let mut data = BytesMut::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            if data.len() + chunk.len() > max_bytes {
                return Err(ApiError::PayloadTooLarge(format!(
                    "images may be at most {} MB each",
                    max_bytes / (1024 * 1024)
                )));
            }
            data.extend_from_slice(&chunk);
        }
        images.push(data.freeze());
    }
    if images.is_empty() {
        return Err(ApiError::invalid(
            "image",
            "is required: send it as a multipart part named image",
        ));
    }
    Ok(images)
}
