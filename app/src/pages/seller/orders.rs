//! The seller's orders: a list by status with a one-tap move to the next delivery step, and
//! one order with the refund decision. Both fit a 390 px phone.

use crate::api;
use crate::components::form::use_form;
use crate::components::order::{OrderCard, capitalized};
use crate::components::paged::{MoreButton, use_pages};
use crate::components::status::{ConfirmButton, EmptyState, LoadError, TextSkeleton};
use crate::components::title::PageTitle;
use crate::orders::use_order_alerts;
use crate::pages::orders::{CancelOrderButton, LiveOrder};
use crate::realtime::use_server_event;
use crate::routes::Route;
use crate::toast::use_toasts;
use bazaar_shared::OrderId;
use bazaar_shared::order::{Order, OrderStatus};
use bazaar_shared::realtime::ServerEvent;
use dioxus::prelude::*;

/// The filter tabs: (status in the query, what the seller reads).
const TABS: &[(&str, &str)] = &[
    ("", "All"),
    ("processing", "To send"),
    ("awaiting_payment", "Awaiting payment"),
    ("shipping", "Shipping"),
    ("delivered", "Delivered"),
    ("refund_requested", "Refund requests"),
    ("cancelled", "Cancelled"),
];

#[component]
pub fn SellerOrders(status: String) -> Element {
    rsx! {
        PageTitle { text: "Orders · My shop · Bazaar" }
        h1 { "Orders" }
        nav { class: "tabs", aria_label: "Orders by status",
            for (value, label) in TABS.iter().copied() {
                Link {
                    key: "{value}",
                    class: if status == value { "tab active" } else { "tab" },
                    aria_current: if status == value { "page" } else { "false" },
                    to: Route::SellerOrders { status: value.to_string() },
                    "{label}"
                }
            }
        }
        // A list per status: switching tabs starts from that status's first page.
        {rsx! { ShopOrderList { key: "{status}", status: status.clone() } }}
    }
}

#[component]
fn ShopOrderList(status: String) -> Element {
    let filter = status.clone();
    let pages = use_pages(move |cursor| api::order::shop_orders(&filter, &cursor));
    let alerts = use_order_alerts();
    use_server_event(move |event| {
        if let ServerEvent::OrderUpdated { order } = event {
            let mut known = false;
            pages.update(|o| {
                if o.id == order.id {
                    *o = (*order).clone();
                    known = true;
                }
            });
            // A new order: the list takes it from the server, in its place.
            if !known {
                pages.restart();
            }
        }
    });
    // The seller is looking at the list: what arrives here is seen.
    use_effect(move || {
        if alerts.unseen_count() > 0 {
            alerts.seen_all();
        }
    });
    match pages.items() {
        None => rsx! { TextSkeleton { lines: 6 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(orders)) if orders.is_empty() => rsx! {
            EmptyState { title: "No orders here yet." }
        },
        Some(Ok(orders)) => rsx! {
            ul { class: "order-list",
                for order in orders {
                    li { key: "{order.id}", class: "order-card", "data-order-id": "{order.id}",
                        OrderCard { to: Route::SellerOrder { id: order.id }, seller: true, order: order.clone() }
                        StatusControls {
                            order: order.clone(),
                            compact: true,
                            on_change: move |changed: Order| pages.update(|o| if o.id == changed.id { *o = changed.clone() }),
                        }
                    }
                }
            }
            if pages.has_more() {
                MoreButton { busy: pages.loading_more(), onclick: move |_| pages.load_more() }
            }
        },
    }
}

#[component]
pub fn SellerOrder(id: OrderId) -> Element {
    let alerts = use_order_alerts();
    use_effect(use_reactive!(|id| alerts.seen(id)));
    rsx! { LiveOrder { id, seller: true } }
}

/// What the seller can do with the order now; mounted while the page is open, for the reason
/// `BuyerOrderActions` gives.
#[component]
pub fn SellerOrderActions(order: Order, on_change: EventHandler<Order>) -> Element {
    let cancellable = order.status.cancel().is_ok();
    let movable = order.status.next_delivery_step().is_some();
    let deciding = order.status.decide_refund().is_ok();
    rsx! {
        section { class: "card stack", hidden: !cancellable && !movable && !deciding, aria_labelledby: "order-actions",
            h2 { id: "order-actions", "Next step" }
            StatusControls { order: order.clone(), on_change }
            RefundDecision { order: order.clone(), on_change }
            CancelOrderButton { id: order.id, shown: cancellable, on_change }
        }
    }
}

/// One tap to the next delivery step, or a jump further along.
#[component]
fn StatusControls(
    order: Order,
    #[props(default)] compact: bool,
    on_change: EventHandler<Order>,
) -> Element {
    let toasts = use_toasts();
    let form = use_form();
    let mut skip_to = use_signal(String::new);
    let Some(next) = order.status.next_delivery_step() else {
        return rsx! {};
    };
    let id = order.id;
    let move_to = move |status: OrderStatus| {
        form.submit(&[], api::order::set_status(id, status), move |changed| {
            toasts.success(format!("Marked as {}.", changed.status.label()));
            skip_to.set(String::new());
            on_change.call(changed);
        });
    };
    let further: Vec<OrderStatus> = OrderStatus::DELIVERY_PATH
        .iter()
        .copied()
        .filter(|s| *s != next && order.status.seller_move(*s).is_ok())
        .collect();
    let select_id = format!("skip-{id}");
    rsx! {
        div { class: if compact { "status-controls compact" } else { "status-controls" },
            button {
                class: "button button-primary",
                r#type: "button",
                disabled: form.is_busy(),
                aria_busy: form.is_busy(),
                "data-testid": "next-status",
                onclick: move |_| move_to(next),
                if form.is_busy() { "Please wait…" } else { "Mark as {next.label()}" }
            }
            if !further.is_empty() {
                div { class: "skip-ahead",
                    label { class: "visually-hidden", r#for: "{select_id}", "Skip ahead to" }
                    select {
                        id: "{select_id}",
                        disabled: form.is_busy(),
                        onchange: move |e| skip_to.set(e.value()),
                        option { value: "", selected: skip_to().is_empty(), "Skip ahead to…" }
                        for status in further {
                            option { key: "{status}", value: status.as_str(), selected: skip_to() == status.as_str(), "{capitalized(status.label())}" }
                        }
                    }
                    button {
                        class: "button button-secondary",
                        r#type: "button",
                        disabled: form.is_busy() || skip_to().is_empty(),
                        onclick: move |_| {
                            if let Ok(status) = skip_to().parse() {
                                move_to(status);
                            }
                        },
                        "Move"
                    }
                }
            }
        }
    }
}

/// The buyer asked for a refund: give it (stock and money go back) or refuse it.
#[component]
fn RefundDecision(order: Order, on_change: EventHandler<Order>) -> Element {
    let toasts = use_toasts();
    let form = use_form();
    if order.status.decide_refund().is_err() {
        return rsx! {};
    }
    let id = order.id;
    let decide = move |approve: bool| {
        form.submit(
            &[],
            api::order::decide_refund(id, approve),
            move |changed| {
                toasts.success(if approve {
                    "Refund approved: the money goes back to the buyer."
                } else {
                    "Refund rejected."
                });
                on_change.call(changed);
            },
        );
    };
    rsx! {
        p { "The buyer asks for a refund of {crate::format::price(&order.total)}." }
        div { class: "row-actions",
            ConfirmButton {
                label: "Approve refund",
                question: "Refund {crate::format::price(&order.total)}?",
                confirm_label: "Yes, refund",
                busy: form.is_busy(),
                on_confirm: move |_| decide(true),
            }
            ConfirmButton {
                label: "Reject refund",
                question: "Reject this refund request?",
                confirm_label: "Yes, reject",
                busy: form.is_busy(),
                on_confirm: move |_| decide(false),
            }
        }
    }
}
