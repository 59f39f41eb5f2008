//! Shops' withdrawal requests and admins' decisions on them.

use super::sql::{Arg, Sql};
use super::{parse_enum, parse_id};
use crate::pagination::Cursor;
use bazaar_shared::admin::{AdminWithdrawalQuery, AdminWithdrawalSort};
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

/// The shop's withdrawals, newest first; `limit + 1` fetched.
pub async fn of_shop(
    conn: &mut AnyConnection,
    shop: ShopId,
    after: Option<Cursor<WithdrawalId>>,
    limit: i64,
) -> Result<Vec<WithdrawalRecord>, sqlx::Error> {
    let mut sql = Sql::default();
    let shop = sql.arg(Arg::Text(shop.to_string()));
    let mut text = format!("SELECT {COLUMNS} FROM withdrawals WHERE shop_id = {shop}");
    text += &sql.newest_first("created_at", "id", after, limit);
    sql.text = text;
    sql.fetch_all(conn).await?.iter().map(from_row).collect()
}

/// A withdrawal as admins list it: with its shop's name and the admin who decided it.
#[derive(Clone, Debug)]
pub struct AdminWithdrawalRow {
    pub withdrawal: WithdrawalRecord,
    pub shop_name: String,
    /// The deciding admin's id, name and e-mail address.
    pub decided_by: Option<(UserId, String, String)>,
    pub sort_key: i64,
}

/// Every shop's withdrawals, for admins; `limit + 1` fetched.
pub async fn admin_list(
    conn: &mut AnyConnection,
    query: &AdminWithdrawalQuery,
    after: Option<Cursor<WithdrawalId>>,
    limit: i64,
) -> Result<Vec<AdminWithdrawalRow>, sqlx::Error> {
    let (key, descending) = match query.sort.unwrap_or_default() {
        AdminWithdrawalSort::Newest => ("w.created_at", true),
        AdminWithdrawalSort::Oldest => ("w.created_at", false),
        AdminWithdrawalSort::AmountDesc => ("w.amount", true),
    };
    let mut sql = Sql::default();
    let mut text = format!(
        "SELECT w.id, w.shop_id, w.amount, w.status, w.note, w.created_at, w.decided_at, \
         {key} AS sort_key, s.name AS shop_name, w.decided_by, a.name AS admin_name, \
         a.email AS admin_email FROM withdrawals w JOIN shops s ON s.id = w.shop_id \
         LEFT JOIN users a ON a.id = w.decided_by WHERE 1 = 1"
    );
    if let Some(shop) = query.shop_id {
        text += &format!(" AND w.shop_id = {}", sql.arg(Arg::Text(shop.to_string())));
    }
    if let Some(status) = query.status {
        text += &format!(
            " AND w.status = {}",
            sql.arg(Arg::Text(status.as_str().into()))
        );
    }
    text += &sql.keyset(key, descending, "w.id", after, limit);
    sql.text = text;
    sql.fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            let decided_by = match row.try_get::<Option<String>, _>("decided_by")? {
                Some(id) => Some((
                    parse_id(&id)?,
                    row.try_get("admin_name")?,
                    row.try_get("admin_email")?,
                )),
                None => None,
            };
            Ok(AdminWithdrawalRow {
                withdrawal: from_row(row)?,
                shop_name: row.try_get("shop_name")?,
                decided_by,
                sort_key: row.try_get("sort_key")?,
            })
        })
        .collect()
}
