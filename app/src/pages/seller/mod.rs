//! The seller's side: a dashboard with its own navigation, usable on a phone.

pub mod balance;
pub mod coupons;
pub mod events;
pub mod orders;
pub mod products;
pub mod settings;

use crate::api;
use crate::components::form::{AuthCard, SubmitButton, TextField, use_form};
use crate::components::status::use_load;
use crate::components::status::{EmptyState, TextSkeleton};
use crate::components::title::PageTitle;
use crate::orders::use_order_alerts;
use crate::routes::Route;
use crate::session::{Session, use_session};
use crate::toast::use_toasts;
use bazaar_shared::shop::ShopInput;
use dioxus::prelude::*;

/// The frame of every seller screen: who may see it, and the dashboard navigation.
#[component]
pub fn SellerLayout() -> Element {
    let session = use_session();
    let alerts = use_order_alerts();
    let has_shop = match &*session.read() {
        Session::Restoring => {
            return rsx! { section { class: "container section", TextSkeleton { lines: 4 } } };
        }
        Session::SignedOut => {
            return rsx! {
                section { class: "container section",
                    EmptyState { title: "Sign in to manage your shop.",
                        Link { class: "button button-primary", to: Route::SignIn {}, "Sign in" }
                    }
                }
            };
        }
        Session::SignedIn(me) => me.shop_id.is_some(),
    };
    if !has_shop {
        return rsx! {
            section { class: "container section",
                EmptyState { title: "You don't have a shop yet.",
                    Link { class: "button button-primary", to: Route::OpenShop {}, "Open a shop" }
                }
            }
        };
    }
    rsx! {
        div { class: "container dashboard",
            nav { class: "dashboard-nav", aria_label: "Shop dashboard",
                DashLink { to: Route::SellerOverview {}, label: "Overview" }
                DashLink { to: Route::SellerOrders { status: String::new() }, label: "Orders", badge: alerts.unseen_count() }
                DashLink { to: Route::SellerProducts {}, label: "Products" }
                DashLink { to: Route::SellerEvents {}, label: "Events" }
                DashLink { to: Route::SellerCoupons {}, label: "Coupons" }
                DashLink { to: Route::SellerBalance {}, label: "Balance" }
                DashLink { to: Route::ShopSettings {}, label: "Settings" }
                DashLink { to: Route::Inbox {}, label: "Messages" }
            }
            div { class: "dashboard-main", Outlet::<Route> {} }
        }
    }
}

#[component]
fn DashLink(to: Route, label: &'static str, #[props(default)] badge: usize) -> Element {
    let current = use_route::<Route>();
    let active = std::mem::discriminant(&current) == std::mem::discriminant(&to)
        || matches!(
            (&to, &current),
            (
                Route::SellerProducts {},
                Route::NewProduct {} | Route::EditProduct { .. }
            ) | (
                Route::SellerEvents {},
                Route::NewEvent {} | Route::EditEvent { .. }
            ) | (Route::SellerOrders { .. }, Route::SellerOrder { .. })
        );
    rsx! {
        Link { class: if active { "dash-link active" } else { "dash-link" }, aria_current: if active { "page" } else { "false" }, to,
            "{label}"
            if badge > 0 {
                span { class: "count-badge dash-badge", "data-testid": "new-orders", "{badge}" span { class: "visually-hidden", " new" } }
            }
        }
    }
}

#[component]
pub fn SellerOverview() -> Element {
    let session = use_session();
    let shop_id = session.read().user().and_then(|m| m.shop_id);
    let products = use_load(|| async move { api::catalog::my_products().await });
    let events = use_load(use_reactive!(|shop_id| async move {
        api::catalog::events(shop_id, "").await
    }));
    let product_count = match &*products.read() {
        Some(Ok(p)) => p.items.len().to_string(),
        _ => "…".into(),
    };
    let sold: i64 = match &*products.read() {
        Some(Ok(p)) => p.items.iter().map(|c| c.sold_count).sum(),
        _ => 0,
    };
    let event_count = match &*events.read() {
        Some(Ok(p)) => p
            .items
            .iter()
            .filter(|e| e.summary.status != bazaar_shared::event::EventStatus::Ended)
            .count()
            .to_string(),
        _ => "…".into(),
    };
    rsx! {
        PageTitle { text: "My shop · Bazaar" }
        h1 { "My shop" }
        ul { class: "stat-tiles",
            li { span { class: "stat-value", "{product_count}" } span { class: "stat-label", "Products" } }
            li { span { class: "stat-value", "{sold}" } span { class: "stat-label", "Units sold" } }
            li { span { class: "stat-value", "{event_count}" } span { class: "stat-label", "Live and upcoming events" } }
        }
        div { class: "row-actions",
            Link { class: "button button-primary", to: Route::NewProduct {}, "Add a product" }
            Link { class: "button button-secondary", to: Route::NewEvent {}, "Create an event" }
            if let Some(id) = shop_id {
                Link { class: "button button-ghost", to: Route::ShopPage { id }, "See your shop page" }
            }
        }
    }
}

const SHOP_FIELDS: &[&str] = &["name", "description", "phone", "address", "postal_code"];

/// A buyer opens a shop on the same account.
#[component]
pub fn OpenShop() -> Element {
    let mut session = use_session();
    let toasts = use_toasts();
    let navigator = navigator();
    let name = use_signal(String::new);
    let description = use_signal(String::new);
    let phone = use_signal(String::new);
    let address = use_signal(String::new);
    let postal_code = use_signal(String::new);
    let form = use_form();
    if session.read().user().is_none() {
        return rsx! {
            AuthCard { title: "Open a shop",
                p { "Sign in first, or create a seller account with its shop in one go." }
                div { class: "auth-links",
                    Link { to: Route::SignIn {}, "Sign in" }
                    Link { to: Route::SellerSignUp {}, "Create a seller account" }
                }
            }
        };
    }
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = ShopInput {
            name: name(),
            description: description(),
            phone: phone(),
            address: address(),
            postal_code: postal_code(),
        };
        form.submit(
            SHOP_FIELDS,
            async move {
                api::shop::open_shop(&body).await?;
                api::account::me().await
            },
            move |me| {
                session.set(Session::SignedIn(me));
                toasts.success("Your shop is open. Add your first product.");
                navigator.push(Route::SellerOverview {});
            },
        );
    };
    rsx! {
        AuthCard { title: "Open a shop", lead: "Sell on Bazaar from this account.",
            form { onsubmit, novalidate: true,
                TextField { label: "Shop name", name: "name", autocomplete: "organization", value: name, errors: form.errors }
                TextField { label: "Description", name: "description", multiline: true, hint: "Optional.", value: description, errors: form.errors }
                TextField { label: "Phone", name: "phone", kind: "tel", autocomplete: "tel", value: phone, errors: form.errors }
                TextField { label: "Address", name: "address", autocomplete: "street-address", value: address, errors: form.errors }
                TextField { label: "Postal code", name: "postal_code", autocomplete: "postal-code", value: postal_code, errors: form.errors }
                SubmitButton { label: "Open my shop", busy: form.is_busy() }
            }
        }
    }
}
