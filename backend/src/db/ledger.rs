//! Shops' ledgers: every credit and debit, and the running balance kept beside them.

use super::sql::{Arg, Sql};
use super::{parse_enum, parse_id};
use crate::pagination::Cursor;
use bazaar_shared::payout::LedgerKind;
use bazaar_shared::{LedgerEntryId, OrderId, ShopId, WithdrawalId};
use sqlx::{AnyConnection, Row};

#[derive(Clone, Debug)]
pub struct EntryRecord {
    pub id: LedgerEntryId,
    pub shop_id: ShopId,
    pub kind: LedgerKind,
    /// Credits positive, debits and holds negative.
    pub amount: i64,
    pub order_id: Option<OrderId>,
    pub withdrawal_id: Option<WithdrawalId>,
    pub created_at: i64,
}

/// Adds the entry and moves the shop's balance by its amount.
pub async fn post(conn: &mut AnyConnection, entry: &EntryRecord) -> Result<(), sqlx::Error> {
    insert(conn, entry).await?;
    sqlx::query("UPDATE shops SET balance = balance + $2 WHERE id = $1")
        .bind(entry.shop_id.to_string())
        .bind(entry.amount)
        .execute(conn)
        .await?;
    Ok(())
}

/// Holds `-entry.amount` of the balance for a withdrawal, if the balance covers it: the
/// guarded update is what keeps racing withdrawals from taking the balance below zero.
pub async fn post_hold(conn: &mut AnyConnection, entry: &EntryRecord) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE shops SET balance = balance + $2 WHERE id = $1 AND balance + $2 >= 0")
            .bind(entry.shop_id.to_string())
            .bind(entry.amount)
            .execute(&mut *conn)
            .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    insert(conn, entry).await?;
    Ok(true)
}

async fn insert(conn: &mut AnyConnection, e: &EntryRecord) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO ledger_entries (id, shop_id, kind, amount, order_id, withdrawal_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.id.to_string())
    .bind(e.shop_id.to_string())
    .bind(e.kind.as_str())
    .bind(e.amount)
    .bind(e.order_id.map(|id| id.to_string()))
    .bind(e.withdrawal_id.map(|id| id.to_string()))
    .bind(e.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub struct Totals {
    pub available: i64,
    pub pending_withdrawals: i64,
    pub lifetime_earnings: i64,
}

pub async fn totals(conn: &mut AnyConnection, shop: ShopId) -> Result<Totals, sqlx::Error> {
    let row = sqlx::query(
        "SELECT s.balance, \
         (SELECT CAST(COALESCE(SUM(w.amount), 0) AS BIGINT) FROM withdrawals w \
          WHERE w.shop_id = s.id AND w.status = 'pending') AS pending, \
         (SELECT CAST(COALESCE(SUM(l.amount), 0) AS BIGINT) FROM ledger_entries l \
          WHERE l.shop_id = s.id AND l.kind IN ('order_credit', 'refund_debit')) AS earned \
         FROM shops s WHERE s.id = $1",
    )
    .bind(shop.to_string())
    .fetch_one(conn)
    .await?;
    Ok(Totals {
        available: row.try_get("balance")?,
        pending_withdrawals: row.try_get("pending")?,
        lifetime_earnings: row.try_get("earned")?,
    })
}

/// The shop's entries, newest first; `limit + 1` fetched.
pub async fn list(
    conn: &mut AnyConnection,
    shop: ShopId,
    after: Option<Cursor<LedgerEntryId>>,
    limit: i64,
) -> Result<Vec<EntryRecord>, sqlx::Error> {
    let mut sql = Sql::default();
    let shop_arg = sql.arg(Arg::Text(shop.to_string()));
    let mut text = format!(
        "SELECT id, shop_id, kind, amount, order_id, withdrawal_id, created_at FROM ledger_entries \
         WHERE shop_id = {shop_arg}"
    );
    text += &sql.newest_first("created_at", "id", after, limit);
    sql.text = text;
    sql.fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            let optional =
                |column: &str| -> Result<Option<String>, sqlx::Error> { row.try_get(column) };
            Ok(EntryRecord {
                id: parse_id(row.try_get("id")?)?,
                shop_id: parse_id(row.try_get("shop_id")?)?,
                kind: parse_enum(row.try_get("kind")?)?,
                amount: row.try_get("amount")?,
                order_id: optional("order_id")?.map(|id| parse_id(&id)).transpose()?,
                withdrawal_id: optional("withdrawal_id")?
                    .map(|id| parse_id(&id))
                    .transpose()?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}
