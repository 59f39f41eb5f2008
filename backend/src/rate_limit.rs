//! Limits on the endpoints attackers like (login, sign-up, resets: per client address;
//! checkout and PayPal capture: per account; account mails: per inbox), counted in the
//! database so that every instance shares the count.

use crate::AppState;
use crate::db;
use crate::error::{ApiError, ApiResult};
use actix_web::HttpRequest;
use bazaar_shared::UserId;
use sqlx::AnyConnection;
use std::net::{IpAddr, Ipv6Addr};
use std::time::Duration;

/// Counts this request against `action` for the client's address; refuses with 429 and
/// Retry-After past the limit. Not per e-mail address: then anyone could lock an account
/// out by failing to sign in as it from two addresses.
pub async fn check(state: &AppState, req: &HttpRequest, action: &str) -> ApiResult<()> {
    let (window, window_start, now) = window(state);
    let keys = [format!("{action}:ip:{}", client_bucket(state, req))];
    hit(state, &keys, window, window_start, now).await
}

/// Account mails (activation and reset links) one inbox may get in an hour, however many
/// addresses ask: past it, requests are answered as usual and nothing is sent.
const MAILS_PER_HOUR: i64 = 5;
pub const MAIL_WINDOW: Duration = Duration::from_secs(3600);

/// Whether another account mail may go to `email` now; counts it if so.
pub async fn mail_allowed(
    state: &AppState,
    conn: &mut AnyConnection,
    email: &str,
) -> ApiResult<bool> {
    let hour = i64::try_from(MAIL_WINDOW.as_micros()).unwrap_or(i64::MAX);
    let now = state.clock.now_micros();
    let key = format!("mail:{email}");
    Ok(db::rate_limits::hit(conn, &key, now - now.rem_euclid(hour)).await? <= MAILS_PER_HOUR)
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
    let mut conn = state.db.writer().await?;
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

/// Whom the limits count: the client's address as `client_address` finds it, an IPv6 one
/// by its /64 (one subscriber's network, where every device can pick a new address at will).
pub fn client_bucket(state: &AppState, req: &HttpRequest) -> String {
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|h| h.to_str().ok());
    let peer = req.peer_addr().map(|a| a.ip());
    bucket(client_address(
        peer,
        forwarded,
        state.config.trusted_proxies,
    ))
}

fn bucket(client: Option<IpAddr>) -> String {
    match client {
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => format!("{}/64", Ipv6Addr::from_bits(v6.to_bits() & !0 << 64)),
        },
        Some(v4) => v4.to_string(),
        None => String::new(),
    }
}

/// The client's address behind `trusted` proxies: each proxy appends the address it heard
/// from to `X-Forwarded-For`, so counting from the right skips what the proxies wrote, and
/// whatever the client put on the left is never believed. With no proxies, the peer.
fn client_address(peer: Option<IpAddr>, forwarded: Option<&str>, trusted: usize) -> Option<IpAddr> {
    let hops: Vec<Option<IpAddr>> = forwarded
        .filter(|_| trusted > 0)
        .into_iter()
        .flat_map(|list| list.split(','))
        .map(|hop| hop.trim().parse().ok())
        .chain([peer])
        .collect();
    // Fewer hops than proxies: the request skipped one, and the left-most is all there is.
    let client = hops.len().saturating_sub(1 + trusted);
    hops[client]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
        let peer = Some(ip("203.0.113.9"));
        assert_eq!(client_address(peer, Some("10.0.0.1"), 0), peer);
        assert_eq!(client_address(peer, None, 0), peer);
    }

    #[test]
    fn behind_proxies_the_hop_the_first_trusted_proxy_heard_is_the_client() {
        let balancer = Some(ip("10.1.1.1"));
        // The client wrote "1.2.3.4" itself; the balancer appended the address it saw.
        let header = Some("1.2.3.4, 198.51.100.7");
        assert_eq!(
            client_address(balancer, header, 1),
            Some(ip("198.51.100.7"))
        );
        let two = Some("1.2.3.4, 198.51.100.7, 10.2.2.2");
        assert_eq!(client_address(balancer, two, 2), Some(ip("198.51.100.7")));
        assert_eq!(
            client_address(balancer, None, 1),
            balancer,
            "no header: the peer"
        );
        assert_eq!(
            client_address(balancer, Some("junk"), 1),
            None,
            "an unreadable hop"
        );
    }

    #[test]
    fn an_ipv6_client_counts_by_its_64_and_a_mapped_ipv4_as_itself() {
        let one = bucket(Some(ip("2001:db8:1:2:aaaa::1")));
        assert_eq!(one, "2001:db8:1:2::/64");
        assert_eq!(bucket(Some(ip("2001:db8:1:2:ffff::9"))), one);
        assert_ne!(bucket(Some(ip("2001:db8:1:3::1"))), one);
        assert_eq!(bucket(Some(ip("::ffff:192.0.2.1"))), "192.0.2.1");
        assert_eq!(bucket(Some(ip("192.0.2.1"))), "192.0.2.1");
    }
}
