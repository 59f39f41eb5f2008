//! Checkout and orders: what a buyer sends to buy, and the order's life afterwards.

use crate::catalog::ShopSummary;
use crate::image::Image;
use crate::money::Money;
use crate::validate;
use crate::{AddressId, CheckoutId, FieldErrors, OrderId, ProductId, ReviewId, UserId};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Duration, OffsetDateTime};

/// Unpaid card and PayPal checkouts give their stock back after this long.
pub const PAYMENT_WINDOW: Duration = Duration::minutes(30);
/// A delivered order may be sent back for a refund this long after delivery.
pub const REFUND_WINDOW: Duration = Duration::days(30);
pub const REFUND_REASON_MAX_CHARS: usize = 1_000;
/// Coupon codes one checkout may carry: at most one per shop, and this many in all.
pub const MAX_COUPON_CODES: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Cash on delivery: the order is processed at once and paid when delivered.
    Cod,
    Stripe,
    Paypal,
}

impl PaymentMethod {
    pub const ALL: [Self; 3] = [Self::Cod, Self::Stripe, Self::Paypal];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cod => "cod",
            Self::Stripe => "stripe",
            Self::Paypal => "paypal",
        }
    }

    /// What a shopper reads.
    pub fn label(self) -> &'static str {
        match self {
            Self::Cod => "Cash on delivery",
            Self::Stripe => "Card",
            Self::Paypal => "PayPal",
        }
    }
}

pub use crate::text_enum::UnknownValue;

/// Where an order is in its life.
///
/// ```text
/// awaiting_payment ──paid──▶ processing ─▶ transferred_to_delivery_partner ─▶ shipping
///       │                        │           ─▶ received ─▶ on_the_way ─▶ delivered
///       └──expired──▶ cancelled ◀┘ (buyer or seller, before shipping; stock back, money back)
/// delivered ──buyer, within 30 days──▶ refund_requested ──seller──▶ refunded | refund_rejected
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    AwaitingPayment,
    Processing,
    TransferredToDeliveryPartner,
    Shipping,
    Received,
    OnTheWay,
    Delivered,
    Cancelled,
    RefundRequested,
    Refunded,
    RefundRejected,
}

/// Why an order cannot move where it was asked to; `Display` is the sentence shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransitionRefused {
    /// The seller may only move along the delivery path, and only forward.
    NotForward {
        from: OrderStatus,
        to: OrderStatus,
    },
    /// Cancelled, refunded or another state nothing moves out of by this path.
    Final(OrderStatus),
    NotCancellable(OrderStatus),
    NotDelivered(OrderStatus),
    RefundWindowOver,
    NoRefundRequested(OrderStatus),
    NotAwaitingPayment(OrderStatus),
}

impl fmt::Display for TransitionRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotForward { from, to } => write!(
                f,
                "an order that is {} cannot move to {}: orders only move forward along delivery",
                from.label(),
                to.label()
            ),
            Self::Final(status) => write!(f, "the order is {} and cannot change", status.label()),
            Self::NotCancellable(status) => write!(
                f,
                "the order is {} and can no longer be cancelled",
                status.label()
            ),
            Self::NotDelivered(status) => write!(
                f,
                "only a delivered order can be refunded; this one is {}",
                status.label()
            ),
            Self::RefundWindowOver => write!(
                f,
                "refunds can be asked for within {} days of delivery",
                REFUND_WINDOW.whole_days()
            ),
            Self::NoRefundRequested(status) => write!(
                f,
                "no refund was asked for this order; it is {}",
                status.label()
            ),
            Self::NotAwaitingPayment(status) => {
                write!(f, "the order is {}, not awaiting payment", status.label())
            }
        }
    }
}

impl std::error::Error for TransitionRefused {}

impl OrderStatus {
    pub const ALL: [Self; 11] = [
        Self::AwaitingPayment,
        Self::Processing,
        Self::TransferredToDeliveryPartner,
        Self::Shipping,
        Self::Received,
        Self::OnTheWay,
        Self::Delivered,
        Self::Cancelled,
        Self::RefundRequested,
        Self::Refunded,
        Self::RefundRejected,
    ];

    /// The delivery path a seller moves an order along, in order.
    pub const DELIVERY_PATH: [Self; 6] = [
        Self::Processing,
        Self::TransferredToDeliveryPartner,
        Self::Shipping,
        Self::Received,
        Self::OnTheWay,
        Self::Delivered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "awaiting_payment",
            Self::Processing => "processing",
            Self::TransferredToDeliveryPartner => "transferred_to_delivery_partner",
            Self::Shipping => "shipping",
            Self::Received => "received",
            Self::OnTheWay => "on_the_way",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
            Self::RefundRequested => "refund_requested",
            Self::Refunded => "refunded",
            Self::RefundRejected => "refund_rejected",
        }
    }

    /// What a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "awaiting payment",
            Self::Processing => "processing",
            Self::TransferredToDeliveryPartner => "with the delivery partner",
            Self::Shipping => "shipping",
            Self::Received => "received by the carrier",
            Self::OnTheWay => "on the way",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
            Self::RefundRequested => "refund requested",
            Self::Refunded => "refunded",
            Self::RefundRejected => "refund rejected",
        }
    }

    fn delivery_step(self) -> Option<usize> {
        Self::DELIVERY_PATH.iter().position(|s| *s == self)
    }

    /// The next step on the delivery path, for one-tap moves.
    pub fn next_delivery_step(self) -> Option<Self> {
        self.delivery_step()
            .and_then(|i| Self::DELIVERY_PATH.get(i + 1).copied())
    }

    /// Whether the seller may move an order from `self` to `to` (forward, skipping allowed).
    pub fn seller_move(self, to: Self) -> Result<(), TransitionRefused> {
        match (self.delivery_step(), to.delivery_step()) {
            (Some(from), Some(next)) if next > from && self != Self::Delivered => Ok(()),
            (Some(_), _) if self != Self::Delivered => {
                Err(TransitionRefused::NotForward { from: self, to })
            }
            _ => Err(TransitionRefused::Final(self)),
        }
    }

    /// Before it ships, the buyer or the seller may cancel.
    pub fn cancel(self) -> Result<(), TransitionRefused> {
        match self {
            Self::AwaitingPayment | Self::Processing => Ok(()),
            other => Err(TransitionRefused::NotCancellable(other)),
        }
    }

    /// The buyer may ask for a refund of a delivered order within the refund window.
    pub fn request_refund(
        self,
        delivered_at: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> Result<(), TransitionRefused> {
        if self != Self::Delivered {
            return Err(TransitionRefused::NotDelivered(self));
        }
        match delivered_at {
            Some(at) if now - at <= REFUND_WINDOW => Ok(()),
            _ => Err(TransitionRefused::RefundWindowOver),
        }
    }

    /// The seller decides a refund that was asked for.
    pub fn decide_refund(self) -> Result<(), TransitionRefused> {
        match self {
            Self::RefundRequested => Ok(()),
            other => Err(TransitionRefused::NoRefundRequested(other)),
        }
    }

    /// Orders still waiting for the buyer's payment.
    pub fn mark_paid(self) -> Result<(), TransitionRefused> {
        match self {
            Self::AwaitingPayment => Ok(()),
            other => Err(TransitionRefused::NotAwaitingPayment(other)),
        }
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// POST /checkout/quote and POST /checkout: the signed-in buyer's cart, priced by the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckoutInput {
    pub address_id: AddressId,
    pub payment_method: PaymentMethod,
    /// At most one code per shop; each discounts only its own shop's eligible lines.
    #[serde(default)]
    pub coupon_codes: Vec<String>,
}

impl CheckoutInput {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.coupon_codes.len() > MAX_COUPON_CODES {
            errors.add("coupon_codes", format!("at most {MAX_COUPON_CODES} codes"));
        }
        let mut seen: Vec<String> = Vec::new();
        for code in &self.coupon_codes {
            let code = crate::coupon::normalize_code(code);
            if seen.contains(&code) {
                errors.add("coupon_codes", format!("{code} is given twice"));
            }
            seen.push(code);
        }
        errors.into_result()
    }
}

/// One line of the quote: what the buyer pays for it now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteLine {
    pub product_id: ProductId,
    pub name: String,
    pub image: Option<Image>,
    /// The running sale's price, else the regular price.
    pub unit_price: Money,
    pub quantity: u32,
    pub line_total: Money,
    /// Set when the line cannot be bought as it is; checkout then refuses with 409.
    pub problem: Option<String>,
}

/// The coupon code given for a shop, and why it takes nothing off when it does not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteCoupon {
    pub code: String,
    pub problem: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteShop {
    pub shop: ShopSummary,
    pub lines: Vec<QuoteLine>,
    pub coupon: Option<QuoteCoupon>,
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
}

/// The cart priced for checkout: one order per shop.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    pub shops: Vec<QuoteShop>,
    pub total: Money,
    /// False when a line or a coupon has a problem: checkout would refuse.
    pub can_place: bool,
}

/// The shipping address as it was at checkout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingAddress {
    pub name: String,
    pub phone: Option<String>,
    pub country: String,
    pub city: String,
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
}

/// A bought line as it was at checkout: later edits of the product do not change it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    pub product_id: ProductId,
    pub name: String,
    pub image: Option<Image>,
    pub unit_price: Money,
    pub quantity: u32,
    pub line_total: Money,
    /// The buyer's review of this line, once written.
    pub review_id: Option<ReviewId>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderBuyer {
    pub id: UserId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub status: OrderStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    pub id: OrderId,
    /// Shared by the orders one checkout made, one per shop.
    pub checkout_id: CheckoutId,
    pub shop: ShopSummary,
    pub buyer: OrderBuyer,
    pub status: OrderStatus,
    pub lines: Vec<OrderLine>,
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
    pub coupon_code: Option<String>,
    pub payment_method: PaymentMethod,
    pub paid: bool,
    pub shipping_address: ShippingAddress,
    /// Every status the order has had, oldest first.
    pub timeline: Vec<TimelineEntry>,
    pub refund_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub delivered_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// How the buyer pays for what checkout placed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "provider", rename_all = "snake_case")]
pub enum PaymentStart {
    /// Nothing to do now: the courier collects.
    Cod,
    /// Confirm with Stripe's Payment Element using `client_secret`.
    Stripe {
        payment_intent_id: String,
        client_secret: String,
        publishable_key: String,
    },
    /// Send the buyer to `approve_url`, then capture.
    Paypal {
        paypal_order_id: String,
        approve_url: String,
    },
}

/// 201 from POST /checkout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutResult {
    pub checkout_id: CheckoutId,
    pub orders: Vec<Order>,
    pub total: Money,
    pub payment: PaymentStart,
}

/// POST /orders/{id}/status: the seller moves the order forward.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub status: OrderStatus,
}

/// POST /orders/{id}/refund-request.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefundRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 1000, pattern = r"\S")
    )]
    pub reason: String,
}

impl RefundRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        validate::check_text(&mut errors, "reason", &self.reason, REFUND_REASON_MAX_CHARS);
        errors.into_result()
    }
}

/// POST /orders/{id}/refund: the seller's decision on a refund request.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefundDecision {
    pub approve: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;
    use time::macros::datetime;

    #[test]
    fn sellers_move_orders_forward_along_delivery_skipping_allowed() {
        assert_eq!(Processing.seller_move(Shipping), Ok(()));
        assert_eq!(Processing.seller_move(Delivered), Ok(()));
        assert_eq!(OnTheWay.seller_move(Delivered), Ok(()));
        assert_eq!(
            Shipping.seller_move(Processing),
            Err(TransitionRefused::NotForward {
                from: Shipping,
                to: Processing
            })
        );
        assert!(Shipping.seller_move(Shipping).is_err());
        assert!(Shipping.seller_move(Cancelled).is_err());
    }

    #[test]
    fn nothing_moves_a_final_or_unpaid_order_along_delivery() {
        for from in [
            Delivered,
            Cancelled,
            Refunded,
            RefundRejected,
            RefundRequested,
            AwaitingPayment,
        ] {
            assert_eq!(
                from.seller_move(Delivered),
                Err(TransitionRefused::Final(from))
            );
        }
    }

    #[test]
    fn only_orders_not_yet_handed_over_can_be_cancelled() {
        assert_eq!(AwaitingPayment.cancel(), Ok(()));
        assert_eq!(Processing.cancel(), Ok(()));
        for status in [TransferredToDeliveryPartner, Shipping, Delivered, Cancelled] {
            assert_eq!(
                status.cancel(),
                Err(TransitionRefused::NotCancellable(status))
            );
        }
    }

    #[test]
    fn refunds_are_asked_for_within_thirty_days_of_delivery() {
        let delivered = datetime!(2025-06-01 12:00 UTC);
        let ok = delivered + Duration::days(30);
        let late = ok + Duration::seconds(1);
        assert_eq!(Delivered.request_refund(Some(delivered), ok), Ok(()));
        assert_eq!(
            Delivered.request_refund(Some(delivered), late),
            Err(TransitionRefused::RefundWindowOver)
        );
        assert_eq!(
            Shipping.request_refund(None, ok),
            Err(TransitionRefused::NotDelivered(Shipping))
        );
    }

    #[test]
    fn statuses_read_back_and_unknown_ones_are_errors() {
        for status in OrderStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::Value::String(status.as_str().into())
            );
        }
        assert!("lost".parse::<OrderStatus>().is_err());
        for method in PaymentMethod::ALL {
            assert_eq!(method.as_str().parse(), Ok(method));
            assert_eq!(serde_json::to_value(method).unwrap(), method.as_str());
        }
        assert!("bitcoin".parse::<PaymentMethod>().is_err());
    }

    #[test]
    fn the_next_delivery_step_is_one_tap_away() {
        assert_eq!(
            Processing.next_delivery_step(),
            Some(TransferredToDeliveryPartner)
        );
        assert_eq!(OnTheWay.next_delivery_step(), Some(Delivered));
        assert_eq!(Delivered.next_delivery_step(), None);
        assert_eq!(Cancelled.next_delivery_step(), None);
    }

    #[test]
    fn a_coupon_code_given_twice_is_refused() {
        let input = CheckoutInput {
            address_id: AddressId(uuid::Uuid::nil()),
            payment_method: PaymentMethod::Cod,
            coupon_codes: vec!["welcome10".into(), "WELCOME10 ".into()],
        };
        assert!(input.validate().unwrap_err().get("coupon_codes").is_some());
    }
}
