//! The cart: lines grouped by shop, quantities, remove, subtotals and the total.

use crate::action::use_action;
use crate::cart::use_cart;
use crate::components::catalog::Thumbnail;
use crate::components::status::EmptyState;
use crate::components::title::PageTitle;
use crate::format;
use crate::routes::Route;
use crate::session::use_session;
use crate::toast::use_toasts;
use bazaar_shared::cart::{CartLine, CartShop, MAX_QUANTITY};
use bazaar_shared::listing::ProductQuery;
use dioxus::prelude::*;

#[component]
pub fn CartPage() -> Element {
    let cart = use_cart();
    let session = use_session();
    let view = cart.view();
    let signed_in = session.read().user().is_some();
    let body = if view.shops.is_empty() {
        rsx! {
            EmptyState { title: "Your cart is empty.",
                Link { class: "button button-primary", to: Route::Products { query: ProductQuery::default() }, "Browse products" }
            }
        }
    } else {
        rsx! {
            div { class: "cart-layout",
                div { class: "cart-shops",
                    for shop in view.shops.iter().cloned() {
                        CartShopGroup { key: "{shop.shop.id}", shop }
                    }
                }
                aside { class: "cart-summary", aria_label: "Order summary",
                    h2 { "Summary" }
                    dl { class: "summary-rows",
                        dt { "Items" }
                        dd { "{view.item_count}" }
                        dt { "Total" }
                        dd { class: "cart-total", "data-testid": "cart-total", "{format::price(&view.total)}" }
                    }
                    p { class: "muted", "Prices are checked again at checkout, with any running event prices." }
                    if signed_in {
                        Link { class: "button button-primary button-wide", id: "checkout-link", to: Route::Checkout {}, "Checkout" }
                    } else {
                        p { "Your cart is kept on this device. Sign in to keep it on every device." }
                        Link { class: "button button-primary button-wide", to: Route::SignIn {}, "Sign in to check out" }
                    }
                }
            }
        }
    };
    rsx! {
        PageTitle { text: "Cart · Bazaar" }
        section { class: "container section",
            h1 { "Your cart" }
            {body}
        }
    }
}

#[component]
fn CartShopGroup(shop: CartShop) -> Element {
    rsx! {
        section { class: "cart-shop", aria_label: "From {shop.shop.name}",
            h2 { class: "cart-shop-name",
                Link { to: Route::ShopPage { id: shop.shop.id }, "{shop.shop.name}" }
            }
            ul { class: "cart-lines",
                for line in shop.lines.iter().cloned() {
                    CartLineRow { key: "{line.product.id}", line }
                }
            }
            p { class: "cart-subtotal", "Subtotal " strong { "{format::price(&shop.subtotal)}" } }
        }
    }
}

#[component]
fn CartLineRow(line: CartLine) -> Element {
    let cart = use_cart();
    let toasts = use_toasts();
    let changing = use_action();
    let id = line.product.id;
    let input_id = format!("qty-{id}");
    let change = move |quantity: u32| changing.run(cart.set_quantity(id, quantity), |()| {});
    let remove = move |_| {
        changing.run(cart.remove(id), move |()| {
            toasts.success("Removed from your cart.")
        });
    };
    let quantity = line.quantity;
    let busy = changing.is_busy();
    rsx! {
        li { class: "cart-line", "data-product-id": "{id}",
            Link { class: "cart-line-picture", to: Route::ProductPage { id },
                Thumbnail { image: line.product.thumbnail.clone(), alt: line.product.name.clone() }
            }
            div { class: "cart-line-info",
                Link { class: "cart-line-name", to: Route::ProductPage { id }, "{line.product.name}" }
                p { class: "muted", "{format::price(&line.product.effective_price)} each" }
                if let Some(problem) = line.problem.clone() {
                    p { class: "field-errors", role: "alert", "{problem}" }
                }
            }
            div { class: "cart-line-qty", role: "group", aria_label: "Quantity of {line.product.name}",
                button {
                    class: "button button-ghost qty-step", r#type: "button",
                    aria_label: "One fewer", disabled: busy || quantity <= 1,
                    onclick: move |_| change(quantity - 1), "−"
                }
                label { class: "visually-hidden", r#for: "{input_id}", "Quantity" }
                input {
                    id: "{input_id}", class: "qty-input", r#type: "number", min: "1", max: "{MAX_QUANTITY}",
                    value: "{quantity}", disabled: busy,
                    onchange: move |e| {
                        if let Ok(q) = e.value().trim().parse::<u32>() && q >= 1 && q != quantity {
                            change(q);
                        }
                    },
                }
                button {
                    class: "button button-ghost qty-step", r#type: "button",
                    aria_label: "One more", disabled: busy || quantity >= MAX_QUANTITY,
                    onclick: move |_| change(quantity + 1), "+"
                }
            }
            p { class: "cart-line-total", "{format::price(&line.line_total)}" }
            button { class: "button button-ghost cart-remove", r#type: "button", disabled: busy, onclick: remove,
                aria_label: "Remove {line.product.name}", "Remove"
            }
        }
    }
}
