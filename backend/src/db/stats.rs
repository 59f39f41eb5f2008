//! The admin dashboard's figures: a few grouped counts, each answered from one index
//! (see `0008_admin.sql`) rather than by reading every row of the big tables.

use super::parse_enum;
use bazaar_shared::account::{AccountStatus, Role};
use bazaar_shared::catalog::ProductStatus;
use bazaar_shared::order::OrderStatus;
use sqlx::{AnyConnection, Row};

/// How many accounts there are of one role and status, with or without a shop.
pub struct AccountGroup {
    pub role: Role,
    pub status: AccountStatus,
    pub has_shop: bool,
    pub count: i64,
}

pub async fn accounts(conn: &mut AnyConnection) -> Result<Vec<AccountGroup>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.role, u.status, CASE WHEN s.id IS NULL THEN 0 ELSE 1 END AS has_shop, \
         COUNT(*) AS n FROM users u LEFT JOIN shops s ON s.owner_id = u.id GROUP BY 1, 2, 3",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let has_shop: i32 = row.try_get("has_shop")?;
            Ok(AccountGroup {
                role: parse_enum(row.try_get("role")?)?,
                status: parse_enum(row.try_get("status")?)?,
                has_shop: has_shop == 1,
                count: row.try_get("n")?,
            })
        })
        .collect()
}

pub async fn shops(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM shops")
        .fetch_one(conn)
        .await
}

/// How many products there are of one status, hidden or not.
pub struct ProductGroup {
    pub status: ProductStatus,
    pub hidden: bool,
    pub count: i64,
}

pub async fn products(conn: &mut AnyConnection) -> Result<Vec<ProductGroup>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT status, CASE WHEN hidden_at IS NULL THEN 0 ELSE 1 END AS hidden, COUNT(*) AS n \
         FROM products GROUP BY 1, 2",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let hidden: i32 = row.try_get("hidden")?;
            Ok(ProductGroup {
                status: parse_enum(row.try_get("status")?)?,
                hidden: hidden == 1,
                count: row.try_get("n")?,
            })
        })
        .collect()
}

/// The orders of one status: how many, their totals and what their delivery credited.
pub struct OrderGroup {
    pub status: OrderStatus,
    pub count: i64,
    pub total: i64,
    pub credited: i64,
}

/// One group per status present; read from `orders_status_money` alone.
pub async fn orders(conn: &mut AnyConnection) -> Result<Vec<OrderGroup>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT status, COUNT(*) AS n, CAST(COALESCE(SUM(total), 0) AS BIGINT) AS total, \
         CAST(COALESCE(SUM(credited), 0) AS BIGINT) AS credited FROM orders GROUP BY status",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(OrderGroup {
                status: parse_enum(row.try_get("status")?)?,
                count: row.try_get("n")?,
                total: row.try_get("total")?,
                credited: row.try_get("credited")?,
            })
        })
        .collect()
}

/// Withdrawals waiting for a decision: how many, and how much in all.
pub async fn pending_withdrawals(conn: &mut AnyConnection) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS amount \
         FROM withdrawals WHERE status = 'pending'",
    )
    .fetch_one(conn)
    .await?;
    Ok((row.try_get("n")?, row.try_get("amount")?))
}

/// A day's sales: the day (days since the Unix epoch, UTC), its orders and their total.
pub struct DayRow {
    pub day: i64,
    pub orders: i64,
    pub amount: i64,
}

const DAY_MICROS: i64 = 86_400_000_000;

/// Orders placed since `since` (microseconds, a day's start) that are sales (neither
/// cancelled nor still awaiting payment), by UTC day; days without any are left out. Read
/// from `orders_created` alone.
pub async fn sales_by_day(
    conn: &mut AnyConnection,
    since: i64,
) -> Result<Vec<DayRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT created_at / $2 AS day, COUNT(*) AS n, CAST(COALESCE(SUM(total), 0) AS BIGINT) AS amount \
         FROM orders WHERE created_at >= $1 AND status NOT IN ('awaiting_payment', 'cancelled') \
         GROUP BY 1",
    )
    .bind(since)
    .bind(DAY_MICROS)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(DayRow {
                day: row.try_get("day")?,
                orders: row.try_get("n")?,
                amount: row.try_get("amount")?,
            })
        })
        .collect()
}

/// The start of the UTC day `micros` falls in, and that day's number since the epoch.
pub fn day_of(micros: i64) -> i64 {
    micros.div_euclid(DAY_MICROS)
}

pub fn day_start(day: i64) -> i64 {
    day * DAY_MICROS
}
