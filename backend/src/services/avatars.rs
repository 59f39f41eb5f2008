//! Replacing an account's or a shop's avatar: the new image is stored, the old one's files
//! are deleted, and a failure midway leaves neither a dangling row nor orphaned files.

use crate::AppState;
use crate::db::images::{self, ImageRecord};
use crate::db::{shops, users};
use crate::error::{ApiError, ApiResult};
use crate::media;
use bazaar_shared::{ShopId, UserId};
use bytes::Bytes;
use sqlx::AnyConnection;

#[derive(Clone, Copy, Debug)]
pub enum Owner {
    Account(UserId),
    Shop(ShopId),
}

/// Decodes, re-encodes and stores an upload; bad images are a 422 on the `image` field.
pub async fn store_upload(state: &AppState, upload: Bytes) -> ApiResult<ImageRecord> {
    let (max_edge, thumb_edge) = (state.config.image_max_edge, state.config.thumb_max_edge);
    let processed =
        tokio::task::spawn_blocking(move || media::process(&upload, max_edge, thumb_edge))
            .await
            .map_err(anyhow::Error::from)?
            .map_err(|error| ApiError::invalid("image", error.to_string()))?;
    Ok(state.media.put(processed).await?)
}

pub async fn replace(state: &AppState, owner: Owner, upload: Bytes) -> ApiResult<()> {
    let new = store_upload(state, upload).await?;
    match attach(state, owner, &new).await {
        Ok(old) => {
            if let Some(old) = old {
                state.media.delete(&old).await;
            }
            Ok(())
        }
        Err(error) => {
            state.media.delete(&new).await;
            Err(error)
        }
    }
}

/// Points the owner at the new image and drops the old image's row; returns the old one.
async fn attach(
    state: &AppState,
    owner: Owner,
    new: &ImageRecord,
) -> ApiResult<Option<ImageRecord>> {
    let content_type = media::content_type_of(&new.key).unwrap_or("application/octet-stream");
    let mut tx = state.db.pool.begin().await?;
    images::insert(&mut tx, new, content_type).await?;
    let old = current(&mut tx, owner).await?;
    match owner {
        Owner::Account(id) => users::set_avatar(&mut tx, id, Some(new.id)).await?,
        Owner::Shop(id) => shops::set_avatar(&mut tx, id, Some(new.id)).await?,
    }
    if let Some(old) = &old {
        images::delete(&mut tx, old.id).await?;
    }
    tx.commit().await?;
    Ok(old)
}

async fn current(conn: &mut AnyConnection, owner: Owner) -> ApiResult<Option<ImageRecord>> {
    Ok(match owner {
        Owner::Account(id) => users::find_view(conn, id).await?.and_then(|u| u.avatar),
        Owner::Shop(id) => shops::find(conn, id).await?.and_then(|s| s.avatar),
    })
}
