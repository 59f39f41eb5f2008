//! Stripe: one PaymentIntent per checkout, confirmed by a signed webhook.

use super::PaymentError;
use crate::config::StripeConfig;
use bazaar_shared::CheckoutId;
use time::OffsetDateTime;

pub struct Stripe {
    config: StripeConfig,
}

/// A created PaymentIntent: the browser confirms it with `client_secret`.
#[derive(Clone, Debug)]
pub struct Intent {
    pub id: String,
    pub client_secret: String,
}

/// A verified webhook event, reduced to what Bazaar acts on.
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

impl Stripe {
    pub fn new(config: StripeConfig) -> anyhow::Result<Self> {
        Ok(Self { config })
    }

    pub fn publishable_key(&self) -> &str {
        &self.config.publishable_key
    }

    /// Creates the checkout's PaymentIntent; `idempotency_key` makes a retry return the same.
    pub async fn create_intent(
        &self,
        _amount: i64,
        _currency: &str,
        _checkout_id: CheckoutId,
        _idempotency_key: &str,
    ) -> Result<Intent, PaymentError> {
        unimplemented!("payments helper")
    }

    /// Cancels an intent that was never paid (the checkout expired or was cancelled).
    pub async fn cancel_intent(&self, _intent_id: &str) -> Result<(), PaymentError> {
        unimplemented!("payments helper")
    }

    /// Refunds `amount` of a paid intent; returns the refund's id.
    pub async fn refund(
        &self,
        _intent_id: &str,
        _amount: i64,
        _idempotency_key: &str,
    ) -> Result<String, PaymentError> {
        unimplemented!("payments helper")
    }

    /// Checks `Stripe-Signature` against the webhook secret (5-minute tolerance) and reads
    /// the event.
    pub fn verify_webhook(
        &self,
        _payload: &[u8],
        _signature: &str,
        _now: OffsetDateTime,
    ) -> Result<WebhookEvent, WebhookError> {
        unimplemented!("payments helper")
    }
}
