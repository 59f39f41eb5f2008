//! The payment providers: Stripe (PaymentIntents, signed webhooks) and PayPal (Orders v2,
//! captured on the server). Cash on delivery needs no provider. Each provider's API base URL
//! is configurable, so tests run against local fakes that speak the real wire format.

pub mod paypal;
pub mod stripe;

use crate::config::Config;
use bazaar_shared::order::PaymentMethod;
use bazaar_shared::payment::PaymentsConfig;
use reqwest::Url;
use std::time::Duration;

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

/// A provider's API base URL, checked once at start so a request never meets a bad one.
fn api_base(setting: &str, value: &str) -> anyhow::Result<Url> {
    Url::parse(value)
        .ok()
        .filter(|url| !url.cannot_be_a_base())
        .ok_or_else(|| anyhow::anyhow!("{setting}={value:?} is not a URL"))
}

/// `base` followed by `segments`, each encoded as one path segment (ids come from outside).
fn endpoint(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    url.path_segments_mut()
        .expect("api_base refused URLs without a path")
        .pop_if_empty()
        .extend(segments);
    url
}

fn http_client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .build()?)
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
