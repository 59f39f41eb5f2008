//! What an order takes from the catalog and gives back: stock, a sale's units, a coupon's uses.
//!
//! A transaction that writes several of these rows writes them in one order: products by
//! id, then sales by id, then coupons by id. PostgreSQL locks a row until commit once it is
//! updated, so two checkouts taking the same two products in opposite orders would each
//! wait for the other, and the database would kill one of them (a deadlock).

use super::orders::LineRecord;
use super::parse_id;
use super::sql::Sql;
use bazaar_shared::{CouponId, EventId, ProductId};
use sqlx::{AnyConnection, Row};

/// Takes `quantity` from the product's stock if it has that many and is listed (neither
/// archived nor hidden by an admin, who may have hidden it since the cart was priced).
pub async fn take_stock(
    conn: &mut AnyConnection,
    product: ProductId,
    quantity: u32,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE products SET stock = stock - $2, sold_count = sold_count + $2 \
         WHERE id = $1 AND stock >= $2 AND status = 'active' AND hidden_at IS NULL",
    )
    .bind(product.to_string())
    .bind(i64::from(quantity))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives cancelled or refunded lines' units back, and takes them off the sold counts; in
/// the lock order above, whichever orders the lines come from.
pub async fn give_back(
    conn: &mut AnyConnection,
    lines: impl IntoIterator<Item = &LineRecord>,
) -> Result<(), sqlx::Error> {
    let mut lines: Vec<&LineRecord> = lines.into_iter().collect();
    lines.sort_by_key(|line| line.product_id);
    for line in &lines {
        sqlx::query(
            "UPDATE products SET stock = stock + $2, \
             sold_count = CASE WHEN sold_count >= $2 THEN sold_count - $2 ELSE 0 END WHERE id = $1",
        )
        .bind(line.product_id.to_string())
        .bind(i64::from(line.quantity))
        .execute(&mut *conn)
        .await?;
    }
    lines.sort_by_key(|line| line.event_id);
    for line in lines {
        let Some(event) = line.event_id else { continue };
        sqlx::query(
            "UPDATE events SET units_sold = CASE WHEN units_sold >= $2 THEN units_sold - $2 ELSE 0 END \
             WHERE id = $1",
        )
        .bind(event.to_string())
        .bind(i64::from(line.quantity))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Counts `quantity` against the sale's unit limit, if it has room.
pub async fn take_event_units(
    conn: &mut AnyConnection,
    event: EventId,
    quantity: u32,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE events SET units_sold = units_sold + $2 \
         WHERE id = $1 AND (unit_limit IS NULL OR units_sold + $2 <= unit_limit)",
    )
    .bind(event.to_string())
    .bind(i64::from(quantity))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many units each sale may still sell at its price; `None` for no limit.
pub async fn sale_room(
    conn: &mut AnyConnection,
    events: &[EventId],
) -> Result<Vec<(EventId, Option<i64>)>, sqlx::Error> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::default();
    let list = sql.list(events);
    sql.text = format!("SELECT id, unit_limit, units_sold FROM events WHERE id IN ({list})");
    sql.fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            let limit: Option<i64> = row.try_get("unit_limit")?;
            let sold: i64 = row.try_get("units_sold")?;
            Ok((
                parse_id(row.try_get("id")?)?,
                limit.map(|l| (l - sold).max(0)),
            ))
        })
        .collect()
}

/// One use of the coupon, if it has uses left.
pub async fn use_coupon(conn: &mut AnyConnection, coupon: CouponId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE coupons SET used_count = used_count + 1 \
         WHERE id = $1 AND (usage_limit IS NULL OR used_count < usage_limit)",
    )
    .bind(coupon.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A cancelled order's coupon use is given back.
pub async fn release_coupon(conn: &mut AnyConnection, coupon: CouponId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE coupons SET used_count = used_count - 1 WHERE id = $1 AND used_count > 0")
        .bind(coupon.to_string())
        .execute(conn)
        .await?;
    Ok(())
}
