//! Reading multipart uploads: `image` parts, refused past the size cap, and small text
//! fields beside them.

use crate::error::ApiError;
use actix_multipart::Multipart;
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;

/// Text fields beside images are short; this bounds what is read into memory.
const TEXT_FIELD_MAX_BYTES: usize = 64 * 1024;

/// The images of an upload, and its text fields by name.
#[derive(Default)]
struct Parts {
    images: Vec<Bytes>,
    texts: Vec<(String, String)>,
}

/// The one image of an upload.
pub async fn read_image(multipart: Multipart, max_bytes: usize) -> Result<Bytes, ApiError> {
    let mut images = read_images(multipart, max_bytes, 1).await?;
    Ok(images.remove(0))
}

/// Every `image` part, at least one and at most `max_count`, each at most `max_bytes`.
pub async fn read_images(
    multipart: Multipart,
    max_bytes: usize,
    max_count: usize,
) -> Result<Vec<Bytes>, ApiError> {
    let parts = read_parts(multipart, max_bytes, max_count).await?;
    if parts.images.is_empty() {
        return Err(ApiError::invalid(
            "image",
            "is required: send it as a multipart part named image",
        ));
    }
    Ok(parts.images)
}

/// A chat message sent as a form: its `text` field and at most one `image`.
pub async fn read_message(
    multipart: Multipart,
    max_bytes: usize,
) -> Result<(String, Option<Bytes>), ApiError> {
    let mut parts = read_parts(multipart, max_bytes, 1).await?;
    let text = parts
        .texts
        .into_iter()
        .find_map(|(name, value)| (name == "text").then_some(value))
        .unwrap_or_default();
    Ok((text, parts.images.pop()))
}

async fn read_parts(
    mut multipart: Multipart,
    max_bytes: usize,
    max_images: usize,
) -> Result<Parts, ApiError> {
    let unreadable = |e: actix_multipart::MultipartError| {
        ApiError::BadRequest(format!("the upload could not be read: {e}"))
    };
    let mut parts = Parts::default();
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(unreadable)?;
        let name = field.name().unwrap_or_default().to_owned();
        let is_image = name == "image";
        if is_image && parts.images.len() == max_images {
            return Err(ApiError::invalid(
                "image",
                format!("send at most {max_images} image(s) at once"),
            ));
        }
        let limit = if is_image {
            max_bytes
        } else {
            TEXT_FIELD_MAX_BYTES
        };
        let mut data = BytesMut::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            if data.len() + chunk.len() > limit {
                return Err(if is_image {
                    ApiError::PayloadTooLarge(format!(
                        "images may be at most {} MB each",
                        max_bytes / (1024 * 1024)
                    ))
                } else {
                    ApiError::invalid(&name, "is too long")
                });
            }
            data.extend_from_slice(&chunk);
        }
        if is_image {
            parts.images.push(data.freeze());
        } else {
            let text = String::from_utf8(data.to_vec())
                .map_err(|_| ApiError::invalid(&name, "must be UTF-8 text"))?;
            parts.texts.push((name, text));
        }
    }
    Ok(parts)
}
