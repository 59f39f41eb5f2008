//! Public profiles.

use crate::AppState;
use crate::error::ApiResult;
use crate::services::profile;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, get};
use bazaar_shared::account::PublicProfile;
use bazaar_shared::{Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(public_profile);
}

#[utoipa::path(tag = "users", params(("id" = UserId, Path)), responses(
    (status = 200, body = PublicProfile), (status = 404, body = Problem)))]
#[get("/users/{id}")]
async fn public_profile(state: Data<AppState>, id: Path<UserId>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(profile::public_profile(&state, *id).await?))
}
