//! The signed-in account at a glance.

use crate::routes::Route;
use crate::session::{Session, use_session};
use bazaar_shared::account::Role;
use dioxus::prelude::*;

#[component]
pub fn Profile() -> Element {
    let session = use_session();
    let body = match &*session.read() {
        Session::Restoring => {
            rsx! { p { class: "muted", aria_busy: true, "Loading your profile…" } }
        }
        Session::SignedOut => rsx! {
            h1 { "Your profile" }
            p { "Sign in to see your profile." }
            Link { class: "button button-primary", to: Route::SignIn {}, "Sign in" }
        },
        Session::SignedIn(me) => {
            let roles = me
                .roles
                .iter()
                .map(|role| match role {
                    Role::Buyer => "Buyer",
                    Role::Seller => "Seller",
                    Role::Admin => "Admin",
                })
                .collect::<Vec<_>>()
                .join(", ");
            let joined = me.created_at.date().to_string();
            let phone = me.phone.clone().unwrap_or_else(|| "—".to_string());
            rsx! {
                h1 { "{me.name}" }
                dl { class: "details",
                    dt { "E-mail" }
                    dd { "{me.email}" }
                    dt { "Phone" }
                    dd { "{phone}" }
                    dt { "Account" }
                    dd { "{roles}" }
                    dt { "Member since" }
                    dd { "{joined}" }
                }
            }
        }
    };
    rsx! {
        section { class: "container section narrow", {body} }
    }
}
