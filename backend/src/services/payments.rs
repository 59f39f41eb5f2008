//! Getting paid: starting the provider's payment for a checkout, its confirmation (a signed
//! Stripe webhook, a server-side PayPal capture), unpaid checkouts expiring, and money back.

use super::orders;
use crate::AppState;
use crate::db::checkouts::{self, CheckoutRecord};
use crate::db::orders::{self as db_orders, FullOrder, StatusEffects};
use crate::db::sessions::Principal;
use crate::error::{ApiError, ApiResult};
use crate::jobs::{self, Claimed, Job};
use crate::payments::PaymentError;
use crate::payments::stripe::WebhookEvent;
use anyhow::Context;
use bazaar_shared::CheckoutId;
use bazaar_shared::money::Money;
use bazaar_shared::order::{CheckoutResult, OrderStatus, PaymentMethod, PaymentStart};

/// The answer to a checkout, starting the provider's payment if it has not been yet (the
/// first attempt may have stopped between placing the orders and reaching the provider).
pub async fn resume(state: &AppState, checkout_id: CheckoutId) -> ApiResult<CheckoutResult> {
    let mut checkout = find(state, checkout_id).await?;
    let placed = orders::of_checkout(state, checkout_id).await?;
    let awaiting = placed
        .iter()
        .any(|o| o.order.status == OrderStatus::AwaitingPayment);
    if checkout.provider_ref.is_none() && awaiting {
        start(state, &checkout).await?;
        checkout = find(state, checkout_id).await?;
    }
    Ok(result(state, &checkout, &placed))
}

/// GET /checkouts/{id}: what the buyer's checkout placed and how it is paid, for its buyer.
pub async fn show(
    state: &AppState,
    principal: &Principal,
    checkout_id: CheckoutId,
) -> ApiResult<CheckoutResult> {
    let checkout = found(state, checkout_id)
        .await?
        .filter(|c| c.buyer_id == principal.user_id)
        .ok_or(ApiError::NotFound("checkout"))?;
    let placed = orders::of_checkout(state, checkout_id).await?;
    Ok(result(state, &checkout, &placed))
}

fn result(state: &AppState, checkout: &CheckoutRecord, placed: &[FullOrder]) -> CheckoutResult {
    let payment = match checkout.payment_method {
        PaymentMethod::Cod => PaymentStart::Cod,
        PaymentMethod::Stripe => PaymentStart::Stripe {
            payment_intent_id: checkout.provider_ref.clone().unwrap_or_default(),
            client_secret: checkout.client_secret.clone().unwrap_or_default(),
            publishable_key: state
                .payments
                .stripe
                .as_ref()
                .map(|s| s.publishable_key().to_owned())
                .unwrap_or_default(),
        },
        PaymentMethod::Paypal => PaymentStart::Paypal {
            paypal_order_id: checkout.provider_ref.clone().unwrap_or_default(),
            approve_url: checkout.approve_url.clone().unwrap_or_default(),
        },
    };
    CheckoutResult {
        checkout_id: checkout.id,
        orders: placed.iter().map(|o| orders::view(state, o)).collect(),
        total: Money::new(checkout.total, &checkout.currency),
        payment,
    }
}

async fn find(state: &AppState, id: CheckoutId) -> ApiResult<CheckoutRecord> {
    found(state, id)
        .await?
        .ok_or(ApiError::NotFound("checkout"))
}

async fn found(state: &AppState, id: CheckoutId) -> ApiResult<Option<CheckoutRecord>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(checkouts::find_checkout(&mut conn, id).await?)
}

fn unavailable(error: PaymentError) -> ApiError {
    tracing::error!(error = ?error, "payment provider failed");
    ApiError::Unavailable(
        "the payment provider cannot be reached now; retry with the same Idempotency-Key".into(),
    )
}

/// Creates the provider's payment for the checkout's total and records it; a concurrent
/// start keeps whichever was recorded first.
async fn start(state: &AppState, checkout: &CheckoutRecord) -> ApiResult<()> {
    let (provider_ref, client_secret, approve_url) = match checkout.payment_method {
        PaymentMethod::Cod => return Ok(()),
        PaymentMethod::Stripe => {
            let stripe = state.payments.stripe.as_ref().ok_or_else(not_offered)?;
            let intent = stripe
                .create_intent(
                    checkout.total,
                    &checkout.currency,
                    checkout.id,
                    &format!("checkout-{}", checkout.id),
                )
                .await
                .map_err(unavailable)?;
            (intent.id, Some(intent.client_secret), None)
        }
        PaymentMethod::Paypal => {
            let paypal = state.payments.paypal.as_ref().ok_or_else(not_offered)?;
            let base = &state.config.public_url;
            let order = paypal
                .create_order(
                    checkout.total,
                    &checkout.currency,
                    checkout.id,
                    &format!("{base}/checkout/paypal-return?checkout_id={}", checkout.id),
                    &format!("{base}/cart"),
                )
                .await
                .map_err(unavailable)?;
            (order.id, None, Some(order.approve_url))
        }
    };
    checkouts::set_provider_payment(
        &mut *state.db.writer().await?,
        checkout.id,
        &provider_ref,
        client_secret.as_deref(),
        approve_url.as_deref(),
    )
    .await?;
    Ok(())
}

fn not_offered() -> ApiError {
    ApiError::invalid("payment_method", "is not offered on this marketplace")
}

/// POST /payments/stripe/webhook: only a correctly signed event counts, each event once.
pub async fn stripe_webhook(state: &AppState, payload: &[u8], signature: &str) -> ApiResult<()> {
    let stripe = state
        .payments
        .stripe
        .as_ref()
        .ok_or(ApiError::NotFound("Stripe webhook"))?;
    let event = stripe
        .verify_webhook(payload, signature, state.clock.now())
        .map_err(|e| ApiError::BadRequest(format!("the webhook is not from Stripe: {e}")))?;
    match event.kind.as_str() {
        "payment_intent.succeeded" => stripe_paid(state, &event).await,
        "payment_intent.payment_failed" => {
            // The intent stays open: the buyer may try another card until the checkout expires.
            tracing::info!(intent = %event.intent_id, "a card payment failed");
            Ok(())
        }
        _ => Ok(()),
    }
}

async fn stripe_paid(state: &AppState, event: &WebhookEvent) -> ApiResult<()> {
    let now = state.clock.now_micros();
    let mut tx = state.db.begin().await?;
    if !checkouts::record_payment_event(&mut tx, "stripe", &event.id, now).await? {
        return Ok(());
    }
    let Some(checkout) = checkouts::checkout_by_provider_ref(&mut tx, &event.intent_id).await?
    else {
        tracing::warn!(intent = %event.intent_id, "a payment for no checkout of ours");
        tx.commit().await?;
        return Ok(());
    };
    if event.amount != checkout.total || !event.currency.eq_ignore_ascii_case(&checkout.currency) {
        tracing::error!(
            checkout = %checkout.id, paid = event.amount, due = checkout.total,
            "a payment does not match its checkout's total; the orders stay unpaid"
        );
        tx.commit().await?;
        return Ok(());
    }
    let settled = settle(state, &mut tx, &checkout, None, now).await?;
    tx.commit().await?;
    if let Some(settled) = settled {
        settled.announce(state).await;
    }
    Ok(())
}

/// What a payment changed: the orders it moved, or the refund of a payment that came late.
struct Settled {
    told: Vec<orders::Told>,
    late_refund: Option<Claimed>,
}

impl Settled {
    /// After the commit.
    async fn announce(self, state: &AppState) {
        for told in self.told {
            orders::announce(state, told).await;
        }
        jobs::run_now(state, self.late_refund).await;
    }
}

/// Inside the payment's transaction: marks the checkout paid and its unpaid orders
/// processing, queuing their mails; when the orders had expired before the money came, the
/// money goes back. `None` when the checkout was paid already.
async fn settle(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    checkout: &CheckoutRecord,
    capture_id: Option<&str>,
    now: i64,
) -> ApiResult<Option<Settled>> {
    if !checkouts::mark_checkout_paid(conn, checkout.id, capture_id, now).await? {
        return Ok(None);
    }
    let effects = StatusEffects {
        paid_at: Some(now),
        ..StatusEffects::default()
    };
    let mut told = Vec::new();
    for full in db_orders::of_checkout(conn, checkout.id).await? {
        if full.order.status == OrderStatus::AwaitingPayment
            && db_orders::move_status(
                conn,
                full.order.id,
                OrderStatus::AwaitingPayment,
                OrderStatus::Processing,
                &effects,
                now,
            )
            .await?
        {
            told.push(orders::tell_change(state, conn, full.order.id).await?);
        }
    }
    let mut late_refund = None;
    if told.is_empty() {
        tracing::warn!(checkout = %checkout.id, "paid after its orders expired; refunding");
        let refund = Job::RefundPayment {
            checkout_id: checkout.id,
            amount: checkout.total,
            key: format!("late-{}", checkout.id),
        };
        late_refund = Some(jobs::enqueue_held(conn, &refund, now).await?);
    }
    Ok(Some(Settled { told, late_refund }))
}

/// POST /payments/paypal/{checkout_id}/capture: the buyer approved at PayPal; the server
/// captures, once, and the orders are paid.
pub async fn paypal_capture(
    state: &AppState,
    principal: &Principal,
    checkout_id: CheckoutId,
) -> ApiResult<CheckoutResult> {
    let checkout = find(state, checkout_id).await?;
    if checkout.buyer_id != principal.user_id || checkout.payment_method != PaymentMethod::Paypal {
        return Err(ApiError::NotFound("checkout"));
    }
    if checkout.paid_at.is_some() {
        return Err(ApiError::conflict("this checkout is paid already"));
    }
    let placed = orders::of_checkout(state, checkout_id).await?;
    if !placed
        .iter()
        .any(|o| o.order.status == OrderStatus::AwaitingPayment)
    {
        return Err(ApiError::conflict(
            "this checkout expired or was cancelled; nothing was charged",
        ));
    }
    let paypal = state.payments.paypal.as_ref().ok_or_else(not_offered)?;
    let paypal_order = checkout
        .provider_ref
        .as_deref()
        .ok_or_else(|| ApiError::conflict("the PayPal payment was not started"))?;
    let capture = paypal
        .capture(paypal_order, &format!("capture-{checkout_id}"))
        .await
        .map_err(|error| match error {
            PaymentError::Refused { code, message, .. } => match code.as_deref() {
                Some("ORDER_NOT_APPROVED") => {
                    ApiError::conflict("approve the payment at PayPal first")
                }
                Some("ORDER_ALREADY_CAPTURED") => {
                    ApiError::conflict("this checkout is paid already")
                }
                _ => ApiError::conflict(format!("PayPal refused the payment: {message}")),
            },
            unreachable => unavailable(unreachable),
        })?;
    if !capture.completed
        || capture.amount != checkout.total
        || !capture.currency.eq_ignore_ascii_case(&checkout.currency)
    {
        tracing::error!(checkout = %checkout_id, ?capture, "a PayPal capture does not match its checkout");
        return Err(ApiError::conflict(
            "PayPal did not complete the payment of this checkout's total",
        ));
    }
    let now = state.clock.now_micros();
    let mut tx = state.db.begin().await?;
    let settled = settle(state, &mut tx, &checkout, Some(&capture.capture_id), now)
        .await?
        .ok_or_else(|| ApiError::conflict("this checkout is paid already"))?;
    tx.commit().await?;
    settled.announce(state).await;
    resume(state, checkout_id).await
}

/// The checkout's payment window has closed: its unpaid orders are cancelled, their stock
/// and coupons given back, and the provider's payment called off. A paid checkout is left
/// as it is.
pub async fn expire(state: &AppState, checkout_id: CheckoutId) -> anyhow::Result<()> {
    let now = state.clock.now_micros();
    let mut tx = state.db.begin().await?;
    let unpaid: Vec<_> = db_orders::of_checkout(&mut tx, checkout_id)
        .await?
        .into_iter()
        .filter(|full| full.order.status == OrderStatus::AwaitingPayment)
        .collect();
    orders::cancel_in(&mut tx, &unpaid, now).await?;
    let mut told = Vec::new();
    for full in &unpaid {
        told.push(orders::tell_change(state, &mut tx, full.order.id).await?);
    }
    if let Some(first) = told.first_mut() {
        let call_off = Job::CancelPayment { checkout_id };
        first
            .jobs
            .push(jobs::enqueue_held(&mut tx, &call_off, now).await?);
    }
    tx.commit().await?;
    for told in told {
        orders::announce(state, told).await;
    }
    Ok(())
}

/// Calls off the provider's payment of a checkout nobody will pay. A payment that is no
/// longer open (cancelled already, or paid meanwhile: its webhook refunds it) is left.
pub async fn call_off(state: &AppState, checkout_id: CheckoutId) -> anyhow::Result<()> {
    let checkout = find(state, checkout_id).await?;
    let (Some(stripe), Some(intent), PaymentMethod::Stripe) = (
        &state.payments.stripe,
        &checkout.provider_ref,
        checkout.payment_method,
    ) else {
        // A PayPal order nobody approved lapses at PayPal by itself.
        return Ok(());
    };
    match stripe.cancel_intent(intent).await {
        Err(PaymentError::Refused { code, .. })
            if code.as_deref() == Some("payment_intent_unexpected_state") =>
        {
            Ok(())
        }
        other => Ok(other?),
    }
}

/// Gives `amount` of a checkout's payment back through the provider that took it; `key`
/// makes a repeat refund nothing more.
pub async fn refund_amount(
    state: &AppState,
    checkout_id: CheckoutId,
    amount: i64,
    key: &str,
) -> anyhow::Result<()> {
    let checkout = find(state, checkout_id).await?;
    match checkout.payment_method {
        PaymentMethod::Cod => Ok(()),
        PaymentMethod::Stripe => {
            let stripe = state
                .payments
                .stripe
                .as_ref()
                .context("Stripe is not configured")?;
            let intent = checkout
                .provider_ref
                .as_deref()
                .context("no PaymentIntent")?;
            stripe.refund(intent, amount, key).await?;
            Ok(())
        }
        PaymentMethod::Paypal => {
            let paypal = state
                .payments
                .paypal
                .as_ref()
                .context("PayPal is not configured")?;
            let capture = checkout
                .capture_id
                .as_deref()
                .context("no PayPal capture")?;
            paypal
                .refund_capture(capture, amount, &checkout.currency, key)
                .await?;
            Ok(())
        }
    }
}
