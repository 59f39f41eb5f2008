//! An account's addresses. Which one is the default is kept on the account.

use super::{parse_enum, parse_id};
use bazaar_shared::account::Address;
use bazaar_shared::{AddressId, UserId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

const COLUMNS: &str = "a.id, a.label, a.country, a.city, a.line1, a.line2, a.postal_code, \
                       (CASE WHEN u.default_address_id = a.id THEN 1 ELSE 0 END) AS is_default";

fn from_row(row: &AnyRow) -> Result<Address, sqlx::Error> {
    Ok(Address {
        id: parse_id(row.try_get("id")?)?,
        label: parse_enum(row.try_get("label")?)?,
        country: row.try_get("country")?,
        city: row.try_get("city")?,
        line1: row.try_get("line1")?,
        line2: row.try_get("line2")?,
        postal_code: row.try_get("postal_code")?,
        is_default: row.try_get::<i64, _>("is_default")? == 1,
    })
}

pub async fn list(conn: &mut AnyConnection, user: UserId) -> Result<Vec<Address>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM addresses a JOIN users u ON u.id = a.user_id \
         WHERE a.user_id = $1 ORDER BY a.created_at, a.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user.to_string())
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The address, if it is this account's.
pub async fn find(
    conn: &mut AnyConnection,
    user: UserId,
    id: AddressId,
) -> Result<Option<Address>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM addresses a JOIN users u ON u.id = a.user_id \
         WHERE a.id = $1 AND a.user_id = $2"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .bind(user.to_string())
        .fetch_optional(conn)
        .await?
        .map(|row| from_row(&row))
        .transpose()
}

/// Inserts or overwrites (by id) the address's fields.
pub async fn save(
    conn: &mut AnyConnection,
    user: UserId,
    address: &Address,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO addresses (id, user_id, label, country, city, line1, line2, postal_code, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (id) DO UPDATE SET label = excluded.label, country = excluded.country, \
           city = excluded.city, line1 = excluded.line1, line2 = excluded.line2, \
           postal_code = excluded.postal_code",
    )
    .bind(address.id.to_string())
    .bind(user.to_string())
    .bind(address.label.as_str())
    .bind(address.country.trim())
    .bind(address.city.trim())
    .bind(address.line1.trim())
    .bind(address.line2.trim())
    .bind(address.postal_code.trim())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete(
    conn: &mut AnyConnection,
    user: UserId,
    id: AddressId,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM addresses WHERE id = $1 AND user_id = $2")
        .bind(id.to_string())
        .bind(user.to_string())
        .execute(conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// The oldest remaining address, to become the default when the default one is deleted.
pub async fn oldest(
    conn: &mut AnyConnection,
    user: UserId,
) -> Result<Option<AddressId>, sqlx::Error> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT id FROM addresses WHERE user_id = $1 ORDER BY created_at, id LIMIT 1",
    )
    .bind(user.to_string())
    .fetch_optional(conn)
    .await?;
    id.map(|id| parse_id(&id)).transpose()
}
