//! Operations: health, the OpenAPI document and its docs page, and who may read `/metrics`.

use crate::AppState;
use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use bazaar_shared::client_config::ClientConfig;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::net::IpAddr;
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

/// The deployment's settings a client needs: the currency of every amount, the upload cap,
/// the size pictures are stored at.
#[utoipa::path(tag = "ops", responses((status = 200, body = ClientConfig)))]
#[get("/config")]
async fn client_config(state: Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(ClientConfig {
        currency: state.config.currency.clone(),
        upload_max_bytes: state.config.upload_max_bytes,
        image_max_edge: state.config.image_max_edge,
    })
}

/// Whether a request may read `/metrics`: with `METRICS_TOKEN` set, one that bears it;
/// without, one from this machine (a scraper beside the server). Figures about traffic and
/// jobs are nobody else's business.
pub fn may_read_metrics(
    token: Option<&str>,
    authorization: Option<&str>,
    peer: Option<IpAddr>,
) -> bool {
    match token {
        Some(token) => authorization
            .and_then(|value| value.strip_prefix("Bearer "))
            // Compared as digests, so the time taken says nothing about the token.
            .is_some_and(|offered| Sha256::digest(offered) == Sha256::digest(token)),
        None => peer.is_some_and(|ip| ip.is_loopback()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_need_the_token_when_there_is_one_and_this_machine_otherwise() {
        let here = Some(IpAddr::from([127, 0, 0, 1]));
        let away = Some(IpAddr::from([203, 0, 113, 9]));
        assert!(may_read_metrics(None, None, here));
        assert!(!may_read_metrics(None, None, away));
        assert!(!may_read_metrics(None, Some("Bearer anything"), away));
        let token = Some("s3cret-scrape");
        assert!(may_read_metrics(token, Some("Bearer s3cret-scrape"), away));
        assert!(
            !may_read_metrics(token, Some("Bearer s3cret"), here),
            "the token, even here"
        );
        assert!(!may_read_metrics(token, None, here));
    }
}
