//! Reading multipart uploads: the `image` parts and text fields an endpoint takes, each
//! refused past its size cap, and the whole body capped in parts and bytes.

use crate::error::ApiError;
use actix_multipart::Multipart;
use bazaar_shared::FieldErrors;
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;

/// Text fields beside images are short; this bounds what is read into memory.
const TEXT_FIELD_MAX_BYTES: usize = 64 * 1024;
/// More parts than any endpoint takes, leaving room to name a few stray ones; every part
/// costs a header parse however small its body.
const MAX_PARTS: usize = 16;

/// What one endpoint takes.
struct Expected<'a> {
    max_images: usize,
    max_image_bytes: usize,
    image_required: bool,
    /// Text fields, each at most once.
    texts: &'a [&'a str],
}

impl Expected<'_> {
    /// The body holds what the endpoint takes and no more; stray parts count against it.
    fn max_total_bytes(&self) -> usize {
        self.max_images * self.max_image_bytes + self.texts.len() * TEXT_FIELD_MAX_BYTES
    }
}

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
    let expected = Expected {
        max_images: max_count,
        max_image_bytes: max_bytes,
        image_required: true,
        texts: &[],
    };
    Ok(read_parts(multipart, &expected).await?.images)
}

/// A chat message sent as a form: its `text` field and at most one `image`.
pub async fn read_message(
    multipart: Multipart,
    max_bytes: usize,
) -> Result<(String, Option<Bytes>), ApiError> {
    let expected = Expected {
        max_images: 1,
        max_image_bytes: max_bytes,
        image_required: false,
        texts: &["text"],
    };
    let mut parts = read_parts(multipart, &expected).await?;
    let text = parts.texts.pop().map(|(_, text)| text).unwrap_or_default();
    Ok((text, parts.images.pop()))
}

/// What becomes of one part's body.
enum Keep {
    Image,
    Text,
    /// Read past (it counts against the body's cap) and reported by name at the end.
    Stray,
}

async fn read_parts(mut multipart: Multipart, expected: &Expected<'_>) -> Result<Parts, ApiError> {
    let unreadable = |e: actix_multipart::MultipartError| {
        ApiError::BadRequest(format!("the upload could not be read: {e}"))
    };
    let max_total = expected.max_total_bytes();
    let mut parts = Parts::default();
    let mut errors = FieldErrors::new();
    let (mut count, mut total) = (0, 0);
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(unreadable)?;
        count += 1;
        if count > MAX_PARTS {
            return Err(ApiError::PayloadTooLarge(format!(
                "an upload has at most {MAX_PARTS} parts"
            )));
        }
        let name = field.name().unwrap_or_default().to_owned();
        let keep = if name == "image" {
            if parts.images.len() == expected.max_images {
                return Err(ApiError::invalid(
                    "image",
                    format!("send at most {} image(s) at once", expected.max_images),
                ));
            }
            Keep::Image
        } else if !expected.texts.contains(&name.as_str()) {
            errors.add(&name, "is not a part of this upload");
            Keep::Stray
        } else if parts.texts.iter().any(|(seen, _)| *seen == name) {
            errors.add(&name, "is sent more than once");
            Keep::Stray
        } else {
            Keep::Text
        };
        let part_limit = match keep {
            Keep::Image => expected.max_image_bytes,
            Keep::Text => TEXT_FIELD_MAX_BYTES,
            Keep::Stray => usize::MAX,
        };
        let mut data = BytesMut::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            if data.len() + chunk.len() > part_limit {
                return Err(match keep {
                    Keep::Image => ApiError::PayloadTooLarge(format!(
                        "images may be at most {} MB each",
                        expected.max_image_bytes / (1024 * 1024)
                    )),
                    _ => ApiError::invalid(&name, "is too long"),
                });
            }
            total += chunk.len();
            if total > max_total {
                return Err(ApiError::PayloadTooLarge(format!(
                    "this upload may be at most {} KiB in all",
                    max_total / 1024
                )));
            }
            if !matches!(keep, Keep::Stray) {
                data.extend_from_slice(&chunk);
            }
        }
        match keep {
            Keep::Image => parts.images.push(data.freeze()),
            Keep::Text => {
                let text = String::from_utf8(data.to_vec())
                    .map_err(|_| ApiError::invalid(&name, "must be UTF-8 text"))?;
                parts.texts.push((name, text));
            }
            Keep::Stray => {}
        }
    }
    if expected.image_required && parts.images.is_empty() {
        errors.add(
            "image",
            "is required: send it as a multipart part named image",
        );
    }
    errors.into_result()?;
    Ok(parts)
}
