//! The landing page of the activation link: activates the account and signs it in.

use crate::api;
use crate::components::status::use_load;
use crate::routes::Route;
use crate::session::{Session, use_session};
use dioxus::prelude::*;

#[component]
pub fn Activate(token: String) -> Element {
    let mut session = use_session();
    let activation = use_load(use_reactive!(|token| async move {
        if token.trim().is_empty() {
            return Err(
                "This link has no activation token. Copy the whole link from the e-mail."
                    .to_string(),
            );
        }
        match api::auth::activate(&token).await {
            Ok(me) => {
                let name = me.name.clone();
                session.set(Session::SignedIn(me));
                Ok(name)
            }
            Err(e) => Err(e.message()),
        }
    }));

    let body = match &*activation.read() {
        None => rsx! {
            h1 { "Activating your account…" }
            p { class: "muted", aria_busy: true, "This takes a moment." }
        },
        Some(Ok(name)) => rsx! {
            h1 { "Welcome to Bazaar, {name}!" }
            p { "Your account is active and you are signed in." }
            Link { class: "button button-primary", to: Route::Home {}, "Start shopping" }
        },
        Some(Err(why)) => rsx! {
            h1 { "That link did not work" }
            p { role: "alert", "{why}" }
            p { class: "muted", "Links work once, for 24 hours. You can ask for a new one." }
            Link { class: "button button-primary", to: Route::ResendActivation {}, "Send a new link" }
        },
    };
    rsx! {
        section { class: "auth-card center", {body} }
    }
}
