//! Replacing an account's or a shop's avatar: the new image is stored, the old one's files
//! are deleted, and a failure midway leaves neither a dangling row nor orphaned files.

use super::uploads;
use crate::AppState;
use crate::db::images::{self, ImageRecord};
use crate::db::{shops, users};
use crate::error::ApiResult;
use bazaar_shared::{ShopId, UserId};
use bytes::Bytes;
use sqlx::AnyConnection;

#[derive(Clone, Copy, Debug)]
pub enum Owner {
    Account(UserId),
    Shop(ShopId),
}

pub async fn replace(state: &AppState, owner: Owner, upload: Bytes) -> ApiResult<()> {
    let new = uploads::store(state, upload).await?;
    match attach(state, owner, &new).await {
        Ok(old) => {
            uploads::discard(state, old.as_slice()).await;
            Ok(())
        }
        Err(error) => {
            uploads::discard(state, std::slice::from_ref(&new)).await;
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
    let mut tx = state.db.begin().await?;
    uploads::record_all(&mut tx, std::slice::from_ref(new), state.clock.now_micros()).await?;
    let old = current(&mut tx, owner).await?;
    match owner {
        Owner::Account(id) => {
            users::set_avatar(&mut tx, id, Some(new.id), state.clock.now_micros()).await?
        }
        Owner::Shop(id) => {
            shops::set_avatar(&mut tx, id, Some(new.id), state.clock.now_micros()).await?
        }
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
        Owner::Shop(id) => shops::avatar(conn, id).await?,
    })
}
