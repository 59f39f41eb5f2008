//! One product: gallery, price and event, stock, quantity, add to cart, the shop's card.

use crate::action::use_action;
use crate::api;
use crate::cart::use_cart;
use crate::components::catalog::{Countdown, PriceTag, Stars};
use crate::components::message_seller::MessageSellerButton;
use crate::components::paged::{MoreButton, use_pages};
use crate::components::status::use_load;
use crate::components::status::{LoadError, TextSkeleton, WishButton};
use crate::components::title::PageTitle;
use crate::format;
use crate::input;
use crate::routes::Route;
use crate::toast::use_toasts;
use bazaar_shared::ProductId;
use bazaar_shared::cart::MAX_QUANTITY;
use bazaar_shared::catalog::Product;
use bazaar_shared::event::{EventStatus, EventSummary};
use bazaar_shared::image::Image;
use bazaar_shared::listing::ProductQuery;
use bazaar_shared::review::Review;
use dioxus::prelude::*;

#[component]
pub fn ProductPage(id: ProductId) -> Element {
    let product = use_load(use_reactive!(|id| async move {
        api::catalog::product(id).await.map_err(|e| e.message())
    }));
    let body = match &*product.read() {
        None => rsx! {
            div { class: "product-layout",
                div { class: "skeleton gallery-skeleton" }
                TextSkeleton { lines: 5 }
            }
        },
        Some(Err(why)) => rsx! { LoadError { message: why.clone() } },
        Some(Ok(product)) => rsx! { ProductDetails { product: product.clone() } },
    };
    rsx! {
        section { class: "container section", {body} }
    }
}

#[component]
fn ProductDetails(product: Product) -> Element {
    let card = &product.card;
    let stock_text = match product.card.stock {
        0 => "Sold out".to_string(),
        n if n <= 5 => format!("Only {n} left"),
        n => format!("In stock ({n} available)"),
    };
    rsx! {
        PageTitle { text: "{card.name} · Bazaar" }
        nav { class: "breadcrumbs", aria_label: "Breadcrumb",
            Link { to: Route::Products { query: ProductQuery::default() }, "Products" }
            span { aria_hidden: true, " / " }
            Link {
                to: Route::Products { query: ProductQuery { category: Some(product.category.clone()), ..Default::default() } },
                "{format::category_name(&product.category)}"
            }
        }
        div { class: "product-layout",
            Gallery { images: product.images.clone(), name: card.name.clone() }
            div { class: "product-info",
                h1 { class: "product-title", "{card.name}" }
                p { class: "muted", "by "
                    Link { to: Route::ShopPage { id: card.shop.id }, "{card.shop.name}" }
                }
                Stars { rating: card.rating.clone() }
                PriceTag { now: card.effective_price.clone(), original: card.original_price.clone(), large: true }
                if let Some(event) = product.event.clone() {
                    EventNotice { event }
                }
                p { class: if product.card.stock > 0 { "stock stock-in" } else { "stock stock-out" }, "{stock_text}" }
                BuyBox { product: product.clone() }
                if !product.description.is_empty() {
                    h2 { class: "section-title", "About this product" }
                    p { class: "description", "{product.description}" }
                }
                if !product.tags.is_empty() {
                    ul { class: "tags", aria_label: "Tags",
                        for tag in product.tags.iter() {
                            li { key: "{tag}", "{tag}" }
                        }
                    }
                }
                ShopCard { product: product.clone() }
            }
        }
        section { class: "reviews", aria_labelledby: "reviews-title",
            h2 { id: "reviews-title", "Reviews" }
            if card.rating.count == 0 {
                p { class: "muted", "No reviews yet. Buyers can review a product once it is delivered." }
            } else {
                p { "Rated {format::rating(card.rating.average)} out of 5 by {format::buyers(card.rating.count)}." }
                // Keyed: another product starts its reviews afresh.
                {rsx! { ProductReviews { key: "{card.id}", product: card.id } }}
            }
        }
    }
}

/// The running sale (price and time left) or the next one (when it starts).
#[component]
fn EventNotice(event: EventSummary) -> Element {
    match event.status {
        EventStatus::Running => rsx! {
            div { class: "event-notice event-running", "data-testid": "event-notice",
                p { class: "event-name", strong { "{event.name}" } }
                p { "Event price " strong { class: "event-price", "{format::price(&event.event_price)}" } }
                p { "Ends in " Countdown { until: event.ends_at } }
            }
        },
        EventStatus::Upcoming => rsx! {
            div { class: "event-notice", "data-testid": "event-notice",
                p { class: "event-name", strong { "{event.name}" } }
                p { "Coming soon at " strong { class: "event-price", "{format::price(&event.event_price)}" } }
                p { "Starts in " Countdown { until: event.starts_at, done: "a moment" } }
            }
        },
        EventStatus::Ended => rsx! {},
    }
}

#[component]
fn Gallery(images: Vec<Image>, name: String) -> Element {
    let mut shown = use_signal(|| 0usize);
    let Some(current) = images
        .get(shown().min(images.len().saturating_sub(1)))
        .cloned()
    else {
        return rsx! { div { class: "gallery-main thumb-empty", role: "img", aria_label: "{name}: no picture yet", "No picture" } };
    };
    let count = images.len();
    rsx! {
        div { class: "gallery",
            img {
                class: "gallery-main",
                src: "{current.url}",
                alt: "{name}, picture {shown() + 1} of {count}",
                width: "{current.width}",
                height: "{current.height}",
            }
            if count > 1 {
                ul { class: "gallery-thumbs",
                    for (i, image) in images.iter().enumerate() {
                        li { key: "{image.id}",
                            button {
                                r#type: "button",
                                class: if i == shown() { "gallery-thumb current" } else { "gallery-thumb" },
                                aria_label: "Show picture {i + 1}",
                                aria_current: i == shown(),
                                onclick: move |_| shown.set(i),
                                img { src: "{image.thumb_url}", alt: "", width: "{image.width}", height: "{image.height}", loading: "lazy" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Quantity, add to cart and the wishlist heart.
#[component]
fn BuyBox(product: Product) -> Element {
    let cart = use_cart();
    let toasts = use_toasts();
    let mut quantity = use_signal(|| "1".to_string());
    let adding = use_action();
    let mut error = use_signal(|| None::<String>);
    let max = product.card.stock.clamp(0, i64::from(MAX_QUANTITY));
    let sold_out = product.card.stock == 0;
    let in_cart = cart.quantity_of(product.card.id);
    let card = product.card.clone();

    let add = move |e: FormEvent| {
        e.prevent_default();
        let qty = match input::quantity(&quantity(), max) {
            Ok(qty) => qty,
            Err(why) => {
                error.set(Some(why));
                return;
            }
        };
        error.set(None);
        adding.run(cart.add(card.clone(), qty), move |()| {
            toasts.success(if qty == 1 {
                "Added to your cart.".to_string()
            } else {
                format!("Added {qty} to your cart.")
            })
        });
    };
    let busy = adding.is_busy();

    rsx! {
        form { class: "buy-box", onsubmit: add, novalidate: true,
            div { class: "field quantity-field",
                label { r#for: "quantity", "Quantity" }
                input {
                    id: "quantity",
                    r#type: "number",
                    inputmode: "numeric",
                    min: "1",
                    max: "{max}",
                    value: "{quantity}",
                    disabled: sold_out,
                    aria_invalid: error().is_some(),
                    aria_describedby: "quantity-errors",
                    oninput: move |e| quantity.set(e.value()),
                }
                ul { id: "quantity-errors", class: "field-errors",
                    if let Some(error) = error() { li { "{error}" } }
                }
            }
            div { class: "buy-actions",
                button {
                    class: "button button-primary",
                    id: "add-to-cart",
                    r#type: "submit",
                    disabled: busy || sold_out,
                    aria_busy: busy,
                    if sold_out { "Sold out" } else if busy { "Adding…" } else { "Add to cart" }
                }
                WishButton { product: product.card.id, name: product.card.name.clone() }
            }
            if in_cart > 0 {
                p { class: "muted in-cart",
                    "{in_cart} in your cart · "
                    Link { to: Route::CartPage {}, "View cart" }
                }
            }
        }
    }
}

#[component]
fn ShopCard(product: Product) -> Element {
    let shop = product.card.shop.clone();
    let initial = shop.name.chars().next().unwrap_or('S');
    rsx! {
        aside { class: "shop-card", aria_label: "Sold by",
            if let Some(avatar) = product.shop_avatar.clone() {
                img { class: "shop-avatar", src: "{avatar.thumb_url}", alt: "", width: "56", height: "56", loading: "lazy" }
            } else {
                span { class: "shop-avatar shop-avatar-empty", aria_hidden: true, "{initial}" }
            }
            div {
                p { class: "muted shop-card-label", "Sold by" }
                p { class: "shop-card-name", "{shop.name}" }
                Link { to: Route::ShopPage { id: shop.id }, "Visit the shop" }
            }
            MessageSellerButton { shop_id: shop.id }
        }
    }
}

/// What buyers wrote, newest first, a page at a time.
#[component]
fn ProductReviews(product: ProductId) -> Element {
    let pages = use_pages(move |cursor| api::review::reviews(product, &cursor));
    match pages.items() {
        None => rsx! { TextSkeleton { lines: 3 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(reviews)) => rsx! {
            ul { class: "review-list", "data-testid": "reviews",
                for review in reviews {
                    ReviewItem { key: "{review.id}", review }
                }
            }
            if pages.has_more() {
                MoreButton { busy: pages.loading_more(), onclick: move |_| pages.load_more() }
            }
        },
    }
}

#[component]
fn ReviewItem(review: Review) -> Element {
    let stars = usize::from(review.rating.min(5));
    let glyphs = "★".repeat(stars) + &"☆".repeat(5 - stars);
    let initial = review.author.name.chars().next().unwrap_or('?');
    rsx! {
        li { class: "review",
            div { class: "review-head",
                if let Some(avatar) = review.author.avatar.as_ref() {
                    img { class: "avatar", src: "{avatar.thumb_url}", alt: "", width: "28", height: "28", loading: "lazy" }
                } else {
                    span { class: "avatar", aria_hidden: true, "{initial}" }
                }
                strong { "{review.author.name}" }
                span { class: "stars", role: "img", aria_label: "{review.rating} out of 5",
                    span { class: "stars-glyphs", aria_hidden: true, "{glyphs}" }
                }
                time { class: "muted", datetime: "{review.created_at}", "{format::date(review.created_at)}" }
            }
            if !review.comment.is_empty() {
                p { class: "review-comment", "{review.comment}" }
            }
        }
    }
}
