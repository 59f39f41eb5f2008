//! The tab's title.

use dioxus::prelude::*;

/// Sets the tab's title while the page shows. Dioxus's `document::Title` does it through
/// `eval`, which the pages' Content-Security-Policy refuses (it allows no `unsafe-eval`).
#[component]
pub fn PageTitle(text: String) -> Element {
    if let Some(document) = crate::browser::window().and_then(|w| w.document()) {
        document.set_title(&text);
    }
    rsx! {}
}
