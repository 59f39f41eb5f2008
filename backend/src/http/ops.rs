//! Operations: health, the OpenAPI document and its docs page.

use crate::AppState;
use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use bazaar_shared::client_config::ClientConfig;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

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

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(client_config);
}

/// The deployment's settings a client needs: the currency of every amount, the upload cap.
#[utoipa::path(tag = "ops", responses((status = 200, body = ClientConfig)))]
#[get("/config")]
async fn client_config(state: Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(ClientConfig {
        currency: state.config.currency.clone(),
        upload_max_bytes: state.config.upload_max_bytes,
    })
}
