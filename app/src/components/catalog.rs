//! What shoppers see of products everywhere: cards, grids, prices, ratings, countdowns.

use crate::api::ApiError;
use crate::components::status::WishButton;
use crate::format;
use crate::routes::Route;
use bazaar_shared::catalog::{ProductCard as Card, Rating};
use bazaar_shared::image::Image;
use bazaar_shared::money::Money;
use dioxus::prelude::*;
use time::OffsetDateTime;

/// A product in a grid: picture, name, shop, price, rating, and the heart.
#[component]
pub fn ProductCard(product: Card) -> Element {
    let id = product.id;
    rsx! {
        article { class: "product-card", "data-product-id": "{id}",
            Link { class: "product-card-link", to: Route::ProductPage { id },
                // The name follows in the same link: the picture says nothing more.
                Thumbnail { image: product.thumbnail.clone(), alt: String::new() }
                h3 { class: "product-card-name", "{product.name}" }
            }
            p { class: "product-card-shop muted",
                Link { to: Route::ShopPage { id: product.shop.id }, "{product.shop.name}" }
            }
            PriceTag { now: product.effective_price.clone(), original: product.original_price.clone() }
            div { class: "product-card-foot",
                Stars { rating: product.rating.clone() }
                if !product.in_stock {
                    span { class: "badge badge-muted", "Sold out" }
                } else if product.sale.is_some() {
                    span { class: "badge badge-accent", "Event price" }
                }
            }
            div { class: "product-card-wish",
                WishButton { product: product.id, name: product.name.clone(), compact: true }
            }
        }
    }
}

/// A picture of known size, so nothing moves when it arrives; a plain tile when there is none.
#[component]
pub fn Thumbnail(image: Option<Image>, alt: String) -> Element {
    match image {
        Some(image) => rsx! {
            img {
                class: "thumb",
                src: "{image.thumb_url}",
                alt: "{alt}",
                width: "{image.width}",
                height: "{image.height}",
                loading: "lazy",
                decoding: "async",
            }
        },
        None => rsx! {
            div { class: "thumb thumb-empty", role: "img", aria_label: "{alt}: no picture yet", "No picture" }
        },
    }
}

/// The price now, with the original struck through when it is lower.
#[component]
pub fn PriceTag(now: Money, original: Money, #[props(default)] large: bool) -> Element {
    let off = format::percent_off(&original, &now);
    rsx! {
        p { class: if large { "price price-large" } else { "price" },
            span { class: "price-now", "{format::price(&now)}" }
            if off.is_some() {
                s { class: "price-was",
                    span { class: "visually-hidden", "was " }
                    "{format::price(&original)}"
                }
            }
            if let Some(off) = off {
                span { class: "price-off", "−{off}%" }
            }
        }
    }
}

#[component]
pub fn Stars(rating: Rating) -> Element {
    if rating.count == 0 {
        return rsx! { span { class: "stars muted", "No reviews yet" } };
    }
    let full = rating.average.round() as usize;
    let average = format::rating(rating.average);
    let stars: String = "★".repeat(full.min(5)) + &"☆".repeat(5 - full.min(5));
    rsx! {
        span { class: "stars", role: "img", aria_label: "Rated {average} out of 5 by {format::buyers(rating.count)}",
            span { aria_hidden: true, class: "stars-glyphs", "{stars}" }
            span { class: "muted", aria_hidden: true, " {average} ({rating.count})" }
        }
    }
}

/// A grid of cards.
#[component]
pub fn ProductGrid(products: Vec<Card>) -> Element {
    rsx! {
        div { class: "product-grid",
            for product in products {
                ProductCard { key: "{product.id}", product }
            }
        }
    }
}

/// Grey cards where products are about to appear.
#[component]
pub fn ProductGridSkeleton(#[props(default = 8)] count: usize) -> Element {
    rsx! {
        div { class: "product-grid", aria_busy: true, aria_label: "Loading products",
            for i in 0..count {
                div { key: "{i}", class: "product-card skeleton-card", aria_hidden: true,
                    div { class: "skeleton skeleton-image" }
                    div { class: "skeleton skeleton-line" }
                    div { class: "skeleton skeleton-line short" }
                }
            }
        }
    }
}

/// Products as they load: skeletons, then the grid, or why not.
#[component]
pub fn ProductsOrStatus(
    products: Option<Result<Vec<Card>, ApiError>>,
    #[props(default = "Nothing here yet.")] empty: &'static str,
    #[props(default = 8)] skeletons: usize,
) -> Element {
    match products {
        None => rsx! { ProductGridSkeleton { count: skeletons } },
        Some(Err(e)) => rsx! { crate::components::status::LoadError { message: e.message() } },
        Some(Ok(list)) if list.is_empty() => {
            rsx! { crate::components::status::EmptyState { title: empty } }
        }
        Some(Ok(list)) => rsx! { ProductGrid { products: list } },
    }
}

/// Time left until `until`, ticking every second; `done` once it has passed.
#[component]
pub fn Countdown(until: OffsetDateTime, #[props(default = "Ended")] done: &'static str) -> Element {
    let mut now = use_signal(format::now);
    use_future(move || async move {
        loop {
            gloo_timers::future::TimeoutFuture::new(1_000).await;
            now.set(format::now());
        }
    });
    let text = format::countdown(until, now()).unwrap_or_else(|| done.to_string());
    rsx! {
        span { class: "countdown", role: "timer", "{text}" }
    }
}
