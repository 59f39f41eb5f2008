//! The order's life after checkout: who may see it, the seller moving it along delivery,
//! cancelling, refunds, and telling buyer and seller (websocket and mail) of each change.

use super::payments;
use crate::AppState;
use crate::db::ledger::{self, EntryRecord};
use crate::db::orders::{self as db_orders, FullOrder, OrdersOf, StatusEffects};
use crate::db::sessions::Principal;
use crate::db::{self, users};
use crate::error::{ApiError, ApiResult};
use crate::mail::Mail;
use crate::pagination::{Cursor, SortValue, into_page};
use bazaar_shared::catalog::{Page, ShopSummary};
use bazaar_shared::money::Money;
use bazaar_shared::order::{
    Order, OrderBuyer, OrderLine, OrderStatus, PaymentMethod, RefundRequest, ShippingAddress,
    TimelineEntry, TransitionRefused,
};
use bazaar_shared::payout::LedgerKind;
use bazaar_shared::pricing;
use bazaar_shared::realtime::ServerEvent;
use bazaar_shared::{CheckoutId, LedgerEntryId, OrderId, UserId};
use sqlx::AnyConnection;

pub fn view(state: &AppState, full: &FullOrder) -> Order {
    let money = |amount| Money::new(amount, &state.config.currency);
    let o = &full.order;
    Order {
        id: o.id,
        checkout_id: o.checkout_id,
        shop: ShopSummary {
            id: o.shop_id,
            name: o.shop_name.clone(),
        },
        buyer: OrderBuyer {
            id: o.buyer_id,
            name: o.buyer_name.clone(),
        },
        status: o.status,
        lines: full
            .lines
            .iter()
            .map(|line| OrderLine {
                product_id: line.product_id,
                name: line.name.clone(),
                image: line.image.as_ref().map(|i| state.media.image(i)),
                unit_price: money(line.unit_price),
                quantity: line.quantity,
                line_total: money(line.unit_price.saturating_mul(i64::from(line.quantity))),
                review_id: line.review_id,
            })
            .collect(),
        subtotal: money(o.subtotal),
        discount: money(o.discount),
        total: money(o.total),
        coupon_code: o.coupon_code.clone(),
        payment_method: o.payment_method,
        paid: o.paid_at.is_some(),
        shipping_address: ShippingAddress {
            name: o.shipping.name.clone(),
            phone: o.shipping.phone.clone(),
            country: o.shipping.country.clone(),
            city: o.shipping.city.clone(),
            line1: o.shipping.line1.clone(),
            line2: o.shipping.line2.clone(),
            postal_code: o.shipping.postal_code.clone(),
        },
        timeline: full
            .timeline
            .iter()
            .map(|(status, at)| TimelineEntry {
                status: *status,
                at: db::from_micros(*at),
            })
            .collect(),
        refund_reason: o.refund_reason.clone(),
        delivered_at: o.delivered_at.map(db::from_micros),
        created_at: db::from_micros(o.created_at),
    }
}

pub async fn of_checkout(state: &AppState, checkout: CheckoutId) -> ApiResult<Vec<FullOrder>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(db_orders::of_checkout(&mut conn, checkout).await?)
}

/// Who is asking about an order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Party {
    Buyer,
    Seller,
    Admin,
}

fn party(principal: &Principal, full: &FullOrder) -> Option<Party> {
    if full.order.buyer_id == principal.user_id {
        Some(Party::Buyer)
    } else if principal.shop_id == Some(full.order.shop_id) {
        Some(Party::Seller)
    } else if principal.is_admin {
        Some(Party::Admin)
    } else {
        None
    }
}

/// The order if `principal` may see it: its buyer, its shop's owner, an admin. Anyone else
/// learns nothing, not even that it exists.
async fn visible(
    conn: &mut AnyConnection,
    principal: &Principal,
    id: OrderId,
) -> ApiResult<(FullOrder, Party)> {
    let full = db_orders::find(conn, id)
        .await?
        .ok_or(ApiError::NotFound("order"))?;
    let party = party(principal, &full).ok_or(ApiError::NotFound("order"))?;
    Ok((full, party))
}

pub async fn get(state: &AppState, principal: &Principal, id: OrderId) -> ApiResult<Order> {
    let mut conn = state.db.pool.acquire().await?;
    let (full, _) = visible(&mut conn, principal, id).await?;
    Ok(view(state, &full))
}

pub async fn list(
    state: &AppState,
    of: OrdersOf,
    cursor: Option<&str>,
    limit: i64,
) -> ApiResult<Page<Order>> {
    let after = cursor.map(Cursor::<OrderId>::decode).transpose()?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = db_orders::list(&mut conn, of, after, limit).await?;
    Ok(into_page(
        rows,
        limit,
        |full| Cursor::new(SortValue::Int(full.order.created_at), full.order.id),
        |full| view(state, &full),
    ))
}

fn refused(refusal: TransitionRefused) -> ApiError {
    ApiError::conflict(refusal.to_string())
}

/// The seller moves the order forward along delivery (skipping allowed).
pub async fn move_forward(
    state: &AppState,
    principal: &Principal,
    id: OrderId,
    to: OrderStatus,
) -> ApiResult<Order> {
    let now = state.clock.now_micros();
    let mut tx = state.db.begin().await?;
    let (full, party) = visible(&mut tx, principal, id).await?;
    if party != Party::Seller {
        return Err(ApiError::Forbidden("only the shop moves its orders along"));
    }
    let order = &full.order;
    order.status.seller_move(to).map_err(refused)?;
    let mut effects = StatusEffects::default();
    if to == OrderStatus::Delivered {
        let credited = pricing::seller_earnings(order.total, state.config.commission_percent);
        effects.delivered_at = Some(now);
        // Cash on delivery is paid when delivered.
        effects.paid_at = Some(order.paid_at.unwrap_or(now));
        effects.credited = Some(credited);
        ledger::post(
            &mut tx,
            &EntryRecord {
                id: LedgerEntryId(db::new_id()),
                shop_id: order.shop_id,
                kind: LedgerKind::OrderCredit,
                amount: credited,
                order_id: Some(order.id),
                withdrawal_id: None,
                created_at: now,
            },
        )
        .await?;
    }
    moved(&mut tx, &full, to, &effects, now).await?;
    tx.commit().await?;
    announce_change(state, id).await
}

/// Moves the order or says that someone else moved it first.
async fn moved(
    conn: &mut AnyConnection,
    full: &FullOrder,
    to: OrderStatus,
    effects: &StatusEffects,
    now: i64,
) -> ApiResult<()> {
    if db_orders::move_status(conn, full.order.id, full.order.status, to, effects, now).await? {
        Ok(())
    } else {
        Err(ApiError::conflict(
            "the order changed meanwhile; reload it and try again",
        ))
    }
}

/// The buyer or the seller cancels before the order is handed over: stock and coupon back,
/// money back. An unpaid order is paid for with its whole checkout, so its whole checkout's
/// unpaid orders go with it and the payment is called off.
pub async fn cancel(state: &AppState, principal: &Principal, id: OrderId) -> ApiResult<Order> {
    let now = state.clock.now_micros();
    let mut tx = state.db.begin().await?;
    let (full, party) = visible(&mut tx, principal, id).await?;
    if party == Party::Admin {
        return Err(ApiError::Forbidden(
            "only the buyer or the shop cancel an order",
        ));
    }
    full.order.status.cancel().map_err(refused)?;
    let targets = if full.order.status == OrderStatus::AwaitingPayment {
        db_orders::of_checkout(&mut tx, full.order.checkout_id)
            .await?
            .into_iter()
            .filter(|o| o.order.status == OrderStatus::AwaitingPayment)
            .collect()
    } else {
        vec![full.clone()]
    };
    for target in &targets {
        cancel_in(&mut tx, target, now).await?;
    }
    tx.commit().await?;
    if full.order.status == OrderStatus::AwaitingPayment {
        payments::call_off(state, full.order.checkout_id).await;
    } else if full.order.paid_at.is_some() {
        payments::refund(state, &full).await;
    }
    for target in &targets {
        if target.order.id != id {
            announce_change(state, target.order.id).await?;
        }
    }
    announce_change(state, id).await
}

/// Cancels one order inside the caller's transaction: stock, sale units and coupon back.
pub async fn cancel_in(conn: &mut AnyConnection, full: &FullOrder, now: i64) -> ApiResult<()> {
    moved(
        conn,
        full,
        OrderStatus::Cancelled,
        &StatusEffects::default(),
        now,
    )
    .await?;
    for line in &full.lines {
        db_orders::return_stock(conn, line).await?;
    }
    if let Some(coupon) = full.order.coupon_id {
        db_orders::release_coupon(conn, coupon).await?;
    }
    Ok(())
}

/// The buyer asks for a refund of a delivered order, within 30 days of delivery.
pub async fn request_refund(
    state: &AppState,
    principal: &Principal,
    id: OrderId,
    body: &RefundRequest,
) -> ApiResult<Order> {
    body.validate()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let (full, party) = visible(&mut tx, principal, id).await?;
    if party != Party::Buyer {
        return Err(ApiError::Forbidden("only the buyer asks for a refund"));
    }
    full.order
        .status
        .request_refund(full.order.delivered_at.map(db::from_micros), now)
        .map_err(refused)?;
    let effects = StatusEffects {
        refund_reason: Some(body.reason.trim().to_owned()),
        ..StatusEffects::default()
    };
    moved(
        &mut tx,
        &full,
        OrderStatus::RefundRequested,
        &effects,
        db::micros(now),
    )
    .await?;
    tx.commit().await?;
    announce_change(state, id).await
}

/// The seller approves a refund (stock and sold count back, the ledger debited by what the
/// order credited, the money back through the provider that took it) or rejects it. The
/// guarded status move makes an approval happen once however many arrive together.
pub async fn decide_refund(
    state: &AppState,
    principal: &Principal,
    id: OrderId,
    approve: bool,
) -> ApiResult<Order> {
    let now = state.clock.now_micros();
    let mut tx = state.db.begin().await?;
    let (full, party) = visible(&mut tx, principal, id).await?;
    if party != Party::Seller {
        return Err(ApiError::Forbidden("only the shop decides refunds"));
    }
    full.order.status.decide_refund().map_err(refused)?;
    if !approve {
        moved(
            &mut tx,
            &full,
            OrderStatus::RefundRejected,
            &StatusEffects::default(),
            now,
        )
        .await?;
        tx.commit().await?;
        return announce_change(state, id).await;
    }
    moved(
        &mut tx,
        &full,
        OrderStatus::Refunded,
        &StatusEffects::default(),
        now,
    )
    .await?;
    for line in &full.lines {
        db_orders::return_stock(&mut tx, line).await?;
    }
    if let Some(credited) = full.order.credited.filter(|c| *c != 0) {
        ledger::post(
            &mut tx,
            &EntryRecord {
                id: LedgerEntryId(db::new_id()),
                shop_id: full.order.shop_id,
                kind: LedgerKind::RefundDebit,
                amount: -credited,
                order_id: Some(full.order.id),
                withdrawal_id: None,
                created_at: now,
            },
        )
        .await?;
    }
    tx.commit().await?;
    // Cash on delivery was paid to the courier: the seller pays it back, and the order
    // records that it was refunded.
    if full.order.payment_method != PaymentMethod::Cod {
        payments::refund(state, &full).await;
    }
    announce_change(state, id).await
}

/// A new order: pushed live to both sides, mailed to the seller and the buyer.
pub async fn announce_new(state: &AppState, full: &FullOrder) {
    let order = view(state, full);
    publish(state, full, &order).await;
    let seller_link = format!("{}/shop/orders/{}", state.config.public_url, order.id);
    mail_account(
        state,
        full.order.shop_owner_id,
        format!("New order from {}", order.buyer.name),
        format!(
            "{} ordered {} for {}. It is {}.",
            order.buyer.name,
            describe_lines(&order),
            order.total,
            order.status.label()
        ),
        "See the order",
        seller_link,
    )
    .await;
    mail_account(
        state,
        order.buyer.id,
        format!("Your order from {}", order.shop.name),
        format!(
            "Thank you for your order of {} from {}, {} in all. It is {}.",
            describe_lines(&order),
            order.shop.name,
            order.total,
            order.status.label()
        ),
        "Track your order",
        buyer_link(state, &order),
    )
    .await;
}

/// After a change has committed: the order as it is now, pushed to both sides and mailed to
/// the buyer.
pub async fn announce_change(state: &AppState, id: OrderId) -> ApiResult<Order> {
    let mut conn = state.db.pool.acquire().await?;
    let full = db_orders::find(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound("order"))?;
    drop(conn);
    let order = view(state, &full);
    publish(state, &full, &order).await;
    mail_account(
        state,
        order.buyer.id,
        format!(
            "Your order from {} is {}",
            order.shop.name,
            order.status.label()
        ),
        format!(
            "Your order of {} from {} is now {}.",
            describe_lines(&order),
            order.shop.name,
            order.status.label()
        ),
        "See your order",
        buyer_link(state, &order),
    )
    .await;
    Ok(order)
}

async fn publish(state: &AppState, full: &FullOrder, order: &Order) {
    let event = ServerEvent::OrderUpdated {
        order: Box::new(order.clone()),
    };
    state
        .hub
        .publish(&[full.order.buyer_id, full.order.shop_owner_id], &event)
        .await;
}

fn buyer_link(state: &AppState, order: &Order) -> String {
    format!("{}/orders/{}", state.config.public_url, order.id)
}

fn describe_lines(order: &Order) -> String {
    let names: Vec<String> = order
        .lines
        .iter()
        .map(|l| format!("{} × {}", l.quantity, l.name))
        .collect();
    names.join(", ")
}

/// Mails an account; a failure is logged, the change it tells of has happened anyway.
pub async fn mail_account(
    state: &AppState,
    to: UserId,
    subject: String,
    intro: String,
    action: &str,
    link: String,
) {
    let account = match state.db.pool.acquire().await {
        Ok(mut conn) => users::find_view(&mut conn, to).await,
        Err(error) => Err(error),
    };
    let account = match account {
        Ok(Some(account)) => account,
        Ok(None) => return,
        Err(error) => {
            tracing::error!(error = ?error, "cannot read whom to mail");
            return;
        }
    };
    let mail = Mail::Notice {
        name: account.name.clone(),
        subject,
        intro,
        action: action.to_owned(),
        link,
    };
    if let Err(error) = state.mailer.send(&account.name, &account.email, mail).await {
        tracing::error!(email = %account.email, error = ?error, "could not send mail");
    }
}
