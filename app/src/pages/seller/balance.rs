//! Money out: what the shop has earned and may withdraw, its ledger, and its withdrawals.

use crate::api;
use crate::api::config::CLIENT_CONFIG;
use crate::components::form::{SubmitButton, TextField, use_form};
use crate::components::order::capitalized;
use crate::components::paged::{MoreButton, use_pages};
use crate::components::status::{EmptyState, LoadError, TextSkeleton, use_load};
use crate::components::title::PageTitle;
use crate::format;
use crate::input;
use crate::routes::Route;
use crate::toast::use_toasts;
use bazaar_shared::FieldErrors;
use bazaar_shared::payout::{LedgerEntry, LedgerKind, Withdrawal, WithdrawalStatus};
use dioxus::prelude::*;

#[component]
pub fn SellerBalance() -> Element {
    let mut balance = use_load(|| async move { api::payout::balance().await });
    let shop = use_load(|| async move { api::shop::my_shop().await });
    let withdrawals = use_pages(|cursor| api::payout::withdrawals(&cursor));
    let transactions = use_pages(|cursor| api::payout::transactions(&cursor));
    let figures = match &*balance.read() {
        None => rsx! { TextSkeleton { lines: 2 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(b)) => rsx! {
            ul { class: "stat-tiles", "data-testid": "balance",
                li { span { class: "stat-value", "{format::price(&b.available)}" } span { class: "stat-label", "Available to withdraw" } }
                li { span { class: "stat-value", "{format::price(&b.pending_withdrawals)}" } span { class: "stat-label", "In pending withdrawals" } }
                li { span { class: "stat-value", "{format::price(&b.lifetime_earnings)}" } span { class: "stat-label", "Earned in all" } }
            }
        },
    };
    let form = match &*shop.read() {
        None => rsx! { TextSkeleton { lines: 2 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(s)) => match s.withdraw_method.as_ref() {
            None => rsx! {
                p { "Tell us where to pay you first." }
                Link { class: "button button-secondary", to: Route::ShopSettings {}, "Add a withdraw method" }
            },
            Some(m) => rsx! {
                p { class: "muted", "Paid to account {m.account_number_masked} at {m.bank_name}." }
                WithdrawalForm {
                    on_requested: move |_| {
                        balance.restart();
                        withdrawals.restart();
                        transactions.restart();
                    },
                }
            },
        },
    };
    rsx! {
        PageTitle { text: "Balance · My shop · Bazaar" }
        h1 { "Balance" }
        {figures}
        p { class: "muted", "Each delivered order adds its total less the marketplace's commission; a refund takes it back." }
        section { class: "card", aria_labelledby: "withdraw-title",
            h2 { id: "withdraw-title", "Withdraw" }
            {form}
        }
        section { class: "section-block", aria_labelledby: "withdrawals-title",
            h2 { id: "withdrawals-title", "Withdrawals" }
            match withdrawals.items() {
                None => rsx! { TextSkeleton { lines: 3 } },
                Some(Err(e)) => rsx! { LoadError { message: e.message() } },
                Some(Ok(list)) if list.is_empty() => rsx! { p { class: "muted", "No withdrawals yet." } },
                Some(Ok(list)) => rsx! {
                    ul { class: "ledger",
                        for w in list {
                            WithdrawalRow { key: "{w.id}", withdrawal: w }
                        }
                    }
                    if withdrawals.has_more() {
                        MoreButton { busy: withdrawals.loading_more(), onclick: move |_| withdrawals.load_more() }
                    }
                },
            }
        }
        section { class: "section-block", aria_labelledby: "transactions-title",
            h2 { id: "transactions-title", "Transactions" }
            match transactions.items() {
                None => rsx! { TextSkeleton { lines: 3 } },
                Some(Err(e)) => rsx! { LoadError { message: e.message() } },
                Some(Ok(list)) if list.is_empty() => rsx! {
                    EmptyState { title: "No transactions yet.",
                        p { class: "muted", "Your first one comes when an order is delivered." }
                    }
                },
                Some(Ok(list)) => rsx! {
                    ul { class: "ledger",
                        for entry in list {
                            LedgerRow { key: "{entry.id}", entry }
                        }
                    }
                    if transactions.has_more() {
                        MoreButton { busy: transactions.loading_more(), onclick: move |_| transactions.load_more() }
                    }
                },
            }
        }
    }
}

#[component]
fn WithdrawalForm(on_requested: EventHandler<()>) -> Element {
    let toasts = use_toasts();
    let mut amount = use_signal(String::new);
    let form = use_form();
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let parsed = input::parse_price(&amount());
        let request = async move {
            let Some(minor) = parsed.filter(|a| *a > 0) else {
                let mut errors = FieldErrors::new();
                errors.add("amount", "enter an amount like 50 or 120.50");
                return Err(errors.into());
            };
            api::payout::withdraw(minor).await
        };
        form.submit(&["amount"], request, move |w: Withdrawal| {
            toasts.success(format!(
                "Withdrawal of {} requested. It is held until an admin pays it out.",
                format::price(&w.amount)
            ));
            amount.set(String::new());
            on_requested.call(());
        });
    };
    let currency = CLIENT_CONFIG.read().currency.clone();
    rsx! {
        form { class: "stack withdraw-form", onsubmit, novalidate: true,
            TextField { label: format::price_label("Amount", &currency), name: "amount", hint: "Up to what is available.", value: amount, errors: form.errors }
            SubmitButton { label: "Request withdrawal", busy: form.is_busy() }
        }
    }
}

#[component]
fn WithdrawalRow(withdrawal: Withdrawal) -> Element {
    let tone = match withdrawal.status {
        WithdrawalStatus::Pending => "badge badge-accent",
        WithdrawalStatus::Succeeded => "badge badge-success",
        WithdrawalStatus::Rejected => "badge badge-muted",
    };
    rsx! {
        li { class: "ledger-row",
            div {
                p { strong { "{format::price(&withdrawal.amount)}" } " " span { class: tone, "{capitalized(withdrawal.status.as_str())}" } }
                p { class: "muted", "Asked {format::date_time(withdrawal.created_at)}" }
                if let Some(note) = withdrawal.note.as_ref() {
                    p { class: "muted", "{note}" }
                }
            }
        }
    }
}

#[component]
fn LedgerRow(entry: LedgerEntry) -> Element {
    let what = match entry.kind {
        LedgerKind::OrderCredit => "Delivered order",
        LedgerKind::RefundDebit => "Refund",
        LedgerKind::WithdrawalHold => "Withdrawal",
        LedgerKind::WithdrawalRelease => "Withdrawal returned",
    };
    let sign = if entry.amount.amount > 0 { "+" } else { "" };
    rsx! {
        li { class: "ledger-row",
            div {
                p {
                    if let Some(order) = entry.order_id {
                        Link { to: Route::SellerOrder { id: order }, "{what}" }
                    } else {
                        "{what}"
                    }
                }
                p { class: "muted", "{format::date_time(entry.created_at)}" }
            }
            p { class: if entry.amount.amount < 0 { "ledger-amount debit" } else { "ledger-amount credit" },
                "{sign}{format::price(&entry.amount)}"
            }
        }
    }
}
