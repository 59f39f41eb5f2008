//! The frame around every screen: header with search and account menu (with the admin
//! console for admins), footer.

use crate::action::use_action;
use crate::api;
use crate::cart::use_cart;
use crate::components::icon::Icon;
use crate::inbox::use_inbox;
use crate::routes::Route;
use crate::session::{Session, use_session};
use crate::toast::use_toasts;
use crate::wishlist::use_wishlist;
use bazaar_shared::account::Role;
use bazaar_shared::catalog::CATEGORIES;
use bazaar_shared::listing::ProductQuery;
use dioxus::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

#[component]
pub fn Shell() -> Element {
    rsx! {
        a { class: "skip-link", href: "#content", "Skip to content" }
        SiteHeader {}
        main { id: "content", class: "page", Outlet::<Route> {} }
        SiteFooter {}
    }
}

#[component]
fn SiteHeader() -> Element {
    rsx! {
        header { class: "site-header",
            div { class: "container header-row",
                Link { class: "brand", to: Route::Home {},
                    span { class: "brand-mark", aria_hidden: true, "B" }
                    span { class: "brand-name", "Bazaar" }
                }
                SearchBox {}
                div { class: "header-actions",
                    WishlistLink {}
                    InboxLink {}
                    CartLink {}
                    AccountMenu {}
                }
            }
            CategoryBar {}
        }
    }
}

/// The categories, one tap away on every page.
#[component]
fn CategoryBar() -> Element {
    rsx! {
        nav { class: "category-bar", aria_label: "Categories",
            div { class: "container category-row",
                Link { to: Route::Products { query: ProductQuery::default() }, "All" }
                for (slug, name) in CATEGORIES.iter().copied() {
                    Link {
                        key: "{slug}",
                        to: Route::Products { query: ProductQuery { category: Some(slug.to_string()), ..Default::default() } },
                        "{name}"
                    }
                }
                Link { to: Route::Events {}, "Events" }
            }
        }
    }
}

#[component]
fn WishlistLink() -> Element {
    let wishlist = use_wishlist();
    let session = use_session();
    if session.read().user().is_none() {
        return rsx! {};
    }
    let count = wishlist.count();
    rsx! {
        Link { class: "header-icon", to: Route::Wishlist {}, aria_label: "Wishlist, {count} items",
            span { aria_hidden: true, class: "header-glyph", "♡" }
            span { class: "count-badge", aria_hidden: true, "{count}" }
        }
    }
}

/// The inbox, with how many messages wait unread.
#[component]
fn InboxLink() -> Element {
    let inbox = use_inbox();
    let session = use_session();
    if session.read().user().is_none() {
        return rsx! {};
    }
    let unread = inbox.unread_total();
    rsx! {
        Link { class: "header-icon", to: Route::Inbox {}, aria_label: "Messages, {unread} unread",
            Icon { class: "header-svg",
                path { d: "M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.8A8 8 0 1 1 21 12Z" }
            }
            if unread > 0 {
                span { class: "count-badge", "data-testid": "inbox-unread", aria_hidden: true, "{unread}" }
            }
        }
    }
}

#[component]
fn CartLink() -> Element {
    let cart = use_cart();
    let count = cart.count();
    rsx! {
        Link { class: "header-icon", id: "cart-link", to: Route::CartPage {}, aria_label: "Cart, {count} items",
            Icon { class: "header-svg",
                circle { cx: "9", cy: "20", r: "1.5" }
                circle { cx: "18", cy: "20", r: "1.5" }
                path { d: "M2 3h3l2.6 12.2a1.5 1.5 0 0 0 1.5 1.2h8.8a1.5 1.5 0 0 0 1.5-1.1L21 8H6" }
            }
            span { class: "count-badge", "data-testid": "cart-count", aria_hidden: true, "{count}" }
        }
    }
}

/// Searching sends the shopper to the product list with the words in `?q=`.
#[component]
fn SearchBox() -> Element {
    let mut query = use_signal(String::new);
    let navigator = navigator();
    rsx! {
        form {
            class: "search",
            role: "search",
            onsubmit: move |e: FormEvent| {
                e.prevent_default();
                let q = Some(query.peek().trim().to_string()).filter(|q| !q.is_empty());
                navigator.push(Route::Products { query: ProductQuery { q, ..Default::default() } });
            },
            label { class: "visually-hidden", r#for: "site-search", "Search products" }
            input {
                id: "site-search",
                r#type: "search",
                placeholder: "Search products and shops",
                value: "{query}",
                oninput: move |e| query.set(e.value()),
            }
            button { class: "button search-button", r#type: "submit", "Search" }
        }
    }
}

#[component]
fn AccountMenu() -> Element {
    let session = use_session();
    match &*session.read() {
        Session::Restoring => rsx! { div { class: "account-menu", aria_busy: true } },
        Session::SignedOut => rsx! {
            nav { class: "account-menu", aria_label: "Account",
                Link { class: "button button-ghost", to: Route::SignIn {}, "Sign in" }
                Link { class: "button button-primary", to: Route::SignUp {}, "Sign up" }
            }
        },
        Session::SignedIn(me) => rsx! {
            UserMenu {
                name: me.name.clone(),
                avatar: me.avatar.as_ref().map(|a| a.thumb_url.clone()),
                has_shop: me.shop_id.is_some(),
                is_admin: me.roles.contains(&Role::Admin),
            }
        },
    }
}

/// The signed-in account's picture and name, opening onto Profile, the shop and Sign out.
/// A click anywhere else or Escape closes it.
#[component]
fn UserMenu(name: String, avatar: Option<String>, has_shop: bool, is_admin: bool) -> Element {
    let mut session = use_session();
    let toasts = use_toasts();
    let navigator = navigator();
    let mut open = use_signal(|| false);
    let signing_out = use_action();
    use_document_listener("pointerdown", move |event| {
        if *open.peek() && !inside(&event, ".user-menu") {
            open.set(false);
        }
    });
    use_document_listener("keydown", move |event| {
        let escape = event
            .dyn_ref::<web_sys::KeyboardEvent>()
            .is_some_and(|k| k.key() == "Escape");
        if escape && *open.peek() {
            open.set(false);
            // Back to the button that opened it, so keyboard users keep their place.
            crate::browser::focus(".user-menu-toggle");
        }
    });
    let initial = name
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();

    let sign_out = move |_| {
        let request = async move {
            let answer = api::auth::logout().await;
            // The menu closes whatever the answer.
            open.set(false);
            answer
        };
        signing_out.run(request, move |()| {
            session.set(Session::SignedOut);
            toasts.success("You are signed out.");
            navigator.push(Route::Home {});
        });
    };

    rsx! {
        nav { class: "account-menu", aria_label: "Account",
            div { class: "user-menu",
                button {
                    class: "button button-ghost user-menu-toggle",
                    r#type: "button",
                    // The name hides on a phone; the button keeps it for assistive tech.
                    aria_label: "{name}, account menu",
                    aria_haspopup: "true",
                    aria_expanded: open(),
                    onclick: move |_| open.toggle(),
                    if let Some(src) = avatar {
                        img { class: "avatar", src: "{src}", alt: "", width: "28", height: "28", decoding: "async" }
                    } else {
                        span { class: "avatar", aria_hidden: true, "{initial}" }
                    }
                    span { class: "user-name", "{name}" }
                }
                if open() {
                    ul { class: "user-menu-list",
                        li {
                            Link { to: Route::Profile {}, onclick: move |_| open.set(false), "Profile" }
                        }
                        li {
                            Link { to: Route::MyOrders {}, onclick: move |_| open.set(false), "My orders" }
                        }
                        li {
                            Link { to: Route::Wishlist {}, onclick: move |_| open.set(false), "Wishlist" }
                        }
                        li {
                            Link { to: Route::Inbox {}, onclick: move |_| open.set(false), "Messages" }
                        }
                        li {
                            if has_shop {
                                Link { to: Route::SellerOverview {}, onclick: move |_| open.set(false), "My shop" }
                            } else {
                                Link { to: Route::OpenShop {}, onclick: move |_| open.set(false), "Open a shop" }
                            }
                        }
                        if is_admin {
                            li {
                                Link { to: Route::AdminDashboard {}, onclick: move |_| open.set(false), "Admin" }
                            }
                        }
                        li {
                            button {
                                r#type: "button",
                                disabled: signing_out.is_busy(),
                                onclick: sign_out,
                                if signing_out.is_busy() { "Signing out…" } else { "Sign out" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Whether `event` happened inside an element matching `selector`.
fn inside(event: &web_sys::Event, selector: &str) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(selector).ok().flatten())
        .is_some()
}

/// A listener on the whole document for as long as the component lives.
pub(crate) fn use_document_listener(
    event: &'static str,
    handler: impl FnMut(web_sys::Event) + 'static,
) {
    use_hook(|| Rc::new(DocumentListener::add(event, handler)));
}

struct DocumentListener {
    event: &'static str,
    callback: Closure<dyn FnMut(web_sys::Event)>,
}

impl DocumentListener {
    fn add(event: &'static str, handler: impl FnMut(web_sys::Event) + 'static) -> Self {
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
        if let Some(document) = crate::browser::window().and_then(|w| w.document()) {
            let _ =
                document.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        }
        Self { event, callback }
    }
}

impl Drop for DocumentListener {
    fn drop(&mut self) {
        if let Some(document) = crate::browser::window().and_then(|w| w.document()) {
            let _ = document.remove_event_listener_with_callback(
                self.event,
                self.callback.as_ref().unchecked_ref(),
            );
        }
    }
}

#[component]
fn SiteFooter() -> Element {
    rsx! {
        footer { class: "site-footer",
            div { class: "container footer-row",
                p { "© Bazaar — a marketplace of independent shops." }
                nav { aria_label: "Footer",
                    Link { to: Route::SellerSignUp {}, "Sell on Bazaar" }
                    Link { to: Route::Events {}, "Events" }
                    Link { to: Route::Home {}, "Home" }
                }
            }
        }
    }
}
