//! Stripe: one PaymentIntent per checkout, confirmed by a signed webhook.
//!
//! Spoken over `reqwest` rather than async-stripe 0.41: that crate's tokio runtime brings
//! hyper 0.14 with rustls 0.21 (a second HTTP and TLS stack), its webhook check reads only one
//! `v1` signature, and its errors could not become our `PaymentError::Unreachable`.

use super::PaymentError;
use crate::config::StripeConfig;
use anyhow::Context;
use bazaar_shared::CheckoutId;
use reqwest::Url;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

mod webhook;

const PROVIDER: &str = "stripe";

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
        webhook::verify_signature(
            payload,
            signature,
            self.config.webhook_secret.as_bytes(),
            now.unix_timestamp(),
        )?;
        webhook::read_event(payload)
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
