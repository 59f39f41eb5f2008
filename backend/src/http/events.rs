//! Events (flash sales): the public listing and the seller's writes.

use super::json::Json;
use super::upload;
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::pagination::page_limit;
use crate::services::events;
use actix_multipart::Multipart;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, delete, get, patch, post};
use bazaar_shared::catalog::Page;
use bazaar_shared::event::{Event, EventInput, EventPatch, EventStatus, MAX_EVENT_BANNERS};
use bazaar_shared::{EventId, FieldErrors, ImageId, Problem, ShopId};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(show)
        .service(create)
        .service(update)
        .service(remove)
        .service(add_banners)
        .service(delete_banner);
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct EventQuery {
    shop_id: Option<ShopId>,
    /// Without it: upcoming and running events.
    #[param(inline)]
    status: Option<EventStatus>,
    limit: Option<i64>,
    cursor: Option<String>,
}

/// Events by start time; ended ones only when asked for (`status=ended`, latest first).
#[utoipa::path(tag = "events", params(EventQuery), responses(
    (status = 200, body = Page<Event>), (status = 422, body = Problem)))]
#[get("/events")]
async fn list(state: Data<AppState>, query: Query<EventQuery>) -> ApiResult<HttpResponse> {
    let mut errors = FieldErrors::new();
    let limit = page_limit(query.limit, &mut errors);
    errors.into_result()?;
    let page = events::list(
        &state,
        query.shop_id,
        query.status,
        query.cursor.as_deref(),
        limit,
    )
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One event; a hidden one only for its shop and admins.
#[utoipa::path(tag = "events", params(("id" = EventId, Path)), responses(
    (status = 200, body = Event), (status = 404, body = Problem)))]
#[get("/events/{id}")]
async fn show(
    state: Data<AppState>,
    viewer: Option<Auth>,
    id: Path<EventId>,
) -> ApiResult<HttpResponse> {
    let viewer = viewer.map(|auth| auth.0);
    Ok(HttpResponse::Ok().json(events::show(&state, viewer.as_ref(), *id).await?))
}

#[utoipa::path(tag = "events", request_body = EventInput, responses(
    (status = 201, body = Event), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 409, body = Problem, description = "overlaps another event of the product"), (status = 422, body = Problem)))]
#[post("/events")]
async fn create(
    state: Data<AppState>,
    auth: Auth,
    body: Json<EventInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(events::create(&state, &auth.0, &body).await?))
}

#[utoipa::path(tag = "events", params(("id" = EventId, Path)), request_body = EventPatch, responses(
    (status = 200, body = Event), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
#[patch("/events/{id}")]
async fn update(
    state: Data<AppState>,
    auth: Auth,
    id: Path<EventId>,
    body: Json<EventPatch>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(events::update(&state, &auth.0, *id, &body).await?))
}

#[utoipa::path(tag = "events", params(("id" = EventId, Path)), responses(
    (status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
#[delete("/events/{id}")]
async fn remove(state: Data<AppState>, auth: Auth, id: Path<EventId>) -> ApiResult<HttpResponse> {
    events::delete(&state, &auth.0, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Appends banner images (`image` parts; 5 per event at most).
#[utoipa::path(tag = "events", params(("id" = EventId, Path)),
    request_body(content_type = "multipart/form-data", description = "one or more `image` parts"),
    responses((status = 200, body = Event), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 404, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
#[post("/events/{id}/images")]
async fn add_banners(
    state: Data<AppState>,
    auth: Auth,
    id: Path<EventId>,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    let files = upload::read_images(form, state.config.upload_max_bytes, MAX_EVENT_BANNERS).await?;
    Ok(HttpResponse::Ok().json(events::add_banners(&state, &auth.0, *id, files).await?))
}

#[utoipa::path(tag = "events", params(("id" = EventId, Path), ("image_id" = ImageId, Path)), responses(
    (status = 200, body = Event), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 404, body = Problem)))]
#[delete("/events/{id}/images/{image_id}")]
async fn delete_banner(
    state: Data<AppState>,
    auth: Auth,
    path: Path<(EventId, ImageId)>,
) -> ApiResult<HttpResponse> {
    let (id, image) = path.into_inner();
    Ok(HttpResponse::Ok().json(events::delete_banner(&state, &auth.0, id, image).await?))
}
