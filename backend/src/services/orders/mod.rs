//! The order's life after checkout: who may see it, the seller moving it along delivery,
//! cancelling, refunds, and telling buyer and seller (websocket and mail) of each change.

mod tell;

pub use tell::{Notice, Told, announce, new_order_mails, queue_mail, tell_change};

use super::admin::{self, audit};
use crate::AppState;
use crate::auth::Admin;
use crate::db::ledger::{self, EntryRecord};
use crate::db::orders::{self as db_orders, FullOrder, OrderFilter, OrdersOf, StatusEffects};
use crate::db::sessions::Principal;
use crate::db::{self, stock};
use crate::error::{ApiError, ApiResult};
use crate::jobs::{self, Job};
use crate::pagination::{Cursor, SortValue, into_page};
use bazaar_shared::admin::{AdminOrderQuery, AuditAction, DisputeMove, dispute_targets};
use bazaar_shared::catalog::{Page, ShopSummary};
use bazaar_shared::money::Money;
use bazaar_shared::order::{
    Order, OrderBuyer, OrderLine, OrderStatus, PaymentMethod, RefundRequest, ShippingAddress,
    TimelineEntry, TransitionRefused,
};
use bazaar_shared::payout::LedgerKind;
use bazaar_shared::pricing;
use bazaar_shared::{CheckoutId, LedgerEntryId, OrderId};
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
        |full| Cursor::new(SortValue::Int(of.sort_key(&full.order)), full.order.id),
        |full| view(state, &full),
    ))
}

/// Every order, for admins: filtered, sorted, paged.
pub async fn list_all(
    state: &AppState,
    _: &Admin,
    query: &AdminOrderQuery,
) -> ApiResult<Page<Order>> {
    let (after, limit) = admin::page(query.validate(), query.cursor.as_deref(), query.limit)?;
    let of = OrdersOf::Any(OrderFilter {
        status: query.status,
        shop: query.shop_id,
        buyer: query.buyer_id,
        from: query.from.map(db::micros),
        to: query.to.map(db::micros),
        sort: query.sort.unwrap_or_default(),
    });
    let mut conn = state.db.pool.acquire().await?;
    let rows = db_orders::list(&mut conn, of, after, limit).await?;
    Ok(into_page(
        rows,
        limit,
        |full| Cursor::new(SortValue::Int(of.sort_key(&full.order)), full.order.id),
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
    move_forward_in(state, &mut tx, &full, to, now).await?;
    finish(state, tx, &[id], None).await
}

/// Moves the order forward inside the caller's transaction. Delivery credits the shop's
/// ledger with the total less the platform's commission, and marks cash on delivery paid.
async fn move_forward_in(
    state: &AppState,
    conn: &mut AnyConnection,
    full: &FullOrder,
    to: OrderStatus,
    now: i64,
) -> ApiResult<()> {
    let order = &full.order;
    let mut effects = StatusEffects::default();
    if to == OrderStatus::Delivered {
        let credited = pricing::seller_earnings(order.total, state.config.commission_percent);
        effects.delivered_at = Some(now);
        // Cash on delivery is paid when delivered.
        effects.paid_at = Some(order.paid_at.unwrap_or(now));
        effects.credited = Some(credited);
        ledger::post(
            conn,
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
    moved(conn, full, to, &effects, now).await
}

/// Queues the mails of the orders changed in `tx` (the one asked about first) and `then`, a
/// money movement at the provider; commits; tells both sides. Answers the first order.
async fn finish(
    state: &AppState,
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    changed: &[OrderId],
    then: Option<Job>,
) -> ApiResult<Order> {
    let mut told = Vec::new();
    for id in changed {
        told.push(tell_change(state, &mut tx, *id).await?);
    }
    if let (Some(job), Some(first)) = (then, told.first_mut()) {
        first
            .jobs
            .push(jobs::enqueue_held(&mut tx, &job, state.clock.now_micros()).await?);
    }
    tx.commit().await?;
    let mut answer = None;
    for told in told {
        let order = announce(state, told).await;
        answer.get_or_insert(order);
    }
    answer.ok_or(ApiError::NotFound("order"))
}

/// Money back for a paid order, through the provider that took it. Cash on delivery was
/// paid to the courier: the seller pays it back, and the order records that it was refunded.
fn refund_job(full: &FullOrder) -> Option<Job> {
    let order = &full.order;
    (order.payment_method != PaymentMethod::Cod && order.paid_at.is_some()).then(|| {
        Job::RefundPayment {
            checkout_id: order.checkout_id,
            amount: order.total,
            key: format!("refund-{}", order.id),
        }
    })
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
    if full.order.status == OrderStatus::AwaitingPayment && party != Party::Buyer {
        // It goes with the buyer's whole checkout, other shops' orders too: the buyer's call.
        return Err(ApiError::conflict(
            "the buyer has not paid yet: the order is cancelled by itself if they do not",
        ));
    }
    let targets = if full.order.status == OrderStatus::AwaitingPayment {
        db_orders::of_checkout(&mut tx, full.order.checkout_id)
            .await?
            .into_iter()
            .filter(|o| o.order.status == OrderStatus::AwaitingPayment)
            .collect()
    } else {
        vec![full.clone()]
    };
    cancel_in(&mut tx, &targets, now).await?;
    let money = if full.order.status == OrderStatus::AwaitingPayment {
        Some(Job::CancelPayment {
            checkout_id: full.order.checkout_id,
        })
    } else {
        refund_job(&full)
    };
    let mut changed = vec![id];
    changed.extend(targets.iter().map(|t| t.order.id).filter(|t| *t != id));
    finish(state, tx, &changed, money).await
}

/// Cancels orders inside the caller's transaction: stock, sale units and coupons back, in
/// `stock`'s lock order across all of them.
pub async fn cancel_in(conn: &mut AnyConnection, orders: &[FullOrder], now: i64) -> ApiResult<()> {
    for full in orders {
        moved(
            conn,
            full,
            OrderStatus::Cancelled,
            &StatusEffects::default(),
            now,
        )
        .await?;
    }
    stock::give_back(&mut *conn, orders.iter().flat_map(|full| &full.lines)).await?;
    let mut coupons: Vec<_> = orders
        .iter()
        .filter_map(|full| full.order.coupon_id)
        .collect();
    coupons.sort();
    for coupon in coupons {
        stock::release_coupon(&mut *conn, coupon).await?;
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
    finish(state, tx, &[id], None).await
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
        return finish(state, tx, &[id], None).await;
    }
    refund_in(&mut tx, &full, now).await?;
    finish(state, tx, &[id], refund_job(&full)).await
}

/// Refunds a delivered order inside the caller's transaction: stock and sold count back, the
/// ledger debited by what delivery credited. The money goes back with `refund_job`.
async fn refund_in(conn: &mut AnyConnection, full: &FullOrder, now: i64) -> ApiResult<()> {
    moved(
        conn,
        full,
        OrderStatus::Refunded,
        &StatusEffects::default(),
        now,
    )
    .await?;
    stock::give_back(&mut *conn, &full.lines).await?;
    if let Some(credited) = full.order.credited.filter(|c| *c != 0) {
        ledger::post(
            conn,
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
    Ok(())
}

/// An admin settles a dispute: the order moves where `dispute_targets` allows, with what the
/// seller's or the buyer's own move would do (a delivery credits the ledger; a cancellation
/// gives stock, coupon and money back; a refund gives stock back, debits the ledger and
/// gives the money back). Buyer and seller are told, the seller with the admin's reason.
pub async fn settle_dispute(
    state: &AppState,
    admin: &Admin,
    id: OrderId,
    dispute: &DisputeMove,
) -> ApiResult<Order> {
    dispute.validate()?;
    let now = state.clock.now_micros();
    let mut tx = state.db.begin().await?;
    let full = reread(&mut tx, id).await?;
    let (from, to) = (full.order.status, dispute.status);
    if !dispute_targets(from).contains(&to) {
        return Err(ApiError::conflict(format!(
            "an order that is {} cannot be moved to {} in a dispute",
            from.label(),
            to.label()
        )));
    }
    let money = match to {
        OrderStatus::Cancelled => {
            cancel_in(&mut tx, std::slice::from_ref(&full), now).await?;
            refund_job(&full)
        }
        OrderStatus::Refunded => {
            refund_in(&mut tx, &full, now).await?;
            refund_job(&full)
        }
        _ => {
            move_forward_in(state, &mut tx, &full, to, now).await?;
            None
        }
    };
    let reason = dispute.reason.trim();
    let change = format!("{} → {}", from.label(), to.label());
    audit::record(
        state,
        &mut tx,
        admin,
        AuditAction::ChangeOrderStatus,
        id.0,
        reason,
        change.clone(),
    )
    .await?;
    let seller_mail = queue_mail(
        state,
        &mut tx,
        full.order.shop_owner_id,
        Notice {
            subject: format!("An admin moved your order to {}", to.label()),
            intro: format!(
                "An admin settled a dispute about your order from {}: {change}, because: {reason}.",
                full.order.buyer_name
            ),
            action: "See the order",
            link: format!("{}/shop/orders/{id}", state.config.public_url),
        },
    )
    .await?;
    let order = finish(state, tx, &[id], money).await?;
    jobs::run_now(state, seller_mail).await;
    Ok(order)
}

async fn reread(conn: &mut AnyConnection, id: OrderId) -> ApiResult<FullOrder> {
    db_orders::find(conn, id)
        .await?
        .ok_or(ApiError::NotFound("order"))
}
