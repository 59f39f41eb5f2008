//! The public pages — home, the product listing, a product, a shop, the events — answered
//! as the app's shell with the page's own head ([`page_head`]: title, description, link
//! preview tags, structured data), so that search engines and link previews see what the
//! page is about before any script runs. Also `/robots.txt` and the sitemap.
//!
//! Each answer is cached like the listing (the same short time-to-live, emptied by the same
//! writes), so a page costs about what its JSON costs. A product or shop that is not there
//! is the shell with a "not found" head and status 404; the app shows its not-found screen.

use super::site;
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::page_head::{self, Head};
use crate::services::{products, shops};
use crate::sitemap::{self, Part};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType, HeaderValue};
use actix_web::web::{self, Data, Path};
use actix_web::{HttpRequest, HttpResponse, guard};
use bazaar_shared::listing::ProductQuery;
use bytes::Bytes;
use std::future::Future;

/// What every page may load ([`site::page_policy`]), built once, for the public origin.
struct PagePolicy(HeaderValue);

/// Mounts the pages; `public_origin` is where the UI's images and websocket live.
pub fn configure(cfg: &mut web::ServiceConfig, public_origin: &str) {
    cfg.app_data(Data::new(PagePolicy(site::policy_header(public_origin))));
    page(cfg, "/", home);
    page(cfg, "/products", listing);
    page(cfg, "/products/{id}", product);
    page(cfg, "/shops/{id}", shop);
    page(cfg, "/events", events);
    page(cfg, "/robots.txt", robots);
    page(cfg, "/sitemap.xml", sitemap_index);
    page(cfg, "/sitemaps/{name}.xml", sitemap_part);
}

/// GET and HEAD at `path`.
fn page<F, Args>(cfg: &mut web::ServiceConfig, path: &str, handler: F)
where
    F: actix_web::Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    cfg.service(
        web::resource(path)
            .guard(guard::Any(guard::Get()).or(guard::Head()))
            .to(handler),
    );
}

async fn home(state: Data<AppState>, req: HttpRequest) -> ApiResult<HttpResponse> {
    let base = &state.config.public_url;
    shell_page(&state, &req, async { Ok(page_head::home(base)) }).await
}

async fn listing(state: Data<AppState>, req: HttpRequest) -> ApiResult<HttpResponse> {
    let base = &state.config.public_url;
    // A query the API would refuse still gets the page; the app shows what is wrong.
    let query = web::Query::<ProductQuery>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .unwrap_or_default();
    let head = page_head::listing(base, &query, req.query_string());
    shell_page(&state, &req, async { Ok(head) }).await
}

async fn events(state: Data<AppState>, req: HttpRequest) -> ApiResult<HttpResponse> {
    let base = &state.config.public_url;
    shell_page(&state, &req, async { Ok(page_head::events(base)) }).await
}

async fn product(
    state: Data<AppState>,
    req: HttpRequest,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    shell_page(&state, &req, async {
        let id = id.parse().map_err(|_| ApiError::NotFound("product"))?;
        let product = products::detail(&state, None, id).await?;
        Ok(page_head::product(&state.config.public_url, &product))
    })
    .await
}

async fn shop(
    state: Data<AppState>,
    req: HttpRequest,
    id: Path<String>,
) -> ApiResult<HttpResponse> {
    shell_page(&state, &req, async {
        let id = id.parse().map_err(|_| ApiError::NotFound("shop"))?;
        let shop = shops::public_shop(&state, id).await?;
        Ok(page_head::shop(&state.config.public_url, &shop))
    })
    .await
}

async fn robots(state: Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::plaintext())
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(sitemap::robots_txt(&state.config.public_url))
}

async fn sitemap_index(state: Data<AppState>, req: HttpRequest) -> ApiResult<HttpResponse> {
    cached_xml(&state, &req, sitemap::index(&state)).await
}

async fn sitemap_part(
    state: Data<AppState>,
    req: HttpRequest,
    name: Path<String>,
) -> ApiResult<HttpResponse> {
    let part = Part::parse(&name).ok_or(ApiError::NotFound("sitemap page"))?;
    cached_xml(&state, &req, sitemap::part(&state, part)).await
}

/// The shell with the head `head` gives, from the cache when it is there.
async fn shell_page(
    state: &AppState,
    req: &HttpRequest,
    head: impl Future<Output = ApiResult<Head>>,
) -> ApiResult<HttpResponse> {
    let key = req.uri().to_string();
    if let Some(body) = state.listing_cache.get(&key) {
        return Ok(html(req, StatusCode::OK, body));
    }
    let Ok(shell) = tokio::fs::read_to_string(state.config.web_dist.join("index.html")).await
    else {
        return Ok(site::not_built());
    };
    let (status, head) = match head.await {
        Ok(head) => (StatusCode::OK, head),
        Err(ApiError::NotFound(_)) => (StatusCode::NOT_FOUND, page_head::not_found()),
        Err(error) => return Err(error),
    };
    let body = Bytes::from(head.into_shell(&shell));
    if status == StatusCode::OK {
        state.listing_cache.put(key, body.clone());
    }
    Ok(html(req, status, body))
}

fn html(req: &HttpRequest, status: StatusCode, body: Bytes) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response
        .content_type(ContentType::html())
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if let Some(policy) = req.app_data::<Data<PagePolicy>>() {
        site::page_headers(&mut response, policy.0.clone());
    }
    response.body(body)
}

async fn cached_xml(
    state: &AppState,
    req: &HttpRequest,
    xml: impl Future<Output = ApiResult<String>>,
) -> ApiResult<HttpResponse> {
    let body = state
        .listing_cache
        .get_or_make(&req.uri().to_string(), async { xml.await.map(Bytes::from) })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(body))
}
