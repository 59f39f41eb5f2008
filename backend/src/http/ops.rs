//! Operations: health, the OpenAPI document and its docs page.

use crate::AppState;
use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    status: &'static str,
    database: &'static str,
    version: &'static str,
}

/// 200 when the server can reach its database, 503 when it cannot.
#[utoipa::path(tag = "ops", responses((status = 200, body = Health), (status = 503, body = Health)))]
#[get("/api/health")]
pub async fn health(state: Data<AppState>) -> HttpResponse {
    let database_ok = sqlx::query("SELECT 1")
        .execute(&state.db.pool)
        .await
        .is_ok();
    let health = Health {
        status: if database_ok { "ok" } else { "degraded" },
        database: if database_ok { "ok" } else { "unreachable" },
        version: env!("CARGO_PKG_VERSION"),
    };
    if database_ok {
        HttpResponse::Ok().json(health)
    } else {
        HttpResponse::ServiceUnavailable().json(health)
    }
}
