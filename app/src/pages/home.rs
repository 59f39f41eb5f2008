//! The front page: hero, categories, the running event, best deals, featured products, shops;
//! and "not found".

use crate::api;
use crate::api::ApiError;
use crate::api::catalog::{events, products};
use crate::components::catalog::{Countdown, PriceTag, ProductsOrStatus, Thumbnail};
use crate::components::status::LoadError;
use crate::components::status::use_load;
use crate::components::title::PageTitle;
use crate::format;
use crate::routes::Route;
use crate::session::use_session;
use bazaar_shared::catalog::{CATEGORIES, ProductSort};
use bazaar_shared::event::Event;
use bazaar_shared::listing::ProductQuery;
use bazaar_shared::shop::PublicShop;
use dioxus::prelude::*;

#[component]
pub fn Home() -> Element {
    let session = use_session();
    let eyebrow = session.read().user().map_or_else(
        || "A marketplace of independent shops".to_string(),
        |me| format!("Welcome back, {}.", me.name),
    );
    let featured = use_load(|| async move {
        let query = ProductQuery {
            sort: Some(ProductSort::TopRated),
            in_stock: Some(true),
            limit: Some(10),
            ..Default::default()
        };
        products(&query).await.map(|p| p.items)
    });
    let deals = use_load(|| async move {
        let query = ProductQuery {
            sort: Some(ProductSort::Discount),
            in_stock: Some(true),
            limit: Some(5),
            ..Default::default()
        };
        // The sort puts the biggest share off first; products at full price trail behind.
        products(&query).await.map(|p| {
            p.items
                .into_iter()
                .filter(|c| c.effective_price.amount < c.original_price.amount)
                .collect::<Vec<_>>()
        })
    });
    let shops = use_load(|| async move { api::shop::shops(12, "").await.map(|p| p.items) });

    rsx! {
        PageTitle { text: "Bazaar · independent shops, one checkout" }
        section { class: "hero",
            div { class: "container hero-inner",
                // Always one line here, so the heading does not move when the session arrives.
                p { class: "eyebrow", "{eyebrow}" }
                h1 { "Independent shops, one checkout." }
                p { class: "lead",
                    "Find things made and sold by people who care about them, and buy from several shops at once."
                }
                div { class: "hero-actions",
                    Link { class: "button button-primary", to: Route::Products { query: ProductQuery::default() }, "Browse products" }
                    Link { class: "button button-secondary", to: Route::SellerSignUp {}, "Open your shop" }
                }
            }
        }
        section { class: "container section home-categories", aria_labelledby: "categories-title",
            h2 { id: "categories-title", "Shop by category" }
            ul { class: "category-tiles",
                for (slug, name) in CATEGORIES.iter().copied() {
                    li { key: "{slug}",
                        Link { to: Route::Products { query: ProductQuery { category: Some(slug.to_string()), ..Default::default() } }, "{name}" }
                    }
                }
            }
        }
        section { class: "container section home-deals", aria_labelledby: "deals-title",
            div { class: "section-head",
                h2 { id: "deals-title", "Best deals" }
                Link { to: Route::Products { query: ProductQuery { sort: Some(ProductSort::Discount), ..Default::default() } }, "See all" }
            }
            ProductsOrStatus { products: deals.read().clone(), empty: "No deals right now.", skeletons: 5 }
        }
        RunningEvent {}
        section { class: "container section", aria_labelledby: "featured-title",
            div { class: "section-head",
                h2 { id: "featured-title", "Featured products" }
                Link { to: Route::Products { query: ProductQuery { sort: Some(ProductSort::TopRated), ..Default::default() } }, "See all" }
            }
            ProductsOrStatus { products: featured.read().clone(), empty: "Shops are still setting up their shelves.", skeletons: 10 }
        }
        section { class: "container section", aria_labelledby: "shops-title",
            h2 { id: "shops-title", "Shops" }
            ShopTiles { shops: shops.read().clone() }
        }
    }
}

/// The newest shops, each with its picture, rating and how much it lists.
#[component]
fn ShopTiles(shops: Option<Result<Vec<PublicShop>, ApiError>>) -> Element {
    match shops {
        None => rsx! { div { class: "skeleton skeleton-line" } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(shops)) if shops.is_empty() => {
            rsx! { p { class: "muted", "No shops have opened yet." } }
        }
        Some(Ok(shops)) => rsx! {
            ul { class: "shop-tiles",
                for shop in shops {
                    li { key: "{shop.id}",
                        Link { to: Route::ShopPage { id: shop.id },
                            ShopAvatar { shop: shop.clone(), size: 48 }
                            span { class: "shop-tile-text",
                                span { class: "shop-tile-name", "{shop.name}" }
                                span { class: "shop-tile-meta muted", "{shop_meta(&shop)}" }
                            }
                        }
                    }
                }
            }
        },
    }
}

/// `12 products · ★ 4.6 (31)`: what a shop tile and the shop page say about a shop.
fn shop_meta(shop: &PublicShop) -> String {
    let products = match shop.product_count {
        1 => "1 product".to_string(),
        n => format!("{n} products"),
    };
    if shop.rating.count == 0 {
        format!("{products} · no reviews yet")
    } else {
        format!(
            "{products} · ★ {} ({})",
            format::rating(shop.rating.average),
            shop.rating.count
        )
    }
}

/// The shop's picture, or its initial on a tile, at a fixed size so nothing moves.
#[component]
pub fn ShopAvatar(shop: PublicShop, size: u32) -> Element {
    let initial = shop.name.chars().next().unwrap_or('S');
    match shop.avatar {
        Some(avatar) => rsx! {
            img {
                class: "shop-avatar",
                src: "{avatar.thumb_url}",
                alt: "",
                width: "{size}",
                height: "{size}",
                style: "width: {size}px; height: {size}px",
                loading: "lazy",
                decoding: "async",
            }
        },
        None => rsx! {
            span {
                class: "shop-avatar shop-avatar-empty",
                style: "width: {size}px; height: {size}px",
                aria_hidden: true,
                "{initial}"
            }
        },
    }
}

/// The event running now, with its countdown; nothing when none runs.
#[component]
fn RunningEvent() -> Element {
    let running = use_load(|| async move { events(None, "running").await });
    let event = match &*running.read() {
        // Keep the event's place while it loads, so the sections below do not jump.
        None => {
            return rsx! {
                section { class: "container section", aria_hidden: true,
                    div { class: "skeleton event-skeleton" }
                }
            };
        }
        Some(Ok(page)) => page.items.first().cloned(),
        Some(Err(_)) => None,
    };
    let Some(event) = event else {
        return rsx! {};
    };
    rsx! {
        section { class: "container section", aria_labelledby: "event-title",
            EventFeature { event, heading_id: "event-title" }
        }
    }
}

/// One event, big: banner or product picture, prices, time left.
#[component]
pub fn EventFeature(event: Event, heading_id: String) -> Element {
    let summary = &event.summary;
    let picture = event
        .banners
        .first()
        .cloned()
        .or(event.product.thumbnail.clone());
    let running = summary.status == bazaar_shared::event::EventStatus::Running;
    rsx! {
        article { class: "event-feature",
            Link { class: "event-feature-picture", to: Route::ProductPage { id: event.product.id },
                Thumbnail { image: picture, alt: event.product.name.clone() }
            }
            div { class: "event-feature-body",
                p { class: "eyebrow", if running { "Event on now" } else { "Coming up" } }
                h2 { id: "{heading_id}", "{summary.name}" }
                if !event.description.is_empty() {
                    p { "{event.description}" }
                }
                p { class: "muted", "{event.product.name} · {event.product.shop.name}" }
                PriceTag { now: summary.event_price.clone(), original: event.product.original_price.clone(), large: true }
                p { class: "event-time",
                    if running {
                        "Ends in " Countdown { until: summary.ends_at }
                    } else {
                        "Starts in " Countdown { until: summary.starts_at, done: "a moment" }
                    }
                }
                Link { class: "button button-primary", to: Route::ProductPage { id: event.product.id }, "See the product" }
            }
        }
    }
}

#[component]
pub fn NotFound(segments: Vec<String>) -> Element {
    let path = format!("/{}", segments.join("/"));
    rsx! {
        section { class: "container section center",
            h1 { "Page not found" }
            p { class: "muted", "Nothing lives at {path}." }
            Link { class: "button button-primary", to: Route::Home {}, "Back to the front page" }
        }
    }
}
