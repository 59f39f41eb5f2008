//! The signed-in account's cart. Prices and totals are always computed here, from the
//! current price or running sale: whatever a client shows, the server decides.

use super::cards::card;
use crate::AppState;
use crate::db::cards::{self, CardRow};
use crate::db::cart;
use crate::error::{ApiError, ApiResult};
use bazaar_shared::cart::{Cart, CartLine, CartShop, MAX_QUANTITY, MergeCart, SetQuantity};
use bazaar_shared::money::Money;
use bazaar_shared::pricing::{self, line_problem};
use bazaar_shared::{ProductId, UserId};
use sqlx::AnyConnection;

pub async fn show(state: &AppState, user: UserId) -> ApiResult<Cart> {
    let mut conn = state.db.pool.acquire().await?;
    assemble(state, &mut conn, user).await
}

/// A listed product that can be bought, or 404.
async fn buyable(
    state: &AppState,
    conn: &mut AnyConnection,
    product: ProductId,
) -> ApiResult<CardRow> {
    cards::by_ids(conn, &[product], state.clock.now_micros())
        .await?
        .pop()
        .filter(|c| c.active && c.thumbnail.is_some())
        .ok_or(ApiError::NotFound("product"))
}

/// Sets a line's quantity; more than the stock is refused.
pub async fn set_quantity(
    state: &AppState,
    user: UserId,
    product: ProductId,
    body: &SetQuantity,
) -> ApiResult<Cart> {
    body.validate()?;
    // No connection held while waiting for the writer (see `chat::start`).
    let row = buyable(state, &mut *state.db.pool.acquire().await?, product).await?;
    if let Some(problem) = line_problem(true, row.stock, body.quantity) {
        return Err(ApiError::conflict(problem.to_string()));
    }
    let (quantity, now) = (body.quantity, state.clock.now_micros());
    (state.db)
        .write_one(move |mut conn| async move {
            cart::set(&mut conn, user, product, quantity, now).await
        })
        .await?;
    show(state, user).await
}

pub async fn remove(state: &AppState, user: UserId, product: ProductId) -> ApiResult<Cart> {
    (state.db)
        .write_one(move |mut conn| async move { cart::remove(&mut conn, user, product).await })
        .await?;
    show(state, user).await
}

/// Adds a guest's lines to the account's: quantities add up, capped at the stock; products
/// that are gone or sold out are dropped.
pub async fn merge(state: &AppState, user: UserId, guest: &MergeCart) -> ApiResult<Cart> {
    guest.validate()?;
    let mut tx = state.db.begin().await?;
    let existing = cart::lines(&mut tx, user).await?;
    let ids: Vec<ProductId> = guest.items.iter().map(|i| i.product_id).collect();
    let rows = cards::by_ids(&mut tx, &ids, state.clock.now_micros()).await?;
    for item in &guest.items {
        let Some(row) = rows
            .iter()
            .find(|r| r.id == item.product_id && r.active && r.stock > 0)
        else {
            continue;
        };
        let have = existing
            .iter()
            .find(|(id, _)| *id == item.product_id)
            .map_or(0, |(_, q)| *q);
        let stock = u32::try_from(row.stock).unwrap_or(u32::MAX);
        let quantity = (have + item.quantity).min(stock).min(MAX_QUANTITY);
        cart::set(
            &mut tx,
            user,
            item.product_id,
            quantity,
            state.clock.now_micros(),
        )
        .await?;
    }
    let merged = assemble(state, &mut tx, user).await?;
    tx.commit().await?;
    Ok(merged)
}

/// The cart grouped by shop, in the order lines were added, with server-side totals.
/// Lines that cannot be bought as they are carry a `problem` and count in no total.
async fn assemble(state: &AppState, conn: &mut AnyConnection, user: UserId) -> ApiResult<Cart> {
    let lines = cards::in_cart(conn, user, state.clock.now_micros()).await?;
    let money = |amount| Money::new(amount, &state.config.currency);
    let mut shops: Vec<CartShop> = Vec::new();
    let (mut item_count, mut total) = (0u32, 0i64);
    // A product whose shop was banned is hidden from the cart as from everywhere.
    for (row, quantity) in lines {
        let listed = row.active && row.thumbnail.is_some();
        let problem = line_problem(listed, row.stock, quantity).map(|p| p.to_string());
        let card = card(state, row);
        let line_total = pricing::line_total(card.effective_price.amount, quantity)
            .map_err(|_| ApiError::conflict("the cart's total is too large"))?;
        let counted = if problem.is_none() { line_total } else { 0 };
        if problem.is_none() {
            item_count += quantity;
            total = pricing::sum([total, line_total])
                .map_err(|_| ApiError::conflict("the cart's total is too large"))?;
        }
        let position = match shops.iter().position(|s| s.shop.id == card.shop.id) {
            Some(position) => position,
            None => {
                shops.push(CartShop {
                    shop: card.shop.clone(),
                    lines: Vec::new(),
                    subtotal: money(0),
                });
                shops.len() - 1
            }
        };
        let group = &mut shops[position];
        group.subtotal.amount += counted;
        group.lines.push(CartLine {
            product: card,
            quantity,
            line_total: money(line_total),
            problem,
        });
    }
    Ok(Cart {
        shops,
        item_count,
        total: money(total),
    })
}
