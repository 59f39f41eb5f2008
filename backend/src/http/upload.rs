//! Reading the `image` part of a multipart upload, refusing it past the size cap.

use crate::error::ApiError;
use actix_multipart::Multipart;
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;

pub async fn read_image(mut multipart: Multipart, max_bytes: usize) -> Result<Bytes, ApiError> {
    while let Some(field) = multipart.next().await {
        let mut field = field
            .map_err(|e| ApiError::BadRequest(format!("the upload could not be read: {e}")))?;
        if field.name() != Some("image") {
            continue;
        }
        let mut data = BytesMut::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk
                .map_err(|e| ApiError::BadRequest(format!("the upload could not be read: {e}")))?;
            if data.len() + chunk.len() > max_bytes {
                return Err(ApiError::PayloadTooLarge(format!(
                    "images may be at most {} MB",
                    max_bytes / (1024 * 1024)
                )));
            }
            data.extend_from_slice(&chunk);
        }
        return Ok(data.freeze());
    }
    Err(ApiError::invalid(
        "image",
        "is required: send it as a multipart part named image",
    ))
}
