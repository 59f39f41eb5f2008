//! Sale events, running and upcoming.

use crate::api::catalog::events;
use crate::components::status::use_load;
use crate::components::status::{EmptyState, LoadError, TextSkeleton};
use crate::components::title::PageTitle;
use crate::pages::home::EventFeature;
use dioxus::prelude::*;

#[component]
pub fn Events() -> Element {
    rsx! {
        PageTitle { text: "Events · Bazaar" }
        section { class: "container section",
            h1 { "Events" }
            p { class: "lead", "Time-limited prices from Bazaar's shops." }
            EventList { status: "running", title: "On now", empty: "No event is running right now." }
            EventList { status: "upcoming", title: "Coming up", empty: "Nothing announced yet." }
        }
    }
}

#[component]
pub fn EventList(status: &'static str, title: &'static str, empty: &'static str) -> Element {
    let list = use_load(move || async move { events(None, status).await });
    let body = match &*list.read() {
        None => rsx! { TextSkeleton { lines: 4 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(page)) if page.items.is_empty() => rsx! { EmptyState { title: empty } },
        Some(Ok(page)) => rsx! {
            div { class: "event-list",
                for event in page.items.iter().cloned() {
                    EventFeature { key: "{event.summary.id}", heading_id: format!("event-{}", event.summary.id), event }
                }
            }
        },
    };
    rsx! {
        section { class: "section-block", aria_label: title,
            h2 { "{title}" }
            {body}
        }
    }
}
