//! The fetch machinery: one request, its answer decoded, or the problem it reported.

use super::ApiError;
use super::connection::{self, Credentials};
use bazaar_shared::Problem;
use futures_util::FutureExt;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

fn js_error(value: wasm_bindgen::JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// What a request carries.
pub(super) enum Body {
    Empty,
    Json(String),
    /// `multipart/form-data`; the browser writes the boundary header itself.
    Form(web_sys::FormData),
}

/// A request's answer text, boxed: one copy of the fetch machinery in the wasm whatever the
/// answer's type. It owns what it needs, so the typed calls can be plain functions instead of
/// one async state machine each. A body that could not be written fails it before anything is
/// sent.
pub(super) fn request(
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

pub(super) fn json_body<B: Serialize>(body: &B) -> Result<Body, ApiError> {
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
    let window = crate::browser::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let (url, credentials) = connection::target(path);

    let headers = web_sys::Headers::new().map_err(|e| ApiError::Unexpected(js_error(e)))?;
    let _ = headers.set("Accept", "application/json, application/problem+json");
    if let Some((name, value)) = header {
        let _ = headers.set(name, &value);
    }
    let init = RequestInit::new();
    init.set_method(method);
    match credentials {
        Credentials::Cookie => init.set_credentials(RequestCredentials::SameOrigin),
        Credentials::Bearer(token) => {
            init.set_credentials(RequestCredentials::Omit);
            if let Some(token) = token {
                let _ = headers.set("Authorization", &format!("Bearer {token}"));
            }
        }
    }
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

pub(super) fn get<T: DeserializeOwned>(
    path: &str,
) -> impl Future<Output = Result<T, ApiError>> + use<T> {
    send_body("GET", path, Ok(Body::Empty))
}

/// A request without a body whose answer is read (DELETE answering with what is left).
pub(super) fn send<T: DeserializeOwned>(
    method: &'static str,
    path: &str,
) -> impl Future<Output = Result<T, ApiError>> + use<T> {
    send_body(method, path, Ok(Body::Empty))
}

/// A JSON request with a body: POST, PUT or PATCH.
pub(super) fn send_json<B: Serialize, T: DeserializeOwned>(
    method: &'static str,
    path: &str,
    body: &B,
) -> impl Future<Output = Result<T, ApiError>> + use<B, T> {
    send_body(method, path, json_body(body))
}

/// A JSON request with one more header (an `Idempotency-Key`).
pub(super) fn send_json_with_header<B: Serialize, T: DeserializeOwned>(
    method: &'static str,
    path: &str,
    body: &B,
    header: (&'static str, String),
) -> impl Future<Output = Result<T, ApiError>> + use<B, T> {
    request_with(method, path, json_body(body), Some(header)).map(|answer| decode(&answer?))
}

/// A JSON request whose answer this client does not need.
pub(super) fn send_json_empty<B: Serialize>(
    method: &'static str,
    path: &str,
    body: &B,
) -> impl Future<Output = Result<(), ApiError>> + use<B> {
    request(method, path, json_body(body)).map(|answer| answer.map(drop))
}

/// A request whose answer has no body worth reading (204, or one this client ignores).
pub(super) fn send_empty(
    method: &'static str,
    path: &str,
) -> impl Future<Output = Result<(), ApiError>> + use<> {
    request(method, path, Ok(Body::Empty)).map(|answer| answer.map(drop))
}

/// Sends `files` as the `image` parts of a multipart form.
pub(super) fn upload<T: DeserializeOwned>(
    method: &'static str,
    path: &str,
    files: &[web_sys::File],
) -> impl Future<Output = Result<T, ApiError>> + use<T> {
    send_form(method, path, &[], files)
}

/// A multipart form of text `fields` and `files` as its `image` parts.
pub(super) fn send_form<T: DeserializeOwned>(
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
pub(super) fn query(pairs: &[(&str, &str)]) -> String {
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
