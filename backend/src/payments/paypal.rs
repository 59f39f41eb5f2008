//! PayPal Orders v2: an order per checkout, approved by the buyer, captured by the server.

use super::PaymentError;
use crate::config::PayPalConfig;
use bazaar_shared::CheckoutId;

pub struct PayPal {
    config: PayPalConfig,
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

impl PayPal {
    pub fn new(config: PayPalConfig) -> anyhow::Result<Self> {
        Ok(Self { config })
    }

    pub fn client_id(&self) -> &str {
        &self.config.client_id
    }

    /// Creates an order for the checkout's total; the buyer returns to `return_url`.
    pub async fn create_order(
        &self,
        _amount: i64,
        _currency: &str,
        _checkout_id: CheckoutId,
        _return_url: &str,
        _cancel_url: &str,
    ) -> Result<PayPalOrder, PaymentError> {
        unimplemented!("payments helper")
    }

    /// Captures an approved order. `request_id` (PayPal-Request-Id) makes a repeat return the
    /// first capture instead of capturing twice.
    pub async fn capture(
        &self,
        _paypal_order_id: &str,
        _request_id: &str,
    ) -> Result<Capture, PaymentError> {
        unimplemented!("payments helper")
    }

    /// Refunds `amount` of a capture; returns the refund's id.
    pub async fn refund_capture(
        &self,
        _capture_id: &str,
        _amount: i64,
        _currency: &str,
        _request_id: &str,
    ) -> Result<String, PaymentError> {
        unimplemented!("payments helper")
    }
}
