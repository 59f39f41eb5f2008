//! Where the API lives, and how the client proves who is signed in:
//!
//! - **Web build (default)**: the page's own origin; the session rides in the HttpOnly
//!   `bazaar_session` cookie and nothing is kept in script-readable storage.
//! - **Tauri apps**: the host page defines, before the wasm starts,
//!   `window.__BAZAAR__ = { apiBase: "http://127.0.0.1:8080" }`. Every call then goes to that
//!   base, without cookies, with `Authorization: Bearer <token>`; the token from login or
//!   activation is kept in local storage under `bazaar.token` and forgotten at sign-out.
//!   Media URLs in API answers are absolute already, so pictures need nothing more.
//! - A `<meta name="bazaar-api-base" content="…">` in the page does the same; when both are
//!   present the window object wins.
//!
//! [`configure_from_page`] reads these once at start-up.

use bazaar_shared::auth::SIGNED_IN_HINT_COOKIE;
use bazaar_shared::realtime::{BEARER_PROTOCOL_PREFIX, PROTOCOL};
use std::cell::RefCell;
use wasm_bindgen::JsCast;

const TOKEN_KEY: &str = "bazaar.token";

struct ApiConfig {
    /// Prefix of every API path; empty means the page's own origin.
    base_url: String,
    /// Apps on another origin cannot use the cookie, so they send this token instead.
    bearer_token: Option<String>,
}

thread_local! {
    static CONFIG: RefCell<ApiConfig> = const {
        RefCell::new(ApiConfig { base_url: String::new(), bearer_token: None })
    };
}

/// Reads where the API lives from the page (see the module docs); the web build finds nothing
/// and stays on its own origin with the cookie.
pub fn configure_from_page() {
    if let Some(base_url) = window_api_base().or_else(|| meta_content("bazaar-api-base")) {
        configure(&base_url);
    }
}

/// `window.__BAZAAR__.apiBase`, when the host (Tauri) set it.
fn window_api_base() -> Option<String> {
    let window = crate::browser::window()?;
    let settings = js_sys::Reflect::get(&window, &"__BAZAAR__".into()).ok()?;
    if !settings.is_object() {
        return None;
    }
    let base = js_sys::Reflect::get(&settings, &"apiBase".into()).ok()?;
    base.as_string().filter(|b| !b.trim().is_empty())
}

fn meta_content(name: &str) -> Option<String> {
    let document = crate::browser::window()?.document()?;
    let meta = document
        .query_selector(&format!("meta[name='{name}']"))
        .ok()??;
    meta.get_attribute("content")
        .filter(|c| !c.trim().is_empty())
}

/// Points the client at a backend on another origin and switches it to bearer tokens,
/// restoring one kept from an earlier run.
fn configure(base_url: &str) {
    let token = storage().and_then(|s| s.get_item(TOKEN_KEY).ok().flatten());
    CONFIG.with_borrow_mut(|c| {
        c.base_url = base_url.trim().trim_end_matches('/').to_string();
        c.bearer_token = token;
    });
}

fn uses_bearer() -> bool {
    CONFIG.with_borrow(|c| !c.base_url.is_empty())
}

/// Whether this is the web build on the API's own origin, not a shell that named its backend
/// (the Tauri apps): only the web build is an installable web app with a service worker.
pub fn is_web_build() -> bool {
    !uses_bearer()
}

/// How a request proves who is signed in.
pub(super) enum Credentials {
    /// The page's own origin: the browser sends the session cookie.
    Cookie,
    /// Another origin: never cookies, the kept token (if any) in `Authorization`.
    Bearer(Option<String>),
}

/// The URL of an API `path`, and what to prove the session with.
pub(super) fn target(path: &str) -> (String, Credentials) {
    CONFIG.with_borrow(|c| {
        let credentials = if c.base_url.is_empty() {
            Credentials::Cookie
        } else {
            Credentials::Bearer(c.bearer_token.clone())
        };
        (format!("{}{path}", c.base_url), credentials)
    })
}

/// The websocket's URL and the subprotocols to offer: the page's own origin with its cookie,
/// or the configured base with the token as a `bearer.<token>` subprotocol (browsers cannot
/// set headers on a websocket).
pub fn websocket_endpoint() -> Option<(String, Vec<String>)> {
    let (base, token) = CONFIG.with_borrow(|c| (c.base_url.clone(), c.bearer_token.clone()));
    let mut protocols = vec![PROTOCOL.to_string()];
    let origin = if base.is_empty() {
        let location = crate::browser::window()?.location();
        let scheme = if location.protocol().ok()? == "https:" {
            "wss:"
        } else {
            "ws:"
        };
        format!("{scheme}//{}", location.host().ok()?)
    } else {
        protocols.extend(token.map(|t| format!("{BEARER_PROTOCOL_PREFIX}{t}")));
        // http → ws, https → wss.
        format!("ws{}", base.strip_prefix("http")?)
    };
    Some((format!("{origin}/api/v1/ws"), protocols))
}

/// Keeps (or forgets) the token of the signed-in session for bearer-token clients.
pub(super) fn remember_token(token: Option<&str>) {
    if !uses_bearer() {
        return;
    }
    CONFIG.with_borrow_mut(|c| c.bearer_token = token.map(str::to_string));
    if let Some(storage) = storage() {
        let _ = match token {
            Some(token) => storage.set_item(TOKEN_KEY, token),
            None => storage.remove_item(TOKEN_KEY),
        };
    }
}

/// Whether there may be a session to restore: a kept token (apps), or the readable hint the
/// server sets beside the session cookie (web). Without either, `GET /me` would only be
/// refused, and the browser would log the refusal as an error on every anonymous visit.
pub fn may_be_signed_in() -> bool {
    if uses_bearer() {
        return CONFIG.with_borrow(|c| c.bearer_token.is_some());
    }
    let hint = format!("{SIGNED_IN_HINT_COOKIE}=1");
    html_document()
        .and_then(|d| d.cookie().ok())
        .is_some_and(|cookies| cookies.split(';').any(|c| c.trim() == hint))
}

/// Drops the web build's hint once the session it pointed at turned out to be over.
pub fn forget_signed_in_hint() {
    if let Some(document) = html_document().filter(|_| !uses_bearer()) {
        let _ = document.set_cookie(&format!("{SIGNED_IN_HINT_COOKIE}=; Max-Age=0; Path=/"));
    }
}

fn html_document() -> Option<web_sys::HtmlDocument> {
    crate::browser::window()?.document()?.dyn_into().ok()
}

fn storage() -> Option<web_sys::Storage> {
    crate::browser::window()?.local_storage().ok().flatten()
}
