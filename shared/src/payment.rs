//! Which ways to pay this instance offers.

use crate::order::PaymentMethod;
use serde::{Deserialize, Serialize};

/// GET /payments/config: the methods offered and the public keys the UI needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentsConfig {
    pub methods: Vec<PaymentMethod>,
    /// Set when cards are offered: Stripe.js needs it.
    pub stripe_publishable_key: Option<String>,
    /// Set when PayPal is offered.
    pub paypal_client_id: Option<String>,
}
