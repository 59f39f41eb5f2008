//! Shops and their withdraw method.

use super::images::{ImageRecord, image_columns, image_from_row};
use super::sql::Sql;
use super::{parse_enum, parse_id};
use crate::pagination::Cursor;
use bazaar_shared::account::AccountStatus;
use bazaar_shared::admin::{AdminShopQuery, AdminShopSort};
use bazaar_shared::shop::{ShopInput, WithdrawMethodInput};
use bazaar_shared::{ImageId, ShopId, UserId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Clone, Debug)]
pub struct ShopRecord {
    pub id: ShopId,
    pub owner_id: UserId,
    pub name: String,
    pub description: String,
    pub phone: String,
    pub address: String,
    pub postal_code: String,
    pub avatar: Option<ImageRecord>,
    pub created_at: i64,
    pub product_count: i64,
    pub rating_sum: i64,
    pub rating_count: i64,
}

fn from_row(row: &AnyRow) -> Result<ShopRecord, sqlx::Error> {
    Ok(ShopRecord {
        id: parse_id(row.try_get("id")?)?,
        owner_id: parse_id(row.try_get("owner_id")?)?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        phone: row.try_get("phone")?,
        address: row.try_get("address")?,
        postal_code: row.try_get("postal_code")?,
        avatar: image_from_row(row, "avatar")?,
        created_at: row.try_get("created_at")?,
        product_count: row.try_get("product_count")?,
        rating_sum: row.try_get("rating_sum")?,
        rating_count: row.try_get("rating_count")?,
    })
}

pub async fn insert(
    conn: &mut AnyConnection,
    id: ShopId,
    owner: UserId,
    shop: &ShopInput,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO shops (id, owner_id, name, description, phone, address, postal_code, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(id.to_string())
    .bind(owner.to_string())
    .bind(shop.name.trim())
    .bind(shop.description.trim())
    .bind(shop.phone.trim())
    .bind(shop.address.trim())
    .bind(shop.postal_code.trim())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Shops with their public figures, of owners in good standing (a banned account's shop
/// is hidden); the caller adds conditions after `WHERE`.
fn select(conditions: &str) -> String {
    format!(
        "SELECT s.id, s.owner_id, s.name, s.description, s.phone, s.address, s.postal_code, \
         s.created_at, {}, \
         (SELECT COUNT(*) FROM products p WHERE p.shop_id = s.id AND p.status = 'active' \
            AND p.hidden_at IS NULL AND EXISTS (SELECT 1 FROM product_images pi WHERE pi.product_id = p.id)) AS product_count, \
         (SELECT CAST(COALESCE(SUM(p.rating_sum), 0) AS BIGINT) FROM products p WHERE p.shop_id = s.id) AS rating_sum, \
         (SELECT CAST(COALESCE(SUM(p.rating_count), 0) AS BIGINT) FROM products p WHERE p.shop_id = s.id) AS rating_count \
         FROM shops s JOIN users u ON u.id = s.owner_id \
         LEFT JOIN images a ON a.id = s.avatar_id WHERE u.status <> 'banned' AND {conditions}",
        image_columns("a", "avatar")
    )
}

pub async fn find(conn: &mut AnyConnection, id: ShopId) -> Result<Option<ShopRecord>, sqlx::Error> {
    super::find_by_id(conn, select("s.id = $1"), id, from_row).await
}

/// The shop's owner alone, without the figures `find` adds up.
pub async fn owner(conn: &mut AnyConnection, id: ShopId) -> Result<Option<UserId>, sqlx::Error> {
    super::find_by_id(
        conn,
        "SELECT owner_id FROM shops WHERE id = $1".to_owned(),
        id,
        |row| parse_id(row.try_get("owner_id")?),
    )
    .await
}

/// The shop's avatar alone, without the figures `find` adds up.
pub async fn avatar(
    conn: &mut AnyConnection,
    id: ShopId,
) -> Result<Option<ImageRecord>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM shops s JOIN images a ON a.id = s.avatar_id WHERE s.id = $1",
        image_columns("a", "avatar")
    );
    Ok(
        super::find_by_id(conn, sql, id, |row| image_from_row(row, "avatar"))
            .await?
            .flatten(),
    )
}

/// One page of shops, newest first, after the (created_at, id) of the previous page's last.
pub async fn list(
    conn: &mut AnyConnection,
    after: Option<(i64, ShopId)>,
    limit: i64,
) -> Result<Vec<ShopRecord>, sqlx::Error> {
    let (created_at, id) = after.map_or((i64::MAX, String::new()), |(at, id)| (at, id.to_string()));
    let sql = select(
        "(s.created_at < $1 OR (s.created_at = $1 AND s.id < $2)) ORDER BY s.created_at DESC, s.id DESC LIMIT $3",
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(created_at)
        .bind(id)
        .bind(limit + 1)
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// A shop as admins list it, whatever its owner's standing.
#[derive(Clone, Debug)]
pub struct AdminShopRow {
    pub id: ShopId,
    pub name: String,
    pub avatar: Option<ImageRecord>,
    pub owner_id: UserId,
    pub owner_name: String,
    pub owner_email: String,
    pub owner_status: AccountStatus,
    /// Every product, archived and hidden ones too.
    pub product_count: i64,
    pub rating_sum: i64,
    pub rating_count: i64,
    pub balance: i64,
    pub created_at: i64,
    pub sort_key: i64,
}

/// A page of every shop, banned owners' too, for admins; `limit + 1` fetched.
pub async fn admin_list(
    conn: &mut AnyConnection,
    query: &AdminShopQuery,
    after: Option<Cursor<ShopId>>,
    limit: i64,
) -> Result<Vec<AdminShopRow>, sqlx::Error> {
    let (key, descending) = match query.sort.unwrap_or_default() {
        AdminShopSort::Newest => ("s.created_at", true),
        AdminShopSort::Oldest => ("s.created_at", false),
        AdminShopSort::Balance => ("s.balance", true),
    };
    let mut sql = Sql::default();
    let mut conditions = vec!["1 = 1".to_owned()];
    if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
        conditions.push(sql.contains(&["s.name"], q));
    }
    match query.banned {
        Some(true) => conditions.push("u.status = 'banned'".to_owned()),
        Some(false) => conditions.push("u.status <> 'banned'".to_owned()),
        None => {}
    }
    let mut text = format!(
        "SELECT s.id, s.name, s.balance, s.created_at, {key} AS sort_key, {avatar}, \
         u.id AS owner_id, u.name AS owner_name, u.email AS owner_email, u.status AS owner_status, \
         (SELECT COUNT(*) FROM products p WHERE p.shop_id = s.id) AS product_count, \
         (SELECT CAST(COALESCE(SUM(p.rating_sum), 0) AS BIGINT) FROM products p WHERE p.shop_id = s.id) AS rating_sum, \
         (SELECT CAST(COALESCE(SUM(p.rating_count), 0) AS BIGINT) FROM products p WHERE p.shop_id = s.id) AS rating_count \
         FROM shops s JOIN users u ON u.id = s.owner_id LEFT JOIN images a ON a.id = s.avatar_id \
         WHERE {}",
        conditions.join(" AND "),
        avatar = image_columns("a", "avatar"),
    );
    text += &sql.keyset(key, descending, "s.id", after, limit);
    sql.text = text;
    sql.fetch_all(conn)
        .await?
        .iter()
        .map(|row| {
            Ok(AdminShopRow {
                id: parse_id(row.try_get("id")?)?,
                name: row.try_get("name")?,
                avatar: image_from_row(row, "avatar")?,
                owner_id: parse_id(row.try_get("owner_id")?)?,
                owner_name: row.try_get("owner_name")?,
                owner_email: row.try_get("owner_email")?,
                owner_status: parse_enum(row.try_get("owner_status")?)?,
                product_count: row.try_get("product_count")?,
                rating_sum: row.try_get("rating_sum")?,
                rating_count: row.try_get("rating_count")?,
                balance: row.try_get("balance")?,
                created_at: row.try_get("created_at")?,
                sort_key: row.try_get("sort_key")?,
            })
        })
        .collect()
}

pub async fn update(
    conn: &mut AnyConnection,
    shop: &ShopRecord,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE shops SET name = $1, description = $2, phone = $3, address = $4, postal_code = $5, \
         updated_at = $6 WHERE id = $7",
    )
    .bind(shop.name.trim())
    .bind(shop.description.trim())
    .bind(shop.phone.trim())
    .bind(shop.address.trim())
    .bind(shop.postal_code.trim())
    .bind(now)
    .bind(shop.id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_avatar(
    conn: &mut AnyConnection,
    id: ShopId,
    image: Option<ImageId>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE shops SET avatar_id = $1, updated_at = $2 WHERE id = $3")
        .bind(image.map(|i| i.to_string()))
        .bind(now)
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// The stored withdraw method, account number in full: mask it before it leaves the server.
pub async fn withdraw_method(
    conn: &mut AnyConnection,
    shop: ShopId,
) -> Result<Option<WithdrawMethodInput>, sqlx::Error> {
    let row = sqlx::query("SELECT * FROM withdraw_methods WHERE shop_id = $1")
        .bind(shop.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(WithdrawMethodInput {
            bank_name: row.try_get("bank_name")?,
            bank_country: row.try_get("bank_country")?,
            swift_code: row.try_get("swift_code")?,
            account_number: row.try_get("account_number")?,
            holder_name: row.try_get("holder_name")?,
            bank_address: row.try_get("bank_address")?,
        })
    })
    .transpose()
}

pub async fn save_withdraw_method(
    conn: &mut AnyConnection,
    shop: ShopId,
    method: &WithdrawMethodInput,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO withdraw_methods \
           (shop_id, bank_name, bank_country, swift_code, account_number, holder_name, bank_address, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (shop_id) DO UPDATE SET bank_name = excluded.bank_name, \
           bank_country = excluded.bank_country, swift_code = excluded.swift_code, \
           account_number = excluded.account_number, holder_name = excluded.holder_name, \
           bank_address = excluded.bank_address, updated_at = excluded.updated_at",
    )
    .bind(shop.to_string())
    .bind(method.bank_name.trim())
    .bind(method.bank_country.trim())
    .bind(method.swift_code.trim().to_uppercase())
    .bind(bazaar_shared::shop::compact_account_number(&method.account_number))
    .bind(method.holder_name.trim())
    .bind(method.bank_address.trim())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_withdraw_method(
    conn: &mut AnyConnection,
    shop: ShopId,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM withdraw_methods WHERE shop_id = $1")
        .bind(shop.to_string())
        .execute(conn)
        .await?;
    Ok(result.rows_affected() == 1)
}
