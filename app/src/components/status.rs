//! Small pieces that say how things stand: empty lists, load errors, the wishlist heart,
//! a delete button that asks first.

use crate::action::use_action;
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
    let toggling = use_action();
    let wished = wishlist.contains(product);
    let shown = if wished {
        "On your wishlist"
    } else {
        "Add to wishlist"
    };
    // A spoken name begins with the words on the button, so voice control finds it by them.
    let label = match (compact, wished) {
        (false, _) => format!("{shown}: {name}"),
        (true, true) => format!("Remove {name} from your wishlist"),
        (true, false) => format!("Add {name} to your wishlist"),
    };
    let onclick = move |_| {
        if session.read().user().is_none() {
            toasts.error("Sign in to keep a wishlist.");
            navigator.push(Route::SignIn {});
            return;
        }
        toggling.run(wishlist.toggle(product), move |wished| {
            toasts.success(if wished {
                "Added to your wishlist."
            } else {
                "Removed from your wishlist."
            })
        });
    };
    rsx! {
        button {
            class: if compact { "wish-button wish-compact" } else { "button button-secondary wish-button" },
            r#type: "button",
            aria_pressed: wished,
            aria_label: "{label}",
            title: "{label}",
            disabled: toggling.is_busy(),
            onclick,
            span { aria_hidden: true, class: "wish-heart", if wished { "♥" } else { "♡" } }
            if !compact {
                span { "{shown}" }
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

/// What `use_load` gives: the answer once it came (`None` before), and a way to load again.
/// It reads and writes like the `Signal` it holds.
pub struct Load<T: 'static> {
    value: Signal<Option<T>>,
    task: Resource<()>,
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Load<T> {}

impl<T> PartialEq for Load<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> std::ops::Deref for Load<T> {
    type Target = Signal<Option<T>>;
    fn deref(&self) -> &Self::Target {
        &self.value
    }
}

impl<T> std::ops::DerefMut for Load<T> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.value
    }
}

impl<T> Load<T> {
    /// Loads again; what was there stays shown until the new answer comes.
    pub fn restart(&mut self) {
        self.task.restart();
    }
}

/// `use_resource` whose one instance serves every call: the boxed future stores its answer
/// in a signal of the caller's type, so `use_resource`'s machinery is compiled once for `()`
/// instead of once per answer type. Signals read while `load` runs load again on change.
#[track_caller]
pub fn use_load<T: 'static, F: Future<Output = T> + 'static>(
    mut load: impl FnMut() -> F + 'static,
) -> Load<T> {
    let mut value = use_signal(|| None::<T>);
    let load: Box<dyn FnMut() -> Pin<Box<dyn Future<Output = ()>>>> = Box::new(move || {
        let answer = load();
        Box::pin(async move { value.set(Some(answer.await)) })
    });
    // The box itself, not a closure around it: a closure here would be a new type per `F`.
    let task = use_resource(load);
    Load { value, task }
}
