//! PayPal Orders v2: an order per checkout, approved by the buyer, captured by the server.

use super::PaymentError;
use crate::config::PayPalConfig;
use anyhow::Context;
use bazaar_shared::CheckoutId;
use reqwest::{RequestBuilder, Response, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

const PROVIDER: &str = "paypal";
/// A token is renewed this long before PayPal says it expires, so no request carries a token
/// that dies on the way.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);

pub struct PayPal {
    config: PayPalConfig,
    api_base: Url,
    http: reqwest::Client,
    /// One token for every request until shortly before it expires. Held across the token
    /// request, so callers racing for a new token wait for one fetch instead of each making one.
    token: Mutex<Option<AccessToken>>,
}

#[derive(Clone)]
struct AccessToken {
    value: String,
    renew_at: Instant,
}

#[derive(Clone, Debug)]
pub struct PayPalOrder {
    pub id: String,
    /// Where the buyer approves the payment (the `approve` or `payer-action` link).
    pub approve_url: String,
}

#[derive(Clone, Debug)]
pub struct Capture {
    pub capture_id: String,
    pub amount: i64,
    pub currency: String,
    /// The capture's status is `COMPLETED`.
    pub completed: bool,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: u64,
}

#[derive(Deserialize)]
struct CreatedOrder {
    id: String,
    #[serde(default)]
    links: Vec<Link>,
}

#[derive(Deserialize)]
struct Link {
    href: String,
    rel: String,
}

#[derive(Deserialize)]
struct CapturedOrder {
    purchase_units: Vec<CapturedUnit>,
}

#[derive(Deserialize)]
struct CapturedUnit {
    payments: CapturedPayments,
}

#[derive(Deserialize)]
struct CapturedPayments {
    captures: Vec<CaptureAnswer>,
}

#[derive(Deserialize)]
struct CaptureAnswer {
    id: String,
    status: String,
    amount: Amount,
}

#[derive(Deserialize)]
struct Amount {
    currency_code: String,
    #[serde(deserialize_with = "minor_units_from_decimal")]
    value: i64,
}

#[derive(Deserialize)]
struct CreatedRefund {
    id: String,
}

/// The Orders and Payments APIs' errors: `{name, message, details: [{issue, description}]}`.
#[derive(Deserialize)]
struct ApiError {
    name: Option<String>,
    message: Option<String>,
    #[serde(default)]
    details: Vec<ApiErrorDetail>,
}

#[derive(Deserialize)]
struct ApiErrorDetail {
    issue: Option<String>,
    description: Option<String>,
}

/// The OAuth endpoint's errors: `{error, error_description}`.
#[derive(Deserialize)]
struct OAuthError {
    error: String,
    error_description: Option<String>,
}

impl PayPal {
    pub fn new(config: PayPalConfig) -> anyhow::Result<Self> {
        Ok(Self {
            api_base: super::api_base("PAYPAL_API_BASE", &config.api_base)?,
            http: super::http_client().context("cannot build the PayPal HTTP client")?,
            token: Mutex::new(None),
            config,
        })
    }

    pub fn client_id(&self) -> &str {
        &self.config.client_id
    }

    /// Creates an order for the checkout's total; the buyer returns to `return_url`.
    ///
    /// The checkout id is the order's PayPal-Request-Id, so a retried call returns the order
    /// the first one created.
    pub async fn create_order(
        &self,
        amount: i64,
        currency: &str,
        checkout_id: CheckoutId,
        return_url: &str,
        cancel_url: &str,
    ) -> Result<PayPalOrder, PaymentError> {
        let body = json!({
            "intent": "CAPTURE",
            "purchase_units": [{
                "reference_id": checkout_id.to_string(),
                "custom_id": checkout_id.to_string(),
                "amount": {
                    "currency_code": currency.to_uppercase(),
                    "value": decimal_from_minor_units(amount),
                },
            }],
            "payment_source": {"paypal": {"experience_context": {
                "user_action": "PAY_NOW",
                "return_url": return_url,
                "cancel_url": cancel_url,
            }}},
        });
        let request_id = format!("order-{checkout_id}");
        let order: CreatedOrder = self
            .post_json(&["v2", "checkout", "orders"], &body, &request_id)
            .await?;
        let approve = order
            .links
            .into_iter()
            .find(|link| link.rel == "payer-action" || link.rel == "approve");
        match approve {
            Some(link) => Ok(PayPalOrder {
                id: order.id,
                approve_url: link.href,
            }),
            None => Err(PaymentError::Refused {
                provider: PROVIDER,
                code: None,
                message: format!("order {} came without an approve link", order.id),
            }),
        }
    }

    /// Captures an approved order. `request_id` (PayPal-Request-Id) makes a repeat return the
    /// first capture instead of capturing twice.
    pub async fn capture(
        &self,
        paypal_order_id: &str,
        request_id: &str,
    ) -> Result<Capture, PaymentError> {
        let order: CapturedOrder = self
            .post_json(
                &["v2", "checkout", "orders", paypal_order_id, "capture"],
                &json!({}),
                request_id,
            )
            .await?;
        let Some(capture) = order
            .purchase_units
            .into_iter()
            .next()
            .and_then(|unit| unit.payments.captures.into_iter().next())
        else {
            return Err(PaymentError::Refused {
                provider: PROVIDER,
                code: None,
                message: format!("order {paypal_order_id} was captured without a capture"),
            });
        };
        Ok(Capture {
            capture_id: capture.id,
            amount: capture.amount.value,
            currency: capture.amount.currency_code,
            completed: capture.status == "COMPLETED",
        })
    }

    /// Refunds `amount` of a capture; returns the refund's id.
    pub async fn refund_capture(
        &self,
        capture_id: &str,
        amount: i64,
        currency: &str,
        request_id: &str,
    ) -> Result<String, PaymentError> {
        let body = json!({"amount": {
            "value": decimal_from_minor_units(amount),
            "currency_code": currency.to_uppercase(),
        }});
        let refund: CreatedRefund = self
            .post_json(
                &["v2", "payments", "captures", capture_id, "refund"],
                &body,
                request_id,
            )
            .await?;
        Ok(refund.id)
    }

    /// POSTs JSON with a bearer token; a 401 (the token was revoked or expired early) gets one
    /// new token and one more try.
    async fn post_json<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        body: &Value,
        request_id: &str,
    ) -> Result<T, PaymentError> {
        let url = super::endpoint(&self.api_base, segments);
        let request = |token: &str| {
            self.http
                .post(url.clone())
                .bearer_auth(token)
                .header("PayPal-Request-Id", request_id)
                .header("Prefer", "return=representation")
                .json(body)
        };
        let token = self.access_token().await?;
        let mut response = send(request(&token)).await?;
        if response.status() == StatusCode::UNAUTHORIZED {
            self.forget_token(&token).await;
            response = send(request(&self.access_token().await?)).await?;
        }
        read(response).await
    }

    async fn access_token(&self) -> Result<String, PaymentError> {
        let mut cached = self.token.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok(token.value.clone());
        }
        let response = send(
            self.http
                .post(super::endpoint(&self.api_base, &["v1", "oauth2", "token"]))
                .basic_auth(&self.config.client_id, Some(&self.config.client_secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials"),
        )
        .await?;
        let answer: TokenAnswer = read(response).await?;
        let lifetime = Duration::from_secs(answer.expires_in).saturating_sub(TOKEN_MARGIN);
        *cached = Some(AccessToken {
            value: answer.access_token.clone(),
            renew_at: Instant::now() + lifetime,
        });
        Ok(answer.access_token)
    }

    /// Drops the cached token if it is still the one PayPal refused (another caller may have
    /// renewed it already).
    async fn forget_token(&self, refused: &str) {
        let mut cached = self.token.lock().await;
        if cached.as_ref().is_some_and(|t| t.value == refused) {
            *cached = None;
        }
    }
}

async fn send(request: RequestBuilder) -> Result<Response, PaymentError> {
    request
        .send()
        .await
        .map_err(|e| PaymentError::Unreachable(e, PROVIDER))
}

/// A 2xx answer's body, or the refusal PayPal explained.
async fn read<T: DeserializeOwned>(response: Response) -> Result<T, PaymentError> {
    let status = response.status();
    if status.is_success() {
        // A body we cannot read leaves the outcome unknown: a retry with the same
        // PayPal-Request-Id is safe, so it counts as unreachable, not as a refusal.
        return response
            .json()
            .await
            .map_err(|e| PaymentError::Unreachable(e, PROVIDER));
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| PaymentError::Unreachable(e, PROVIDER))?;
    let (code, message) = if let Ok(error) = serde_json::from_slice::<ApiError>(&body)
        && (error.name.is_some() || !error.details.is_empty())
    {
        let first = error.details.into_iter().next();
        let description = first.as_ref().and_then(|d| d.description.clone());
        let issue = first.and_then(|d| d.issue);
        (
            issue.or(error.name),
            description.or(error.message).unwrap_or_default(),
        )
    } else if let Ok(error) = serde_json::from_slice::<OAuthError>(&body) {
        let message = error.error_description.unwrap_or_default();
        (Some(error.error), message)
    } else {
        (None, String::new())
    };
    Err(PaymentError::Refused {
        provider: PROVIDER,
        code,
        message: if message.is_empty() {
            format!("HTTP {status}")
        } else {
            message
        },
    })
}

/// `1234` → `"12.34"`: PayPal's amounts are decimal strings; ours are integer minor units of a
/// two-decimal currency.
fn decimal_from_minor_units(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// `"12.34"`, `"12.3"` or `"12"` → `1234`, `1230`, `1200`; anything else is refused.
fn parse_minor_units(decimal: &str) -> Option<i64> {
    let (units, cents) = match decimal.split_once('.') {
        Some((_, "")) => return None,
        Some(parts) => parts,
        None => (decimal, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if units.is_empty() || !digits(units) || cents.len() > 2 || !digits(cents) {
        return None;
    }
    let cents = format!("{cents:0<2}").parse::<i64>().ok()?;
    units
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)
}

fn minor_units_from_decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let decimal = String::deserialize(deserializer)?;
    parse_minor_units(&decimal)
        .ok_or_else(|| serde::de::Error::custom(format!("{decimal:?} is not an amount")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_are_written_with_two_decimals() {
        assert_eq!(decimal_from_minor_units(1234), "12.34");
        assert_eq!(decimal_from_minor_units(5), "0.05");
        assert_eq!(decimal_from_minor_units(100), "1.00");
        assert_eq!(decimal_from_minor_units(0), "0.00");
        assert_eq!(decimal_from_minor_units(-250), "-2.50");
        assert_eq!(decimal_from_minor_units(i64::MAX), "92233720368547758.07");
    }

    #[test]
    fn decimal_amounts_are_read_as_minor_units() {
        assert_eq!(parse_minor_units("12.34"), Some(1234));
        assert_eq!(parse_minor_units("12.3"), Some(1230));
        assert_eq!(parse_minor_units("12"), Some(1200));
        assert_eq!(parse_minor_units("0.05"), Some(5));
        for bad in [
            "",
            ".5",
            "12.",
            "1.234",
            "-1.00",
            "1,00",
            "1e3",
            "99999999999999999999",
        ] {
            assert_eq!(parse_minor_units(bad), None, "{bad:?}");
        }
    }
}
