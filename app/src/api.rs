//! The HTTP client for the Bazaar API: JSON in and out, errors as RFC 9457 problems.
//!
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

use bazaar_shared::account::Me;
use bazaar_shared::auth::{
    AuthResponse, EmailRequest, LoginRequest, Notice, ResetPasswordRequest, SellerSignupRequest,
    SignupRequest, SignupResponse, TokenRequest,
};
use bazaar_shared::realtime::{BEARER_PROTOCOL_PREFIX, PROTOCOL};
use bazaar_shared::{FieldErrors, Problem};
use futures_util::FutureExt;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

pub mod account;
pub mod cart;
pub mod catalog;
pub mod chat;
pub mod config;
pub mod coupon;
pub mod order;
pub mod payout;
pub mod review;
pub mod shop;

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
    let window = web_sys::window()?;
    let settings = js_sys::Reflect::get(&window, &"__BAZAAR__".into()).ok()?;
    if !settings.is_object() {
        return None;
    }
    let base = js_sys::Reflect::get(&settings, &"apiBase".into()).ok()?;
    base.as_string().filter(|b| !b.trim().is_empty())
}

fn meta_content(name: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
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

/// The websocket's URL and the subprotocols to offer: the page's own origin with its cookie,
/// or the configured base with the token as a `bearer.<token>` subprotocol (browsers cannot
/// set headers on a websocket).
pub fn websocket_endpoint() -> Option<(String, Vec<String>)> {
    let (base, token) = CONFIG.with_borrow(|c| (c.base_url.clone(), c.bearer_token.clone()));
    let mut protocols = vec![PROTOCOL.to_string()];
    let origin = if base.is_empty() {
        let location = web_sys::window()?.location();
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
fn remember_token(token: Option<&str>) {
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

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Why a call did not give its answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The input was checked here, before sending, and is wrong.
    Invalid(FieldErrors),
    /// The server said no, with a problem-details body.
    Problem(Problem),
    /// The request did not get an answer (offline, server down, CORS).
    Network(String),
    /// The answer was not what this client understands.
    Unexpected(String),
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Problem(p) => Some(p.status),
            _ => None,
        }
    }

    /// Messages to show next to the form fields they belong to.
    pub fn field_errors(&self) -> FieldErrors {
        match self {
            Self::Invalid(errors) => errors.clone(),
            Self::Problem(p) => p.errors.clone().unwrap_or_default(),
            _ => FieldErrors::new(),
        }
    }

    /// One sentence for a toast.
    pub fn message(&self) -> String {
        match self {
            Self::Invalid(_) => "Some fields need your attention.".to_string(),
            Self::Problem(p) if !p.detail.is_empty() => p.detail.clone(),
            Self::Problem(p) => p.title.clone(),
            Self::Network(_) => {
                "Could not reach Bazaar. Check your connection and try again.".to_string()
            }
            Self::Unexpected(why) => format!("Something went wrong: {why}"),
        }
    }
}

impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> Self {
        Self::Invalid(errors)
    }
}

fn js_error(value: wasm_bindgen::JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// What a request carries.
enum Body {
    Empty,
    Json(String),
    /// `multipart/form-data`; the browser writes the boundary header itself.
    Form(web_sys::FormData),
}

/// A request's answer text, boxed: one copy of the fetch machinery in the wasm whatever the
/// answer's type. It owns what it needs, so the typed calls can be plain functions instead of
/// one async state machine each. A body that could not be written fails it before anything is
/// sent.
fn request(
    method: &'static str,
    path: &str,
    body: Result<Body, ApiError>,
) -> Pin<Box<dyn Future<Output = Result<String, ApiError>>>> {
    request_with(method, path, body, None)
}

/// An extra request header, e.g. `Idempotency-Key`.
type Header = Option<(&'static str, String)>;

fn request_with(
    method: &'static str,
    path: &str,
    body: Result<Body, ApiError>,
    header: Header,
) -> Pin<Box<dyn Future<Output = Result<String, ApiError>>>> {
    let path = path.to_string();
    Box::pin(async move { exchange(method, &path, body?, header).await })
}

/// The answer decoded as `T`: a plain future adapter, so only the decoding is compiled per type.
fn send_body<T: DeserializeOwned>(
    method: &'static str,
    path: &str,
    body: Result<Body, ApiError>,
) -> impl Future<Output = Result<T, ApiError>> + use<T> {
    request(method, path, body).map(|answer| decode(&answer?))
}

fn json_body<B: Serialize>(body: &B) -> Result<Body, ApiError> {
    serde_json::to_string(body)
        .map(Body::Json)
        .map_err(|e| ApiError::Unexpected(e.to_string()))
}

/// The answer body of a successful call; `null` for an empty one.
fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|e| ApiError::Unexpected(e.to_string()))
}

/// One request and its answer's text on success, else the problem it reported.
/// Not generic on purpose: one copy of the fetch machinery in the wasm, not one per type.
async fn exchange(
    method: &str,
    path: &str,
    body: Body,
    header: Header,
) -> Result<String, ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let (url, token, bearer) = CONFIG.with_borrow(|c| {
        (
            format!("{}{path}", c.base_url),
            c.bearer_token.clone(),
            !c.base_url.is_empty(),
        )
    });

    let headers = web_sys::Headers::new().map_err(|e| ApiError::Unexpected(js_error(e)))?;
    let _ = headers.set("Accept", "application/json, application/problem+json");
    if let Some(token) = token {
        let _ = headers.set("Authorization", &format!("Bearer {token}"));
    }
    if let Some((name, value)) = header {
        let _ = headers.set(name, &value);
    }
    let init = RequestInit::new();
    init.set_method(method);
    // Another origin gets the token, never cookies; the web build relies on its cookie.
    init.set_credentials(if bearer {
        RequestCredentials::Omit
    } else {
        RequestCredentials::SameOrigin
    });
    match &body {
        Body::Empty => {}
        Body::Json(json) => {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&wasm_bindgen::JsValue::from_str(json));
        }
        Body::Form(form) => init.set_body(form),
    }
    init.set_headers(&headers);

    let response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(|e| ApiError::Network(js_error(e)))?;
    let response: Response = response
        .dyn_into()
        .map_err(|_| ApiError::Unexpected("fetch did not answer with a Response".into()))?;
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|e| ApiError::Network(js_error(e)))?
            .as_string()
            .unwrap_or_default(),
        Err(e) => return Err(ApiError::Network(js_error(e))),
    };

    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(ApiError::Problem(
            serde_json::from_str(&text).unwrap_or_else(|_| Problem {
                kind: "about:blank".into(),
                title: response.status_text(),
                status,
                detail: String::new(),
                errors: None,
            }),
        ))
    }
}

pub(crate) fn get<T: DeserializeOwned>(
    path: &str,
) -> impl Future<Output = Result<T, ApiError>> + use<T> {
    send_body("GET", path, Ok(Body::Empty))
}

/// A request without a body whose answer is read (DELETE answering with what is left).
pub(crate) fn send<T: DeserializeOwned>(
    method: &'static str,
    path: &str,
) -> impl Future<Output = Result<T, ApiError>> + use<T> {
    send_body(method, path, Ok(Body::Empty))
}

/// A JSON request with a body: POST, PUT or PATCH.
pub(crate) fn send_json<B: Serialize, T: DeserializeOwned>(
    method: &'static str,
    path: &str,
    body: &B,
) -> impl Future<Output = Result<T, ApiError>> + use<B, T> {
    send_body(method, path, json_body(body))
}

/// A JSON request with one more header (an `Idempotency-Key`).
pub(crate) fn send_json_with_header<B: Serialize, T: DeserializeOwned>(
    method: &'static str,
    path: &str,
    body: &B,
    header: (&'static str, String),
) -> impl Future<Output = Result<T, ApiError>> + use<B, T> {
    request_with(method, path, json_body(body), Some(header)).map(|answer| decode(&answer?))
}

/// A JSON request whose answer this client does not need.
pub(crate) fn send_json_empty<B: Serialize>(
    method: &'static str,
    path: &str,
    body: &B,
) -> impl Future<Output = Result<(), ApiError>> + use<B> {
    request(method, path, json_body(body)).map(|answer| answer.map(drop))
}

/// A request whose answer has no body worth reading (204, or one this client ignores).
pub(crate) fn send_empty(
    method: &'static str,
    path: &str,
) -> impl Future<Output = Result<(), ApiError>> + use<> {
    request(method, path, Ok(Body::Empty)).map(|answer| answer.map(drop))
}

/// Sends `files` as the `image` parts of a multipart form.
pub(crate) fn upload<T: DeserializeOwned>(
    method: &'static str,
    path: &str,
    files: &[web_sys::File],
) -> impl Future<Output = Result<T, ApiError>> + use<T> {
    send_form(method, path, &[], files)
}

/// A multipart form of text `fields` and `files` as its `image` parts.
pub(crate) fn send_form<T: DeserializeOwned>(
    method: &'static str,
    path: &str,
    fields: &[(&str, &str)],
    files: &[web_sys::File],
) -> impl Future<Output = Result<T, ApiError>> + use<T> {
    send_body(method, path, form_body(fields, files))
}

fn form_body(fields: &[(&str, &str)], files: &[web_sys::File]) -> Result<Body, ApiError> {
    let form = web_sys::FormData::new().map_err(|e| ApiError::Unexpected(js_error(e)))?;
    for (name, value) in fields {
        form.append_with_str(name, value)
            .map_err(|e| ApiError::Unexpected(js_error(e)))?;
    }
    for file in files {
        form.append_with_blob_and_filename("image", file, &file.name())
            .map_err(|e| ApiError::Unexpected(js_error(e)))?;
    }
    Ok(Body::Form(form))
}

/// `key=value&…` with every value URL-encoded; empty values are left out.
pub(crate) fn query(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> impl Future<Output = Result<T, ApiError>> + use<B, T> {
    send_json("POST", path, body)
}

/// The signed-in account; a 401 problem means nobody is signed in.
pub fn me() -> impl Future<Output = Result<Me, ApiError>> {
    get("/api/v1/me")
}

pub async fn login(body: &LoginRequest) -> Result<Me, ApiError> {
    let answer: AuthResponse = post("/api/v1/auth/login", body).await?;
    remember_token(Some(&answer.token));
    Ok(answer.user)
}

pub async fn logout() -> Result<(), ApiError> {
    let answer = exchange("POST", "/api/v1/auth/logout", Body::Empty, None).await;
    remember_token(None);
    // Signed out already is as good as signed out now.
    match answer {
        Err(e) if e.status() != Some(401) => Err(e),
        _ => Ok(()),
    }
}

pub async fn signup(body: &SignupRequest) -> Result<SignupResponse, ApiError> {
    body.validate()?;
    post("/api/v1/auth/signup", body).await
}

pub async fn seller_signup(body: &SellerSignupRequest) -> Result<SignupResponse, ApiError> {
    body.validate()?;
    post("/api/v1/auth/seller-signup", body).await
}

pub async fn activate(token: &str) -> Result<Me, ApiError> {
    let answer: AuthResponse = post(
        "/api/v1/auth/activate",
        &TokenRequest {
            token: token.to_string(),
        },
    )
    .await?;
    remember_token(Some(&answer.token));
    Ok(answer.user)
}

/// Posts a body whose answer is at most a `{message}` notice, and returns that message.
async fn post_for_notice<B: Serialize>(path: &str, body: &B) -> Result<Option<String>, ApiError> {
    let answer = request("POST", path, json_body(body)).await?;
    Ok(serde_json::from_str::<Notice>(&answer)
        .ok()
        .map(|n| n.message))
}

pub async fn resend_activation(body: &EmailRequest) -> Result<Option<String>, ApiError> {
    body.validate()?;
    post_for_notice("/api/v1/auth/resend-activation", body).await
}

pub async fn forgot_password(body: &EmailRequest) -> Result<Option<String>, ApiError> {
    body.validate()?;
    post_for_notice("/api/v1/auth/forgot-password", body).await
}

pub async fn reset_password(body: &ResetPasswordRequest) -> Result<Option<String>, ApiError> {
    body.validate()?;
    post_for_notice("/api/v1/auth/reset-password", body).await
}
