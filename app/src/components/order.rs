//! What an order shows, to its buyer and to its seller alike: status, timeline, lines,
//! totals, where it goes and how it is paid.

use crate::components::catalog::Thumbnail;
use crate::format;
use crate::routes::Route;
use bazaar_shared::order::{Order, OrderLine, OrderStatus, ShippingAddress};
use dioxus::prelude::*;

/// The status in a word or two, coloured by whether it needs someone's attention.
#[component]
pub fn OrderStatusBadge(status: OrderStatus) -> Element {
    let tone = match status {
        OrderStatus::AwaitingPayment | OrderStatus::RefundRequested => "badge badge-accent",
        OrderStatus::Cancelled | OrderStatus::Refunded | OrderStatus::RefundRejected => {
            "badge badge-muted"
        }
        OrderStatus::Delivered => "badge badge-success",
        _ => "badge badge-brand",
    };
    rsx! {
        span { class: tone, "data-status": status.as_str(), "{capitalized(status.label())}" }
    }
}

/// `on the way` → `On the way`.
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Every status the order has had, with its time, and the delivery steps still ahead.
#[component]
pub fn OrderTimeline(order: Order) -> Element {
    let ahead: Vec<OrderStatus> = match OrderStatus::DELIVERY_PATH
        .iter()
        .position(|s| *s == order.status)
    {
        Some(at) => OrderStatus::DELIVERY_PATH[at + 1..].to_vec(),
        None if order.status == OrderStatus::AwaitingPayment => OrderStatus::DELIVERY_PATH.to_vec(),
        None => Vec::new(),
    };
    let last = order.timeline.len().saturating_sub(1);
    rsx! {
        ol { class: "timeline", aria_label: "Order history", "data-testid": "order-timeline",
            for (i, entry) in order.timeline.iter().enumerate() {
                li {
                    key: "{i}",
                    class: if i == last { "timeline-step current" } else { "timeline-step done" },
                    aria_current: if i == last { "step" } else { "false" },
                    span { class: "timeline-status", "{capitalized(entry.status.label())}" }
                    time { class: "timeline-time muted", datetime: "{entry.at}", "{format::date_time(entry.at)}" }
                }
            }
            for status in ahead {
                li { key: "{status}", class: "timeline-step ahead",
                    span { class: "timeline-status", "{capitalized(status.label())}" }
                }
            }
        }
    }
}

/// The lines as bought; `review` adds what goes under each (the buyer's review form).
#[component]
pub fn OrderLines(
    order: Order,
    #[props(default)] review: Option<Callback<OrderLine, Element>>,
) -> Element {
    rsx! {
        ul { class: "order-lines",
            for line in order.lines.iter().cloned() {
                li { key: "{line.product_id}", class: "order-line",
                    div { class: "order-line-main",
                        Link { class: "cart-line-picture", to: Route::ProductPage { id: line.product_id },
                            Thumbnail { image: line.image.clone(), alt: line.name.clone() }
                        }
                        div { class: "cart-line-info",
                            Link { class: "cart-line-name", to: Route::ProductPage { id: line.product_id }, "{line.name}" }
                            p { class: "muted", "{line.quantity} × {format::price(&line.unit_price)}" }
                        }
                        p { class: "cart-line-total", "{format::price(&line.line_total)}" }
                    }
                    if let Some(review) = review {
                        {review.call(line.clone())}
                    }
                }
            }
        }
    }
}

/// Subtotal, coupon discount and total.
#[component]
pub fn OrderTotals(order: Order) -> Element {
    rsx! {
        dl { class: "summary-rows",
            dt { "Subtotal" }
            dd { "{format::price(&order.subtotal)}" }
            if order.discount.amount > 0 {
                dt {
                    "Discount"
                    if let Some(code) = order.coupon_code.as_ref() {
                        " (" code { class: "coupon-code", "{code}" } ")"
                    }
                }
                dd { "−{format::price(&order.discount)}" }
            }
            dt { "Total" }
            dd { class: "cart-total", "data-testid": "order-total", "{format::price(&order.total)}" }
        }
    }
}

#[component]
pub fn ShippingAddressBlock(address: ShippingAddress) -> Element {
    rsx! {
        address { class: "address-lines",
            "{address.name}"
            br {}
            "{address.line1}"
            if !address.line2.is_empty() { br {} "{address.line2}" }
            br {}
            "{address.postal_code} {address.city}, {address.country}"
            if let Some(phone) = address.phone.as_ref() { br {} "{phone}" }
        }
    }
}

/// How it is paid, and whether it is.
#[component]
pub fn PaymentSummary(order: Order) -> Element {
    let state = match (order.paid, order.status) {
        (true, _) => "paid",
        (false, OrderStatus::AwaitingPayment) => "waiting for the payment",
        (false, OrderStatus::Cancelled) => "not paid",
        (false, _) if order.payment_method == bazaar_shared::order::PaymentMethod::Cod => {
            "paid to the courier on delivery"
        }
        (false, _) => "not paid yet",
    };
    rsx! {
        p { "{order.payment_method.label()} · {state}" }
    }
}

/// One order in a list: shop or buyer, when, how much, where it stands.
#[component]
pub fn OrderCard(order: Order, to: Route, #[props(default)] seller: bool) -> Element {
    let items: u32 = order.lines.iter().map(|l| l.quantity).sum();
    let who = if seller {
        format!("From {}", order.buyer.name)
    } else {
        order.shop.name.clone()
    };
    let short_id = order
        .id
        .to_string()
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>();
    let short_id: String = short_id.into_iter().rev().collect();
    rsx! {
        div { class: "order-card-head",
            Link { class: "order-card-title", to, "{who}" }
            OrderStatusBadge { status: order.status }
        }
        p { class: "muted order-card-meta",
            "Order …{short_id} · {format::date_time(order.created_at)} · "
            if items == 1 { "1 item" } else { "{items} items" }
        }
        p { class: "order-card-lines", "{line_names(&order)}" }
        p { class: "order-card-total", strong { "{format::price(&order.total)}" } }
    }
}

fn line_names(order: &Order) -> String {
    let names: Vec<&str> = order.lines.iter().map(|l| l.name.as_str()).collect();
    match names.len() {
        0..=2 => names.join(", "),
        n => format!("{}, {} and {} more", names[0], names[1], n - 2),
    }
}
