//! Stripe: one PaymentIntent per checkout, confirmed by a signed webhook.
//!
//! Spoken over `reqwest` rather than async-stripe 0.41: that crate's tokio runtime brings
//! hyper 0.14 with rustls 0.21 (a second HTTP and TLS stack), its webhook check reads only one
//! `v1` signature, and its errors could not become our `PaymentError::Unreachable`.

use super::PaymentError;
use crate::config::StripeConfig;
use anyhow::Context;
use bazaar_shared::CheckoutId;
use hmac::{Hmac, Mac};
use reqwest::Url;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use sha2::Sha256;
use time::OffsetDateTime;

const PROVIDER: &str = "stripe";
/// Stripe's own libraries accept a signature this many seconds old.
const WEBHOOK_TOLERANCE_SECS: i64 = 300;

pub struct Stripe {
    config: StripeConfig,
    api_base: Url,
    http: reqwest::Client,
}

/// A created PaymentIntent: the browser confirms it with `client_secret`.
#[derive(Clone, Debug)]
pub struct Intent {
    pub id: String,
    pub client_secret: String,
}

/// A verified webhook event, reduced to what Bazaar acts on.
///
/// Events of other kinds than `payment_intent.*` verify too (Stripe expects a 2xx for every
/// delivery); their fields are read as far as the object has them.
#[derive(Clone, Debug)]
pub struct WebhookEvent {
    /// `evt_…`: the same event delivered twice has the same id.
    pub id: String,
    /// `payment_intent.succeeded`, `payment_intent.payment_failed`, …
    pub kind: String,
    pub intent_id: String,
    /// `amount_received` for a success, else `amount`.
    pub amount: i64,
    /// Upper-case ISO code.
    pub currency: String,
    /// From the intent's metadata.
    pub checkout_id: Option<CheckoutId>,
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("the Stripe-Signature header is missing or malformed")]
    MissingSignature,
    #[error("no signature matches the payload")]
    BadSignature,
    #[error("the signature is too old")]
    Stale,
    #[error("the event is not valid JSON: {0}")]
    Malformed(String),
}

#[derive(Deserialize)]
struct CreatedIntent {
    id: String,
    client_secret: String,
}

#[derive(Deserialize)]
struct CreatedRefund {
    id: String,
}

/// `{"error": {"type", "code", "message"}}`, Stripe's answer to every failed request.
#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(rename = "type")]
    kind: Option<String>,
    code: Option<String>,
    message: Option<String>,
}

impl Stripe {
    pub fn new(config: StripeConfig) -> anyhow::Result<Self> {
        Ok(Self {
            api_base: super::api_base("STRIPE_API_BASE", &config.api_base)?,
            http: super::http_client().context("cannot build the Stripe HTTP client")?,
            config,
        })
    }

    pub fn publishable_key(&self) -> &str {
        &self.config.publishable_key
    }

    /// Creates the checkout's PaymentIntent; `idempotency_key` makes a retry return the same.
    pub async fn create_intent(
        &self,
        amount: i64,
        currency: &str,
        checkout_id: CheckoutId,
        idempotency_key: &str,
    ) -> Result<Intent, PaymentError> {
        let form = [
            ("amount", amount.to_string()),
            ("currency", currency.to_lowercase()),
            ("metadata[checkout_id]", checkout_id.to_string()),
            ("automatic_payment_methods[enabled]", "true".to_owned()),
        ];
        let created: CreatedIntent = self
            .post(&["payment_intents"], &form, Some(idempotency_key))
            .await?;
        Ok(Intent {
            id: created.id,
            client_secret: created.client_secret,
        })
    }

    /// Cancels an intent that was never paid (the checkout expired or was cancelled).
    pub async fn cancel_intent(&self, intent_id: &str) -> Result<(), PaymentError> {
        let _: serde::de::IgnoredAny = self
            .post(&["payment_intents", intent_id, "cancel"], &[], None)
            .await?;
        Ok(())
    }

    /// Refunds `amount` of a paid intent; returns the refund's id.
    pub async fn refund(
        &self,
        intent_id: &str,
        amount: i64,
        idempotency_key: &str,
    ) -> Result<String, PaymentError> {
        let form = [
            ("payment_intent", intent_id.to_owned()),
            ("amount", amount.to_string()),
            ("metadata[refund_key]", idempotency_key.to_owned()),
        ];
        let refund: CreatedRefund = self
            .post(&["refunds"], &form, Some(idempotency_key))
            .await?;
        Ok(refund.id)
    }

    /// Checks `Stripe-Signature` against the webhook secret (5-minute tolerance) and reads
    /// the event.
    pub fn verify_webhook(
        &self,
        payload: &[u8],
        signature: &str,
        now: OffsetDateTime,
    ) -> Result<WebhookEvent, WebhookError> {
        verify_signature(
            payload,
            signature,
            self.config.webhook_secret.as_bytes(),
            now.unix_timestamp(),
        )?;
        read_event(payload)
    }

    /// POSTs a form to `/v1/<segments…>`; a non-2xx answer becomes `PaymentError::Refused`.
    async fn post<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        form: &[(&str, String)],
        idempotency_key: Option<&str>,
    ) -> Result<T, PaymentError> {
        let url = super::endpoint(&self.api_base, &[&["v1"], segments].concat());
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let mut request = self
            .http
            .post(url)
            .bearer_auth(&self.config.secret_key)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request.send().await.map_err(unreachable)?;
        let status = response.status();
        if status.is_success() {
            // A body we cannot read leaves the outcome unknown: retrying with the same
            // idempotency key is safe, so it counts as unreachable, not as a refusal.
            return response.json().await.map_err(unreachable);
        }
        let body = response.bytes().await.map_err(unreachable)?;
        Err(match serde_json::from_slice::<ErrorBody>(&body) {
            Ok(ErrorBody { error }) => PaymentError::Refused {
                provider: PROVIDER,
                code: error.code.or(error.kind),
                message: error.message.unwrap_or_else(|| format!("HTTP {status}")),
            },
            Err(_) => PaymentError::Refused {
                provider: PROVIDER,
                code: None,
                message: format!("HTTP {status}"),
            },
        })
    }
}

fn unreachable(error: reqwest::Error) -> PaymentError {
    PaymentError::Unreachable(error, PROVIDER)
}

/// Stripe's scheme: `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`, possibly several
/// `v1` (while a secret is being rolled); any one matching will do.
fn verify_signature(
    payload: &[u8],
    header: &str,
    secret: &[u8],
    now: i64,
) -> Result<(), WebhookError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for item in header.split(',') {
        match item.trim().split_once('=') {
            Some(("t", value)) => {
                timestamp = Some(
                    value
                        .parse::<i64>()
                        .map_err(|_| WebhookError::MissingSignature)?,
                );
            }
            // A v1 that is not hex cannot match; the others still may.
            Some(("v1", value)) => signatures.extend(decode_hex(value)),
            _ => {}
        }
    }
    let (Some(timestamp), false) = (timestamp, signatures.is_empty()) else {
        return Err(WebhookError::MissingSignature);
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    // `verify_slice` compares in constant time.
    if !signatures
        .iter()
        .any(|signature| mac.clone().verify_slice(signature).is_ok())
    {
        return Err(WebhookError::BadSignature);
    }
    if (now - timestamp).abs() > WEBHOOK_TOLERANCE_SECS {
        return Err(WebhookError::Stale);
    }
    Ok(())
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

#[derive(Deserialize)]
struct RawEvent {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: RawEventData,
}

#[derive(Deserialize)]
struct RawEventData {
    object: RawObject,
}

/// The event's object: a PaymentIntent for `payment_intent.*`; for other kinds (a charge, a
/// refund) the intent is its `payment_intent` field.
#[derive(Deserialize)]
struct RawObject {
    id: String,
    #[serde(default)]
    object: String,
    payment_intent: Option<serde_json::Value>,
    #[serde(default)]
    amount: i64,
    amount_received: Option<i64>,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    metadata: RawMetadata,
}

#[derive(Default, Deserialize)]
struct RawMetadata {
    checkout_id: Option<String>,
}

fn read_event(payload: &[u8]) -> Result<WebhookEvent, WebhookError> {
    let event: RawEvent =
        serde_json::from_slice(payload).map_err(|e| WebhookError::Malformed(e.to_string()))?;
    let object = event.data.object;
    let intent_id = match (object.object.as_str(), &object.payment_intent) {
        ("payment_intent", _) => object.id,
        (_, Some(serde_json::Value::String(id))) => id.clone(),
        (_, Some(expanded)) => expanded["id"].as_str().unwrap_or_default().to_owned(),
        (_, None) => object.id,
    };
    let amount = match object.amount_received {
        Some(received) if event.kind == "payment_intent.succeeded" => received,
        _ => object.amount,
    };
    Ok(WebhookEvent {
        id: event.id,
        kind: event.kind,
        intent_id,
        amount,
        currency: object.currency.to_uppercase(),
        checkout_id: object.metadata.checkout_id.and_then(|id| id.parse().ok()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";
    const NOW: i64 = 1_780_000_000;

    fn stripe() -> Stripe {
        Stripe::new(StripeConfig {
            secret_key: "sk_test_x".to_owned(),
            publishable_key: "pk_test_x".to_owned(),
            webhook_secret: SECRET.to_owned(),
            api_base: "http://127.0.0.1:9".to_owned(),
        })
        .unwrap()
    }

    fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{timestamp}.").as_bytes());
        mac.update(payload);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn header(payload: &[u8], secret: &str, timestamp: i64) -> String {
        format!("t={timestamp},v1={}", sign(payload, secret, timestamp))
    }

    const CHECKOUT: &str = "0190f7a2-3c4d-7e8f-9a0b-1c2d3e4f5a6b";

    fn payload(kind: &str) -> Vec<u8> {
        serde_json::json!({
            "id": "evt_1",
            "object": "event",
            "type": kind,
            "data": {"object": {
                "id": "pi_123",
                "object": "payment_intent",
                "amount": 2500,
                "amount_received": 2400,
                "currency": "usd",
                "metadata": {"checkout_id": CHECKOUT},
            }},
        })
        .to_string()
        .into_bytes()
    }

    fn at(unix: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(unix).unwrap()
    }

    #[test]
    fn a_valid_signature_yields_the_intent_event() {
        let body = payload("payment_intent.succeeded");
        let event = stripe()
            .verify_webhook(&body, &header(&body, SECRET, NOW), at(NOW + 10))
            .unwrap();
        assert_eq!(event.id, "evt_1");
        assert_eq!(event.kind, "payment_intent.succeeded");
        assert_eq!(event.intent_id, "pi_123");
        assert_eq!(event.amount, 2400, "a success reports amount_received");
        assert_eq!(event.currency, "USD");
        assert_eq!(event.checkout_id, Some(CHECKOUT.parse().unwrap()));
    }

    #[test]
    fn a_failed_payment_reports_the_intended_amount() {
        let body = payload("payment_intent.payment_failed");
        let event = stripe()
            .verify_webhook(&body, &header(&body, SECRET, NOW), at(NOW))
            .unwrap();
        assert_eq!(event.amount, 2500);
    }

    #[test]
    fn a_signature_made_with_another_secret_is_refused() {
        let body = payload("payment_intent.succeeded");
        let result = stripe().verify_webhook(&body, &header(&body, "whsec_other", NOW), at(NOW));
        assert!(
            matches!(result, Err(WebhookError::BadSignature)),
            "{result:?}"
        );
    }

    #[test]
    fn a_tampered_payload_is_refused() {
        let body = payload("payment_intent.succeeded");
        let signature = header(&body, SECRET, NOW);
        let tampered = String::from_utf8(body).unwrap().replace("2400", "9400");
        let result = stripe().verify_webhook(tampered.as_bytes(), &signature, at(NOW));
        assert!(
            matches!(result, Err(WebhookError::BadSignature)),
            "{result:?}"
        );
    }

    #[test]
    fn a_signature_older_than_five_minutes_is_stale() {
        let body = payload("payment_intent.succeeded");
        let signature = header(&body, SECRET, NOW);
        assert!(
            stripe()
                .verify_webhook(&body, &signature, at(NOW + 300))
                .is_ok()
        );
        let result = stripe().verify_webhook(&body, &signature, at(NOW + 301));
        assert!(matches!(result, Err(WebhookError::Stale)), "{result:?}");
    }

    #[test]
    fn any_v1_signature_may_match() {
        let body = payload("payment_intent.succeeded");
        let good = sign(&body, SECRET, NOW);
        let bad = sign(&body, "whsec_old", NOW);
        for signature in [
            format!("t={NOW},v1={bad},v1={good}"),
            format!("t={NOW},v1={good},v1={bad}"),
            format!("t={NOW},v0=abc,v1=nothex,v1={good}"),
        ] {
            assert!(
                stripe().verify_webhook(&body, &signature, at(NOW)).is_ok(),
                "{signature}"
            );
        }
    }

    #[test]
    fn a_missing_or_malformed_header_is_refused_as_missing() {
        let body = payload("payment_intent.succeeded");
        let good = sign(&body, SECRET, NOW);
        for signature in [
            String::new(),
            format!("v1={good}"),
            format!("t={NOW}"),
            format!("t=yesterday,v1={good}"),
        ] {
            let result = stripe().verify_webhook(&body, &signature, at(NOW));
            assert!(
                matches!(result, Err(WebhookError::MissingSignature)),
                "{signature}: {result:?}"
            );
        }
    }

    #[test]
    fn a_signed_body_that_is_not_an_event_is_malformed() {
        let body = b"{\"id\": \"evt_1\"}";
        let result = stripe().verify_webhook(body, &header(body, SECRET, NOW), at(NOW));
        assert!(
            matches!(result, Err(WebhookError::Malformed(_))),
            "{result:?}"
        );
    }

    #[test]
    fn a_charge_event_names_its_payment_intent() {
        let body = serde_json::json!({
            "id": "evt_2",
            "type": "charge.refunded",
            "data": {"object": {
                "id": "ch_1", "object": "charge", "payment_intent": "pi_9",
                "amount": 700, "currency": "eur", "metadata": {},
            }},
        })
        .to_string();
        let event = stripe()
            .verify_webhook(
                body.as_bytes(),
                &header(body.as_bytes(), SECRET, NOW),
                at(NOW),
            )
            .unwrap();
        assert_eq!(event.intent_id, "pi_9");
        assert_eq!(event.amount, 700);
        assert_eq!(event.currency, "EUR");
        assert_eq!(event.checkout_id, None);
    }
}
