//! The HTTP client for the Bazaar API: JSON in and out, errors as RFC 9457 problems.
//!
//! The web build talks to its own origin and the session rides in the HttpOnly cookie.
//! The Tauri apps call [`configure`] with the backend's URL; then the token from login or
//! activation is kept (in local storage) and sent as `Authorization: Bearer`.

use bazaar_shared::account::Me;
use bazaar_shared::auth::{
    AuthResponse, EmailRequest, LoginRequest, Notice, ResetPasswordRequest, SellerSignupRequest,
    SignupRequest, SignupResponse, TokenRequest,
};
use bazaar_shared::{FieldErrors, Problem};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

pub mod account;
pub mod cart;
pub mod catalog;
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

/// Points the client at a backend on another origin (the Tauri apps) and switches it to
/// bearer tokens, restoring one kept from an earlier run.
pub fn configure(base_url: &str) {
    let token = storage().and_then(|s| s.get_item(TOKEN_KEY).ok().flatten());
    CONFIG.with_borrow_mut(|c| {
        c.base_url = base_url.trim_end_matches('/').to_string();
        c.bearer_token = token;
    });
}

fn uses_bearer() -> bool {
    CONFIG.with_borrow(|c| !c.base_url.is_empty())
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
pub(crate) enum Body {
    Empty,
    Json(String),
    /// `multipart/form-data`; the browser writes the boundary header itself.
    Form(web_sys::FormData),
}

async fn send<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<T, ApiError> {
    send_body(method, path, body.map_or(Body::Empty, Body::Json)).await
}

pub(crate) async fn send_body<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Body,
) -> Result<T, ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let (url, token) =
        CONFIG.with_borrow(|c| (format!("{}{path}", c.base_url), c.bearer_token.clone()));

    let headers = web_sys::Headers::new().map_err(|e| ApiError::Unexpected(js_error(e)))?;
    let _ = headers.set("Accept", "application/json, application/problem+json");
    if let Some(token) = token {
        let _ = headers.set("Authorization", &format!("Bearer {token}"));
    }
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::Include);
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
        let text = if text.trim().is_empty() {
            "null"
        } else {
            text.as_str()
        };
        serde_json::from_str(text).map_err(|e| ApiError::Unexpected(e.to_string()))
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

pub(crate) async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send("GET", path, None).await
}

/// A JSON request with a body: POST, PUT or PATCH.
pub(crate) async fn send_json<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|e| ApiError::Unexpected(e.to_string()))?;
    send(method, path, Some(body)).await
}

/// A request whose answer has no body worth reading (204, or one this client ignores).
pub(crate) async fn send_empty(method: &str, path: &str) -> Result<(), ApiError> {
    let _: Option<serde_json::Value> = send(method, path, None).await?;
    Ok(())
}

/// Sends `files` as the `image` parts of a multipart form.
pub(crate) async fn upload<T: DeserializeOwned>(
    method: &str,
    path: &str,
    files: &[web_sys::File],
) -> Result<T, ApiError> {
    let form = web_sys::FormData::new().map_err(|e| ApiError::Unexpected(js_error(e)))?;
    for file in files {
        form.append_with_blob_and_filename("image", file, &file.name())
            .map_err(|e| ApiError::Unexpected(js_error(e)))?;
    }
    send_body(method, path, Body::Form(form)).await
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

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    send_json("POST", path, body).await
}

/// The signed-in account; a 401 problem means nobody is signed in.
pub async fn me() -> Result<Me, ApiError> {
    send("GET", "/api/v1/me", None).await
}

pub async fn login(body: &LoginRequest) -> Result<Me, ApiError> {
    let answer: AuthResponse = post("/api/v1/auth/login", body).await?;
    remember_token(Some(&answer.token));
    Ok(answer.user)
}

pub async fn logout() -> Result<(), ApiError> {
    let answer: Result<serde_json::Value, _> = send("POST", "/api/v1/auth/logout", None).await;
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
    let answer: Option<serde_json::Value> = post(path, body).await?;
    Ok(answer
        .and_then(|v| serde_json::from_value::<Notice>(v).ok())
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
