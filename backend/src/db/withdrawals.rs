//! Shops' withdrawal requests and admins' decisions on them.

use super::sql::{Arg, Sql};
use super::{parse_enum, parse_id};
use crate::pagination::Cursor;
use bazaar_shared::payout::WithdrawalStatus;
use bazaar_shared::{ShopId, UserId, WithdrawalId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Clone, Debug)]
pub struct WithdrawalRecord {
    pub id: WithdrawalId,
    pub shop_id: ShopId,
    pub amount: i64,
    pub status: WithdrawalStatus,
    pub note: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

const COLUMNS: &str = "id, shop_id, amount, status, note, created_at, decided_at";

fn from_row(row: &AnyRow) -> Result<WithdrawalRecord, sqlx::Error> {
    Ok(WithdrawalRecord {
        id: parse_id(row.try_get("id")?)?,
        shop_id: parse_id(row.try_get("shop_id")?)?,
        amount: row.try_get("amount")?,
        status: parse_enum(row.try_get("status")?)?,
        note: row.try_get("note")?,
        created_at: row.try_get("created_at")?,
        decided_at: row.try_get("decided_at")?,
    })
}

pub async fn insert(conn: &mut AnyConnection, w: &WithdrawalRecord) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO withdrawals (id, shop_id, amount, status, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(w.id.to_string())
    .bind(w.shop_id.to_string())
    .bind(w.amount)
    .bind(w.status.as_str())
    .bind(w.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(
    conn: &mut AnyConnection,
    id: WithdrawalId,
) -> Result<Option<WithdrawalRecord>, sqlx::Error> {
    super::find_by_id(
        conn,
        format!("SELECT {COLUMNS} FROM withdrawals WHERE id = $1"),
        id,
        from_row,
    )
    .await
}

/// Decides a pending withdrawal, once: false when it was decided already.
pub async fn decide(
    conn: &mut AnyConnection,
    id: WithdrawalId,
    status: WithdrawalStatus,
    note: Option<&str>,
    admin: UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE withdrawals SET status = $2, note = $3, decided_by = $4, decided_at = $5 \
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(id.to_string())
    .bind(status.as_str())
    .bind(note)
    .bind(admin.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Withdrawals of one shop, or of every shop (for admins), optionally of one status;
/// newest first, `limit + 1` fetched.
pub async fn list(
    conn: &mut AnyConnection,
    shop: Option<ShopId>,
    status: Option<WithdrawalStatus>,
    after: Option<Cursor<WithdrawalId>>,
    limit: i64,
) -> Result<Vec<WithdrawalRecord>, sqlx::Error> {
    let mut sql = Sql::default();
    let mut text = format!("SELECT {COLUMNS} FROM withdrawals WHERE 1 = 1");
    if let Some(shop) = shop {
        text += &format!(" AND shop_id = {}", sql.arg(Arg::Text(shop.to_string())));
    }
    if let Some(status) = status {
        text += &format!(
            " AND status = {}",
            sql.arg(Arg::Text(status.as_str().into()))
        );
    }
    text += &sql.newest_first("created_at", "id", after, limit);
    sql.text = text;
    sql.fetch_all(conn).await?.iter().map(from_row).collect()
}
