//! Choosing pictures from the device, with previews before anything is uploaded.

use dioxus::prelude::*;
use wasm_bindgen::JsCast;

/// A file the user picked and the object URL that previews it.
#[derive(Clone, Debug, PartialEq)]
pub struct PickedFile {
    pub file: web_sys::File,
    pub preview: String,
}

/// The files currently chosen in the `<input type="file">` with this id.
fn files_in(input_id: &str) -> Vec<web_sys::File> {
    let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(input_id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let Some(list) = input.files() else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Empties the file input, so picking the same file again still fires a change.
pub fn clear_input(input_id: &str) {
    if let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(input_id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_value("");
    }
}

/// What is chosen in the file input `input_id` now, each with a preview URL to release later.
pub fn picked_files(input_id: &str) -> Vec<PickedFile> {
    files_in(input_id)
        .into_iter()
        .map(|file| PickedFile {
            preview: web_sys::Url::create_object_url_with_blob(&file).unwrap_or_default(),
            file,
        })
        .collect()
}

pub fn release(files: &[PickedFile]) {
    for f in files {
        let _ = web_sys::Url::revoke_object_url(&f.preview);
    }
}

/// A labelled file input for images; what was picked shows as thumbnails below it. With
/// `camera`, a second input beside it opens a phone's camera straight away (`capture`); each
/// photo taken joins what is chosen (or replaces it, for a single picture).
#[component]
pub fn ImagePicker(
    id: &'static str,
    label: String,
    #[props(default)] hint: String,
    #[props(default)] multiple: bool,
    #[props(default)] camera: bool,
    files: Signal<Vec<PickedFile>>,
    #[props(default)] error: Option<String>,
) -> Element {
    let onchange = move |_| {
        release(&files.peek());
        files.set(picked_files(id));
    };
    let camera_id = format!("{id}-camera");
    let camera_input = camera_id.clone();
    let on_photo = move |_| {
        let taken = picked_files(&camera_input);
        if taken.is_empty() {
            return;
        }
        if multiple {
            files.write().extend(taken);
        } else {
            release(&files.peek());
            files.set(taken);
        }
        // The next photo fires a change even when the camera hands back the same name.
        clear_input(&camera_input);
    };
    let hint_id = format!("{id}-hint");
    let invalid = error.is_some();
    rsx! {
        div { class: "field",
            label { r#for: id, "{label}" }
            input {
                id,
                r#type: "file",
                // Image types only: a phone offers its camera as well as the gallery.
                accept: "image/jpeg,image/png,image/webp",
                multiple,
                aria_describedby: "{hint_id}",
                aria_invalid: invalid,
                onchange,
            }
            if camera {
                label { class: "button button-secondary camera-pick", r#for: "{camera_id}", "Take a photo" }
                input {
                    id: "{camera_id}",
                    class: "visually-hidden",
                    r#type: "file",
                    accept: "image/*",
                    "capture": "environment",
                    aria_describedby: "{hint_id}",
                    onchange: on_photo,
                }
            }
            if !hint.is_empty() {
                p { id: "{hint_id}", class: "field-hint", "{hint}" }
            }
            if let Some(error) = error {
                ul { class: "field-errors", li { "{error}" } }
            }
            if !files.read().is_empty() {
                ul { class: "image-previews", aria_label: "Chosen pictures",
                    for f in files.read().iter() {
                        li { key: "{f.preview}",
                            img { src: "{f.preview}", alt: "Preview of {f.file.name()}", width: "96", height: "96" }
                        }
                    }
                }
            }
        }
    }
}
