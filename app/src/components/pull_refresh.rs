//! Pull down at the top of a screen to reload it, as phone apps do.

use dioxus::prelude::*;

/// How far (CSS pixels) the finger must pull before letting go reloads.
const THRESHOLD: f64 = 72.0;

/// Wraps a screen: a downward pull that starts with the page scrolled to the top shows how
/// far it has gone, and letting go past [`THRESHOLD`] mounts the screen again, so it loads
/// what it shows afresh (every screen loads its data when mounted). Only touch starts it.
#[component]
pub fn PullToRefresh(children: Element) -> Element {
    let mut generation = use_signal(|| 0_u64);
    let mut start = use_signal(|| None::<f64>);
    let mut pulled = use_signal(|| 0.0_f64);
    let distance = pulled();
    let label = if distance >= THRESHOLD {
        "Release to refresh"
    } else {
        "Pull to refresh"
    };
    rsx! {
        div {
            class: "pull-refresh",
            ontouchstart: move |event: TouchEvent| {
                let first = event.touches().first().map(|t| t.client_coordinates().y);
                start.set(first.filter(|_| scrolled_to_top()));
            },
            ontouchmove: move |event: TouchEvent| {
                if let (Some(from), Some(touch)) = (start(), event.touches().first()) {
                    pulled.set((touch.client_coordinates().y - from).max(0.0));
                }
            },
            ontouchend: move |_| {
                if pulled() >= THRESHOLD {
                    generation += 1;
                }
                start.set(None);
                pulled.set(0.0);
            },
            if distance > 0.0 {
                div {
                    class: "pull-indicator",
                    role: "status",
                    style: "height: {distance.min(THRESHOLD * 1.25)}px",
                    "{label}"
                }
            }
            for mount in [generation()] {
                div { key: "{mount}", class: "pull-content", {children.clone()} }
            }
        }
    }
}

fn scrolled_to_top() -> bool {
    crate::browser::window()
        .and_then(|w| w.scroll_y().ok())
        .is_some_and(|y| y <= 0.0)
}
