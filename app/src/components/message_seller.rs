//! "Message the seller": opens (or reopens) the buyer's conversation with a shop.

use crate::action::use_action;
use crate::api;
use crate::inbox::use_inbox;
use crate::routes::Route;
use crate::session::{Session, use_session};
use crate::toast::use_toasts;
use bazaar_shared::ShopId;
use dioxus::prelude::*;

/// Hidden on one's own shop; a guest is sent to sign in first.
#[component]
pub fn MessageSellerButton(shop_id: ShopId) -> Element {
    let session = use_session();
    let inbox = use_inbox();
    let toasts = use_toasts();
    let navigator = navigator();
    let opening = use_action();
    if session
        .read()
        .user()
        .is_some_and(|me| me.shop_id == Some(shop_id))
    {
        return rsx! {};
    }
    let onclick = move |_| {
        match &*session.peek() {
            Session::Restoring => return,
            Session::SignedOut => {
                toasts.error("Sign in to message the seller.");
                navigator.push(Route::SignIn {});
                return;
            }
            Session::SignedIn(_) => {}
        }
        opening.run(api::chat::start(shop_id), move |conversation| {
            let id = conversation.id;
            inbox.upsert(conversation);
            navigator.push(Route::InboxConversation { id });
        });
    };
    let busy = opening.is_busy();
    rsx! {
        button {
            class: "button button-secondary message-seller",
            r#type: "button",
            disabled: busy,
            aria_busy: busy,
            onclick,
            if busy { "Opening the conversation…" } else { "Message the seller" }
        }
    }
}
