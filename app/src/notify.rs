//! Alerts for what arrives while the app is open: a new order, a new message. An in-app toast
//! always; a system notification too (the browser's Notifications API) when the seller agreed to
//! them and the page is hidden, so a phone in the pocket or another tab still hears of it.
//!
//! Permission is asked only from a button ([`NotificationsButton`]), never on load. The Tauri
//! shell (which sets `window.__BAZAAR__`) has its own notification plugin; the browser API is
//! left alone there and the toast is what its users get from this module.

use crate::api::connection;
use crate::toast::Toasts;
use dioxus::prelude::*;
use wasm_bindgen::prelude::*;

// The few members of `Notification` used here, bound directly (the web-sys bindings are behind
// features this crate does not otherwise need).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = Notification)]
    type SystemNotification;

    #[wasm_bindgen(constructor, catch, js_class = "Notification")]
    fn new(title: &str, options: &JsValue) -> Result<SystemNotification, JsValue>;

    #[wasm_bindgen(static_method_of = SystemNotification, js_class = "Notification", getter, js_name = permission)]
    fn permission_text() -> String;

    #[wasm_bindgen(static_method_of = SystemNotification, js_class = "Notification", js_name = requestPermission, catch)]
    fn request_permission() -> Result<js_sys::Promise, JsValue>;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// No Notifications API here (an old browser, an insecure origin), or the Tauri shell.
    Unavailable,
    /// Not asked yet, or the question was dismissed.
    Ask,
    Granted,
    Denied,
}

impl Permission {
    fn from_browser(text: &str) -> Self {
        match text {
            "granted" => Self::Granted,
            "denied" => Self::Denied,
            _ => Self::Ask,
        }
    }
}

/// Where an alert goes besides the in-app toast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    ToastOnly,
    ToastAndSystem,
}

/// The notification decision: the system is told only when the seller allowed it and is not
/// looking at the page (a visible page has the toast already).
pub fn delivery(permission: Permission, page_hidden: bool) -> Delivery {
    if permission == Permission::Granted && page_hidden {
        Delivery::ToastAndSystem
    } else {
        Delivery::ToastOnly
    }
}

fn browser_has_notifications() -> bool {
    web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false))
}

/// What the browser says now about notifications for this site.
pub fn permission() -> Permission {
    if !connection::is_web_build() || !browser_has_notifications() {
        return Permission::Unavailable;
    }
    Permission::from_browser(&SystemNotification::permission_text())
}

fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Tells the seller: `toast` in the page, and `title` with `body` in a system notification when
/// [`delivery`] says so. `tag` folds repeated alerts about the same thing into one.
pub fn alert(toasts: Toasts, toast: String, title: &str, body: &str, tag: &str) {
    toasts.success(toast);
    if delivery(permission(), page_hidden()) == Delivery::ToastAndSystem {
        show(title, body, tag);
    }
}

fn show(title: &str, body: &str, tag: &str) {
    let options = js_sys::Object::new();
    for (key, value) in [("body", body), ("tag", tag)] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    // A notification the browser refuses (it may, even when granted) leaves the toast.
    if let Ok(notification) = SystemNotification::new(title, &options) {
        // A tap brings the app to the front.
        let focus = Closure::once_into_js(|| {
            if let Some(window) = web_sys::window() {
                let _ = window.focus();
            }
        });
        let _ = js_sys::Reflect::set(&notification, &"onclick".into(), &focus);
    }
}

/// Asks the browser, after the seller's tap; resolves to what they chose.
async fn ask() -> Permission {
    let Ok(promise) = SystemNotification::request_permission() else {
        return permission();
    };
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(answer) => Permission::from_browser(&answer.as_string().unwrap_or_default()),
        Err(_) => permission(),
    }
}

/// The dashboard's switch for notifications: a button while the browser has not been asked,
/// otherwise a line saying what the seller gets.
#[component]
pub fn NotificationsButton() -> Element {
    let mut state = use_signal(permission);
    let mut asking = use_signal(|| false);
    let onclick = move |_| {
        asking.set(true);
        spawn(async move {
            state.set(ask().await);
            asking.set(false);
        });
    };
    rsx! {
        div { class: "notify-setting", "data-testid": "notifications",
            match state() {
                Permission::Unavailable => rsx! {},
                Permission::Ask => rsx! {
                    p { class: "field-hint", "Hear of new orders and messages when this page is in the background." }
                    button {
                        class: "button button-secondary",
                        r#type: "button",
                        disabled: asking(),
                        aria_busy: asking(),
                        onclick,
                        "Turn on notifications"
                    }
                },
                Permission::Granted => rsx! {
                    p { class: "field-hint", "Notifications are on: new orders and messages reach you when this page is in the background." }
                },
                Permission::Denied => rsx! {
                    p { class: "field-hint", "Notifications are blocked in this browser's settings; new orders and messages show here while the app is open." }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_hears_only_with_permission_and_a_hidden_page() {
        assert_eq!(
            delivery(Permission::Granted, true),
            Delivery::ToastAndSystem
        );
        assert_eq!(delivery(Permission::Granted, false), Delivery::ToastOnly);
        for refused in [Permission::Denied, Permission::Ask, Permission::Unavailable] {
            assert_eq!(delivery(refused, true), Delivery::ToastOnly, "{refused:?}");
            assert_eq!(delivery(refused, false), Delivery::ToastOnly, "{refused:?}");
        }
    }

    #[test]
    fn the_browsers_answers_read_back() {
        assert_eq!(Permission::from_browser("granted"), Permission::Granted);
        assert_eq!(Permission::from_browser("denied"), Permission::Denied);
        assert_eq!(Permission::from_browser("default"), Permission::Ask);
    }
}
