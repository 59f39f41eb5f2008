//! Bazaar's web UI: one Dioxus app for shoppers and sellers, built to wasm by `cargo xtask web`.

mod action;
mod api;
mod cart;
mod components;
mod format;
mod inbox;
mod input;
mod orders;
mod pages;
mod realtime;
mod routes;
mod session;
mod toast;
mod wishlist;

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

    // The deployment's currency and upload limit; the defaults serve until then.
    use_future(move || async move {
        if let Err(e) = api::config::load().await {
            toasts.error(e.message());
        }
    });

    // Restore the session the cookie (or kept token) carries; 401 just means signed out.
    use_future(move || async move {
        let restored = match api::account::me().await {
            Ok(me) => Session::SignedIn(me),
            Err(e) => {
                if e.status() != Some(401) {
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

    rsx! {
        Router::<Route> {}
        toast::ToastStack {}
    }
}
