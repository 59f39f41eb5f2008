//! Products: the seller's writes (with their images) and the shopper's reads.

use super::cards::card;
use super::{gallery, uploads};
use crate::AppState;
use crate::db::cards::{self, Listing};
use crate::db::images::{self, Gallery};
use crate::db::products::{self, ProductRecord};
use crate::db::sessions::Principal;
use crate::db::{self, events};
use crate::error::{ApiError, ApiResult};
use crate::pagination::{Cursor, into_page};
use bazaar_shared::admin::Hidden;
use bazaar_shared::catalog::{
    ImageOrder, Page, Product, ProductCard, ProductInput, ProductPatch, ProductStatus,
    normalize_tags,
};
use bazaar_shared::event::{EventStatus, EventSummary};
use bazaar_shared::money::Money;
use bazaar_shared::{ImageId, ProductId, ShopId};
use bytes::Bytes;
use sqlx::AnyConnection;

async fn owned(
    conn: &mut AnyConnection,
    principal: &Principal,
    id: ProductId,
) -> ApiResult<ProductRecord> {
    let product = products::find(conn, id)
        .await?
        .ok_or(ApiError::NotFound("product"))?;
    if !principal.may_manage(product.shop_id) {
        return Err(ApiError::Forbidden("this product belongs to another shop"));
    }
    Ok(product)
}

pub async fn create(
    state: &AppState,
    principal: &Principal,
    input: &ProductInput,
) -> ApiResult<Product> {
    let shop = super::shops::owned_shop(principal)?;
    input.validate(&state.config.currency)?;
    let now = state.clock.now_micros();
    let product = ProductRecord {
        id: ProductId(db::new_id()),
        shop_id: shop,
        name: input.name.clone(),
        description: input.description.clone(),
        category: input.category.clone(),
        tags: normalize_tags(&input.tags),
        original_price: input.original_price.amount,
        price: input.price.amount,
        stock: input.stock,
        status: ProductStatus::Active,
        hidden: None,
        created_at: now,
        updated_at: now,
    };
    let mut tx = state.db.begin().await?;
    products::insert(&mut tx, &product).await?;
    tx.commit().await?;
    detail(state, Some(principal), product.id).await
}

pub async fn update(
    state: &AppState,
    principal: &Principal,
    id: ProductId,
    patch: &ProductPatch,
) -> ApiResult<Product> {
    patch.validate(&state.config.currency)?;
    let mut tx = state.db.begin().await?;
    let mut product = owned(&mut tx, principal, id).await?;
    if let Some(name) = &patch.name {
        name.clone_into(&mut product.name);
    }
    if let Some(description) = &patch.description {
        description.clone_into(&mut product.description);
    }
    if let Some(category) = &patch.category {
        category.clone_into(&mut product.category);
    }
    if let Some(tags) = &patch.tags {
        product.tags = normalize_tags(tags);
    }
    if let Some(original) = &patch.original_price {
        product.original_price = original.amount;
    }
    if let Some(price) = &patch.price {
        product.price = price.amount;
    }
    if let Some(stock) = patch.stock {
        product.stock = stock;
    }
    if let Some(status) = patch.status {
        product.status = status;
    }
    if product.price > product.original_price {
        return Err(ApiError::invalid(
            "price",
            "must not exceed the original price",
        ));
    }
    products::update(&mut tx, &product, state.clock.now_micros()).await?;
    tx.commit().await?;
    detail(state, Some(principal), id).await
}

/// Deletes the product with its images (rows and files).
pub async fn delete(state: &AppState, principal: &Principal, id: ProductId) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    owned(&mut tx, principal, id).await?;
    let gallery = products::images(&mut tx, id).await?;
    products::delete(&mut tx, id).await?;
    for image in &gallery {
        images::delete(&mut tx, image.id).await?;
    }
    tx.commit().await?;
    uploads::discard(state, &gallery).await;
    Ok(())
}

/// Appends images (each through the media pipeline), up to `MAX_PRODUCT_IMAGES` in all.
pub async fn add_images(
    state: &AppState,
    principal: &Principal,
    id: ProductId,
    files: Vec<Bytes>,
) -> ApiResult<Product> {
    gallery::add(state, principal, Gallery::Product(id), files).await?;
    detail(state, Some(principal), id).await
}

/// Removes one image; the last one stays (a listed product always has a picture).
pub async fn delete_image(
    state: &AppState,
    principal: &Principal,
    id: ProductId,
    image: ImageId,
) -> ApiResult<Product> {
    gallery::remove(state, principal, Gallery::Product(id), image).await?;
    detail(state, Some(principal), id).await
}

/// Puts the images in the given order; the first is the card's picture.
pub async fn reorder_images(
    state: &AppState,
    principal: &Principal,
    id: ProductId,
    order: &ImageOrder,
) -> ApiResult<Product> {
    gallery::reorder(state, principal, Gallery::Product(id), &order.image_ids).await?;
    detail(state, Some(principal), id).await
}

/// A product page. Archived, unpictured or hidden products are visible to their shop (and
/// admins) only, who see why a hidden one is.
pub async fn detail(
    state: &AppState,
    viewer: Option<&Principal>,
    id: ProductId,
) -> ApiResult<Product> {
    let mut conn = state.db.pool.acquire().await?;
    let now = state.clock.now_micros();
    let product = products::find(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound("product"))?;
    let row = cards::by_ids_with_hidden(&mut conn, &[id], now)
        .await?
        .pop()
        .ok_or(ApiError::NotFound("product"))?;
    let gallery = products::images(&mut conn, id).await?;
    let public =
        product.status == ProductStatus::Active && !gallery.is_empty() && product.hidden.is_none();
    let may_see_unlisted = viewer.is_some_and(|v| v.may_manage(product.shop_id));
    if !public && !may_see_unlisted {
        return Err(ApiError::NotFound("product"));
    }
    let shop_avatar = db::shops::avatar(&mut conn, product.shop_id).await?;
    let event = events::current_for_product(&mut conn, id, now).await?;
    Ok(Product {
        card: card(state, row),
        description: product.description,
        category: product.category,
        tags: product.tags,
        images: gallery.iter().map(|i| state.media.image(i)).collect(),
        shop_avatar: shop_avatar.as_ref().map(|a| state.media.image(a)),
        event: event.map(|e| event_summary(state, &e, now)),
        hidden: product.hidden.map(Hidden::from),
        created_at: db::from_micros(product.created_at),
        updated_at: db::from_micros(product.updated_at),
    })
}

pub fn event_summary(state: &AppState, event: &events::EventRecord, now: i64) -> EventSummary {
    let (starts_at, ends_at) = (
        db::from_micros(event.starts_at),
        db::from_micros(event.ends_at),
    );
    EventSummary {
        id: event.id,
        name: event.name.clone(),
        event_price: Money::new(event.event_price, &state.config.currency),
        status: EventStatus::at(db::from_micros(now), starts_at, ends_at),
        starts_at,
        ends_at,
        unit_limit: event.unit_limit.and_then(|l| u32::try_from(l).ok()),
    }
}

/// One page of the public listing.
pub async fn list(
    state: &AppState,
    mut listing: Listing,
    cursor: Option<&str>,
) -> ApiResult<Page<ProductCard>> {
    listing.after = cursor.map(Cursor::decode).transpose()?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = cards::list(
        &mut conn,
        state.db.dialect,
        &listing,
        state.clock.now_micros(),
    )
    .await?;
    Ok(into_page(
        rows,
        listing.limit,
        |(row, key)| Cursor::new(*key, row.id),
        |(row, _)| card(state, row),
    ))
}

/// Every product of the seller's own shop, archived, unpictured and hidden ones too.
pub async fn shop_products(state: &AppState, shop: ShopId) -> ApiResult<Page<ProductCard>> {
    let mut conn = state.db.pool.acquire().await?;
    let ids = products::ids_of_shop(&mut conn, shop).await?;
    let rows = cards::by_ids_with_hidden(&mut conn, &ids, state.clock.now_micros()).await?;
    Ok(Page {
        items: rows.into_iter().map(|row| card(state, row)).collect(),
        next_cursor: None,
    })
}
