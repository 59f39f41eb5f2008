//! The buyer's orders: the list, and one order with its live timeline, cancel, refund
//! request and a review form for each delivered line.

use crate::api;
use crate::components::form::{SubmitButton, TextField, use_form};
use crate::components::order::{
    OrderCard, OrderLines, OrderStatusBadge, OrderTimeline, OrderTotals, PaymentSummary,
    ShippingAddressBlock,
};
use crate::components::paged::{MoreButton, use_pages};
use crate::components::status::{
    ConfirmButton, EmptyState, Load, LoadError, TextSkeleton, use_load,
};
use crate::components::title::PageTitle;
use crate::format;
use crate::pages::seller::orders::SellerOrderActions;
use crate::realtime::{use_realtime, use_server_event};
use crate::routes::Route;
use crate::session::{Session, use_session};
use crate::toast::use_toasts;
use bazaar_shared::OrderId;
use bazaar_shared::listing::ProductQuery;
use bazaar_shared::order::{Order, OrderLine, OrderStatus};
use bazaar_shared::realtime::ServerEvent;
use bazaar_shared::review::ReviewInput;
use dioxus::prelude::*;

/// Shows `children` to a signed-in account, and a way to sign in to anyone else.
#[component]
pub fn SignedInOnly(what: &'static str, children: Element) -> Element {
    match &*use_session().read() {
        Session::Restoring => rsx! { TextSkeleton { lines: 4 } },
        Session::SignedOut => rsx! {
            EmptyState { title: "Sign in to see {what}.",
                Link { class: "button button-primary", to: Route::SignIn {}, "Sign in" }
            }
        },
        Session::SignedIn(_) => children,
    }
}

#[component]
pub fn MyOrders() -> Element {
    rsx! {
        PageTitle { text: "My orders · Bazaar" }
        section { class: "container section narrow-wide",
            h1 { "My orders" }
            SignedInOnly { what: "your orders", BuyerOrderList {} }
        }
    }
}

#[component]
fn BuyerOrderList() -> Element {
    let pages = use_pages(|cursor| api::order::my_orders(&cursor));
    // Status changes arrive live; an order placed elsewhere shows on the next visit.
    use_server_event(move |event| {
        if let ServerEvent::OrderUpdated { order } = event {
            pages.update(|o| {
                if o.id == order.id {
                    *o = (*order).clone();
                }
            });
        }
    });
    match pages.items() {
        None => rsx! { TextSkeleton { lines: 6 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(orders)) if orders.is_empty() => rsx! {
            EmptyState { title: "You have not ordered anything yet.",
                Link { class: "button button-primary", to: Route::Products { query: ProductQuery::default() }, "Browse products" }
            }
        },
        Some(Ok(orders)) => rsx! {
            ul { class: "order-list",
                for order in orders {
                    li { key: "{order.id}", class: "order-card", "data-order-id": "{order.id}",
                        OrderCard { to: Route::OrderPage { id: order.id }, order: order.clone() }
                    }
                }
            }
            if pages.has_more() {
                MoreButton { busy: pages.loading_more(), onclick: move |_| pages.load_more() }
            }
        },
    }
}

/// One order, loaded and then kept current by the websocket (and reloaded after a reconnect).
pub fn use_live_order(id: OrderId) -> Load<Result<Order, String>> {
    let mut order = use_load(use_reactive!(|id| async move {
        api::order::order(id).await.map_err(|e| e.message())
    }));
    use_server_event(move |event| {
        if let ServerEvent::OrderUpdated { order: pushed } = event
            && matches!(&*order.peek(), Some(Ok(shown)) if shown.id == pushed.id)
        {
            order.set(Some(Ok(*pushed)));
        }
    });
    let realtime = use_realtime();
    let mut reconnects = use_hook(|| CopyValue::new(realtime.reconnected()));
    use_effect(move || {
        let now = realtime.reconnected();
        if now != *reconnects.peek() {
            reconnects.set(now);
            order.restart();
        }
    });
    order
}

#[component]
pub fn OrderPage(id: OrderId) -> Element {
    rsx! {
        section { class: "container section",
            SignedInOnly { what: "this order", LiveOrder { id, seller: false } }
        }
    }
}

/// An order page for its buyer or its seller.
#[component]
pub fn LiveOrder(id: OrderId, seller: bool) -> Element {
    let mut order = use_live_order(id);
    let on_change = move |changed: Order| order.set(Some(Ok(changed)));
    match &*order.read() {
        None => rsx! { TextSkeleton { lines: 8 } },
        Some(Err(why)) => rsx! { LoadError { message: why.clone() } },
        Some(Ok(o)) => rsx! { OrderDetails { order: o.clone(), seller, on_change } },
    }
}

#[component]
fn OrderDetails(order: Order, seller: bool, on_change: EventHandler<Order>) -> Element {
    let title = if seller {
        format!("Order from {}", order.buyer.name)
    } else {
        format!("Your order from {}", order.shop.name)
    };
    let reviewable = !seller && order.status == OrderStatus::Delivered;
    let order_id = order.id;
    let review_slot = use_callback(move |line: OrderLine| {
        rsx! {
            ReviewSlot { order_id, line, on_reviewed: move |changed| on_change.call(changed) }
        }
    });
    let review = reviewable.then_some(review_slot);
    rsx! {
        PageTitle { text: "{title} · Bazaar" }
        nav { class: "breadcrumbs", aria_label: "Breadcrumb",
            if seller {
                Link { to: Route::SellerOrders { status: String::new() }, "Orders" }
            } else {
                Link { to: Route::MyOrders {}, "My orders" }
            }
        }
        div { class: "section-head",
            h1 { "{title}" }
            OrderStatusBadge { status: order.status }
        }
        p { class: "muted", "Placed {format::date_time(order.created_at)} · order {order.id}" }
        div { class: "order-layout",
            div { class: "stack",
                section { class: "card", aria_labelledby: "order-items",
                    h2 { id: "order-items", "Items" }
                    OrderLines { order: order.clone(), review }
                }
                section { class: "card", aria_labelledby: "order-history",
                    h2 { id: "order-history", "Progress" }
                    OrderTimeline { order: order.clone() }
                }
            }
            aside { class: "stack",
                section { class: "card", aria_labelledby: "order-summary",
                    h2 { id: "order-summary", "Summary" }
                    OrderTotals { order: order.clone() }
                    PaymentSummary { order: order.clone() }
                }
                section { class: "card", aria_labelledby: "order-address",
                    h2 { id: "order-address", "Delivery address" }
                    ShippingAddressBlock { address: order.shipping_address.clone() }
                }
                if let Some(reason) = order.refund_reason.as_ref() {
                    section { class: "card", aria_labelledby: "order-refund",
                        h2 { id: "order-refund", "Refund request" }
                        p { class: "refund-reason", "{reason}" }
                    }
                }
                if seller {
                    SellerOrderActions { order: order.clone(), on_change }
                } else {
                    BuyerOrderActions { order: order.clone(), on_change }
                }
            }
        }
    }
}

/// What the buyer can do with the order now: cancel it, or ask for a refund. The actions stay
/// mounted while the order page is open, hidden when they do not apply: the live update often
/// lands before the action's own answer, and an unmounted action would lose its answer (and
/// its toast).
#[component]
fn BuyerOrderActions(order: Order, on_change: EventHandler<Order>) -> Element {
    let cancellable = order.status.cancel().is_ok();
    let refundable = order
        .status
        .request_refund(order.delivered_at, format::now())
        .is_ok();
    rsx! {
        section { class: "card stack", hidden: !cancellable && !refundable, aria_label: "What you can do",
            CancelOrderButton { id: order.id, shown: cancellable, on_change }
            RefundRequestForm { id: order.id, shown: refundable, on_change }
        }
    }
}

/// Cancels before the order is handed over; the buyer's and the seller's.
#[component]
pub fn CancelOrderButton(id: OrderId, shown: bool, on_change: EventHandler<Order>) -> Element {
    let toasts = use_toasts();
    let form = use_form();
    if !shown {
        return rsx! {};
    }
    rsx! {
        ConfirmButton {
            label: "Cancel order",
            question: "Cancel this order?",
            confirm_label: "Yes, cancel it",
            busy: form.is_busy(),
            on_confirm: move |_| {
                form.submit(&[], api::order::cancel(id), move |order| {
                    toasts.success("The order is cancelled.");
                    on_change.call(order);
                });
            },
        }
    }
}

#[component]
fn RefundRequestForm(id: OrderId, shown: bool, on_change: EventHandler<Order>) -> Element {
    let toasts = use_toasts();
    let mut open = use_signal(|| false);
    let reason = use_signal(String::new);
    let form = use_form();
    if !shown {
        return rsx! {};
    }
    if !open() {
        return rsx! {
            button { class: "button button-secondary", r#type: "button", onclick: move |_| open.set(true), "Ask for a refund" }
        };
    }
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        form.submit(
            &["reason"],
            api::order::request_refund(id, reason()),
            move |order| {
                toasts.success("Your refund request is sent to the shop.");
                open.set(false);
                on_change.call(order);
            },
        );
    };
    rsx! {
        form { class: "stack", onsubmit, novalidate: true,
            TextField { label: "Why do you want a refund?", name: "reason", multiline: true, hint: "The shop reads this before it decides.", value: reason, errors: form.errors }
            div { class: "row-actions",
                SubmitButton { label: "Send refund request", busy: form.is_busy() }
                button { class: "button button-ghost", r#type: "button", onclick: move |_| open.set(false), "Cancel" }
            }
        }
    }
}

/// Under a delivered line: "Reviewed", or a way to write the review.
#[component]
fn ReviewSlot(order_id: OrderId, line: OrderLine, on_reviewed: EventHandler<Order>) -> Element {
    let mut open = use_signal(|| false);
    if line.review_id.is_some() {
        return rsx! { p { class: "muted order-line-note", "✓ You reviewed this." } };
    }
    if !open() {
        return rsx! {
            button { class: "button button-ghost order-line-note", r#type: "button", onclick: move |_| open.set(true), "Write a review" }
        };
    }
    rsx! {
        ReviewForm { order_id, line, on_reviewed, on_close: move |_| open.set(false) }
    }
}

#[component]
fn ReviewForm(
    order_id: OrderId,
    line: OrderLine,
    on_reviewed: EventHandler<Order>,
    on_close: EventHandler<()>,
) -> Element {
    let toasts = use_toasts();
    let mut rating = use_signal(|| 0u8);
    let comment = use_signal(String::new);
    let mut form = use_form();
    let product = line.product_id;
    let group = format!("rating-{product}");
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = ReviewInput {
            order_id,
            rating: rating(),
            comment: comment().trim().to_string(),
        };
        // The order comes back with the line's review in it.
        let request = async move {
            api::review::write_review(product, &body).await?;
            api::order::order(order_id).await
        };
        form.submit(&["rating", "comment"], request, move |order| {
            toasts.success("Thank you for your review.");
            on_close.call(());
            on_reviewed.call(order);
        });
    };
    let rating_errors = form.errors.read().get("rating").map(<[String]>::to_vec);
    rsx! {
        form { class: "review-form stack", onsubmit, novalidate: true,
            fieldset { class: "star-input", aria_describedby: "{group}-errors",
                legend { class: "field-legend", "Your rating of {line.name}" }
                div { class: "star-choices",
                    for n in 1..=5u8 {
                        label { key: "{n}", class: if n <= rating() { "star-choice chosen" } else { "star-choice" },
                            input {
                                r#type: "radio",
                                class: "visually-hidden",
                                name: "{group}",
                                value: "{n}",
                                checked: rating() == n,
                                onchange: move |_| {
                                    rating.set(n);
                                    form.errors.write().0.remove("rating");
                                },
                            }
                            span { aria_hidden: true, "★" }
                            span { class: "visually-hidden", if n == 1 { "1 star" } else { "{n} stars" } }
                        }
                    }
                }
                ul { id: "{group}-errors", class: "field-errors",
                    for message in rating_errors.unwrap_or_default() {
                        li { "{message}" }
                    }
                }
            }
            TextField { label: "Comment", name: "comment", multiline: true, hint: "Optional: what others should know.", value: comment, errors: form.errors }
            div { class: "row-actions",
                SubmitButton { label: "Post review", busy: form.is_busy() }
                button { class: "button button-ghost", r#type: "button", onclick: move |_| on_close.call(()), "Cancel" }
            }
        }
    }
}
