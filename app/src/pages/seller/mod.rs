//! The seller's side: a dashboard with its own navigation, usable on a phone.

pub mod balance;
pub mod coupons;
pub mod events;
pub mod orders;
pub mod products;
pub mod settings;

use crate::api;
use crate::components::form::{AuthCard, SubmitButton, TextField, use_form};
use crate::components::icon::Icon;
use crate::components::pull_refresh::PullToRefresh;
use crate::components::status::use_load;
use crate::components::status::{EmptyState, TextSkeleton};
use crate::components::title::PageTitle;
use crate::format;
use crate::inbox::use_inbox;
use crate::notify::NotificationsButton;
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
                DashLink { to: Route::SellerOverview {}, label: "Overview", in_tab_bar: true }
                DashLink { to: Route::SellerOrders { status: String::new() }, label: "Orders", badge: alerts.unseen_count(), in_tab_bar: true }
                DashLink { to: Route::SellerProducts {}, label: "Products", in_tab_bar: true }
                DashLink { to: Route::SellerEvents {}, label: "Events" }
                DashLink { to: Route::SellerCoupons {}, label: "Coupons" }
                DashLink { to: Route::SellerBalance {}, label: "Balance" }
                DashLink { to: Route::ShopSettings {}, label: "Settings" }
                DashLink { to: Route::Inbox {}, label: "Messages", in_tab_bar: true }
            }
            div { class: "dashboard-main",
                PullToRefresh { Outlet::<Route> {} }
            }
        }
        AppTabs {}
    }
}

/// Whether the link to `to` leads to the screen `current` (or the section it belongs to).
fn leads_to(to: &Route, current: &Route) -> bool {
    std::mem::discriminant(current) == std::mem::discriminant(to)
        || matches!(
            (to, current),
            (
                Route::SellerProducts {},
                Route::NewProduct {} | Route::EditProduct { .. }
            ) | (
                Route::SellerEvents {},
                Route::NewEvent {} | Route::EditEvent { .. }
            ) | (Route::SellerOrders { .. }, Route::SellerOrder { .. })
        )
}

/// The sellers' app on a phone: a tab bar at the bottom of the screen (the stylesheet shows it
/// below 40rem only), with what waits for the seller on its badges.
#[component]
fn AppTabs() -> Element {
    let alerts = use_order_alerts();
    let inbox = use_inbox();
    let to_send = alerts.waiting_to_send().unwrap_or(0);
    let unread = inbox.unread_total() as usize;
    rsx! {
        nav { class: "app-tabs", aria_label: "Shop app",
            TabLink { to: Route::SellerOrders { status: String::new() }, label: "Orders", badge: to_send, badge_meaning: "to send", name: "orders",
                path { d: "M6 2 3 6v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6l-3-4z" }
                path { d: "M3 6h18" }
                path { d: "M16 10a4 4 0 0 1-8 0" }
            }
            TabLink { to: Route::Inbox {}, label: "Inbox", badge: unread, badge_meaning: "unread", name: "inbox",
                path { d: "M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" }
            }
            TabLink { to: Route::SellerProducts {}, label: "Products", name: "products",
                path { d: "M20.6 13.4 13.4 20.6a2 2 0 0 1-2.8 0L2 12V2h10l8.6 8.6a2 2 0 0 1 0 2.8z" }
                path { d: "M7 7h.01" }
            }
            TabLink { to: Route::SellerOverview {}, label: "Shop", name: "shop",
                path { d: "M3 9 4.5 3h15L21 9" }
                path { d: "M3 9h18v2a3 3 0 0 1-6 0 3 3 0 0 1-6 0 3 3 0 0 1-6 0z" }
                path { d: "M5 13v8h14v-8" }
            }
        }
    }
}

#[component]
fn TabLink(
    to: Route,
    label: &'static str,
    name: &'static str,
    #[props(default)] badge: usize,
    #[props(default)] badge_meaning: &'static str,
    children: Element,
) -> Element {
    let current = use_route::<Route>();
    let active = leads_to(&to, &current);
    rsx! {
        Link {
            class: if active { "app-tab active" } else { "app-tab" },
            aria_current: if active { "page" } else { "false" },
            "data-testid": "tab-{name}",
            to,
            Icon { size: 22, {children} }
            span { class: "app-tab-label", "{label}" }
            if badge > 0 {
                span { class: "count-badge app-tab-badge", "data-testid": "tab-{name}-badge",
                    "{badge}"
                    span { class: "visually-hidden", " {badge_meaning}" }
                }
            }
        }
    }
}

#[component]
/// `in_tab_bar`: the phone's tab bar has it too, so the menu leaves it out there.
fn DashLink(
    to: Route,
    label: &'static str,
    #[props(default)] badge: usize,
    #[props(default)] in_tab_bar: bool,
) -> Element {
    let current = use_route::<Route>();
    let active = leads_to(&to, &current);
    let class = match (active, in_tab_bar) {
        (true, true) => "dash-link active in-tab-bar",
        (true, false) => "dash-link active",
        (false, true) => "dash-link in-tab-bar",
        (false, false) => "dash-link",
    };
    rsx! {
        Link { class, aria_current: if active { "page" } else { "false" }, to,
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
    let alerts = use_order_alerts();
    let inbox = use_inbox();
    let balance = use_load(|| async move { api::payout::balance().await });
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
    let counted = |n: Option<usize>| n.map_or_else(|| "…".to_owned(), |n| n.to_string());
    let today = counted(alerts.today_count());
    let to_send = counted(alerts.waiting_to_send());
    let unread = inbox.unread_total();
    let available = match &*balance.read() {
        Some(Ok(b)) => format::price(&b.available),
        Some(Err(_)) => "–".into(),
        None => "…".into(),
    };
    rsx! {
        PageTitle { text: "My shop · Bazaar" }
        h1 { "My shop" }
        // What a seller checks first, each a tap away from where it is handled.
        ul { class: "stat-tiles key-figures", aria_label: "Today at a glance",
            li { "data-testid": "today-orders",
                Link { class: "stat-link", to: Route::SellerOrders { status: String::new() },
                    span { class: "stat-value", "{today}" } span { class: "stat-label", "Orders today" }
                }
            }
            li { "data-testid": "to-send",
                Link { class: "stat-link", to: Route::SellerOrders { status: "processing".into() },
                    span { class: "stat-value", "{to_send}" } span { class: "stat-label", "Orders to ship" }
                }
            }
            li { "data-testid": "unread-messages",
                Link { class: "stat-link", to: Route::Inbox {},
                    span { class: "stat-value", "{unread}" } span { class: "stat-label", "Unread messages" }
                }
            }
            li { "data-testid": "available-balance",
                Link { class: "stat-link", to: Route::SellerBalance {},
                    span { class: "stat-value", "{available}" } span { class: "stat-label", "Available balance" }
                }
            }
        }
        NotificationsButton {}
        h2 { class: "section-title", "Catalogue" }
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
