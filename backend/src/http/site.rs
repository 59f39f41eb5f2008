//! Serves the web UI (the `dist/` folder that `cargo xtask web` writes) at `/`.
//!
//! Mount it last, after every other service:
//!
//! ```text
//! App::new()
//!     .service(api_scope)
//!     .configure(|cfg| site::configure(cfg, config.web_dist.clone(), &public_origin))
//! ```
//!
//! [`configure`] installs the app's *default service*, so it answers every request no route
//! matched (and that no scope's own default service took):
//! - a file of `dist/` → that file. Names with a content hash (`name-<16 hex>.ext`) are cached
//!   for a year as immutable; everything else, `index.html` above all, is `no-cache` and
//!   revalidated with its ETag. The `.br` or `.gz` sibling is sent when `Accept-Encoding`
//!   allows (with `Content-Encoding` and `Vary: Accept-Encoding`); actix's `Compress`
//!   middleware leaves such responses alone.
//!   The installable app's service worker `/sw.js` and manifest `/manifest.webmanifest` are
//!   such unhashed files: revalidated every time, so a new build's worker is found at once.
//! - any other GET or HEAD outside `/api`, `/media` and `/metrics` → `index.html`, so the UI's
//!   router handles deep links like `/activate?token=…`; but a missing `/sw.js` or manifest
//!   is a 404 (an HTML page there would only make the browser complain about its type);
//! - unmatched paths under `/api`, `/media`, `/metrics` → 404 `application/problem+json`.
//!
//! Paths are percent-decoded and checked segment by segment: `..`, hidden names and
//! backslashes never reach the file system, so nothing outside `dist/` can be read.
//!
//! Pages carry a Content-Security-Policy ([`page_policy`]): scripts only from here (and
//! Stripe.js for the card form), no framing by other sites, no plugins.

use crate::error::ApiError;
use actix_web::ResponseError;
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, web};
use bazaar_shared::page_policy::content_security_policy;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

/// Paths the UI never owns: their misses are API errors, not screens.
const RESERVED_PREFIXES: &[&str] = &["/api", "/media", "/metrics"];
/// Files `cargo xtask web` writes that are never a screen: a miss is a 404, not `index.html`.
const BUILD_FILES: &[&str] = &["/sw.js", "/manifest.webmanifest"];
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";
/// Only these have precompressed siblings; other types (images) are already compressed.
const COMPRESSIBLE: &[&str] = &[
    "html",
    "js",
    "mjs",
    "wasm",
    "css",
    "svg",
    "json",
    "txt",
    "map",
    "xml",
    "webmanifest",
];
/// Preferred first.
const ENCODINGS: &[(&str, &str)] = &[("br", "br"), ("gzip", "gz")];

/// Installs the default service that serves `dist` (see the module docs); `public_origin`
/// is where the UI's images and websocket live (`PUBLIC_URL`).
pub fn configure(cfg: &mut web::ServiceConfig, dist: PathBuf, public_origin: &str) {
    let site = Arc::new(Site {
        root: dist,
        policy: policy_header(public_origin),
    });
    cfg.default_service(web::to(move |req: HttpRequest| {
        let site = Arc::clone(&site);
        async move { site.respond(&req).await }
    }));
}

struct Site {
    root: PathBuf,
    policy: HeaderValue,
}

/// What a page may load ([`content_security_policy`]), and no framing by other sites.
pub fn page_policy(public_origin: &str) -> String {
    format!(
        "{}; frame-ancestors 'none'",
        content_security_policy(public_origin)
    )
}

/// [`page_policy`] as a header.
pub fn policy_header(public_origin: &str) -> HeaderValue {
    HeaderValue::from_str(&page_policy(public_origin))
        .unwrap_or_else(|_| HeaderValue::from_static(STRICTEST))
}

/// Used only if the public origin cannot be put in a header (it always can: it is a URL).
const STRICTEST: &str = "default-src 'self'; frame-ancestors 'none'";

/// The headers of every HTML page: what it may load, no framing, a short referrer.
pub fn page_headers(response: &mut HttpResponseBuilder, policy: HeaderValue) {
    response
        .insert_header((header::CONTENT_SECURITY_POLICY, policy))
        .insert_header((header::X_FRAME_OPTIONS, "DENY"))
        .insert_header((header::REFERRER_POLICY, "strict-origin-when-cross-origin"));
}

/// What a page answers while `dist/` has no `index.html`.
pub fn not_built() -> HttpResponse {
    HttpResponse::NotFound()
        .content_type("text/plain; charset=utf-8")
        .body("The web UI is not built: run `cargo xtask web`.")
}

impl Site {
    async fn respond(&self, req: &HttpRequest) -> HttpResponse {
        let path = req.path();
        if is_reserved(path) {
            return ApiError::NotFound("page").error_response();
        }
        if req.method() != Method::GET && req.method() != Method::HEAD {
            return HttpResponse::MethodNotAllowed()
                .insert_header((header::ALLOW, "GET, HEAD"))
                .finish();
        }
        let Some(relative) = safe_relative_path(path) else {
            return ApiError::NotFound("page").error_response();
        };
        if !relative.as_os_str().is_empty() && is_file(&self.root.join(&relative)).await {
            return self.serve_file(req, &relative).await;
        }
        if BUILD_FILES.contains(&path) {
            return ApiError::NotFound("file").error_response();
        }
        // Everything else is a screen of the single-page app.
        if is_file(&self.root.join("index.html")).await {
            self.serve_file(req, Path::new("index.html")).await
        } else {
            not_built()
        }
    }

    async fn serve_file(&self, req: &HttpRequest, relative: &Path) -> HttpResponse {
        let file = self.root.join(relative);
        let extension = file
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let compressible = COMPRESSIBLE.contains(&extension.as_str());

        let accepted = req
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mut chosen = (file.clone(), None);
        if compressible {
            for (coding, suffix) in ENCODINGS {
                if !accepts_encoding(accepted, coding) {
                    continue;
                }
                let mut sibling = file.clone().into_os_string();
                sibling.push(format!(".{suffix}"));
                let sibling = PathBuf::from(sibling);
                if is_file(&sibling).await {
                    chosen = (sibling, Some(*coding));
                    break;
                }
            }
        }
        let (path, encoding) = chosen;

        let metadata = match tokio::fs::metadata(&path).await {
            Ok(m) => m,
            Err(e) => return read_failed(&path, e),
        };
        let modified = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let etag = format!(
            "W/\"{:x}-{modified:x}-{}\"",
            metadata.len(),
            encoding.unwrap_or("identity")
        );
        let cache_control = if is_content_hashed(relative) {
            IMMUTABLE
        } else {
            REVALIDATE
        };

        let not_modified = if_none_match(req, &etag);
        let mut response = if not_modified {
            HttpResponse::NotModified()
        } else {
            HttpResponse::Ok()
        };
        response
            .insert_header((header::CACHE_CONTROL, cache_control))
            .insert_header((header::ETAG, etag))
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
        if compressible {
            response.insert_header((header::VARY, "Accept-Encoding"));
        }
        if not_modified {
            return response.finish();
        }
        if let Some(coding) = encoding {
            response.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static(coding)));
        }
        response.insert_header((header::CONTENT_TYPE, content_type(&extension)));
        if extension == "html" {
            page_headers(&mut response, self.policy.clone());
        }
        match tokio::fs::read(&path).await {
            Ok(bytes) => response.body(bytes),
            Err(e) => read_failed(&path, e),
        }
    }
}

fn read_failed(path: &Path, error: std::io::Error) -> HttpResponse {
    let error = anyhow::Error::new(error)
        .context(format!("could not read {} of the web UI", path.display()));
    ApiError::Internal(error).error_response()
}

fn is_reserved(path: &str) -> bool {
    RESERVED_PREFIXES.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

async fn is_file(path: &Path) -> bool {
    tokio::fs::metadata(path).await.is_ok_and(|m| m.is_file())
}

/// The request path as a path inside `dist/`, or `None` when it tries to leave it or to
/// reach a hidden file. `/` gives an empty path.
fn safe_relative_path(raw: &str) -> Option<PathBuf> {
    let decoded = percent_decode(raw)?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => continue,
            _ if segment.starts_with('.') || segment.contains(['\\', '\0', ':']) => return None,
            _ => relative.push(segment),
        }
    }
    Some(relative)
}

fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(value);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `name-0123456789abcdef.ext`: xtask puts a content hash in every name it can.
fn is_content_hashed(relative: &Path) -> bool {
    let Some(name) = relative.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        hash.len() == 16
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// Whether `Accept-Encoding` allows `coding` (an explicit `q=0` refuses it; `*` stands in).
fn accepts_encoding(header: &str, coding: &str) -> bool {
    let mut wildcard = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let quality = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
        if name.eq_ignore_ascii_case(coding) {
            return quality > 0.0;
        }
        if name == "*" {
            wildcard = Some(quality > 0.0);
        }
    }
    wildcard.unwrap_or(false)
}

fn if_none_match(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        })
}

fn content_type(extension: &str) -> &'static str {
    match extension {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::StatusCode;
    use actix_web::{App, test as actix_test};

    const WASM: &str = "bazaar_app_bg-0123456789abcdef.wasm";

    fn dist() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<!doctype html><title>Bazaar</title>",
        )
        .unwrap();
        std::fs::write(dir.path().join("index.html.br"), "brotli index").unwrap();
        std::fs::write(dir.path().join(WASM), b"\0asm").unwrap();
        std::fs::write(dir.path().join(format!("{WASM}.gz")), "gzip wasm").unwrap();
        std::fs::write(dir.path().join(format!("{WASM}.br")), "brotli wasm").unwrap();
        std::fs::write(dir.path().join(".env"), "SECRET=1").unwrap();
        dir
    }

    async fn get(
        dir: &Path,
        uri: &str,
        accept_encoding: Option<&str>,
    ) -> actix_web::dev::ServiceResponse {
        let dist = dir.to_path_buf();
        let app = actix_test::init_service(
            App::new().configure(|cfg| configure(cfg, dist, "http://127.0.0.1:8080")),
        )
        .await;
        let mut req = actix_test::TestRequest::get().uri(uri);
        if let Some(encoding) = accept_encoding {
            req = req.insert_header((header::ACCEPT_ENCODING, encoding));
        }
        actix_test::call_service(&app, req.to_request()).await
    }

    fn header_of(res: &actix_web::dev::ServiceResponse, name: header::HeaderName) -> &str {
        res.headers().get(name).map_or("", |v| v.to_str().unwrap())
    }

    #[actix_web::test]
    async fn hashed_files_are_immutable_and_typed() {
        let dir = dist();
        let res = get(dir.path(), &format!("/{WASM}"), None).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header_of(&res, header::CACHE_CONTROL), IMMUTABLE);
        assert_eq!(header_of(&res, header::CONTENT_TYPE), "application/wasm");
        assert_eq!(header_of(&res, header::CONTENT_ENCODING), "");
        assert_eq!(actix_test::read_body(res).await, &b"\0asm"[..]);
    }

    #[actix_web::test]
    async fn brotli_is_preferred_when_accepted_and_gzip_otherwise() {
        let dir = dist();
        let res = get(dir.path(), &format!("/{WASM}"), Some("gzip, deflate, br")).await;
        assert_eq!(header_of(&res, header::CONTENT_ENCODING), "br");
        assert_eq!(header_of(&res, header::VARY), "Accept-Encoding");
        assert_eq!(header_of(&res, header::CONTENT_TYPE), "application/wasm");
        assert_eq!(actix_test::read_body(res).await, "brotli wasm");

        let res = get(dir.path(), &format!("/{WASM}"), Some("gzip, br;q=0")).await;
        assert_eq!(header_of(&res, header::CONTENT_ENCODING), "gzip");
        assert_eq!(actix_test::read_body(res).await, "gzip wasm");
    }

    #[actix_web::test]
    async fn deep_links_get_the_index_revalidated() {
        let dir = dist();
        let res = get(dir.path(), "/activate?token=abc", None).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache");
        assert_eq!(
            header_of(&res, header::CONTENT_TYPE),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            actix_test::read_body(res).await,
            "<!doctype html><title>Bazaar</title>"
        );

        let res = get(dir.path(), "/", Some("br")).await;
        assert_eq!(header_of(&res, header::CONTENT_ENCODING), "br");
    }

    #[actix_web::test]
    async fn pages_say_what_they_may_load_and_that_no_one_may_frame_them() {
        let dir = dist();
        let res = get(dir.path(), "/orders/1", Some("br")).await;
        let policy = header_of(&res, header::CONTENT_SECURITY_POLICY);
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com;"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("connect-src 'self' http://127.0.0.1:8080 ws://127.0.0.1:8080"));
        assert_eq!(header_of(&res, header::X_FRAME_OPTIONS), "DENY");
        assert_eq!(
            header_of(&res, header::REFERRER_POLICY),
            "strict-origin-when-cross-origin"
        );
        let wasm = get(dir.path(), &format!("/{WASM}"), None).await;
        assert_eq!(
            header_of(&wasm, header::CONTENT_SECURITY_POLICY),
            "",
            "pages only"
        );
    }

    #[actix_web::test]
    async fn an_unchanged_index_answers_not_modified() {
        let dir = dist();
        let first = get(dir.path(), "/", None).await;
        let etag = header_of(&first, header::ETAG).to_string();
        let dist = dir.path().to_path_buf();
        let app = actix_test::init_service(
            App::new().configure(|cfg| configure(cfg, dist, "http://127.0.0.1:8080")),
        )
        .await;
        let req = actix_test::TestRequest::get()
            .uri("/")
            .insert_header((header::IF_NONE_MATCH, etag))
            .to_request();
        let res = actix_test::call_service(&app, req).await;
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    }

    /// Each of `uris` is a 404 problem, not the app's index.
    async fn problem_404s(dist: &Path, uris: &[&str]) {
        for uri in uris {
            let res = get(dist, uri, None).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{uri}");
            assert_eq!(
                header_of(&res, header::CONTENT_TYPE),
                "application/problem+json",
                "{uri}"
            );
        }
    }

    #[actix_web::test]
    async fn api_misses_are_problems_not_pages() {
        let dir = dist();
        problem_404s(
            dir.path(),
            &["/api/v1/nothing", "/media/x.png", "/metrics/x", "/api"],
        )
        .await;
        let res = get(dir.path(), "/apiary", None).await;
        assert_eq!(res.status(), StatusCode::OK);
    }

    #[actix_web::test]
    async fn nothing_outside_dist_or_hidden_is_served() {
        let dir = dist();
        for uri in [
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/.env",
            "/a/..%2f..%2fetc/passwd",
            "/%ff",
        ] {
            let res = get(dir.path(), uri, None).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{uri}");
            let body = actix_test::read_body(res).await;
            assert!(
                !body.windows(6).any(|w| w == b"SECRET" || w == b"root:x"),
                "{uri}"
            );
        }
    }

    #[actix_web::test]
    async fn other_methods_are_refused() {
        let dir = dist();
        let dist = dir.path().to_path_buf();
        let app = actix_test::init_service(
            App::new().configure(|cfg| configure(cfg, dist, "http://127.0.0.1:8080")),
        )
        .await;
        let res =
            actix_test::call_service(&app, actix_test::TestRequest::post().uri("/").to_request())
                .await;
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    }

    #[actix_web::test]
    async fn the_service_worker_and_manifest_are_revalidated_and_typed() {
        let dir = dist();
        std::fs::write(
            dir.path().join("sw.js"),
            "self.addEventListener('fetch', () => {});",
        )
        .unwrap();
        std::fs::write(dir.path().join("sw.js.br"), "brotli sw").unwrap();
        std::fs::write(
            dir.path().join("manifest.webmanifest"),
            r#"{"start_url": "/shop"}"#,
        )
        .unwrap();

        let res = get(dir.path(), "/sw.js", None).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache");
        assert_eq!(
            header_of(&res, header::CONTENT_TYPE),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(header_of(&res, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(
            actix_test::read_body(res).await,
            "self.addEventListener('fetch', () => {});"
        );
        let res = get(dir.path(), "/sw.js", Some("br")).await;
        assert_eq!(header_of(&res, header::CONTENT_ENCODING), "br");
        assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache");

        let res = get(dir.path(), "/manifest.webmanifest", None).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache");
        assert_eq!(
            header_of(&res, header::CONTENT_TYPE),
            "application/manifest+json"
        );
        assert_eq!(header_of(&res, header::VARY), "Accept-Encoding");
    }

    #[actix_web::test]
    async fn a_missing_worker_or_manifest_is_not_found_not_the_index() {
        let dir = dist();
        problem_404s(dir.path(), &["/sw.js", "/manifest.webmanifest"]).await;
        // Other missing paths are still screens of the app.
        let res = get(dir.path(), "/shop", None).await;
        assert_eq!(res.status(), StatusCode::OK);
    }

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_content_hashed(Path::new(
            "bazaar_app-0123456789abcdef.js"
        )));
        assert!(is_content_hashed(Path::new(
            "snippets/x-1/inline0-0123456789abcdef.js"
        )));
        assert!(!is_content_hashed(Path::new("index.html")));
        assert!(!is_content_hashed(Path::new("icons/search.svg")));
        assert!(!is_content_hashed(Path::new("a-0123456789ABCDEF.js")));
    }
}
