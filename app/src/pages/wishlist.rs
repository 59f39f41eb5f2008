//! The shopper's wishlist.

use crate::api;
use crate::components::catalog::ProductGrid;
use crate::components::catalog::ProductGridSkeleton;
use crate::components::status::use_load;
use crate::components::status::{EmptyState, LoadError};
use crate::components::title::PageTitle;
use crate::routes::Route;
use crate::session::{Session, use_session};
use crate::wishlist::use_wishlist;
use bazaar_shared::listing::ProductQuery;
use dioxus::prelude::*;

#[component]
pub fn Wishlist() -> Element {
    let session = use_session();
    let wishlist = use_wishlist();
    let signed_in = session.read().user().map(|m| m.id);
    // Reloads when the heart changes the list elsewhere on the page.
    let count = wishlist.count();
    let items = use_load(use_reactive!(|signed_in, count| async move {
        let _ = count;
        match signed_in {
            Some(_) => Some(api::catalog::wishlist().await),
            None => None,
        }
    }));
    let body = match (&*session.read(), &*items.read()) {
        (Session::Restoring, _) | (_, None) => rsx! { ProductGridSkeleton { count: 4 } },
        (Session::SignedOut, _) | (_, Some(None)) => rsx! {
            EmptyState { title: "Sign in to see your wishlist.",
                Link { class: "button button-primary", to: Route::SignIn {}, "Sign in" }
            }
        },
        (_, Some(Some(Err(e)))) => rsx! { LoadError { message: e.message() } },
        (_, Some(Some(Ok(list)))) if list.is_empty() => rsx! {
            EmptyState { title: "Your wishlist is empty.",
                p { class: "muted", "Tap the heart on a product to keep it here." }
                Link { class: "button button-primary", to: Route::Products { query: ProductQuery::default() }, "Browse products" }
            }
        },
        (_, Some(Some(Ok(list)))) => rsx! { ProductGrid { products: list.clone() } },
    };
    rsx! {
        PageTitle { text: "Wishlist · Bazaar" }
        section { class: "container section",
            h1 { "Your wishlist" }
            {body}
        }
    }
}
