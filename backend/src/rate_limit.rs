//! Limits on the endpoints attackers like (login, sign-up, resets: per client address and
//! per e-mail address; checkout and PayPal capture: per account), counted in the database so
//! that every instance shares the count.

use crate::AppState;
use crate::db;
use crate::error::{ApiError, ApiResult};
use actix_web::HttpRequest;
use bazaar_shared::UserId;

/// Counts this request against `action` for the client's address and, when given, the
/// e-mail address it is about; refuses with 429 and Retry-After past the limit.
pub async fn check(
    state: &AppState,
    req: &HttpRequest,
    action: &str,
    email: Option<&str>,
) -> ApiResult<()> {
    let (window, window_start, now) = window(state);
    let mut keys = vec![format!("{action}:ip:{}", client_ip(state, req))];
    if let Some(email) = email {
        keys.push(format!(
            "{action}:email:{}",
            bazaar_shared::validate::normalize_email(email)
        ));
    }
    hit(state, &keys, window, window_start, now).await
}

/// Counts a payment request of a signed-in account (checkout, PayPal capture) against
/// `action`, per account: people behind one shared address each get their own allowance.
pub async fn check_account(state: &AppState, action: &str, account: UserId) -> ApiResult<()> {
    let (window, window_start, now) = window(state);
    let keys = [format!("{action}:account:{account}")];
    hit(state, &keys, window, window_start, now).await
}

/// The current window's length and start, and now, in microseconds.
fn window(state: &AppState) -> (i64, i64, i64) {
    let window = i64::try_from(state.config.auth_rate_limit.window.as_micros())
        .unwrap_or(i64::MAX)
        .max(1);
    let now = state.clock.now_micros();
    (window, now - now.rem_euclid(window), now)
}

async fn hit(
    state: &AppState,
    keys: &[String],
    window: i64,
    window_start: i64,
    now: i64,
) -> ApiResult<()> {
    let limit = &state.config.auth_rate_limit;
    let mut conn = state.db.pool.acquire().await?;
    for key in keys {
        if db::rate_limits::hit(&mut conn, key, window_start).await? > limit.max_requests {
            let retry_after_micros = window_start + window - now;
            return Err(ApiError::RateLimited {
                retry_after_secs: u64::try_from(retry_after_micros / 1_000_000 + 1).unwrap_or(1),
            });
        }
    }
    Ok(())
}

/// The peer's address, or the first `X-Forwarded-For` hop behind a trusted load balancer.
fn client_ip(state: &AppState, req: &HttpRequest) -> String {
    let forwarded = state
        .config
        .trust_forwarded_for
        .then(|| {
            req.headers()
                .get("x-forwarded-for")?
                .to_str()
                .ok()?
                .split(',')
                .next()
                .map(str::trim)
        })
        .flatten()
        .filter(|ip| !ip.is_empty());
    match forwarded {
        Some(ip) => ip.to_owned(),
        None => req
            .peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_default(),
    }
}
