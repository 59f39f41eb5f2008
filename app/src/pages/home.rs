//! The front page, the product list (still waiting for the catalog API) and "not found".

use crate::routes::Route;
use crate::session::use_session;
use dioxus::prelude::*;

#[component]
pub fn Home() -> Element {
    let session = use_session();
    let greeting = session
        .read()
        .user()
        .map(|me| format!("Welcome back, {}.", me.name));
    rsx! {
        document::Title { "Bazaar · independent shops, one checkout" }
        section { class: "hero",
            div { class: "container hero-inner",
                if let Some(greeting) = greeting {
                    p { class: "eyebrow", "{greeting}" }
                }
                h1 { "Independent shops, one checkout." }
                p { class: "lead",
                    "Find things made and sold by people who care about them, and buy from several shops at once."
                }
                div { class: "hero-actions",
                    Link { class: "button button-primary", to: Route::Products { q: String::new() }, "Browse products" }
                    Link { class: "button button-secondary", to: Route::SellerSignUp {}, "Open your shop" }
                }
            }
        }
        section { class: "container section",
            h2 { "The catalog" }
            CatalogComingSoon {}
        }
    }
}

/// Where product cards will go once the catalog API exists.
#[component]
fn CatalogComingSoon() -> Element {
    rsx! {
        div { class: "placeholder-grid", aria_hidden: true,
            for _ in 0..4 {
                div { class: "placeholder-card",
                    div { class: "placeholder-image" }
                    div { class: "placeholder-line" }
                    div { class: "placeholder-line short" }
                }
            }
        }
        p { class: "muted center", "The catalog is coming soon: shops are setting up their shelves." }
    }
}

#[component]
pub fn Products(q: String) -> Element {
    let heading = if q.trim().is_empty() {
        "All products".to_string()
    } else {
        format!("Results for “{}”", q.trim())
    };
    rsx! {
        document::Title { "{heading} · Bazaar" }
        section { class: "container section",
            h1 { "{heading}" }
            CatalogComingSoon {}
        }
    }
}

#[component]
pub fn NotFound(segments: Vec<String>) -> Element {
    let path = format!("/{}", segments.join("/"));
    rsx! {
        section { class: "container section center",
            h1 { "Page not found" }
            p { class: "muted", "Nothing lives at {path}." }
            Link { class: "button button-primary", to: Route::Home {}, "Back to the front page" }
        }
    }
}
