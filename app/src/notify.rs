//! Alerts for what arrives while the app is open: a new order, a new message. An in-app toast
//! always; a system notification too when the seller agreed to them and is not looking (the
//! page hidden, or the app's window not in front), so a phone in the pocket, another tab or
//! another window still hears of it.
//!
//! The web build uses the browser's Notifications API. The Tauri shell (which sets
//! `window.__BAZAAR__`) uses its notification plugin ([`shell`]), the one thing its
//! capability grants. Permission is asked only from a button ([`NotificationsButton`]),
//! never on load.

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
    crate::browser::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false))
}

/// What the browser says now about notifications for this site. The shell can only answer
/// asynchronously ([`shell::permission`]): [`Permission::Ask`] until then.
pub fn permission() -> Permission {
    if shell::present() {
        return Permission::Ask;
    }
    if !connection::is_web_build() || !browser_has_notifications() {
        return Permission::Unavailable;
    }
    Permission::from_browser(&SystemNotification::permission_text())
}

/// Whether the seller is looking elsewhere: the page hidden, or (in the shell, whose window
/// stays visible behind others) the window not in front.
fn looking_away() -> bool {
    let Some(document) = crate::browser::window().and_then(|w| w.document()) else {
        return false;
    };
    document.hidden() || (shell::present() && !document.has_focus().unwrap_or(true))
}

/// Tells the seller: `toast` in the page, and `title` with `body` in a system notification when
/// [`delivery`] says so. `tag` folds repeated alerts about the same thing into one.
pub fn alert(toasts: Toasts, toast: String, title: &str, body: &str, tag: &str) {
    toasts.success(toast);
    if shell::present() {
        let (title, body) = (title.to_owned(), body.to_owned());
        wasm_bindgen_futures::spawn_local(async move {
            if delivery(shell::permission().await, looking_away()) == Delivery::ToastAndSystem {
                shell::notify(&title, &body).await;
            }
        });
    } else if delivery(permission(), looking_away()) == Delivery::ToastAndSystem {
        show(title, body, tag);
    }
}

/// The Tauri shell's notification plugin, through the IPC the shell gives every page.
mod shell {
    use super::Permission;
    use js_sys::{Function, Object, Promise, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    fn internals() -> Option<JsValue> {
        let window = crate::browser::window()?;
        Reflect::get(&window, &"__TAURI_INTERNALS__".into())
            .ok()
            .filter(JsValue::is_object)
    }

    pub fn present() -> bool {
        internals().is_some()
    }

    async fn invoke(command: &str, args: &JsValue) -> Option<JsValue> {
        let internals = internals()?;
        let invoke: Function = Reflect::get(&internals, &"invoke".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let promise: Promise = invoke
            .call2(&internals, &command.into(), args)
            .ok()?
            .dyn_into()
            .ok()?;
        JsFuture::from(promise).await.ok()
    }

    /// Whether the system lets the app notify (always on a desktop; asked on a phone).
    pub async fn permission() -> Permission {
        let answer = invoke("plugin:notification|is_permission_granted", &Object::new()).await;
        match answer.and_then(|a| a.as_bool()) {
            Some(true) => Permission::Granted,
            Some(false) => Permission::Denied,
            None => Permission::Ask,
        }
    }

    pub async fn ask() -> Permission {
        let answer = invoke("plugin:notification|request_permission", &Object::new()).await;
        Permission::from_browser(&answer.and_then(|a| a.as_string()).unwrap_or_default())
    }

    /// A notification the system refuses leaves the toast, as in the browser.
    pub async fn notify(title: &str, body: &str) {
        let options = Object::new();
        for (key, value) in [("title", title), ("body", body)] {
            let _ = Reflect::set(&options, &key.into(), &value.into());
        }
        let args = Object::new();
        let _ = Reflect::set(&args, &"options".into(), &options);
        invoke("plugin:notification|notify", &args).await;
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
            if let Some(window) = crate::browser::window() {
                let _ = window.focus();
            }
        });
        let _ = js_sys::Reflect::set(&notification, &"onclick".into(), &focus);
    }
}

/// Asks the browser (or the shell), after the seller's tap; resolves to what they chose.
async fn ask() -> Permission {
    if shell::present() {
        return shell::ask().await;
    }
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
    // The shell answers only asynchronously.
    use_future(move || async move {
        if shell::present() {
            state.set(shell::permission().await);
        }
    });
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
