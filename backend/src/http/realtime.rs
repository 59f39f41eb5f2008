//! The websocket: `GET /api/v1/ws` upgrades a signed-in client to live events.

use crate::AppState;
use crate::auth::websocket_principal;
use crate::error::{ApiError, ApiResult};
use crate::realtime::socket;
use actix_web::web::{Data, Payload};
use actix_web::{HttpRequest, HttpResponse, get};
use bazaar_shared::Problem;
use bazaar_shared::realtime::PROTOCOL;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(connect);
}

/// Upgrades to a websocket speaking subprotocol `bazaar.v1` (JSON frames tagged by `type`).
/// Apps authenticate by also offering `bearer.<token>`, the web UI by its session cookie.
#[utoipa::path(tag = "realtime", responses(
    (status = 101, description = "Switching to the websocket"),
    (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
#[get("/ws")]
async fn connect(
    state: Data<AppState>,
    req: HttpRequest,
    body: Payload,
) -> ApiResult<HttpResponse> {
    let principal = websocket_principal(&state, &req).await?;
    let (response, session, stream) = actix_ws::handle_with_protocols(&req, body, &[PROTOCOL])
        .map_err(|error| ApiError::BadRequest(format!("not a websocket handshake: {error}")))?;
    actix_web::rt::spawn(socket::serve(state, principal, session, stream));
    Ok(response)
}
