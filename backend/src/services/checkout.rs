//! Checkout: the signed-in buyer's server cart, priced on the server (running sales,
//! coupons, stock), shown as a quote and placed as one order per shop in one transaction.

use super::{coupons as coupon_service, orders, payments};
use crate::AppState;
use crate::db::cards::{self, CardRow};
use crate::db::checkouts::{self, CheckoutRecord};
use crate::db::coupons::{self, CouponRecord};
use crate::db::orders::{self as db_orders, FullOrder, LineRecord, OrderRecord, ShippingRecord};
use crate::db::{self, addresses, cart, stock, users};
use crate::error::{ApiError, ApiResult};
use crate::jobs::{self, Job};
use bazaar_shared::catalog::ShopSummary;
use bazaar_shared::coupon::{CouponRefusal, PricedLine, normalize_code};
use bazaar_shared::money::Money;
use bazaar_shared::order::{
    CheckoutInput, CheckoutResult, OrderStatus, PAYMENT_WINDOW, PaymentMethod, PaymentStart, Quote,
    QuoteCoupon, QuoteLine, QuoteShop,
};
use bazaar_shared::pricing::{self, LineProblem, ShopTotals, line_problem};
use bazaar_shared::{CheckoutId, EventId, FieldErrors, OrderId, ProductId, UserId};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// A cart line priced for checkout.
struct PricedCartLine {
    row: CardRow,
    quantity: u32,
    unit_price: i64,
    line_total: i64,
    /// The running sale whose price the line gets, counted against its unit limit.
    sale: Option<EventId>,
    problem: Option<String>,
}

struct PricedShop {
    shop: ShopSummary,
    lines: Vec<PricedCartLine>,
    coupon: Option<(CouponRecord, Option<CouponRefusal>)>,
    totals: ShopTotals,
}

struct PricedCart {
    shops: Vec<PricedShop>,
    total: i64,
}

impl PricedCart {
    /// The line and coupon problems, by field, for a 409.
    fn problems(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        for shop in &self.shops {
            for line in &shop.lines {
                if let Some(problem) = &line.problem {
                    errors.add(
                        format!("lines.{}", line.row.id),
                        format!("{}: {problem}", line.row.name),
                    );
                }
            }
            if let Some((coupon, Some(refusal))) = &shop.coupon {
                errors.add("coupon_codes", format!("{}: {refusal}", coupon.code));
            }
        }
        errors
    }
}

pub async fn quote(state: &AppState, user: UserId, input: &CheckoutInput) -> ApiResult<Quote> {
    input.validate()?;
    let mut conn = state.db.pool.acquire().await?;
    check_payment_method(state, input.payment_method)?;
    find_address(&mut conn, user, input).await?;
    let priced = price(state, &mut conn, user, input).await?;
    Ok(quote_view(state, &priced))
}

/// Places the cart as one order per shop. A retry with the same `Idempotency-Key` answers
/// with the checkout the first request made and buys nothing again.
pub async fn place(
    state: &AppState,
    user: UserId,
    input: &CheckoutInput,
    idempotency_key: Option<&str>,
) -> ApiResult<CheckoutResult> {
    let key = idempotency_key
        .map(str::trim)
        .filter(|k| (1..=255).contains(&k.len()))
        .ok_or_else(|| {
            ApiError::invalid(
                "Idempotency-Key",
                "this header is required: a unique value per checkout attempt, at most 255 characters",
            )
        })?;
    input.validate()?;
    let hash = request_hash(input);
    // Everything read is read before the write transaction, which SQLite runs one at a time:
    // inside it only the writes remain, each guarded (stock, sale units and coupon uses are
    // taken only if still there), so the reads cannot go stale in a way that matters.
    let (address, priced, buyer, sellers) = {
        let mut conn = state.db.pool.acquire().await?;
        let priced = price(state, &mut conn, user, input).await;
        // After the cart is read: a retry whose first attempt committed meanwhile found the
        // cart emptied by it, and replays it here.
        if let Some(first) = replayed(&mut conn, user, key, &hash).await? {
            drop(conn);
            return payments::resume(state, first).await;
        }
        check_payment_method(state, input.payment_method)?;
        let address = find_address(&mut conn, user, input).await?;
        let priced = priced?;
        let problems = priced.problems();
        if !problems.is_empty() {
            return Err(ApiError::Conflict {
                detail: "some of the cart cannot be bought as it is".into(),
                errors: Some(problems),
            });
        }
        let buyer = users::find_view(&mut conn, user)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        let mut sellers = Vec::with_capacity(priced.shops.len());
        for shop in &priced.shops {
            let seller = users::shop_owner(&mut conn, shop.shop.id).await?;
            sellers.push(seller.ok_or(ApiError::NotFound("shop"))?);
        }
        (address, priced, buyer, sellers)
    };

    let now = state.clock.now();
    let now_micros = db::micros(now);
    let checkout_id = CheckoutId(db::new_id());
    let awaiting = input.payment_method != PaymentMethod::Cod;
    let checkout = CheckoutRecord {
        id: checkout_id,
        buyer_id: user,
        payment_method: input.payment_method,
        total: priced.total,
        currency: state.config.currency.clone(),
        provider_ref: None,
        client_secret: None,
        approve_url: None,
        capture_id: None,
        paid_at: None,
        expires_at: awaiting.then(|| db::micros(now + PAYMENT_WINDOW)),
        created_at: now_micros,
    };
    let shipping = ShippingRecord {
        name: buyer.name.clone(),
        phone: buyer.phone.clone(),
        country: address.country,
        city: address.city,
        line1: address.line1,
        line2: address.line2,
        postal_code: address.postal_code,
    };
    let mut new_orders = Vec::with_capacity(priced.shops.len());
    for (shop, seller) in priced.shops.iter().zip(&sellers) {
        let order = OrderRecord {
            id: OrderId(db::new_id()),
            checkout_id,
            shop_id: shop.shop.id,
            shop_name: shop.shop.name.clone(),
            shop_owner_id: seller.id,
            buyer_id: user,
            buyer_name: buyer.name.clone(),
            status: if awaiting {
                OrderStatus::AwaitingPayment
            } else {
                OrderStatus::Processing
            },
            subtotal: shop.totals.subtotal,
            discount: shop.totals.discount,
            total: shop.totals.total,
            coupon_id: shop.coupon.as_ref().map(|(c, _)| c.id),
            coupon_code: shop.coupon.as_ref().map(|(c, _)| c.code.clone()),
            payment_method: input.payment_method,
            paid_at: None,
            shipping: shipping.clone(),
            refund_reason: None,
            credited: None,
            delivered_at: None,
            created_at: now_micros,
        };
        let lines: Vec<LineRecord> = shop
            .lines
            .iter()
            .map(|line| LineRecord {
                product_id: line.row.id,
                event_id: line.sale,
                name: line.row.name.clone(),
                image: line.row.thumbnail.clone(),
                unit_price: line.unit_price,
                quantity: line.quantity,
                review_id: None,
            })
            .collect();
        let full = FullOrder {
            timeline: vec![(order.status, order.created_at)],
            order,
            lines,
        };
        let mails = orders::new_order_mails(state, &full, seller, &buyer);
        new_orders.push((full, mails));
    }
    let total = priced.total;
    let write = CheckoutWrite {
        user,
        key: key.to_owned(),
        hash: hash.clone(),
        checkout,
        priced,
        orders: new_orders,
        // Unpaid, the orders give their stock back when the payment window closes.
        expiry: awaiting.then(|| {
            (
                Job::ExpireCheckout { checkout_id },
                db::micros(now + PAYMENT_WINDOW),
            )
        }),
    };
    let Some(told) = state.db.write(write.run(state.db.clone())).await? else {
        // A concurrent retry with this key committed first: answer as it did.
        let mut conn = state.db.pool.acquire().await?;
        let first = replayed(&mut conn, user, key, &hash)
            .await?
            .ok_or_else(|| anyhow::anyhow!("an idempotency key vanished"))?;
        drop(conn);
        return payments::resume(state, first).await;
    };

    let mut placed = Vec::new();
    for told in told {
        placed.push(orders::announce(state, told).await);
    }
    if awaiting {
        return payments::resume(state, checkout_id).await;
    }
    // As a replay lists them (`db::orders::of_checkout`).
    placed.sort_by(|a, b| (&a.shop.name, a.id).cmp(&(&b.shop.name, b.id)));
    Ok(CheckoutResult {
        checkout_id,
        orders: placed,
        total: Money::new(total, &state.config.currency),
        payment: PaymentStart::Cod,
    })
}

/// The checkout's writes, all decided before: run as one transaction where writes go
/// quickest (`Db::write`).
struct CheckoutWrite {
    user: UserId,
    key: String,
    hash: String,
    checkout: CheckoutRecord,
    priced: PricedCart,
    orders: Vec<(FullOrder, [Job; 2])>,
    expiry: Option<(Job, i64)>,
}

impl CheckoutWrite {
    /// The orders written, with their mails queued; `None` when the key was claimed before.
    async fn run(self, db: db::Db) -> ApiResult<Option<Vec<orders::Told>>> {
        let now = self.checkout.created_at;
        let mut tx = db.begin().await?;
        // First, so that a concurrent retry waits for this transaction and then replays it.
        if !checkouts::claim_idempotency_key(
            &mut tx,
            self.user,
            &self.key,
            &self.hash,
            self.checkout.id,
            now,
        )
        .await?
        {
            return Ok(None);
        }
        checkouts::insert_checkout(&mut tx, &self.checkout).await?;
        let bought: Vec<ProductId> = (self.orders.iter())
            .flat_map(|(full, _)| full.lines.iter().map(|line| line.product_id))
            .collect();
        cart::remove_all(&mut tx, self.user, &bought).await?;
        let mut told = Vec::with_capacity(self.orders.len());
        for (full, mails) in self.orders {
            db_orders::insert_order(&mut tx, &full.order, &full.lines).await?;
            let queued = jobs::enqueue_held_all(&mut tx, &mails, now).await?;
            told.push(orders::Told::new(full, queued));
        }
        if let Some((expiry, at)) = &self.expiry {
            jobs::enqueue(&mut tx, expiry, *at).await?;
        }
        // Last, just before the commit: a product's row stays locked from here to the commit,
        // and every other buyer of it waits that long (on PostgreSQL; SQLite has one writer).
        take_units(&mut tx, &self.priced.shops).await?;
        tx.commit().await?;
        Ok(Some(told))
    }
}

/// Takes every shop's lines out of stock (and sale unit limits) and uses their coupons, in
/// `stock`'s lock order; any that cannot be had any more refuses the whole checkout, which
/// then rolls back.
async fn take_units(conn: &mut AnyConnection, shops: &[PricedShop]) -> ApiResult<()> {
    let mut lines: Vec<&PricedCartLine> = shops.iter().flat_map(|shop| &shop.lines).collect();
    lines.sort_by_key(|line| line.row.id);
    for line in &lines {
        if !stock::take_stock(conn, line.row.id, line.quantity).await? {
            return Err(line_conflict(line, "sold out meanwhile"));
        }
    }
    lines.sort_by_key(|line| line.sale);
    for line in &lines {
        if let Some(event) = line.sale
            && !stock::take_event_units(conn, event, line.quantity).await?
        {
            return Err(line_conflict(line, "the sale ran out of units meanwhile"));
        }
    }
    let mut coupons: Vec<_> = shops
        .iter()
        .filter_map(|shop| match &shop.coupon {
            Some((coupon, None)) => Some(coupon),
            _ => None,
        })
        .collect();
    coupons.sort_by_key(|coupon| coupon.id);
    for coupon in coupons {
        if !stock::use_coupon(conn, coupon.id).await? {
            return Err(ApiError::conflict_on(
                "coupon_codes",
                &format!("{}: {}", coupon.code, CouponRefusal::UsedUp),
            ));
        }
    }
    Ok(())
}

fn line_conflict(line: &PricedCartLine, problem: &str) -> ApiError {
    let mut errors = FieldErrors::new();
    errors.add(
        format!("lines.{}", line.row.id),
        format!("{}: {problem}", line.row.name),
    );
    ApiError::Conflict {
        detail: format!("{} is {problem}", line.row.name),
        errors: Some(errors),
    }
}

/// The checkout a key was used for, if it was; the same key with another body is a 422.
async fn replayed(
    conn: &mut AnyConnection,
    user: UserId,
    key: &str,
    hash: &str,
) -> ApiResult<Option<CheckoutId>> {
    match checkouts::idempotency_key(conn, user, key).await? {
        None => Ok(None),
        Some((first_hash, checkout)) if first_hash == hash => Ok(Some(checkout)),
        Some(_) => Err(ApiError::invalid(
            "Idempotency-Key",
            "was used before for a different checkout; use a new key for a new attempt",
        )),
    }
}

fn request_hash(input: &CheckoutInput) -> String {
    let mut codes: Vec<String> = input
        .coupon_codes
        .iter()
        .map(|c| normalize_code(c))
        .collect();
    codes.sort();
    let canonical = format!(
        "{}|{}|{}",
        input.address_id,
        input.payment_method.as_str(),
        codes.join(",")
    );
    format!("{:x}", Sha256::digest(canonical.as_bytes()))
}

fn check_payment_method(state: &AppState, method: PaymentMethod) -> ApiResult<()> {
    if state.payments.offers(method) {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "payment_method",
            format!("{} is not offered on this marketplace", method.label()),
        ))
    }
}

async fn find_address(
    conn: &mut AnyConnection,
    user: UserId,
    input: &CheckoutInput,
) -> ApiResult<bazaar_shared::account::Address> {
    addresses::find(conn, user, input.address_id)
        .await?
        .ok_or(ApiError::NotFound("address"))
}

/// Prices the buyer's cart at the clock's now: running sale prices within their unit
/// limits, stock, and the coupons named (at most one per shop).
async fn price(
    state: &AppState,
    conn: &mut AnyConnection,
    user: UserId,
    input: &CheckoutInput,
) -> ApiResult<PricedCart> {
    let now = state.clock.now();
    // A product whose shop was banned is hidden here as everywhere.
    let cart_lines = cards::in_cart(conn, user, db::micros(now)).await?;
    if cart_lines.is_empty() {
        return Err(ApiError::conflict("your cart is empty"));
    }
    let sale_ids: Vec<EventId> = (cart_lines.iter())
        .filter_map(|(row, _)| row.sale.map(|s| s.0))
        .collect();
    let sale_room = stock::sale_room(conn, &sale_ids).await?;

    let mut shops: Vec<PricedShop> = Vec::new();
    for (row, quantity) in cart_lines {
        let sale = row.sale.map(|(event, price, _)| (event, price));
        let unit_price = pricing::effective_price(row.price, sale.map(|s| s.1));
        let line_total = pricing::line_total(unit_price, quantity).map_err(too_large)?;
        let listed = row.active && row.thumbnail.is_some();
        let mut problem = line_problem(listed, row.stock, quantity).map(|p| p.to_string());
        let sale_event = sale.map(|s| s.0);
        if problem.is_none()
            && let Some(event) = sale_event
            && let Some(Some(room)) = sale_room
                .iter()
                .find(|(id, _)| *id == event)
                .map(|(_, r)| *r)
            && i64::from(quantity) > room
        {
            problem = Some(match room {
                0 => LineProblem::SoldOut.to_string() + " at the sale price",
                n => format!("only {n} left at the sale price"),
            });
        }
        let shop = ShopSummary {
            id: row.shop_id,
            name: row.shop_name.clone(),
        };
        let line = PricedCartLine {
            row,
            quantity,
            unit_price,
            line_total,
            sale: sale_event,
            problem,
        };
        match shops.iter_mut().find(|s| s.shop.id == shop.id) {
            Some(group) => group.lines.push(line),
            None => shops.push(PricedShop {
                shop,
                lines: vec![line],
                coupon: None,
                totals: ShopTotals {
                    subtotal: 0,
                    discount: 0,
                    total: 0,
                },
            }),
        }
    }
    if shops.is_empty() {
        return Err(ApiError::conflict("your cart is empty"));
    }
    attach_coupons(conn, &mut shops, &input.coupon_codes).await?;

    for shop in &mut shops {
        let lines: Vec<PricedLine> = shop
            .lines
            .iter()
            .filter(|l| l.problem.is_none())
            .map(|l| PricedLine {
                product_id: l.row.id,
                shop_id: l.row.shop_id,
                unit_price: l.unit_price,
                quantity: l.quantity,
            })
            .collect();
        let rule = shop.coupon.as_ref().map(|(c, _)| coupon_service::rule(c));
        let (totals, refusal) =
            pricing::shop_totals(&lines, rule.as_ref(), now).map_err(too_large)?;
        shop.totals = totals;
        if let Some((_, slot)) = &mut shop.coupon {
            *slot = refusal;
        }
    }
    let total = pricing::sum(shops.iter().map(|s| s.totals.total)).map_err(too_large)?;
    Ok(PricedCart { shops, total })
}

/// Finds each code's coupon and gives it to its shop; a code that is no coupon, is for a
/// shop not in the cart, or is a second one for a shop is a 422 at `coupon_codes`.
async fn attach_coupons(
    conn: &mut AnyConnection,
    shops: &mut [PricedShop],
    codes: &[String],
) -> ApiResult<()> {
    let mut errors = FieldErrors::new();
    for code in codes {
        let code = normalize_code(code);
        let Some(coupon) = coupons::find_by_code(conn, &code).await? else {
            errors.add("coupon_codes", format!("{code} is not a coupon"));
            continue;
        };
        match shops.iter_mut().find(|s| s.shop.id == coupon.shop_id) {
            None => errors.add(
                "coupon_codes",
                format!("{code} is for a shop you are not buying from"),
            ),
            Some(shop) if shop.coupon.is_some() => {
                errors.add("coupon_codes", format!("{code}: one coupon per shop"))
            }
            Some(shop) => shop.coupon = Some((coupon, None)),
        }
    }
    errors.into_result().map_err(ApiError::from)
}

fn too_large(_: pricing::Overflow) -> ApiError {
    ApiError::conflict("the cart's total is too large to be paid")
}

fn quote_view(state: &AppState, priced: &PricedCart) -> Quote {
    let money = |amount| Money::new(amount, &state.config.currency);
    let mut can_place = true;
    let shops = priced
        .shops
        .iter()
        .map(|shop| {
            let coupon = shop.coupon.as_ref().map(|(coupon, refusal)| QuoteCoupon {
                code: coupon.code.clone(),
                problem: refusal.as_ref().map(ToString::to_string),
            });
            can_place &= coupon.as_ref().is_none_or(|c| c.problem.is_none());
            QuoteShop {
                shop: shop.shop.clone(),
                lines: shop
                    .lines
                    .iter()
                    .map(|line| {
                        can_place &= line.problem.is_none();
                        QuoteLine {
                            product_id: line.row.id,
                            name: line.row.name.clone(),
                            image: line.row.thumbnail.as_ref().map(|t| state.media.image(t)),
                            unit_price: money(line.unit_price),
                            quantity: line.quantity,
                            line_total: money(line.line_total),
                            problem: line.problem.clone(),
                        }
                    })
                    .collect(),
                coupon,
                subtotal: money(shop.totals.subtotal),
                discount: money(shop.totals.discount),
                total: money(shop.totals.total),
            }
        })
        .collect();
    Quote {
        shops,
        total: money(priced.total),
        can_place,
    }
}
