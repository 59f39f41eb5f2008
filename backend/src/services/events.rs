//! Events: a shop's time-boxed sale of one of its products.

use super::cards::card;
use super::products::event_summary;
use super::{gallery, uploads};
use crate::AppState;
use crate::db::events::{self, EventRecord};
use crate::db::images::{self, Gallery};
use crate::db::sessions::Principal;
use crate::db::{self, cards, products};
use crate::error::{ApiError, ApiResult};
use crate::pagination::{Cursor, SortValue, into_page};
use bazaar_shared::admin::Hidden;
use bazaar_shared::catalog::Page;
use bazaar_shared::event::{Event, EventInput, EventPatch, EventStatus, check_window};
use bazaar_shared::{EventId, FieldErrors, ImageId, ShopId};
use bytes::Bytes;
use sqlx::AnyConnection;

async fn owned(
    conn: &mut AnyConnection,
    principal: &Principal,
    id: EventId,
) -> ApiResult<EventRecord> {
    let event = events::find(conn, id)
        .await?
        .ok_or(ApiError::NotFound("event"))?;
    if !principal.may_manage(event.shop_id) {
        return Err(ApiError::Forbidden("this event belongs to another shop"));
    }
    Ok(event)
}

/// The rules that need stored data: the product is the event shop's, the event price is
/// below the product's price, and no other event of the product overlaps.
async fn check_against_store(
    conn: &mut AnyConnection,
    event: &EventRecord,
    except: Option<EventId>,
) -> ApiResult<()> {
    let product = products::find(conn, event.product_id)
        .await?
        .filter(|p| p.shop_id == event.shop_id)
        .ok_or_else(|| ApiError::invalid("product_id", "is not a product of your shop"))?;
    if event.event_price >= product.price {
        return Err(ApiError::invalid(
            "event_price",
            format!("must be below the product's price ({})", product.price),
        ));
    }
    if events::overlaps(
        conn,
        event.product_id,
        event.starts_at,
        event.ends_at,
        except,
    )
    .await?
    {
        return Err(ApiError::conflict(
            "another event of this product overlaps these dates",
        ));
    }
    Ok(())
}

pub async fn create(
    state: &AppState,
    principal: &Principal,
    input: &EventInput,
) -> ApiResult<Event> {
    let shop = super::shops::owned_shop(principal)?;
    input.validate(&state.config.currency, state.clock.now())?;
    let event = EventRecord {
        id: EventId(db::new_id()),
        shop_id: shop,
        product_id: input.product_id,
        name: input.name.clone(),
        description: input.description.clone(),
        event_price: input.event_price.amount,
        starts_at: db::micros(input.starts_at),
        ends_at: db::micros(input.ends_at),
        unit_limit: input.unit_limit.map(i64::from),
        hidden: None,
    };
    let mut tx = state.db.begin().await?;
    check_against_store(&mut tx, &event, None).await?;
    events::save(&mut tx, &event, state.clock.now_micros()).await?;
    tx.commit().await?;
    show(state, Some(principal), event.id).await
}

pub async fn update(
    state: &AppState,
    principal: &Principal,
    id: EventId,
    patch: &EventPatch,
) -> ApiResult<Event> {
    patch.validate(&state.config.currency)?;
    let now = state.clock.now_micros();
    let mut tx = state.db.begin().await?;
    let mut event = owned(&mut tx, principal, id).await?;
    if event.ends_at <= now {
        return Err(ApiError::conflict(
            "this event has ended and can no longer change",
        ));
    }
    if let Some(name) = &patch.name {
        name.clone_into(&mut event.name);
    }
    if let Some(description) = &patch.description {
        description.clone_into(&mut event.description);
    }
    if let Some(price) = &patch.event_price {
        event.event_price = price.amount;
    }
    if let Some(starts_at) = patch.starts_at {
        event.starts_at = db::micros(starts_at);
    }
    if let Some(ends_at) = patch.ends_at {
        event.ends_at = db::micros(ends_at);
    }
    if patch.clear_unit_limit {
        event.unit_limit = None;
    } else if let Some(limit) = patch.unit_limit {
        event.unit_limit = Some(i64::from(limit));
    }
    let mut errors = FieldErrors::new();
    check_window(
        &mut errors,
        db::from_micros(event.starts_at),
        db::from_micros(event.ends_at),
        db::from_micros(now),
    );
    errors.into_result()?;
    check_against_store(&mut tx, &event, Some(id)).await?;
    events::save(&mut tx, &event, state.clock.now_micros()).await?;
    tx.commit().await?;
    show(state, Some(principal), id).await
}

pub async fn delete(state: &AppState, principal: &Principal, id: EventId) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    owned(&mut tx, principal, id).await?;
    let banners: Vec<_> = events::banners_of(&mut tx, id).await?;
    events::delete(&mut tx, id).await?;
    for banner in &banners {
        images::delete(&mut tx, banner.id).await?;
    }
    tx.commit().await?;
    uploads::discard(state, &banners).await;
    Ok(())
}

/// Appends banners, up to `MAX_EVENT_BANNERS` in all.
pub async fn add_banners(
    state: &AppState,
    principal: &Principal,
    id: EventId,
    files: Vec<Bytes>,
) -> ApiResult<Event> {
    gallery::add(state, principal, Gallery::Event(id), files).await?;
    show(state, Some(principal), id).await
}

pub async fn delete_banner(
    state: &AppState,
    principal: &Principal,
    id: EventId,
    image: ImageId,
) -> ApiResult<Event> {
    gallery::remove(state, principal, Gallery::Event(id), image).await?;
    show(state, Some(principal), id).await
}

/// One event. A hidden one (or one of a hidden product) is visible to its shop (and
/// admins) only, who see why.
pub async fn show(state: &AppState, viewer: Option<&Principal>, id: EventId) -> ApiResult<Event> {
    let mut conn = state.db.pool.acquire().await?;
    let event = events::find(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound("event"))?;
    let owner_view = viewer.is_some_and(|v| v.may_manage(event.shop_id));
    if event.hidden.is_some() && !owner_view {
        return Err(ApiError::NotFound("event"));
    }
    let mut page = assemble(state, &mut conn, vec![event], owner_view).await?;
    page.pop().ok_or(ApiError::NotFound("event"))
}

/// Events with their product cards and banners: three queries for the whole page. Events
/// of hidden products are left out but for their shop's own view (`with_hidden`).
async fn assemble(
    state: &AppState,
    conn: &mut AnyConnection,
    records: Vec<EventRecord>,
    with_hidden: bool,
) -> ApiResult<Vec<Event>> {
    let now = state.clock.now_micros();
    let product_ids: Vec<_> = records.iter().map(|e| e.product_id).collect();
    let mut cards = if with_hidden {
        cards::by_ids_with_hidden(conn, &product_ids, now).await?
    } else {
        cards::by_ids(conn, &product_ids, now).await?
    };
    let ids: Vec<EventId> = records.iter().map(|e| e.id).collect();
    let banners = events::banners(conn, &ids).await?;
    let mut out = Vec::with_capacity(records.len());
    for event in records {
        // A card is missing when the shop is banned or an admin hid the product: its events
        // are hidden with it.
        let Some(position) = cards.iter().position(|c| c.id == event.product_id) else {
            continue;
        };
        let product = card(state, cards.swap_remove(position));
        let banners = banners
            .iter()
            .filter(|(owner, _)| *owner == event.id)
            .map(|(_, image)| state.media.image(image))
            .collect();
        out.push(Event {
            summary: event_summary(state, &event, now),
            shop_id: event.shop_id,
            description: event.description,
            product,
            banners,
            hidden: event.hidden.map(Hidden::from),
        });
    }
    Ok(out)
}

pub async fn list(
    state: &AppState,
    shop: Option<ShopId>,
    status: Option<EventStatus>,
    cursor: Option<&str>,
    limit: i64,
) -> ApiResult<Page<Event>> {
    let after = cursor.map(Cursor::decode_int).transpose()?;
    let mut conn = state.db.pool.acquire().await?;
    let records = events::list(
        &mut conn,
        shop,
        status,
        after,
        limit,
        state.clock.now_micros(),
    )
    .await?;
    let page = into_page(
        records,
        limit,
        |e| Cursor::new(SortValue::Int(e.starts_at), e.id),
        |e| e,
    );
    Ok(Page {
        items: assemble(state, &mut conn, page.items, false).await?,
        next_cursor: page.next_cursor,
    })
}
