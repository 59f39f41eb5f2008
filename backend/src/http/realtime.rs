//! The websocket: `GET /api/v1/ws` upgrades a signed-in client to live events.

use crate::AppState;
use crate::auth::websocket_principal;
use crate::error::{ApiError, ApiResult};
use crate::rate_limit::client_bucket;
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
/// An account, and a client address, may hold a bounded number of sockets at once.
#[utoipa::path(tag = "realtime", responses(
    (status = 101, description = "Switching to the websocket"),
    (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 429, body = Problem, description = "Too many sockets open for this account or address")))]
#[get("/ws")]
async fn connect(
    state: Data<AppState>,
    req: HttpRequest,
    body: Payload,
) -> ApiResult<HttpResponse> {
    let principal = websocket_principal(&state, &req).await?;
    let subscription = state
        .hub
        .subscribe(
            principal.user_id,
            principal.session_id,
            client_bucket(&state, &req),
        )
        .map_err(|too_many| {
            tracing::info!(?too_many, user = %principal.user_id, "websocket refused");
            // Sockets free up as soon as a tab closes or its peer stops answering.
            ApiError::RateLimited {
                retry_after_secs: 30,
            }
        })?;
    match actix_ws::handle_with_protocols(&req, body, &[PROTOCOL]) {
        Ok((response, session, stream)) => {
            actix_web::rt::spawn(socket::serve(
                state,
                principal,
                subscription,
                session,
                stream,
            ));
            Ok(response)
        }
        Err(error) => {
            state.hub.unsubscribe(&subscription);
            Err(ApiError::BadRequest(format!(
                "not a websocket handshake: {error}"
            )))
        }
    }
}
