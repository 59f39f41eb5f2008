//! Uploaded images: every upload is decoded and re-encoded (no user bytes are ever served
//! as-is), then stored through `object_store` — a local directory or an S3-compatible bucket.

mod process;

use crate::config::{Config, MediaStorage};
use crate::db::images::ImageRecord;
use anyhow::Context;
use bazaar_shared::image::Image;
use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use std::sync::Arc;

pub use process::{ImageError, ProcessedImage, Sizes, inspect, process};

#[derive(Clone, Debug)]
pub struct MediaStore {
    store: Arc<dyn ObjectStore>,
    /// Where `/media/{key}` is reachable from a client, without a trailing slash.
    public_base: String,
}

impl MediaStore {
    pub fn new(config: &Config) -> anyhow::Result<Self> {
        let store: Arc<dyn ObjectStore> = match &config.media {
            MediaStorage::Local(dir) => {
                std::fs::create_dir_all(dir).with_context(|| {
                    format!("cannot create the media directory {}", dir.display())
                })?;
                Arc::new(LocalFileSystem::new_with_prefix(dir)?)
            }
            MediaStorage::S3 { bucket } => Arc::new(
                AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .build()
                    .context("cannot configure the S3 media bucket")?,
            ),
        };
        Ok(Self {
            store,
            public_base: format!("{}/media", config.public_url),
        })
    }

    /// Stores a processed image and its thumbnail under fresh keys.
    pub async fn put(&self, image: ProcessedImage) -> anyhow::Result<ImageRecord> {
        let id = crate::db::new_id();
        let ext = image.format.extension();
        let record = ImageRecord {
            id: bazaar_shared::ImageId(id),
            key: format!("images/{id}.{ext}"),
            thumb_key: format!("images/{id}-thumb.{ext}"),
            width: image.width,
            height: image.height,
        };
        self.store
            .put(
                &Path::from(record.key.as_str()),
                PutPayload::from(image.full),
            )
            .await?;
        self.store
            .put(
                &Path::from(record.thumb_key.as_str()),
                PutPayload::from(image.thumb),
            )
            .await?;
        Ok(record)
    }

    /// Deletes both files; a file already gone is not an error.
    pub async fn delete(&self, image: &ImageRecord) {
        for key in [&image.key, &image.thumb_key] {
            match self.store.delete(&Path::from(key.as_str())).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => tracing::warn!(%key, %error, "could not delete a media file"),
            }
        }
    }

    /// The file's bytes, or `None` when there is no such key.
    pub async fn get(&self, key: &str) -> anyhow::Result<Option<Bytes>> {
        let path = Path::parse(key).ok();
        let Some(path) = path.filter(|p| p.as_ref() == key) else {
            return Ok(None);
        };
        match self.store.get(&path).await {
            Ok(result) => Ok(Some(result.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    /// The URLs a client loads the image from.
    pub fn image(&self, record: &ImageRecord) -> Image {
        Image {
            id: record.id,
            url: format!("{}/{}", self.public_base, record.key),
            thumb_url: format!("{}/{}", self.public_base, record.thumb_key),
            width: record.width,
            height: record.height,
        }
    }
}

/// The content type of a stored key, by the extension we gave it.
pub fn content_type_of(key: &str) -> Option<&'static str> {
    match key.rsplit_once('.')?.1 {
        "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        _ => None,
    }
}
