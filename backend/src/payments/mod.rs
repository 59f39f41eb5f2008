//! The payment providers: Stripe (PaymentIntents, signed webhooks) and PayPal (Orders v2,
//! captured on the server). Cash on delivery needs no provider. Each provider's API base URL
//! is configurable, so tests run against local fakes that speak the real wire format.

pub mod paypal;
pub mod stripe;

use crate::config::Config;
use bazaar_shared::order::PaymentMethod;
use bazaar_shared::payment::PaymentsConfig;

/// A provider's refusal or an unreachable provider.
#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// The provider answered with an error (a declined card, an unapproved PayPal order).
    #[error("{provider} refused: {message}")]
    Refused {
        provider: &'static str,
        /// The provider's error code, e.g. `ORDER_NOT_APPROVED`.
        code: Option<String>,
        message: String,
    },
    #[error("{provider} could not be reached: {0}", provider = .1)]
    Unreachable(#[source] reqwest::Error, &'static str),
}

/// The providers this instance is configured for.
pub struct Payments {
    pub stripe: Option<stripe::Stripe>,
    pub paypal: Option<paypal::PayPal>,
}

impl Payments {
    pub fn new(config: &Config) -> anyhow::Result<Self> {
        Ok(Self {
            stripe: config.stripe.clone().map(stripe::Stripe::new).transpose()?,
            paypal: config.paypal.clone().map(paypal::PayPal::new).transpose()?,
        })
    }

    pub fn offers(&self, method: PaymentMethod) -> bool {
        match method {
            PaymentMethod::Cod => true,
            PaymentMethod::Stripe => self.stripe.is_some(),
            PaymentMethod::Paypal => self.paypal.is_some(),
        }
    }

    pub fn public_config(&self) -> PaymentsConfig {
        PaymentsConfig {
            methods: PaymentMethod::ALL
                .into_iter()
                .filter(|m| self.offers(*m))
                .collect(),
            stripe_publishable_key: self.stripe.as_ref().map(|s| s.publishable_key().to_owned()),
            paypal_client_id: self.paypal.as_ref().map(|p| p.client_id().to_owned()),
        }
    }
}
