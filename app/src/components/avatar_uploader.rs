//! The picture card of an account or a shop: the current picture, a new one to choose, upload.

use crate::action::use_action;
use crate::api::ApiError;
use crate::components::form::SubmitButton;
use crate::components::image_picker::{ImagePicker, PickedFile, clear_input, release};
use crate::toast::use_toasts;
use dioxus::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// Sending the chosen picture, and whatever the owner does with the answer.
pub type PictureUpload = Pin<Box<dyn Future<Output = Result<(), ApiError>>>>;

/// Shows `current` (or `initial` when there is none) until a new picture is chosen; `upload`
/// sends it, and once it resolves the card clears itself and says `success`.
#[component]
pub fn AvatarUploader(
    title: &'static str,
    /// The picture's alt text.
    alt: &'static str,
    /// The file input's id, unique on the page.
    input_id: &'static str,
    /// The thumbnail URL of the picture in use, if any.
    current: Option<String>,
    initial: char,
    upload: Callback<web_sys::File, PictureUpload>,
    success: &'static str,
) -> Element {
    let toasts = use_toasts();
    let mut files = use_signal(Vec::<PickedFile>::new);
    let uploading = use_action();
    let preview = files.read().first().map(|f| f.preview.clone());
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let Some(file) = files.peek().first().map(|f| f.file.clone()) else {
            toasts.error("Choose a picture first.");
            return;
        };
        uploading.run(upload.call(file), move |()| {
            release(&files.peek());
            files.set(Vec::new());
            clear_input(input_id);
            toasts.success(success);
        });
    };
    rsx! {
        form { class: "card avatar-card", onsubmit,
            h2 { "{title}" }
            if let Some(src) = preview.or(current) {
                img { class: "avatar-large", src: "{src}", alt, width: "120", height: "120" }
            } else {
                span { class: "avatar-large avatar-empty", aria_hidden: true, "{initial}" }
            }
            ImagePicker { id: input_id, label: "Choose a picture", hint: "JPEG, PNG or WebP.", files }
            SubmitButton { label: "Upload picture", busy: uploading.is_busy() }
        }
    }
}
