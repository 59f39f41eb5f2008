//! The marketplace at a glance: the figures as cards, orders by status, and the last 30
//! days' sales.

use super::AdminScreen;
use super::chart::SalesChart;
use crate::api;
use crate::components::order::capitalized;
use crate::components::status::{LoadError, TextSkeleton, use_load};
use crate::components::title::PageTitle;
use crate::format;
use bazaar_shared::admin::AdminStats;
use dioxus::prelude::*;

#[component]
pub fn AdminDashboard() -> Element {
    let stats = use_load(api::admin::stats);
    let body = match &*stats.read() {
        None => rsx! { TextSkeleton { lines: 6 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(stats)) => rsx! { Figures { stats: stats.clone() } },
    };
    rsx! {
        PageTitle { text: "Dashboard · Admin · Bazaar" }
        h1 { "Dashboard" }
        {body}
    }
}

#[component]
fn Figures(stats: AdminStats) -> Element {
    let a = &stats.accounts;
    rsx! {
        ul { class: "stat-tiles admin-stats", "data-testid": "admin-stats",
            Tile { value: format::price(&stats.gross_sales), label: "Gross sales" }
            Tile { value: format::price(&stats.commission_earned), label: "Commission earned" }
            Tile { value: format::price(&stats.refunds.amount), label: "Refunded", note: format::counted(stats.refunds.count, "refund", "refunds") }
            li {
                Link { class: "stat-link", to: AdminScreen::Withdrawals.with(&[("status", "pending")]),
                    span { class: "stat-value", "{format::price(&stats.pending_withdrawals.amount)}" }
                    span { class: "stat-label", "Pending withdrawals" }
                    span { class: "stat-note", "{stats.pending_withdrawals.count} to decide" }
                }
            }
            Tile { value: a.buyers.to_string(), label: "Buyers", note: format!("{} not activated", a.pending) }
            Tile { value: a.sellers.to_string(), label: "Sellers", note: format::counted(stats.shops, "shop", "shops") }
            Tile { value: a.banned.to_string(), label: "Banned accounts", note: format::counted(a.admins, "admin", "admins") }
            Tile {
                value: stats.products.active.to_string(),
                label: "Active products",
                note: format!("{} archived, {} hidden", stats.products.archived, stats.products.hidden),
            }
        }
        div { class: "admin-panels",
            section { class: "card", aria_labelledby: "sales-title",
                h2 { id: "sales-title", "Sales, last 30 days" }
                SalesChart { days: stats.sales_per_day.clone() }
            }
            section { class: "card", aria_labelledby: "orders-title",
                h2 { id: "orders-title", "Orders by status" }
                ul { class: "status-counts",
                    for entry in stats.orders.iter() {
                        li { key: "{entry.status}",
                            Link { to: AdminScreen::Orders.with(&[("status", entry.status.as_str())]),
                                span { "{capitalized(entry.status.label())}" }
                                span { class: "status-count", "{entry.count}" }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[component]
fn Tile(value: String, label: &'static str, #[props(default)] note: String) -> Element {
    rsx! {
        li {
            span { class: "stat-value", "{value}" }
            span { class: "stat-label", "{label}" }
            if !note.is_empty() {
                span { class: "stat-note", "{note}" }
            }
        }
    }
}
