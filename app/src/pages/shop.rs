//! A shop's public page: profile, products, events.

use crate::api;
use crate::components::catalog::{ProductsOrStatus, Stars};
use crate::components::message_seller::MessageSellerButton;
use crate::components::status::use_load;
use crate::components::status::{LoadError, TextSkeleton};
use crate::components::title::PageTitle;
use crate::format;
use crate::pages::home::{EventFeature, ShopAvatar};
use bazaar_shared::ShopId;
use bazaar_shared::listing::ProductQuery;
use bazaar_shared::shop::PublicShop;
use dioxus::prelude::*;

#[component]
pub fn ShopPage(id: ShopId) -> Element {
    let shop = use_load(use_reactive!(|id| async move {
        api::shop::shop(id).await.map_err(|e| e.message())
    }));
    let body = match &*shop.read() {
        None => rsx! { TextSkeleton { lines: 4 } },
        Some(Err(why)) => rsx! { LoadError { message: why.clone() } },
        Some(Ok(shop)) => rsx! { ShopProfile { shop: shop.clone() } },
    };
    rsx! {
        section { class: "container section", {body} }
    }
}

#[component]
fn ShopProfile(shop: PublicShop) -> Element {
    let shop_id = shop.id;
    let products = use_load(use_reactive!(|shop_id| async move {
        let query = ProductQuery {
            shop_id: Some(shop_id),
            limit: Some(48),
            ..Default::default()
        };
        api::catalog::products(&query).await.map(|p| p.items)
    }));
    let events = use_load(use_reactive!(|shop_id| async move {
        api::catalog::events(Some(shop_id), "").await
    }));
    let product_count = match shop.product_count {
        1 => "1 product listed".to_string(),
        n => format!("{n} products listed"),
    };
    let live_events: Vec<_> = match &*events.read() {
        Some(Ok(page)) => page
            .items
            .iter()
            .filter(|e| e.summary.status != bazaar_shared::event::EventStatus::Ended)
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    rsx! {
        PageTitle { text: "{shop.name} · Bazaar" }
        header { class: "shop-header",
            ShopAvatar { shop: shop.clone(), size: 96 }
            div {
                h1 { "{shop.name}" }
                p { class: "shop-stats", "data-testid": "shop-stats",
                    Stars { rating: shop.rating.clone() }
                    span { class: "shop-stat", "{product_count}" }
                }
                if !shop.description.is_empty() {
                    p { class: "lead", "{shop.description}" }
                }
                p { class: "muted", "{shop.address} · on Bazaar since {format::date(shop.joined_at)}" }
                MessageSellerButton { shop_id }
            }
        }
        if !live_events.is_empty() {
            section { class: "section-block", aria_labelledby: "shop-events",
                h2 { id: "shop-events", "Events" }
                div { class: "event-list",
                    for event in live_events {
                        EventFeature { key: "{event.summary.id}", heading_id: format!("event-{}", event.summary.id), event }
                    }
                }
            }
        }
        section { class: "section-block", aria_labelledby: "shop-products",
            h2 { id: "shop-products", "Products" }
            ProductsOrStatus { products: products.read().clone(), empty: "This shop has no products listed yet." }
        }
    }
}
