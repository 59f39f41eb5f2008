//! An admin's action asks for its reason before it runs: the button opens a reason field and
//! a confirm button (the confirmation destructive actions need), and the reason goes to the
//! audit log.

use bazaar_shared::admin::{REASON_MAX_CHARS, check_reason};
use dioxus::prelude::*;

/// `label` opens the form; `confirm` runs `on_confirm` with the reason. An optional reason
/// (a withdrawal's note) may be left empty.
#[component]
pub fn ReasonAction(
    /// The reason field's element id.
    id: &'static str,
    label: String,
    confirm: String,
    #[props(default = "Reason")] field: &'static str,
    #[props(default = true)] required: bool,
    #[props(default)] danger: bool,
    busy: bool,
    on_confirm: EventHandler<String>,
) -> Element {
    let mut asking = use_signal(|| false);
    let mut reason = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    if !asking() {
        return rsx! {
            button {
                class: if danger { "button button-danger-outline" } else { "button button-secondary" },
                r#type: "button",
                disabled: busy,
                onclick: move |_| asking.set(true),
                "{label}"
            }
        };
    }
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let text = reason.peek().trim().to_owned();
        let problem = if required {
            check_reason(&text)
                .err()
                .and_then(|errors| errors.get("reason").map(|m| m.join(", ")))
        } else {
            (text.chars().count() > REASON_MAX_CHARS)
                .then(|| format!("at most {REASON_MAX_CHARS} characters"))
        };
        match problem {
            Some(problem) => error.set(Some(format!("{field}: {problem}"))),
            None => {
                error.set(None);
                on_confirm.call(text);
            }
        }
    };
    rsx! {
        form { class: "reason-form", onsubmit, novalidate: true,
            div { class: "field",
                label { r#for: "{id}", "{field}" }
                textarea {
                    id: "{id}",
                    rows: 2,
                    maxlength: REASON_MAX_CHARS as i64,
                    aria_invalid: error().is_some(),
                    aria_describedby: "{id}-error",
                    value: "{reason}",
                    oninput: move |e| reason.set(e.value()),
                }
                p { id: "{id}-error", class: "field-errors", role: "alert", {error().unwrap_or_default()} }
            }
            div { class: "row-actions",
                button {
                    class: if danger { "button button-danger" } else { "button button-primary" },
                    r#type: "submit",
                    disabled: busy,
                    aria_busy: busy,
                    if busy { "Please wait…" } else { "{confirm}" }
                }
                button { class: "button button-ghost", r#type: "button", onclick: move |_| asking.set(false), "Cancel" }
            }
        }
    }
}
