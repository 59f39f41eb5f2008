//! The HTTP surface: one module per resource, each owning its routes; this file mounts
//! them, the middleware and the fallbacks.

mod admin;
mod auth;
mod cart;
mod chat;
mod coupons;
mod events;
mod json;
mod me;
mod media;
mod openapi;
mod ops;
mod orders;
mod pages;
mod payments;
mod payouts;
mod products;
mod realtime;
mod reviews;
mod shops;
mod site;
mod upload;
mod users;
mod wishlist;

use crate::AppState;
use crate::cache;
use crate::error::ApiError;
use crate::origin_of;
use actix_cors::Cors;
use actix_web::dev::{Server, Service};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Compress;
use actix_web::web::{self, Data};
use actix_web::{App, HttpMessage, HttpResponse, HttpServer, ResponseError};
use actix_web_prom::PrometheusMetricsBuilder;
use futures_util::FutureExt;
use futures_util::future::{Either, ready};
use std::net::TcpListener;
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Bazaar API", description = "The marketplace's HTTP API. Errors are RFC 9457 problem+json."),
    tags(
        (name = "auth", description = "Sign-up, activation, login, passwords"),
        (name = "me", description = "The signed-in account"),
        (name = "users", description = "Public profiles"),
        (name = "shops", description = "Shops and their settings"),
        (name = "catalog", description = "Categories, products and the listing"),
        (name = "events", description = "Flash sales"),
        (name = "wishlist", description = "The signed-in account's wishlist"),
        (name = "cart", description = "The signed-in account's cart"),
        (name = "coupons", description = "Shops' coupons"),
        (name = "orders", description = "Checkout and the order's life"),
        (name = "payments", description = "Payment methods, Stripe's webhook, PayPal's capture"),
        (name = "reviews", description = "Reviews by buyers of delivered orders"),
        (name = "payouts", description = "Shops' balances, ledgers and withdrawals"),
        (name = "chat", description = "Conversations between buyers and shops"),
        (name = "realtime", description = "The websocket of live events"),
        (name = "admin", description = "The admin console: figures, lists, moderation, the audit log"),
        (name = "ops", description = "Health and documentation"),
    )
)]
struct ApiDoc;

pub fn server(listener: TcpListener, state: Data<AppState>) -> anyhow::Result<Server> {
    let metrics = PrometheusMetricsBuilder::new("bazaar")
        .registry(state.metrics.clone())
        .endpoint("/metrics")
        .mask_unmatched_patterns("UNMATCHED")
        .build()
        .map_err(|e| anyhow::anyhow!("cannot set up metrics: {e}"))?;
    let server = HttpServer::new(move || {
        let (app, api) = App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .app_data(state.clone())
            .app_data(web::PathConfig::default().error_handler(|error, _| {
                ApiError::BadRequest(format!("the path is not valid: {error}")).into()
            }))
            .app_data(web::QueryConfig::default().error_handler(|error, _| {
                ApiError::BadRequest(format!("the query string is not valid: {error}")).into()
            }))
            .service(
                utoipa_actix_web::scope("/api/v1")
                    .configure(ops::routes)
                    .configure(auth::routes)
                    .configure(me::routes)
                    .configure(users::routes)
                    .configure(shops::routes)
                    .configure(products::routes)
                    .configure(events::routes)
                    .configure(wishlist::routes)
                    .configure(cart::routes)
                    .configure(coupons::routes)
                    .configure(orders::routes)
                    .configure(payments::routes)
                    .configure(reviews::routes)
                    .configure(payouts::routes)
                    .configure(chat::routes)
                    .configure(realtime::routes)
                    .configure(admin::routes),
            )
            .service(ops::health)
            .split_for_parts();
        let mut api = api;
        openapi::describe_errors(&mut api);
        let methods = std::sync::Arc::new(openapi::Methods::of(&api));
        let document = openapi::served(&api, &state.config);
        let openapi_json = bytes::Bytes::from(serde_json::to_vec(&document).unwrap_or_default());
        app.route(
            "/api/openapi.json",
            web::get().to(move || {
                let body = openapi_json.clone();
                async move {
                    HttpResponse::Ok()
                        .content_type("application/json")
                        .body(body)
                }
            }),
        )
        .route(
            "/api/docs",
            web::get().to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header((header::LOCATION, "/api/docs/"))
                    .finish()
            }),
        )
        .service(
            SwaggerUi::new("/api/docs/{_:.*}")
                .config(utoipa_swagger_ui::Config::from("/api/openapi.json")),
        )
        .service(media::serve)
        .configure(|cfg| {
            let public_origin = origin_of(&state.config.public_url);
            pages::configure(cfg, &public_origin);
            site::configure(cfg, state.config.web_dist.clone(), &public_origin)
        })
        // Nothing matched (404), or a route matched that this path does not name (DELETE
        // …/images/order reaching DELETE …/images/{image_id}, refused as a bad id or, before
        // that, a missing sign-in): on a path the document knows without this method, the
        // method was the trouble.
        .wrap_fn(move |req, srv| {
            let methods = std::sync::Arc::clone(&methods);
            srv.call(req).map(move |response| {
                let response = response?;
                if !matches!(
                    response.status(),
                    StatusCode::NOT_FOUND
                        | StatusCode::BAD_REQUEST
                        | StatusCode::UNAUTHORIZED
                        | StatusCode::FORBIDDEN
                ) {
                    return Ok(response.map_into_left_body());
                }
                let refusal =
                    methods.refusal(response.request().method(), response.request().path());
                Ok(match refusal {
                    Some(refusal) => response
                        .into_response(refusal.error_response())
                        .map_into_right_body(),
                    None => response.map_into_left_body(),
                })
            })
        })
        .wrap_fn(|req, srv| {
            let request_id = req.extensions().get::<RequestId>().map(ToString::to_string);
            let writes = !req.method().is_safe() && cache::write_can_change_listings(req.path());
            let state = req.app_data::<Data<AppState>>().cloned();
            let response = srv.call(req);
            async move {
                let mut response = response.await?;
                // Whatever a successful write changed, no cached listing page may hide it.
                if writes
                    && response.status().is_success()
                    && let Some(state) = state
                {
                    state.listing_cache.invalidate();
                }
                if let Some(value) =
                    request_id.and_then(|id: String| HeaderValue::from_str(&id).ok())
                {
                    response
                        .headers_mut()
                        .insert(HeaderName::from_static("x-request-id"), value);
                }
                Ok(response)
            }
        })
        .wrap(cors(&state.config.cors_origins))
        .wrap(metrics.clone())
        // Outside the metrics middleware, which answers `/metrics` itself.
        .wrap_fn(|req, srv| {
            let refused = req.path() == "/metrics" && {
                let token = req
                    .app_data::<Data<AppState>>()
                    .and_then(|s| s.config.metrics_token.clone());
                let authorization = req
                    .headers()
                    .get(header::AUTHORIZATION)
                    .and_then(|v| v.to_str().ok());
                let peer = req.peer_addr().map(|a| a.ip());
                !ops::may_read_metrics(token.as_deref(), authorization, peer)
            };
            if refused {
                let refusal =
                    ApiError::Forbidden("the metrics need METRICS_TOKEN").error_response();
                let response = req.into_response(refusal).map_into_right_body();
                return Either::Left(ready(Ok(response)));
            }
            Either::Right(srv.call(req).map(|r| r.map(|r| r.map_into_left_body())))
        })
        // JSON and pages gzipped for clients that take it; pictures, precompressed files and
        // websocket upgrades are left as they are.
        .wrap(Compress::default())
        .wrap(TracingLogger::default())
    })
    .listen(listener)?
    .shutdown_timeout(10)
    .run();
    Ok(server)
}

/// The Tauri apps (and any configured front-end) call the API from their own origin with a
/// bearer token; the web UI is same-origin and needs no CORS.
fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .allow_any_header()
        .expose_headers([header::RETRY_AFTER])
        .max_age(3600)
}
