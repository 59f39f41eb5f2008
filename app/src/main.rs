//! Bazaar's web UI: one Dioxus app for shoppers and sellers, built to wasm by `cargo xtask web`.

mod action;
mod api;
mod browser;
mod cart;
mod components;
mod format;
mod inbox;
mod input;
mod notify;
mod orders;
mod pages;
mod realtime;
mod routes;
mod service_worker;
mod session;
mod toast;
mod wishlist;

use api::ApiError;
use dioxus::prelude::*;
use routes::Route;
use session::Session;

fn main() {
    // Apps hosted elsewhere (Tauri) name their backend in the page; the web build does not.
    api::connection::configure_from_page();
    dioxus::launch(App);
}

#[component]
fn App() -> Element {
    let mut session = use_context_provider(|| Signal::new(Session::Restoring));
    let toasts = toast::provide_toasts();
    let cart = cart::provide_cart();
    let wishlist = wishlist::provide_wishlist();
    let realtime = realtime::provide_realtime();
    let inbox = inbox::provide_inbox(realtime);
    let order_alerts = orders::provide_order_alerts();
    // Set when the server cannot be reached at start (the installed app opened offline, from
    // the service worker's shell): one screen that says so beats a signed-out-looking app.
    let mut offline = use_signal(|| false);

    // The cart, the wishlist, the websocket and the inbox follow whoever is signed in; the
    // guest cart merges at sign-in.
    use_effect(move || {
        let account = session.read().user().map(|me| me.id);
        order_alerts.follow_session(session.read().user().map(|me| (me.id, me.shop_id)));
        if !matches!(*session.read(), Session::Restoring) {
            cart.follow_session(account);
        }
        wishlist.follow_session(account);
        realtime.follow_session(account);
        inbox.follow_session(account);
    });

    // The deployment's currency and upload limit; the defaults serve until then. Every
    // start asks for them, so this is where an unreachable server shows.
    use_future(move || async move {
        match api::config::load().await {
            Ok(()) => {}
            Err(ApiError::Network(_)) => offline.set(true),
            Err(e) => toasts.error(e.message()),
        }
    });

    // Restore the session the cookie (or kept token) carries; 401 just means signed out.
    use_future(move || async move {
        if !api::connection::may_be_signed_in() {
            if matches!(*session.peek(), Session::Restoring) {
                session.set(Session::SignedOut);
            }
            return;
        }
        let restored = match api::account::me().await {
            Ok(me) => Session::SignedIn(me),
            Err(ApiError::Network(_)) => {
                offline.set(true);
                Session::SignedOut
            }
            Err(e) => {
                if e.status() == Some(401) {
                    api::connection::forget_signed_in_hint();
                } else {
                    toasts.error(e.message());
                }
                Session::SignedOut
            }
        };
        // An activation or sign-in that finished meanwhile is newer than this answer: a late
        // 401 must not sign that account out again.
        if matches!(*session.peek(), Session::Restoring) {
            session.set(restored);
        }
    });

    use_effect(|| {
        spawn(service_worker::register_after_first_paint());
    });

    if offline() {
        return rsx! { NeedsConnection {} };
    }
    rsx! {
        Router::<Route> {}
        toast::ToastStack {}
    }
}

/// What the app shows when it started without reaching the server; the service worker's
/// offline page (for when not even the shell is kept) says the same.
#[component]
fn NeedsConnection() -> Element {
    rsx! {
        main { class: "container offline",
            h1 { "The shop needs a connection" }
            p { "Bazaar could not reach its server. Check that you are online, then try again." }
            button {
                class: "button button-primary",
                r#type: "button",
                onclick: |_| {
                    if let Some(window) = crate::browser::window() {
                        let _ = window.location().reload();
                    }
                },
                "Try again"
            }
        }
    }
}

#[cfg(test)]
mod host_render {
    use super::*;
    use dioxus::history::{History, MemoryHistory};
    use std::rc::Rc;

    /// What the server will do to answer a public page with its content: render the app on
    /// the host, with the markers the browser's hydration follows. No web API may run on
    /// that path (see `browser`).
    #[test]
    fn the_app_renders_a_product_page_off_the_browser_ready_for_hydration() {
        let mut dom = VirtualDom::new(App);
        let page = "/products/01a22678-85d0-77a1-9a78-fd899e10642f";
        dom.provide_root_context(
            Rc::new(MemoryHistory::with_initial_path(page)) as Rc<dyn History>
        );
        dom.rebuild_in_place();
        let html = dioxus_ssr::pre_render(&dom);
        assert!(
            html.contains(r#"<header class="site-header" data-node-hydration="#),
            "{html}"
        );
        assert!(
            html.contains(r#"<main id="content" class="page""#),
            "{html}"
        );
        assert!(
            html.contains("product-layout"),
            "the product page's frame: {html}"
        );
        assert!(html.contains(r#"<footer class="site-footer""#), "{html}");
    }
}
