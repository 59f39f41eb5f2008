//! The installable web app's service worker (`/sw.js`, written by `cargo xtask web`): it keeps
//! the app shell for a phone that loses its connection. Registered by the web build only, once
//! the first screen is up; the Tauri shells load the UI from disk and need none.

use wasm_bindgen::prelude::*;

/// Where `cargo xtask web` puts the worker; at the root, so its scope is the whole app.
const SCRIPT: &str = "/sw.js";

#[wasm_bindgen]
extern "C" {
    /// `navigator.serviceWorker.register`; throws where there is no `serviceWorker` (an
    /// insecure origin, a webview without it).
    #[wasm_bindgen(js_namespace = ["navigator", "serviceWorker"], js_name = register, catch)]
    fn register(script: &str) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(js_namespace = console, js_name = warn)]
    fn console_warn(message: &str);
}

/// Registers the worker, when the page is the web build. A refusal only costs the offline
/// shell, so it is logged, never shown.
pub async fn register_after_first_paint() {
    if !crate::api::connection::is_web_build() {
        return;
    }
    // Leave the network and the main thread to the first screen's own requests.
    gloo_timers::future::TimeoutFuture::new(1_000).await;
    let outcome = match register(SCRIPT) {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map(drop),
        Err(e) => Err(e),
    };
    if let Err(e) = outcome {
        console_warn(&format!("service worker not registered: {e:?}"));
    }
}
