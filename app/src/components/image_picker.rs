//! Choosing pictures from the device, with previews before anything is uploaded.

use crate::api::config::CLIENT_CONFIG;
use dioxus::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A file the user picked and the object URL that previews it.
#[derive(Clone, Debug, PartialEq)]
pub struct PickedFile {
    pub file: web_sys::File,
    pub preview: String,
}

/// The files currently chosen in the `<input type="file">` with this id.
fn files_in(input_id: &str) -> Vec<web_sys::File> {
    let Some(input) = crate::browser::window()
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
    if let Some(input) = crate::browser::window()
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

/// The size a `width` × `height` picture shrinks to so that its longest edge is `max_edge`;
/// `None` when it fits already.
pub fn shrunk_size(width: u32, height: u32, max_edge: u32) -> Option<(u32, u32)> {
    let longest = width.max(height);
    if max_edge == 0 || longest <= max_edge {
        return None;
    }
    let scale = f64::from(max_edge) / f64::from(longest);
    let fit = |side: u32| ((f64::from(side) * scale).round() as u32).max(1);
    Some((fit(width), fit(height)))
}

/// Shrinks, on the device, every chosen picture larger than the server stores pictures (a
/// phone's camera takes several times that, and megabytes over a mobile link): each is
/// redrawn at the stored size and takes its original's place, preview included. What cannot
/// be decoded here is left as it is, for the server to judge.
fn shrink_large(mut files: Signal<Vec<PickedFile>>) {
    let max_edge = CLIENT_CONFIG.peek().image_max_edge;
    let picked = files.peek().clone();
    spawn(async move {
        for original in picked {
            let Some(small) = shrink(&original.file, max_edge).await else {
                continue;
            };
            let mut list = files.write();
            // Still chosen (not replaced while this one was drawn)?
            if let Some(entry) = list.iter_mut().find(|f| f.preview == original.preview) {
                let preview = web_sys::Url::create_object_url_with_blob(&small).unwrap_or_default();
                let _ = web_sys::Url::revoke_object_url(&entry.preview);
                *entry = PickedFile {
                    file: small,
                    preview,
                };
            }
        }
    });
}

async fn shrink(file: &web_sys::File, max_edge: u32) -> Option<web_sys::File> {
    let window = crate::browser::window()?;
    let decoding = window.create_image_bitmap_with_blob(file).ok()?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(decoding).await.ok()?.dyn_into().ok()?;
    let Some((width, height)) = shrunk_size(bitmap.width(), bitmap.height(), max_edge) else {
        bitmap.close();
        return None;
    };
    let canvas: web_sys::HtmlCanvasElement = window
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let drawn = context.draw_image_with_image_bitmap_and_dw_and_dh(
        &bitmap,
        0.0,
        0.0,
        f64::from(width),
        f64::from(height),
    );
    bitmap.close();
    drawn.ok()?;
    // PNG and WebP keep their type (and transparency); anything else becomes a JPEG.
    let kind = match file.type_().as_str() {
        kind @ ("image/png" | "image/webp") => kind.to_owned(),
        _ => "image/jpeg".to_owned(),
    };
    let blob = encoded(&canvas, &kind).await?;
    let options = web_sys::FilePropertyBag::new();
    options.set_type(&kind);
    web_sys::File::new_with_blob_sequence_and_options(
        &js_sys::Array::of1(&blob),
        &file.name(),
        &options,
    )
    .ok()
}

/// The canvas as a `kind` file (JPEG at quality 0.9).
async fn encoded(canvas: &web_sys::HtmlCanvasElement, kind: &str) -> Option<web_sys::Blob> {
    let mut resolve = None;
    let promise = js_sys::Promise::new(&mut |done, _| resolve = Some(done));
    let resolve = resolve?;
    let callback = Closure::once_into_js(move |blob: JsValue| {
        let _ = resolve.call1(&JsValue::NULL, &blob);
    });
    canvas
        .to_blob_with_type_and_encoder_options(
            callback.unchecked_ref(),
            kind,
            &JsValue::from_f64(0.9),
        )
        .ok()?;
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
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
        shrink_large(files);
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
        shrink_large(files);
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

#[cfg(test)]
mod tests {
    use super::shrunk_size;

    #[test]
    fn a_picture_larger_than_the_stored_size_shrinks_to_it_keeping_its_shape() {
        assert_eq!(shrunk_size(4000, 3000, 1600), Some((1600, 1200)));
        assert_eq!(shrunk_size(3000, 4000, 1600), Some((1200, 1600)));
        assert_eq!(shrunk_size(5000, 2, 1600), Some((1600, 1)));
        assert_eq!(shrunk_size(1600, 900, 1600), None);
        assert_eq!(shrunk_size(640, 480, 1600), None);
        assert_eq!(shrunk_size(4000, 3000, 0), None);
    }
}
