//! The `Auth` extractor: a handler that takes it runs only for a signed-in, active account.

use crate::AppState;
use crate::db::sessions::{self, Principal};
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use bazaar_shared::UserId;
use bazaar_shared::realtime::BEARER_PROTOCOL_PREFIX;
use futures_util::future::LocalBoxFuture;

/// The signed-in account of this request: a bearer token (apps) or the session cookie (web).
#[derive(Clone, Debug)]
pub struct Auth(pub Principal);

impl FromRequest for Auth {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let found = match req.app_data::<web::Data<AppState>>() {
            Some(state) => credential(state, req).map(|token| (state.clone(), token)),
            None => Err(anyhow::anyhow!("AppState is not registered").into()),
        };
        Box::pin(async move {
            let (state, token) = found?;
            let token = token.ok_or(ApiError::Unauthorized)?;
            Ok(Auth(principal_of(&state, &token).await?))
        })
    }
}

/// A signed-in admin. As an extractor it answers 401 to anonymous requests and 403 to every
/// other account, so a handler that takes it runs for admins only; and the admin services
/// take it, so nothing else can call them.
#[derive(Clone, Debug)]
pub struct Admin(Principal);

impl Admin {
    /// The principal, if it is an admin's; 403 otherwise.
    pub fn of(principal: Principal) -> Result<Self, ApiError> {
        if principal.is_admin {
            Ok(Self(principal))
        } else {
            Err(ApiError::Forbidden("only admins may do this"))
        }
    }

    pub fn id(&self) -> UserId {
        self.0.user_id
    }

    pub fn principal(&self) -> &Principal {
        &self.0
    }
}

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let auth = Auth::from_request(req, payload);
        Box::pin(async move { Admin::of(auth.await?.0) })
    }
}

/// The account of a live session named by `token`.
pub async fn principal_of(state: &AppState, token: &str) -> Result<Principal, ApiError> {
    let session = state.jwt.session_of(token).ok_or(ApiError::Unauthorized)?;
    let mut conn = state.db.pool.acquire().await?;
    sessions::find_principal(&mut conn, session, state.clock.now_micros())
        .await?
        .ok_or(ApiError::Unauthorized)
}

/// The account opening a websocket. Apps offer their token as a `bearer.<token>`
/// subprotocol, since browsers cannot set headers on a websocket; the web UI sends its
/// cookie. A handshake is a GET that browsers send cross-site with cookies, so the cookie
/// is taken only from our own origins.
pub async fn websocket_principal(
    state: &AppState,
    req: &HttpRequest,
) -> Result<Principal, ApiError> {
    let offered = req
        .headers()
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|p| {
            p.trim()
                .strip_prefix(BEARER_PROTOCOL_PREFIX)
                .map(str::to_owned)
        });
    let token = match offered {
        Some(token) => token,
        None => {
            let cookie = req
                .cookie(state.config.session_cookie())
                .ok_or(ApiError::Unauthorized)?;
            check_same_origin(state, req)?;
            cookie.value().to_owned()
        }
    };
    principal_of(state, &token).await
}

/// The token the request carries, if any. A cookie on a state-changing request must come
/// from one of our own origins: that is the defence against cross-site request forgery
/// (bearer tokens are never sent by a browser on its own, so they need no such check).
fn credential(state: &AppState, req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let Some(token) = bearer {
        return Ok(Some(token.trim().to_owned()));
    }
    let Some(cookie) = req.cookie(state.config.session_cookie()) else {
        return Ok(None);
    };
    if !req.method().is_safe() {
        check_same_origin(state, req)?;
    }
    Ok(Some(cookie.value().to_owned()))
}

fn check_same_origin(state: &AppState, req: &HttpRequest) -> Result<(), ApiError> {
    let refused = ApiError::Forbidden("cross-site requests with the session cookie are refused");
    let headers = req.headers();
    if let Some(origin) = headers.get(header::ORIGIN) {
        let allowed = state.is_own_origin(origin.to_str().unwrap_or_default());
        return if allowed { Ok(()) } else { Err(refused) };
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some("cross-site") => Err(refused),
        _ => Ok(()),
    }
}
