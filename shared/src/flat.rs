//! Flat readings of the types that `#[serde(flatten)]` a part (a product's card, a shop's
//! public part, an event's summary). serde reads a flattened struct through a buffer and
//! compiles a second deserializer for every type inside it, which the web UI pays for in
//! size; these types deserialize through `#[serde(from = …)]` with the plain derive instead.
//! The wire shape is the same both ways. A field added to a shared type fails to compile
//! here until it is read.

use crate::admin::Hidden;
use crate::catalog::{Product, ProductCard, ProductStatus, Rating, RunningSale, ShopSummary};
use crate::event::{Event, EventStatus, EventSummary};
use crate::image::Image;
use crate::money::Money;
use crate::shop::{MyShop, PublicShop, WithdrawMethod};
use crate::{EventId, ProductId, ShopId, UserId};
use serde::Deserialize;
use time::OffsetDateTime;

#[derive(Deserialize)]
pub(crate) struct FlatProduct {
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
    hidden: Option<Hidden>,
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
            hidden: p.hidden,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct FlatMyShop {
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
pub(crate) struct FlatEvent {
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
    hidden: Option<Hidden>,
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
            hidden: e.hidden,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn at(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(seconds).unwrap()
    }

    fn card() -> ProductCard {
        let usd = |amount| Money::new(amount, "USD");
        ProductCard {
            id: ProductId(Uuid::from_u128(1)),
            name: "Desk lamp".into(),
            shop: ShopSummary {
                id: ShopId(Uuid::from_u128(2)),
                name: "Lamp Works".into(),
            },
            effective_price: usd(2500),
            price: usd(3000),
            original_price: usd(3500),
            sale: None,
            rating: Rating::from_sum(9, 2),
            thumbnail: None,
            in_stock: true,
            stock: 4,
            status: ProductStatus::Active,
            sold_count: 7,
        }
    }

    /// What the server writes (serde's flatten) reads back through the flat readers.
    fn round_trip<
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    >(
        value: T,
    ) {
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value, "{json}");
    }

    #[test]
    fn flattened_types_read_back_as_they_are_written() {
        round_trip(Product {
            card: card(),
            description: "Warm light".into(),
            category: "home".into(),
            tags: vec!["lamp".into()],
            images: Vec::new(),
            shop_avatar: None,
            event: None,
            hidden: Some(Hidden {
                reason: "Counterfeit".into(),
                at: at(1_700_000_200),
            }),
            created_at: at(1_700_000_000),
            updated_at: at(1_700_000_100),
        });
        round_trip(MyShop {
            shop: PublicShop {
                id: ShopId(Uuid::from_u128(2)),
                name: "Lamp Works".into(),
                description: "Lamps".into(),
                avatar: None,
                address: "1 Main St".into(),
                phone: "+1 555 010 0200".into(),
                product_count: 3,
                rating: Rating::from_sum(0, 0),
                joined_at: at(1_700_000_000),
            },
            owner_id: UserId(Uuid::from_u128(3)),
            postal_code: "12345".into(),
            withdraw_method: None,
        });
        round_trip(Event {
            summary: EventSummary {
                id: EventId(Uuid::from_u128(4)),
                name: "Lamp week".into(),
                event_price: Money::new(2500, "USD"),
                status: EventStatus::Running,
                starts_at: at(1_700_000_000),
                ends_at: at(1_700_086_400),
                unit_limit: Some(20),
            },
            shop_id: ShopId(Uuid::from_u128(2)),
            description: "Cheaper lamps".into(),
            product: card(),
            banners: Vec::new(),
            hidden: None,
        });
    }
}
