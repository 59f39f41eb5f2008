//! Products, events and reviews for admins: the lists, hiding (or restoring) a product or an
//! event, and removing a review.

use super::{audit, page};
use crate::AppState;
use crate::auth::Admin;
use crate::db::events::{self, AdminEventRow};
use crate::db::products::{self, AdminProductRow};
use crate::db::reviews::{self, AdminReviewRow};
use crate::db::{self, HiddenRecord};
use crate::error::{ApiError, ApiResult};
use crate::jobs;
use crate::pagination::{Cursor, SortValue, into_page};
use crate::services::orders::{Notice, queue_mail};
use bazaar_shared::admin::{
    AdminEvent, AdminEventQuery, AdminProduct, AdminProductQuery, AdminReview, AdminReviewQuery,
    AuditAction, Hidden, HiddenChange, ProductRef, ReviewRemoval,
};
use bazaar_shared::catalog::{Page, Rating, ShopSummary};
use bazaar_shared::event::EventStatus;
use bazaar_shared::money::Money;
use bazaar_shared::review::ReviewAuthor;
use bazaar_shared::{EventId, ProductId, ReviewId, ShopId};
use uuid::Uuid;

pub async fn products(
    state: &AppState,
    _: &Admin,
    query: &AdminProductQuery,
) -> ApiResult<Page<AdminProduct>> {
    let (after, limit) = page(query.validate(), query.cursor.as_deref(), query.limit)?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = products::list(&mut conn, query, after, limit).await?;
    Ok(into_page(
        rows,
        limit,
        |p| Cursor::new(SortValue::Int(p.sort_key), p.product.id),
        |p| product_view(state, p),
    ))
}

fn product_view(state: &AppState, row: AdminProductRow) -> AdminProduct {
    let p = row.product;
    AdminProduct {
        id: p.id,
        name: p.name,
        shop: ShopSummary {
            id: p.shop_id,
            name: row.shop_name,
        },
        shop_banned: row.shop_banned,
        thumbnail: row.thumbnail.as_ref().map(|t| state.media.image(t)),
        category: p.category,
        price: Money::new(p.price, &state.config.currency),
        stock: p.stock,
        sold_count: row.sold_count,
        rating: Rating::from_sum(row.rating_sum, row.rating_count),
        status: p.status,
        hidden: p.hidden.map(Hidden::from),
        created_at: db::from_micros(p.created_at),
    }
}

pub async fn events(
    state: &AppState,
    _: &Admin,
    query: &AdminEventQuery,
) -> ApiResult<Page<AdminEvent>> {
    let (after, limit) = page(query.validate(), query.cursor.as_deref(), query.limit)?;
    let now = state.clock.now_micros();
    let mut conn = state.db.pool.acquire().await?;
    let rows = events::admin_list(&mut conn, query, after, limit, now).await?;
    Ok(into_page(
        rows,
        limit,
        |e| Cursor::new(SortValue::Int(e.sort_key), e.event.id),
        |e| event_view(state, e, now),
    ))
}

fn event_view(state: &AppState, row: AdminEventRow, now: i64) -> AdminEvent {
    let e = row.event;
    let (starts_at, ends_at) = (db::from_micros(e.starts_at), db::from_micros(e.ends_at));
    AdminEvent {
        id: e.id,
        name: e.name,
        shop: ShopSummary {
            id: e.shop_id,
            name: row.shop_name,
        },
        shop_banned: row.shop_banned,
        product: ProductRef {
            id: e.product_id,
            name: row.product_name,
        },
        event_price: Money::new(e.event_price, &state.config.currency),
        status: EventStatus::at(db::from_micros(now), starts_at, ends_at),
        starts_at,
        ends_at,
        unit_limit: e.unit_limit,
        units_sold: row.units_sold,
        hidden: e.hidden.map(Hidden::from),
        created_at: db::from_micros(row.created_at),
    }
}

/// The record `change` asks to hide with, or `None` to restore.
fn hidden_record(state: &AppState, change: &HiddenChange) -> Option<HiddenRecord> {
    change.hidden.then(|| HiddenRecord {
        at: state.clock.now_micros(),
        reason: change.reason.trim().to_owned(),
    })
}

fn unchanged(change: &HiddenChange) -> ApiError {
    ApiError::conflict(if change.hidden {
        "it is hidden already"
    } else {
        "it is not hidden"
    })
}

/// A product or an event an admin hid or restored.
struct Listing {
    action: AuditAction,
    target: Uuid,
    shop: ShopId,
    /// "product Desk lamp", "event Lamp week".
    what: String,
    /// The shop's page for it.
    link: String,
}

/// Inside the transaction that hid or restored the listing: its audit entry, and the mail
/// that tells its shop's owner why.
async fn record_visibility(
    state: &AppState,
    admin: &Admin,
    conn: &mut sqlx::AnyConnection,
    listing: Listing,
    change: &HiddenChange,
) -> ApiResult<Option<jobs::Claimed>> {
    let reason = change.reason.trim();
    let Listing {
        action,
        target,
        shop,
        what,
        link,
    } = listing;
    audit::record(state, conn, admin, action, target, reason, what.clone()).await?;
    let owner = db::shops::owner(conn, shop)
        .await?
        .ok_or(ApiError::NotFound("shop"))?;
    let (subject, intro) = if change.hidden {
        (
            format!("Your {what} was hidden"),
            format!(
                "An admin hid your {what} from the marketplace: {reason}. Buyers cannot see or \
                 buy it until an admin restores it."
            ),
        )
    } else {
        (
            format!("Your {what} is back"),
            format!("An admin restored your {what} on the marketplace: {reason}."),
        )
    };
    let notice = Notice {
        subject,
        intro,
        action: "See it",
        link,
    };
    queue_mail(state, conn, owner, notice).await
}

/// Hides the product (out of listings, search, carts and checkout; its shop sees why) or
/// restores it.
pub async fn set_product_hidden(
    state: &AppState,
    admin: &Admin,
    id: ProductId,
    change: &HiddenChange,
) -> ApiResult<AdminProduct> {
    change.validate()?;
    let mut tx = state.db.begin().await?;
    let product = products::find(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound("product"))?;
    if !products::set_hidden(&mut tx, id, hidden_record(state, change).as_ref()).await? {
        return Err(unchanged(change));
    }
    let listing = Listing {
        action: if change.hidden {
            AuditAction::HideProduct
        } else {
            AuditAction::RestoreProduct
        },
        target: id.0,
        shop: product.shop_id,
        what: format!("product {}", product.name),
        link: format!("{}/shop/products/{id}/edit", state.config.public_url),
    };
    let mail = record_visibility(state, admin, &mut tx, listing, change).await?;
    let row = products::admin_find(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound("product"))?;
    tx.commit().await?;
    // At once: the middleware empties it too, but only once the mail below has been tried.
    state.listing_cache.invalidate();
    jobs::run_now(state, mail).await;
    Ok(product_view(state, row))
}

/// Hides the event (out of the event listings, and its sale price no longer applies; its
/// shop sees why) or restores it.
pub async fn set_event_hidden(
    state: &AppState,
    admin: &Admin,
    id: EventId,
    change: &HiddenChange,
) -> ApiResult<AdminEvent> {
    change.validate()?;
    let mut tx = state.db.begin().await?;
    let event = events::find(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound("event"))?;
    if !events::set_hidden(&mut tx, id, hidden_record(state, change).as_ref()).await? {
        return Err(unchanged(change));
    }
    let listing = Listing {
        action: if change.hidden {
            AuditAction::HideEvent
        } else {
            AuditAction::RestoreEvent
        },
        target: id.0,
        shop: event.shop_id,
        what: format!("event {}", event.name),
        link: format!("{}/shop/events/{id}/edit", state.config.public_url),
    };
    let mail = record_visibility(state, admin, &mut tx, listing, change).await?;
    let row = events::admin_find(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound("event"))?;
    tx.commit().await?;
    state.listing_cache.invalidate();
    jobs::run_now(state, mail).await;
    Ok(event_view(state, row, state.clock.now_micros()))
}

pub async fn reviews(
    state: &AppState,
    _: &Admin,
    query: &AdminReviewQuery,
) -> ApiResult<Page<AdminReview>> {
    let (after, limit) = page(query.validate(), query.cursor.as_deref(), query.limit)?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = reviews::list(&mut conn, query, after, limit).await?;
    Ok(into_page(
        rows,
        limit,
        |(r, key)| Cursor::new(SortValue::Int(*key), r.review.id),
        |(r, _)| review_view(state, r),
    ))
}

fn review_view(state: &AppState, row: AdminReviewRow) -> AdminReview {
    let r = row.review;
    AdminReview {
        id: r.id,
        product: ProductRef {
            id: r.product_id,
            name: row.product_name,
        },
        shop: ShopSummary {
            id: row.shop_id,
            name: row.shop_name,
        },
        author: ReviewAuthor {
            id: r.user_id,
            name: r.user_name,
            avatar: r.user_avatar.as_ref().map(|a| state.media.image(a)),
        },
        order_id: r.order_id,
        rating: r.rating,
        comment: r.comment,
        created_at: db::from_micros(r.created_at),
    }
}

/// Removes the review; its product's rating (and so its shop's) no longer counts it. The
/// audit entry keeps what it said.
pub async fn remove_review(
    state: &AppState,
    admin: &Admin,
    id: ReviewId,
    removal: &ReviewRemoval,
) -> ApiResult<()> {
    removal.validate()?;
    let mut tx = state.db.begin().await?;
    let row = reviews::find(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    if !reviews::remove(&mut tx, &row.review).await? {
        return Err(ApiError::NotFound("review"));
    }
    let r = &row.review;
    let detail = format!(
        "{} stars by {} on {}: {}",
        r.rating, r.user_name, row.product_name, r.comment
    );
    audit::record(
        state,
        &mut tx,
        admin,
        AuditAction::RemoveReview,
        id.0,
        &removal.reason,
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
