//! Orders and withdrawals: disputes settled by an admin, and payouts decided.

use super::AdminScreen;
use super::actions::ReasonAction;
use super::list::{Controls, Menu};
use super::table::{AdminList, Cell, Record, Screen, fetch_rows};
use crate::action::use_action;
use crate::api;
use crate::components::order::capitalized;
use crate::format;
use crate::session::use_session;
use crate::toast::use_toasts;
use bazaar_shared::admin::{AccountRef, AdminWithdrawal, dispute_targets};
use bazaar_shared::order::{Order, OrderStatus};
use bazaar_shared::payout::WithdrawalStatus;
use dioxus::prelude::*;

/// An order's number as people quote it: the start of its id.
fn order_number(order: &Order) -> String {
    let id = order.id.to_string();
    format!("#{}", id.get(..8).unwrap_or(&id))
}

fn order_status(status: OrderStatus) -> Cell {
    let tone = match status {
        OrderStatus::AwaitingPayment | OrderStatus::RefundRequested => "badge-accent",
        OrderStatus::Cancelled | OrderStatus::Refunded | OrderStatus::RefundRejected => {
            "badge-muted"
        }
        OrderStatus::Delivered => "badge-success",
        _ => "badge-brand",
    };
    Cell::badge(capitalized(status.label()), tone)
}

impl Record for Order {
    const RESOURCE: &'static str = "orders";
    const COLUMNS: &'static [&'static str] =
        &["Order", "Shop", "Buyer", "Status", "Total", "Placed"];

    fn key(&self) -> String {
        self.id.to_string()
    }

    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::text(order_number(self)),
            Cell::text(&self.shop.name),
            Cell::text(&self.buyer.name),
            order_status(self.status),
            Cell::text(format::price(&self.total)),
            Cell::text(format::date(self.created_at)),
        ]
    }

    fn title(&self) -> String {
        format!("Order {}", order_number(self))
    }

    fn details(&self) -> Vec<(&'static str, String)> {
        let lines: Vec<String> = self
            .lines
            .iter()
            .map(|l| format!("{} × {}", l.quantity, l.name))
            .collect();
        let mut details = vec![
            ("Shop", self.shop.name.clone()),
            ("Buyer", self.buyer.name.clone()),
            ("Status", capitalized(self.status.label())),
            ("Items", lines.join(", ")),
            ("Total", format::price(&self.total)),
            (
                "Payment",
                format!(
                    "{}{}",
                    self.payment_method.label(),
                    if self.paid { ", paid" } else { "" }
                ),
            ),
            ("Placed", format::date_time(self.created_at)),
        ];
        if let Some(reason) = &self.refund_reason {
            details.push(("Refund reason", reason.clone()));
        }
        details
    }
}

/// The search box and menus of the orders list.
pub fn order_controls() -> Controls {
    let statuses: Vec<(&'static str, String)> = OrderStatus::ALL
        .iter()
        .map(|s| (s.as_str(), capitalized(s.label())))
        .collect();
    let menus = vec![
        Menu {
            name: "status",
            label: "Status",
            any: "All",
            options: statuses,
        },
        Menu::sort(&[("oldest", "Oldest first"), ("total_desc", "Largest total")]),
    ];
    Controls {
        search: None,
        menus,
        days: &[("from", "Placed from (UTC)"), ("to", "Placed before (UTC)")],
    }
}

pub const ORDERS: Screen = Screen {
    fetch: fetch_rows::<Order>,
    columns: Order::COLUMNS,
    controls: order_controls,
    actions: |row, list| match row.record::<Order>() {
        Some(order) => rsx! { DisputeActions { order, list } },
        None => rsx! {},
    },
};

/// Settling a dispute: only the moves `dispute_targets` allows from the order's status.
#[component]
fn DisputeActions(order: Order, list: AdminList) -> Element {
    let toasts = use_toasts();
    let action = use_action();
    let targets = dispute_targets(order.status);
    let mut target = use_signal(|| targets.first().copied());
    let id = order.id.to_string();
    let links = rsx! {
        div { class: "drawer-links",
            Link { to: AdminScreen::Orders.with(&[("buyer_id", &order.buyer.id.to_string())]), "Buyer's orders" }
            Link { to: AdminScreen::Orders.with(&[("shop_id", &order.shop.id.to_string())]), "Shop's orders" }
            Link { to: AdminScreen::Audit.with(&[("target_id", &id)]), "History" }
        }
    };
    let Some(chosen) = target().filter(|t| targets.contains(t)) else {
        return rsx! {
            p { class: "muted", "A {order.status.label()} order is settled: no dispute can move it." }
            {links}
        };
    };
    let select_id = format!("dispute-{}", order.id);
    let order_id = order.id;
    rsx! {
        div { class: "field",
            label { r#for: "{select_id}", "Settle the dispute: move to" }
            select {
                id: "{select_id}",
                onchange: move |e| target.set(e.value().parse().ok()),
                for status in targets.iter().copied() {
                    option { key: "{status}", value: status.as_str(), selected: status == chosen, "{capitalized(status.label())}" }
                }
            }
        }
        // Keyed by the status, so the form closes once the order moved.
        {rsx! { ReasonAction {
            key: "{order.status}",
            id: "reason-dispute",
            label: "Change status",
            confirm: format!("Move to {}", chosen.label()),
            danger: matches!(chosen, OrderStatus::Cancelled | OrderStatus::Refunded),
            busy: action.is_busy(),
            on_confirm: move |reason| {
                action.run(api::admin::settle_dispute(order_id, chosen, reason), move |changed: Order| {
                    toasts.success(format!("The order is {} now.", changed.status.label()));
                    target.set(dispute_targets(changed.status).first().copied());
                    list.replace(changed);
                });
            },
        } }}
        {links}
    }
}

fn withdrawal_status(status: WithdrawalStatus) -> Cell {
    let tone = match status {
        WithdrawalStatus::Pending => "badge-accent",
        WithdrawalStatus::Succeeded => "badge-success",
        WithdrawalStatus::Rejected => "badge-muted",
    };
    Cell::badge(status.as_str(), tone)
}

impl Record for AdminWithdrawal {
    const RESOURCE: &'static str = "withdrawals";
    const COLUMNS: &'static [&'static str] = &["Shop", "Amount", "Status", "Requested", "Decided"];

    fn key(&self) -> String {
        self.id.to_string()
    }

    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::text(&self.shop.name),
            Cell::text(format::price(&self.amount)),
            withdrawal_status(self.status),
            Cell::text(format::date(self.created_at)),
            Cell::text(self.decided_at.map_or("—".into(), format::date)),
        ]
    }

    fn title(&self) -> String {
        format!("{} for {}", format::price(&self.amount), self.shop.name)
    }

    fn details(&self) -> Vec<(&'static str, String)> {
        let mut details = vec![
            ("Shop", self.shop.name.clone()),
            ("Amount", format::price(&self.amount)),
            ("Status", self.status.as_str().to_owned()),
            ("Requested", format::date_time(self.created_at)),
        ];
        if let (Some(at), Some(by)) = (self.decided_at, &self.decided_by) {
            details.push((
                "Decided",
                format!("{} by {}", format::date_time(at), by.name),
            ));
        }
        if let Some(note) = self.note.as_ref().filter(|n| !n.is_empty()) {
            details.push(("Note", note.clone()));
        }
        details
    }
}

/// The search box and menus of the withdrawals list.
pub fn withdrawal_controls() -> Controls {
    let menus = vec![
        Menu::new(
            "status",
            "Status",
            &[
                ("pending", "Pending"),
                ("succeeded", "Paid out"),
                ("rejected", "Rejected"),
            ],
        ),
        Menu::sort(&[
            ("oldest", "Waiting longest"),
            ("amount_desc", "Largest amount"),
        ]),
    ];
    Controls {
        search: None,
        menus,
        days: &[],
    }
}

pub const WITHDRAWALS: Screen = Screen {
    fetch: fetch_rows::<AdminWithdrawal>,
    columns: AdminWithdrawal::COLUMNS,
    controls: withdrawal_controls,
    actions: |row, list| match row.record::<AdminWithdrawal>() {
        Some(withdrawal) => rsx! { WithdrawalDecision { withdrawal, list } },
        None => rsx! {},
    },
};

/// Pay out or reject a pending withdrawal, with an optional note for the seller.
#[component]
fn WithdrawalDecision(withdrawal: AdminWithdrawal, list: AdminList) -> Element {
    let toasts = use_toasts();
    let action = use_action();
    let session = use_session();
    if withdrawal.status != WithdrawalStatus::Pending {
        return rsx! { p { class: "muted", "Decided." } };
    }
    let decide = move |approve: bool, note: String| {
        let mut row = withdrawal.clone();
        // The answer is the seller's view of the withdrawal; the admin's row also names who
        // decided, and that is whoever is signed in here.
        row.decided_by = session.peek().user().map(|me| AccountRef {
            id: me.id,
            name: me.name.clone(),
            email: me.email.clone(),
        });
        action.run(
            api::admin::decide_withdrawal(row.id, approve, note),
            move |decided| {
                toasts.success(if approve {
                    "Withdrawal approved: paid out."
                } else {
                    "Withdrawal rejected: the amount is back in the shop's balance."
                });
                list.replace(AdminWithdrawal {
                    status: decided.status,
                    note: decided.note,
                    decided_at: decided.decided_at,
                    ..row
                });
            },
        );
    };
    let decide_again = decide.clone();
    rsx! {
        div { class: "row-actions",
            ReasonAction {
                id: "reason-approve",
                label: "Approve",
                confirm: "Approve and pay out",
                field: "Note for the seller (optional)",
                required: false,
                busy: action.is_busy(),
                on_confirm: move |note| decide(true, note),
            }
            ReasonAction {
                id: "reason-reject",
                label: "Reject",
                confirm: "Reject",
                field: "Note for the seller (optional)",
                required: false,
                danger: true,
                busy: action.is_busy(),
                on_confirm: move |note| decide_again(false, note),
            }
        }
    }
}
