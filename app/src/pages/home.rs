//! The front page: hero, categories, the running event, best deals, featured products, shops;
//! and "not found".

use crate::api::catalog::{ProductQuery, events, products};
use crate::components::catalog::{Countdown, PriceTag, ProductsOrStatus, Thumbnail};
use crate::format;
use crate::pages::products::Filter;
use crate::routes::Route;
use crate::session::use_session;
use bazaar_shared::catalog::{CATEGORIES, ProductCard, ShopSummary};
use bazaar_shared::event::Event;
use dioxus::prelude::*;

#[component]
pub fn Home() -> Element {
    let session = use_session();
    let greeting = session
        .read()
        .user()
        .map(|me| format!("Welcome back, {}.", me.name));
    let newest = use_resource(|| async move {
        let query = ProductQuery {
            limit: "48".into(),
            ..Default::default()
        };
        products(&query, "").await.map(|p| p.items)
    });
    let featured = use_resource(|| async move {
        let query = ProductQuery {
            sort: "top_rated".into(),
            in_stock: "true".into(),
            limit: "8".into(),
            ..Default::default()
        };
        products(&query, "").await.map(|p| p.items)
    });
    let deals = newest
        .read()
        .clone()
        .map(|r| r.map(|items| best_deals(items, 4)));
    let shops = newest
        .read()
        .clone()
        .map(|r| r.map(shops_of).unwrap_or_default());

    rsx! {
        document::Title { "Bazaar · independent shops, one checkout" }
        section { class: "hero",
            div { class: "container hero-inner",
                if let Some(greeting) = greeting {
                    p { class: "eyebrow", "{greeting}" }
                }
                h1 { "Independent shops, one checkout." }
                p { class: "lead",
                    "Find things made and sold by people who care about them, and buy from several shops at once."
                }
                div { class: "hero-actions",
                    Link { class: "button button-primary", to: Route::Products { filter: Filter::default() }, "Browse products" }
                    Link { class: "button button-secondary", to: Route::SellerSignUp {}, "Open your shop" }
                }
            }
        }
        section { class: "container section", aria_labelledby: "categories-title",
            h2 { id: "categories-title", "Shop by category" }
            ul { class: "category-tiles",
                for (slug, name) in CATEGORIES.iter().copied() {
                    li { key: "{slug}",
                        Link { to: Route::Products { filter: Filter { category: slug.to_string(), ..Default::default() } }, "{name}" }
                    }
                }
            }
        }
        RunningEvent {}
        section { class: "container section", aria_labelledby: "deals-title",
            div { class: "section-head",
                h2 { id: "deals-title", "Best deals" }
                Link { to: Route::Products { filter: Filter { sort: "price_asc".into(), ..Default::default() } }, "See all" }
            }
            ProductsOrStatus { products: deals, empty: "No deals right now.", skeletons: 4 }
        }
        section { class: "container section", aria_labelledby: "featured-title",
            div { class: "section-head",
                h2 { id: "featured-title", "Featured products" }
                Link { to: Route::Products { filter: Filter { sort: "top_rated".into(), ..Default::default() } }, "See all" }
            }
            ProductsOrStatus { products: featured.read().clone(), empty: "Shops are still setting up their shelves." }
        }
        section { class: "container section", aria_labelledby: "shops-title",
            h2 { id: "shops-title", "Shops" }
            match shops {
                None => rsx! { div { class: "skeleton skeleton-line" } },
                Some(shops) if shops.is_empty() => rsx! { p { class: "muted", "No shops have opened yet." } },
                Some(shops) => rsx! {
                    ul { class: "shop-tiles",
                        for shop in shops {
                            li { key: "{shop.id}",
                                Link { to: Route::ShopPage { id: shop.id.to_string() },
                                    span { class: "shop-avatar shop-avatar-empty", aria_hidden: true, "{shop.name.chars().next().unwrap_or('S')}" }
                                    span { "{shop.name}" }
                                }
                            }
                        }
                    }
                },
            }
        }
    }
}

/// The biggest discounts first.
fn best_deals(mut items: Vec<ProductCard>, n: usize) -> Vec<ProductCard> {
    items.retain(|p| p.in_stock && p.effective_price.amount < p.original_price.amount);
    items.sort_by_key(|p| {
        std::cmp::Reverse(format::percent_off(&p.original_price, &p.effective_price).unwrap_or(0))
    });
    items.truncate(n);
    items
}

/// The shops of these products, each once, in order of appearance.
fn shops_of(items: Vec<ProductCard>) -> Vec<ShopSummary> {
    let mut shops: Vec<ShopSummary> = Vec::new();
    for p in items {
        if !shops.iter().any(|s| s.id == p.shop.id) {
            shops.push(p.shop);
        }
    }
    shops.truncate(12);
    shops
}

/// The event running now, with its countdown; nothing when none runs.
#[component]
fn RunningEvent() -> Element {
    let running = use_resource(|| async move { events(None, "running").await });
    let event = match &*running.read() {
        Some(Ok(page)) => page.items.first().cloned(),
        _ => None,
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
            Link { class: "event-feature-picture", to: Route::ProductPage { id: event.product.id.to_string() },
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
                Link { class: "button button-primary", to: Route::ProductPage { id: event.product.id.to_string() }, "See the product" }
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
