//! Small pieces that say how things stand: empty lists, load errors, the wishlist heart,
//! a delete button that asks first.

use crate::routes::Route;
use crate::session::use_session;
use crate::toast::use_toasts;
use crate::wishlist::use_wishlist;
use bazaar_shared::ProductId;
use dioxus::prelude::*;
use std::future::Future;
use std::pin::Pin;

#[component]
pub fn EmptyState(title: String, #[props(default)] children: Element) -> Element {
    rsx! {
        div { class: "empty-state",
            p { class: "empty-title", "{title}" }
            {children}
        }
    }
}

#[component]
pub fn LoadError(message: String) -> Element {
    rsx! {
        div { class: "empty-state", role: "alert",
            p { class: "empty-title", "This did not load." }
            p { class: "muted", "{message}" }
        }
    }
}

/// Lines of grey while a page's content loads.
#[component]
pub fn TextSkeleton(#[props(default = 3)] lines: usize) -> Element {
    rsx! {
        div { aria_busy: true, aria_label: "Loading",
            for i in 0..lines {
                div { key: "{i}", class: if i + 1 == lines { "skeleton skeleton-line short" } else { "skeleton skeleton-line" } }
            }
        }
    }
}

/// The heart: adds to or removes from the wishlist; guests are asked to sign in.
#[component]
pub fn WishButton(product: ProductId, name: String, #[props(default)] compact: bool) -> Element {
    let wishlist = use_wishlist();
    let session = use_session();
    let toasts = use_toasts();
    let navigator = navigator();
    let mut busy = use_signal(|| false);
    let wished = wishlist.contains(product);
    let label = if wished {
        format!("Remove {name} from your wishlist")
    } else {
        format!("Add {name} to your wishlist")
    };
    let onclick = move |_| {
        if busy() {
            return;
        }
        if session.read().user().is_none() {
            toasts.error("Sign in to keep a wishlist.");
            navigator.push(Route::SignIn {});
            return;
        }
        busy.set(true);
        spawn(async move {
            let result = wishlist.toggle(product).await;
            busy.set(false);
            match result {
                Ok(true) => toasts.success("Added to your wishlist."),
                Ok(false) => toasts.success("Removed from your wishlist."),
                Err(e) => toasts.error(e.message()),
            }
        });
    };
    rsx! {
        button {
            class: if compact { "wish-button wish-compact" } else { "button button-secondary wish-button" },
            r#type: "button",
            aria_pressed: wished,
            aria_label: "{label}",
            title: "{label}",
            disabled: busy(),
            onclick,
            span { aria_hidden: true, class: "wish-heart", if wished { "♥" } else { "♡" } }
            if !compact {
                span { if wished { "On your wishlist" } else { "Add to wishlist" } }
            }
        }
    }
}

/// A button that asks "are you sure?" in place before it runs `on_confirm`.
#[component]
pub fn ConfirmButton(
    label: String,
    question: String,
    #[props(default = "Yes, delete".to_string())] confirm_label: String,
    busy: bool,
    on_confirm: EventHandler<()>,
) -> Element {
    let mut asking = use_signal(|| false);
    if asking() {
        return rsx! {
            span { class: "confirm", role: "group", aria_label: "{question}",
                span { class: "confirm-question", "{question}" }
                button {
                    class: "button button-danger",
                    r#type: "button",
                    disabled: busy,
                    onclick: move |_| {
                        asking.set(false);
                        on_confirm.call(());
                    },
                    "{confirm_label}"
                }
                button { class: "button button-ghost", r#type: "button", onclick: move |_| asking.set(false), "Cancel" }
            }
        };
    }
    rsx! {
        button {
            class: "button button-danger-outline",
            r#type: "button",
            disabled: busy,
            onclick: move |_| asking.set(true),
            if busy { "Please wait…" } else { "{label}" }
        }
    }
}

/// `use_resource` with the future boxed, so its machinery is compiled once per answer type
/// instead of once per call site.
#[track_caller]
pub fn use_load<T: 'static, F: Future<Output = T> + 'static>(
    mut load: impl FnMut() -> F + 'static,
) -> Resource<T> {
    let load: Box<dyn FnMut() -> Pin<Box<dyn Future<Output = T>>>> =
        Box::new(move || Box::pin(load()));
    // The box itself, not a closure around it: a closure here would be a new type per `F`.
    use_resource(load)
}
