//! A product's images and an event's banners: one ordered gallery, changed only by the shop
//! it belongs to (or an admin), whose ownership is checked before any upload is decoded.

use super::uploads;
use crate::AppState;
use crate::db::images::{self, Gallery, ImageRecord};
use crate::db::sessions::Principal;
use crate::db::{events, products};
use crate::error::{ApiError, ApiResult};
use bazaar_shared::catalog::MAX_PRODUCT_IMAGES;
use bazaar_shared::event::MAX_EVENT_BANNERS;
use bazaar_shared::{ImageId, ShopId};
use bytes::Bytes;
use sqlx::AnyConnection;

/// How a gallery is spoken of, and how many images it holds.
struct Rules {
    owner: &'static str,
    an_owner: &'static str,
    items: &'static str,
    /// What is refused to another shop.
    forbidden: &'static str,
    max: usize,
    /// A listed product always has a picture; an event may have no banner.
    keeps_one: bool,
}

fn rules(gallery: Gallery) -> Rules {
    match gallery {
        Gallery::Product(_) => Rules {
            owner: "product",
            an_owner: "a product",
            items: "images",
            forbidden: "this product belongs to another shop",
            max: MAX_PRODUCT_IMAGES,
            keeps_one: true,
        },
        Gallery::Event(_) => Rules {
            owner: "event",
            an_owner: "an event",
            items: "banners",
            forbidden: "this event belongs to another shop",
            max: MAX_EVENT_BANNERS,
            keeps_one: false,
        },
    }
}

/// The gallery's images, once the caller is known to manage its shop.
async fn managed(
    conn: &mut AnyConnection,
    principal: &Principal,
    gallery: Gallery,
) -> ApiResult<Vec<ImageRecord>> {
    if !principal.may_manage(shop_of(conn, gallery).await?) {
        return Err(ApiError::Forbidden(rules(gallery).forbidden));
    }
    Ok(images::list(conn, gallery).await?)
}

async fn shop_of(conn: &mut AnyConnection, gallery: Gallery) -> ApiResult<ShopId> {
    let shop = match gallery {
        Gallery::Product(id) => products::find(conn, id).await?.map(|p| p.shop_id),
        Gallery::Event(id) => events::find(conn, id).await?.map(|e| e.shop_id),
    };
    shop.ok_or(ApiError::NotFound(rules(gallery).owner))
}

/// A product's order is part of the product: changing it updates the product's time.
async fn save_order(
    state: &AppState,
    conn: &mut AnyConnection,
    gallery: Gallery,
    order: &[ImageId],
) -> ApiResult<()> {
    match gallery {
        Gallery::Product(id) => {
            products::set_images(conn, id, order, state.clock.now_micros()).await?
        }
        Gallery::Event(_) => images::set_order(conn, gallery, order).await?,
    }
    Ok(())
}

fn check_room(gallery: Gallery, current: usize, adding: usize) -> ApiResult<()> {
    let rules = rules(gallery);
    if current + adding > rules.max {
        return Err(ApiError::invalid(
            "image",
            format!(
                "{} has at most {} {}; it has {current}",
                rules.an_owner, rules.max, rules.items
            ),
        ));
    }
    Ok(())
}

/// Appends uploads (each through the media pipeline) after the ones there. Ownership and
/// room are checked before any image work, and again with the new rows: two uploads may
/// have raced.
pub async fn add(
    state: &AppState,
    principal: &Principal,
    gallery: Gallery,
    files: Vec<Bytes>,
) -> ApiResult<()> {
    {
        let mut conn = state.db.pool.acquire().await?;
        let current = managed(&mut conn, principal, gallery).await?;
        check_room(gallery, current.len(), files.len())?;
    }
    let stored = uploads::store_all(state, files).await?;
    let attached = async {
        let mut tx = state.db.begin().await?;
        let current = managed(&mut tx, principal, gallery).await?;
        check_room(gallery, current.len(), stored.len())?;
        uploads::record_all(&mut tx, &stored, state.clock.now_micros()).await?;
        let order: Vec<ImageId> = current.iter().chain(&stored).map(|i| i.id).collect();
        save_order(state, &mut tx, gallery, &order).await?;
        tx.commit().await?;
        Ok::<_, ApiError>(())
    }
    .await;
    if attached.is_err() {
        uploads::discard(state, &stored).await;
    }
    attached
}

/// Removes one image, rows and files.
pub async fn remove(
    state: &AppState,
    principal: &Principal,
    gallery: Gallery,
    image: ImageId,
) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    let current = managed(&mut tx, principal, gallery).await?;
    let removed = current
        .iter()
        .find(|i| i.id == image)
        .cloned()
        .ok_or(ApiError::NotFound("image"))?;
    let rules = rules(gallery);
    if rules.keeps_one && current.len() == 1 {
        return Err(ApiError::conflict(format!(
            "{} keeps at least one image: add another first",
            rules.an_owner
        )));
    }
    let order: Vec<ImageId> = current
        .iter()
        .map(|i| i.id)
        .filter(|i| *i != image)
        .collect();
    save_order(state, &mut tx, gallery, &order).await?;
    images::delete(&mut tx, image).await?;
    tx.commit().await?;
    uploads::discard(state, std::slice::from_ref(&removed)).await;
    Ok(())
}

/// Puts the images in the given order; it must name each of them exactly once.
pub async fn reorder(
    state: &AppState,
    principal: &Principal,
    gallery: Gallery,
    order: &[ImageId],
) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    let current = managed(&mut tx, principal, gallery).await?;
    let mut given = order.to_vec();
    let mut current: Vec<ImageId> = current.iter().map(|i| i.id).collect();
    given.sort();
    current.sort();
    if given != current {
        return Err(ApiError::invalid(
            "image_ids",
            format!(
                "must list every image of the {} exactly once",
                rules(gallery).owner
            ),
        ));
    }
    save_order(state, &mut tx, gallery, order).await?;
    tx.commit().await?;
    Ok(())
}
