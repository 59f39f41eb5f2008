//! Flat readings of the answers whose shared types `#[serde(flatten)]` a part (a product's
//! card, a shop's public part, an event's summary). serde reads a flattened struct through a
//! buffer and compiles a second deserializer for every type inside it; these read the same
//! JSON with the deserializers every other call uses, then build the shared type. A field
//! added to the shared type fails to compile here until it is read.

use bazaar_shared::catalog::{
    Page, Product, ProductCard, ProductStatus, Rating, RunningSale, ShopSummary,
};
use bazaar_shared::event::{Event, EventStatus, EventSummary};
use bazaar_shared::image::Image;
use bazaar_shared::money::Money;
use bazaar_shared::shop::{MyShop, PublicShop, WithdrawMethod};
use bazaar_shared::{EventId, ProductId, ShopId, UserId};
use serde::Deserialize;
use time::OffsetDateTime;

#[derive(Deserialize)]
pub struct FlatProduct {
    id: ProductId,
    name: String,
    shop: ShopSummary,
    effective_price: Money,
    price: Money,
    original_price: Money,
    sale: Option<RunningSale>,
    rating: Rating,
    thumbnail: Option<Image>,
    in_stock: bool,
    stock: i64,
    status: ProductStatus,
    sold_count: i64,
    description: String,
    category: String,
    tags: Vec<String>,
    images: Vec<Image>,
    shop_avatar: Option<Image>,
    event: Option<EventSummary>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
}

impl From<FlatProduct> for Product {
    fn from(p: FlatProduct) -> Self {
        Product {
            card: ProductCard {
                id: p.id,
                name: p.name,
                shop: p.shop,
                effective_price: p.effective_price,
                price: p.price,
                original_price: p.original_price,
                sale: p.sale,
                rating: p.rating,
                thumbnail: p.thumbnail,
                in_stock: p.in_stock,
                stock: p.stock,
                status: p.status,
                sold_count: p.sold_count,
            },
            description: p.description,
            category: p.category,
            tags: p.tags,
            images: p.images,
            shop_avatar: p.shop_avatar,
            event: p.event,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Deserialize)]
pub struct FlatMyShop {
    id: ShopId,
    name: String,
    description: String,
    avatar: Option<Image>,
    address: String,
    phone: String,
    product_count: i64,
    rating: Rating,
    #[serde(with = "time::serde::rfc3339")]
    joined_at: OffsetDateTime,
    owner_id: UserId,
    postal_code: String,
    withdraw_method: Option<WithdrawMethod>,
}

impl From<FlatMyShop> for MyShop {
    fn from(s: FlatMyShop) -> Self {
        MyShop {
            shop: PublicShop {
                id: s.id,
                name: s.name,
                description: s.description,
                avatar: s.avatar,
                address: s.address,
                phone: s.phone,
                product_count: s.product_count,
                rating: s.rating,
                joined_at: s.joined_at,
            },
            owner_id: s.owner_id,
            postal_code: s.postal_code,
            withdraw_method: s.withdraw_method,
        }
    }
}

#[derive(Deserialize)]
pub struct FlatEvent {
    id: EventId,
    name: String,
    event_price: Money,
    status: EventStatus,
    #[serde(with = "time::serde::rfc3339")]
    starts_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    ends_at: OffsetDateTime,
    unit_limit: Option<u32>,
    shop_id: ShopId,
    description: String,
    product: ProductCard,
    banners: Vec<Image>,
}

impl From<FlatEvent> for Event {
    fn from(e: FlatEvent) -> Self {
        Event {
            summary: EventSummary {
                id: e.id,
                name: e.name,
                event_price: e.event_price,
                status: e.status,
                starts_at: e.starts_at,
                ends_at: e.ends_at,
                unit_limit: e.unit_limit,
            },
            shop_id: e.shop_id,
            description: e.description,
            product: e.product,
            banners: e.banners,
        }
    }
}

/// The answer read flat, as the shared type.
pub fn unflatten<F: Into<T>, T>(answer: Result<F, super::ApiError>) -> Result<T, super::ApiError> {
    answer.map(Into::into)
}

pub fn unflatten_page<F: Into<T>, T>(
    answer: Result<Page<F>, super::ApiError>,
) -> Result<Page<T>, super::ApiError> {
    answer.map(|page| Page {
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    })
}
