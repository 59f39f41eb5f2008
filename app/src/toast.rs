//! Short messages that float above the page and go away by themselves.

use dioxus::prelude::*;

const SHOWN_FOR_MS: u32 = 6_000;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tone {
    Success,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
struct Toast {
    id: u64,
    tone: Tone,
    text: String,
}

#[derive(Clone, Copy, PartialEq)]
pub struct Toasts {
    list: Signal<Vec<Toast>>,
    next_id: Signal<u64>,
}

impl Toasts {
    pub fn success(self, text: impl Into<String>) {
        self.push(Tone::Success, text.into());
    }

    pub fn error(self, text: impl Into<String>) {
        self.push(Tone::Error, text.into());
    }

    fn push(mut self, tone: Tone, text: String) {
        let id = *self.next_id.peek();
        self.next_id.set(id + 1);
        self.list.write().push(Toast { id, tone, text });
        // At the root, not in the caller's scope: a page that raises a toast and then
        // navigates away (sign-in) would drop a scoped timer, and the toast would stay.
        dioxus::core::spawn_forever(async move {
            gloo_timers::future::TimeoutFuture::new(SHOWN_FOR_MS).await;
            self.dismiss(id);
        });
    }

    fn dismiss(mut self, id: u64) {
        self.list.write().retain(|t| t.id != id);
    }
}

pub fn provide_toasts() -> Toasts {
    let list = use_signal(Vec::new);
    let next_id = use_signal(|| 0);
    use_context_provider(|| Toasts { list, next_id })
}

pub fn use_toasts() -> Toasts {
    use_context::<Toasts>()
}

/// The stack of toasts, announced to screen readers as they appear.
#[component]
pub fn ToastStack() -> Element {
    let toasts = use_toasts();
    rsx! {
        div { class: "toasts", role: "status", aria_live: "polite",
            for toast in toasts.list.read().iter().cloned() {
                div {
                    key: "{toast.id}",
                    class: if toast.tone == Tone::Error { "toast toast-error" } else { "toast toast-success" },
                    span { "{toast.text}" }
                    button {
                        class: "toast-close",
                        r#type: "button",
                        aria_label: "Dismiss",
                        onclick: move |_| toasts.dismiss(toast.id),
                        "×"
                    }
                }
            }
        }
    }
}
