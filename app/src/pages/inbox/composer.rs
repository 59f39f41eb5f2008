//! Writing a message: text (Enter sends, Shift+Enter starts a new line) and one picture.

use crate::api::config::CLIENT_CONFIG;
use crate::api::{self, ApiError};
use crate::components::form::use_form;
use crate::components::icon::Icon;
use crate::components::image_picker::{PickedFile, clear_input, picked_files, release};
use crate::components::layout::use_document_listener;
use crate::realtime::use_realtime;
use bazaar_shared::chat::Message;
use bazaar_shared::{ConversationId, FieldErrors};
use dioxus::prelude::*;
use wasm_bindgen::JsCast;

const TEXT_ID: &str = "message-text";
const PICTURE_ID: &str = "message-picture";
const ERRORS_ID: &str = "message-errors";
const SEND_ID: &str = "send-message";

#[component]
pub(super) fn Composer(
    conversation_id: ConversationId,
    /// Whom the message goes to, for the field's label.
    to: String,
    on_sent: EventHandler<Message>,
) -> Element {
    let realtime = use_realtime();
    let mut form = use_form();
    let mut text = use_signal(String::new);
    let mut picture = use_signal(Vec::<PickedFile>::new);

    let send = move || {
        let body = text.peek().clone();
        let file = picture.peek().first().map(|p| p.file.clone());
        form.submit(
            &["text", "image"],
            async move {
                if let Some(file) = &file {
                    check_size(file)?;
                }
                api::chat::send(conversation_id, &body, file.as_ref()).await
            },
            move |message| {
                // Keep whatever was typed while it was on its way.
                if text.peek().trim() == message.text {
                    text.set(String::new());
                }
                release(&picture.peek());
                picture.set(Vec::new());
                clear_input(PICTURE_ID);
                on_sent.call(message);
            },
        );
    };

    // Enter sends, through the send button so a message on its way is not sent twice.
    // A listener of our own: Dioxus' keyboard events would bring their whole table of key
    // names into the wasm.
    use_document_listener("keydown", move |event| {
        let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        let in_composer = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| e.id() == TEXT_ID);
        if in_composer && key.key() == "Enter" && !key.shift_key() && !key.is_composing() {
            event.prevent_default();
            if let Some(button) = crate::browser::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(SEND_ID))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                button.click();
            }
        }
    });

    let errors: Vec<String> = {
        let errors = form.errors.read();
        let text_errors = errors.get("text").unwrap_or_default().iter();
        let picture_errors = errors.get("image").unwrap_or_default().iter();
        text_errors
            .map(|m| format!("Your message {m}."))
            .chain(picture_errors.map(|m| format!("Picture: {m}")))
            .collect()
    };
    let invalid = !errors.is_empty();
    let busy = form.is_busy();
    let label = if to.is_empty() {
        "Message".to_string()
    } else {
        format!("Message to {to}")
    };

    rsx! {
        form {
            class: "composer",
            novalidate: true,
            onsubmit: move |e: FormEvent| {
                e.prevent_default();
                send();
            },
            if let Some(chosen) = picture.read().first() {
                div { class: "composer-preview",
                    img { src: "{chosen.preview}", alt: "Picture to send: {chosen.file.name()}", width: "64", height: "64" }
                    button {
                        class: "button button-ghost",
                        r#type: "button",
                        onclick: move |_| {
                            release(&picture.peek());
                            picture.set(Vec::new());
                            clear_input(PICTURE_ID);
                        },
                        "Remove picture"
                    }
                }
            }
            div { class: "composer-row",
                label { class: "button button-ghost composer-attach", title: "Attach a picture",
                    input {
                        id: PICTURE_ID,
                        class: "visually-hidden",
                        r#type: "file",
                        accept: "image/jpeg,image/png,image/webp",
                        onchange: move |_| {
                            release(&picture.peek());
                            picture.set(picked_files(PICTURE_ID));
                            form.errors.write().0.remove("image");
                        },
                    }
                    PaperclipIcon {}
                    span { class: "visually-hidden", "Attach a picture" }
                }
                label { class: "visually-hidden", r#for: TEXT_ID, "{label}" }
                textarea {
                    id: TEXT_ID,
                    rows: 2,
                    placeholder: "Write a message…",
                    value: "{text}",
                    aria_invalid: invalid,
                    aria_describedby: "{ERRORS_ID} message-keys",
                    oninput: move |e| {
                        text.set(e.value());
                        form.errors.write().0.remove("text");
                        realtime.typing(conversation_id);
                    },
                }
                button {
                    class: "button button-primary",
                    id: SEND_ID,
                    r#type: "submit",
                    disabled: busy,
                    aria_busy: busy,
                    if busy { "Sending…" } else { "Send" }
                }
            }
            ul { id: ERRORS_ID, class: "field-errors", role: "alert",
                for error in errors {
                    li { "{error}" }
                }
            }
            p { id: "message-keys", class: "field-hint composer-hint", "Enter sends; Shift+Enter starts a new line." }
        }
    }
}

/// The deployment's upload limit, checked before the bytes travel.
fn check_size(file: &web_sys::File) -> Result<(), ApiError> {
    let max = CLIENT_CONFIG.peek().upload_max_bytes;
    if file.size() <= max as f64 {
        return Ok(());
    }
    let mut errors = FieldErrors::new();
    errors.add(
        "image",
        format!(
            "this one is larger than {} MB; choose a smaller one",
            max / (1024 * 1024)
        ),
    );
    Err(errors.into())
}

#[component]
fn PaperclipIcon() -> Element {
    rsx! {
        Icon { size: 22,
            path { d: "m21.4 11.1-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" }
        }
    }
}
