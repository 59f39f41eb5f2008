//! The seller's coupons: what they give and how often they were used, a form for a new one,
//! delete with confirmation.

use crate::action::use_action;
use crate::api;
use crate::api::config::{CLIENT_CONFIG, currency};
use crate::components::form::{SelectField, SubmitButton, TextField, use_form};
use crate::components::status::use_load;
use crate::components::status::{ConfirmButton, EmptyState, LoadError, TextSkeleton};
use crate::components::title::PageTitle;
use crate::format;
use crate::input;
use crate::toast::use_toasts;
use bazaar_shared::coupon::{CODE_MAX_CHARS, CODE_MIN_CHARS, Coupon, CouponInput};
use bazaar_shared::money::Money;
use bazaar_shared::{FieldErrors, ProductId};
use dioxus::prelude::*;

#[component]
pub fn SellerCoupons() -> Element {
    let mut list = use_load(|| async move { api::coupon::my_coupons().await });
    // Product names for the coupons limited to one product.
    let products = use_load(|| async move { api::catalog::my_products().await });
    let product_names: Vec<(ProductId, String)> = match &*products.read() {
        Some(Ok(page)) => page.items.iter().map(|p| (p.id, p.name.clone())).collect(),
        _ => Vec::new(),
    };
    let body = match &*list.read() {
        None => rsx! { TextSkeleton { lines: 4 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(coupons)) if coupons.is_empty() => rsx! {
            EmptyState { title: "No coupons yet.",
                p { class: "muted", "A coupon takes a share off what a shopper buys from your shop." }
            }
        },
        Some(Ok(coupons)) => rsx! {
            div { class: "table-wrap",
                table { class: "data-table coupon-table",
                    caption { class: "visually-hidden", "Your coupons" }
                    thead {
                        tr {
                            th { scope: "col", "Code" }
                            th { scope: "col", "Off" }
                            th { scope: "col", "Minimum" }
                            th { scope: "col", "Cap" }
                            th { scope: "col", "Product" }
                            th { scope: "col", "Expires" }
                            th { scope: "col", "Uses" }
                            th { scope: "col", span { class: "visually-hidden", "Actions" } }
                        }
                    }
                    tbody {
                        for coupon in coupons.iter().cloned() {
                            CouponRow {
                                key: "{coupon.id}",
                                product_name: coupon.product_id.map(|id| {
                                    product_names.iter().find(|(p, _)| *p == id).map_or_else(|| "One product".to_string(), |(_, n)| n.clone())
                                }),
                                coupon,
                                on_deleted: move |_| list.restart(),
                            }
                        }
                    }
                }
            }
        },
    };
    rsx! {
        PageTitle { text: "Coupons · My shop · Bazaar" }
        h1 { "Coupons" }
        CouponForm { on_created: move |_| list.restart() }
        section { class: "section-block", aria_labelledby: "coupons-title",
            h2 { id: "coupons-title", "Your coupons" }
            {body}
        }
    }
}

#[component]
fn CouponRow(
    coupon: Coupon,
    product_name: Option<String>,
    on_deleted: EventHandler<()>,
) -> Element {
    let toasts = use_toasts();
    let deleting = use_action();
    let id = coupon.id;
    let code = coupon.code.clone();
    let delete = move |_| {
        let code = code.clone();
        deleting.run(api::coupon::delete_coupon(id), move |()| {
            toasts.success(format!("Coupon {code} deleted."));
            on_deleted.call(());
        });
    };
    let expired = coupon.expires_at.is_some_and(|at| at <= format::now());
    let used_up = coupon
        .usage_limit
        .is_some_and(|limit| coupon.used_count >= limit);
    let minimum = if coupon.min_subtotal.amount > 0 {
        format::price(&coupon.min_subtotal)
    } else {
        "None".to_string()
    };
    let cap = coupon
        .max_discount
        .as_ref()
        .map_or_else(|| "None".to_string(), format::price);
    let expires = coupon
        .expires_at
        .map_or_else(|| "Never".to_string(), format::date_time);
    let uses = match coupon.usage_limit {
        Some(limit) => format!("{} of {limit}", coupon.used_count),
        None => format!("{} (no limit)", coupon.used_count),
    };
    rsx! {
        tr { "data-coupon-id": "{id}",
            td { "data-label": "Code",
                code { class: "coupon-code", "{coupon.code}" }
                if expired {
                    span { class: "badge badge-muted", "Expired" }
                } else if used_up {
                    span { class: "badge badge-muted", "Used up" }
                }
            }
            td { "data-label": "Off", "{coupon.percent_off}%" }
            td { "data-label": "Minimum", "{minimum}" }
            td { "data-label": "Cap", "{cap}" }
            td { "data-label": "Product", "{product_name.as_deref().unwrap_or(\"All products\")}" }
            td { "data-label": "Expires", "{expires}" }
            td { "data-label": "Uses", "{uses}" }
            td { class: "row-actions",
                ConfirmButton {
                    label: "Delete",
                    question: "Delete coupon {coupon.code}?",
                    busy: deleting.is_busy(),
                    on_confirm: delete,
                }
            }
        }
    }
}

const COUPON_FIELDS: &[&str] = &[
    "code",
    "percent_off",
    "min_subtotal",
    "max_discount",
    "product_id",
    "expires_at",
    "usage_limit",
];

#[component]
fn CouponForm(on_created: EventHandler<()>) -> Element {
    let toasts = use_toasts();
    let products = use_load(|| async move { api::catalog::my_products().await });
    let code = use_signal(String::new);
    let mut percent_off = use_signal(|| "10".to_string());
    let min_subtotal = use_signal(String::new);
    let max_discount = use_signal(String::new);
    let product_id = use_signal(String::new);
    let expires_at = use_signal(String::new);
    let usage_limit = use_signal(String::new);
    let form = use_form();

    let onsubmit = move |ev: FormEvent| {
        ev.prevent_default();
        let mut errors = FieldErrors::new();
        let percent = input::whole_number(
            &mut errors,
            "percent_off",
            &percent_off(),
            "a whole number from 1 to 100",
        );
        let minimum =
            input::optional_price(&mut errors, "min_subtotal", &min_subtotal()).unwrap_or(0);
        let cap = input::optional_price(&mut errors, "max_discount", &max_discount());
        let expiry = expires_at();
        let expires = input::date_time(&expiry);
        if !expiry.trim().is_empty() && expires.is_none() {
            errors.add("expires_at", "choose a date and time, or leave it empty");
        }
        let limit = input::optional_limit(&mut errors, "usage_limit", &usage_limit());
        let currency = currency();
        let body = CouponInput {
            code: code().trim().to_string(),
            percent_off: percent,
            min_subtotal: Money::new(minimum, &currency),
            max_discount: cap.map(|c| Money::new(c, &currency)),
            product_id: product_id().parse().ok(),
            expires_at: expires,
            usage_limit: limit,
        };
        let request = async move {
            errors.into_result()?;
            api::coupon::create_coupon(&body, format::now()).await
        };
        form.submit(COUPON_FIELDS, request, move |created: Coupon| {
            toasts.success(format!("Coupon {} is ready to share.", created.code));
            for mut field in [
                code,
                min_subtotal,
                max_discount,
                product_id,
                expires_at,
                usage_limit,
            ] {
                field.set(String::new());
            }
            percent_off.set("10".to_string());
            on_created.call(());
        });
    };

    let product_options: Vec<(String, String)> =
        std::iter::once((String::new(), "Every product of the shop".to_string()))
            .chain(match &*products.read() {
                Some(Ok(page)) => page
                    .items
                    .iter()
                    .map(|p| (p.id.to_string(), p.name.clone()))
                    .collect::<Vec<_>>(),
                _ => Vec::new(),
            })
            .collect();
    let currency = CLIENT_CONFIG.read().currency.clone();
    rsx! {
        section { class: "card", aria_labelledby: "new-coupon-title",
            h2 { id: "new-coupon-title", "New coupon" }
            form { class: "stack coupon-form", onsubmit, novalidate: true,
                div { class: "field-row",
                    TextField { label: "Code", name: "code", hint: "{CODE_MIN_CHARS} to {CODE_MAX_CHARS} letters, digits, - or _. Shoppers type it at checkout.", value: code, errors: form.errors }
                    TextField { label: "Percent off", name: "percent_off", kind: "number", hint: "1 to 100.", value: percent_off, errors: form.errors }
                }
                div { class: "field-row",
                    TextField { label: format::price_label("Minimum spend", &currency), name: "min_subtotal", hint: "Optional: what the shopper must spend at your shop.", value: min_subtotal, errors: form.errors }
                    TextField { label: format::price_label("Largest discount", &currency), name: "max_discount", hint: "Optional cap on the amount taken off.", value: max_discount, errors: form.errors }
                }
                SelectField { label: "Applies to", name: "product_id", value: product_id, errors: form.errors, options: product_options }
                div { class: "field-row",
                    TextField { label: "Expires", name: "expires_at", kind: "datetime-local", hint: "Optional, your local time.", value: expires_at, errors: form.errors }
                    TextField { label: "Usage limit", name: "usage_limit", kind: "number", hint: "Optional: how many orders may use it.", value: usage_limit, errors: form.errors }
                }
                SubmitButton { label: "Create coupon", busy: form.is_busy() }
            }
        }
    }
}
