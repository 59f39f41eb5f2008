//! Form pieces: labelled fields that show their own errors, and a submit button that waits.

use crate::action::{Action, use_action};
use crate::api::ApiError;
use crate::components::title::PageTitle;
use crate::toast::{Toasts, use_toasts};
use bazaar_shared::FieldErrors;
use dioxus::prelude::*;
use std::future::Future;

/// What every form tracks while it talks to the server.
#[derive(Clone, Copy, PartialEq)]
pub struct FormState {
    action: Action,
    pub errors: Signal<FieldErrors>,
    toasts: Toasts,
}

pub fn use_form() -> FormState {
    FormState {
        action: use_action(),
        errors: use_signal(FieldErrors::new),
        toasts: use_toasts(),
    }
}

impl FormState {
    pub fn is_busy(&self) -> bool {
        self.action.is_busy()
    }

    /// Runs one request at a time. Field messages go next to the `fields` this form shows;
    /// anything else becomes a toast.
    pub fn submit<T: 'static>(
        mut self,
        fields: &'static [&'static str],
        request: impl Future<Output = Result<T, ApiError>> + 'static,
        on_success: impl FnOnce(T) + 'static,
    ) {
        if !self.action.is_idle() {
            return;
        }
        self.errors.set(FieldErrors::new());
        self.action
            .run_or_else(request, on_success, move |error| self.show(fields, &error));
    }

    fn show(mut self, fields: &[&str], error: &ApiError) {
        let errors = error.field_errors();
        let elsewhere: Vec<String> = errors
            .0
            .iter()
            .filter(|(field, _)| !fields.contains(&field.as_str()))
            .map(|(field, messages)| {
                format!("{}: {}", field.replace('_', " "), messages.join(", "))
            })
            .collect();
        if errors.is_empty() {
            self.toasts.error(error.message());
        } else if !elsewhere.is_empty() {
            self.toasts.error(elsewhere.join("; "));
        }
        self.errors.set(errors);
    }
}

/// The element id of the field with this API key: `shop.name` becomes `field-shop-name`.
fn field_id(name: &str) -> String {
    format!("field-{}", name.replace('.', "-"))
}

/// What the server said about the field `name`, read so the field re-renders when it changes.
fn messages_for(errors: Signal<FieldErrors>, name: &str) -> Vec<String> {
    errors
        .read()
        .get(name)
        .map(<[String]>::to_vec)
        .unwrap_or_default()
}

/// A labelled input bound to `value`, with the messages for `name` under it.
#[component]
pub fn TextField(
    #[props(into)] label: String,
    /// The field's key in the API's error map, e.g. `email` or `shop.name`.
    name: &'static str,
    value: Signal<String>,
    errors: Signal<FieldErrors>,
    #[props(default = "text")] kind: &'static str,
    #[props(default = "off")] autocomplete: &'static str,
    #[props(default, into)] hint: String,
    #[props(default)] multiline: bool,
) -> Element {
    let id = field_id(name);
    let messages = messages_for(errors, name);
    let invalid = !messages.is_empty();
    let described_by = format!("{id}-hint {id}-errors");
    let oninput = move |e: FormEvent| {
        value.set(e.value());
        if errors.peek().get(name).is_some() {
            errors.write().0.remove(name);
        }
    };
    rsx! {
        div { class: "field",
            label { r#for: "{id}", "{label}" }
            if multiline {
                textarea {
                    id: "{id}",
                    name,
                    rows: 3,
                    value: "{value}",
                    aria_invalid: invalid,
                    aria_describedby: "{described_by}",
                    oninput,
                }
            } else {
                input {
                    id: "{id}",
                    name,
                    r#type: kind,
                    autocomplete,
                    value: "{value}",
                    aria_invalid: invalid,
                    aria_describedby: "{described_by}",
                    oninput,
                }
            }
            if !hint.is_empty() {
                p { id: "{id}-hint", class: "field-hint", "{hint}" }
            }
            ul { id: "{id}-errors", class: "field-errors",
                for message in messages {
                    li { "{message}" }
                }
            }
        }
    }
}

/// A password input for choosing a new password, with the rules it must meet.
#[component]
pub fn NewPasswordField(
    label: &'static str,
    name: &'static str,
    value: Signal<String>,
    errors: Signal<FieldErrors>,
) -> Element {
    rsx! {
        TextField {
            label,
            name,
            kind: "password",
            autocomplete: "new-password",
            hint: "At least 8 characters, and not a common one.",
            value,
            errors,
        }
    }
}

/// The form's main button; disabled and relabelled while its request runs.
#[component]
pub fn SubmitButton(label: &'static str, busy: bool) -> Element {
    rsx! {
        button {
            class: "button button-primary button-wide",
            r#type: "submit",
            disabled: busy,
            aria_busy: busy,
            if busy { "Please wait…" } else { "{label}" }
        }
    }
}

/// The centred card that holds the sign-in and sign-up style screens.
#[component]
pub fn AuthCard(
    title: &'static str,
    #[props(default)] lead: &'static str,
    children: Element,
) -> Element {
    rsx! {
        PageTitle { text: "{title} · Bazaar" }
        section { class: "auth-card",
            h1 { "{title}" }
            if !lead.is_empty() {
                p { class: "lead", "{lead}" }
            }
            {children}
        }
    }
}

/// A labelled `<select>` bound to `value`, with the messages for `name` under it.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    value: Signal<String>,
    errors: Signal<FieldErrors>,
    /// (value, text) pairs.
    options: Vec<(String, String)>,
) -> Element {
    let id = field_id(name);
    let messages = messages_for(errors, name);
    let invalid = !messages.is_empty();
    rsx! {
        div { class: "field",
            label { r#for: "{id}", "{label}" }
            select {
                id: "{id}",
                name,
                aria_invalid: invalid,
                aria_describedby: "{id}-errors",
                onchange: move |e| {
                    value.set(e.value());
                    errors.write().0.remove(name);
                },
                for (v, text) in options {
                    option { key: "{v}", value: "{v}", selected: v == value(), "{text}" }
                }
            }
            ul { id: "{id}-errors", class: "field-errors",
                for message in messages {
                    li { "{message}" }
                }
            }
        }
    }
}
