//! A product's reviews: listed for anyone, written by buyers of delivered orders.

use super::json::Json;
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::pagination::PageQuery;
use crate::services::reviews;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get, post};
use bazaar_shared::catalog::Page;
use bazaar_shared::review::{Review, ReviewInput};
use bazaar_shared::{Problem, ProductId};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create);
}

/// The product's reviews, newest first.
#[utoipa::path(tag = "reviews", params(("id" = ProductId, Path), PageQuery), responses(
    (status = 200, body = Page<Review>), (status = 400, body = Problem), (status = 422, body = Problem)))]
#[get("/products/{id}/reviews")]
async fn list(
    state: Data<AppState>,
    id: Path<ProductId>,
    query: Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = reviews::of_product(&state, *id, query.cursor.as_deref(), query.limit()?).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Reviews a product of one of my delivered orders; once per order line.
#[utoipa::path(tag = "reviews", params(("id" = ProductId, Path)), request_body = ReviewInput, responses(
    (status = 201, body = Review), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 409, body = Problem, description = "not delivered yet, or reviewed already"),
    (status = 415, body = Problem), (status = 422, body = Problem)))]
#[post("/products/{id}/reviews")]
async fn create(
    state: Data<AppState>,
    auth: Auth,
    id: Path<ProductId>,
    body: Json<ReviewInput>,
) -> ApiResult<HttpResponse> {
    let review = reviews::create(&state, &auth.0, *id, &body).await?;
    Ok(HttpResponse::Created().json(review))
}
