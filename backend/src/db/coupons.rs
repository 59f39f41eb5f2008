//! Shops' coupons. Codes are stored upper-case: unique whatever the case.

use super::parse_id;
use bazaar_shared::{CouponId, ProductId, ShopId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Clone, Debug)]
pub struct CouponRecord {
    pub id: CouponId,
    pub shop_id: ShopId,
    pub code: String,
    pub percent_off: i64,
    pub min_subtotal: i64,
    pub max_discount: Option<i64>,
    pub product_id: Option<ProductId>,
    pub expires_at: Option<i64>,
    pub usage_limit: Option<i64>,
    pub used_count: i64,
    pub created_at: i64,
}

const COLUMNS: &str = "c.id, c.shop_id, c.code, c.percent_off, c.min_subtotal, c.max_discount, c.product_id, \
                       c.expires_at, c.usage_limit, c.used_count, c.created_at";

fn from_row(row: &AnyRow) -> Result<CouponRecord, sqlx::Error> {
    Ok(CouponRecord {
        id: parse_id(row.try_get("id")?)?,
        shop_id: parse_id(row.try_get("shop_id")?)?,
        code: row.try_get("code")?,
        percent_off: row.try_get("percent_off")?,
        min_subtotal: row.try_get("min_subtotal")?,
        max_discount: row.try_get("max_discount")?,
        product_id: row
            .try_get::<Option<String>, _>("product_id")?
            .map(|id| parse_id(&id))
            .transpose()?,
        expires_at: row.try_get("expires_at")?,
        usage_limit: row.try_get("usage_limit")?,
        used_count: row.try_get("used_count")?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn insert(
    conn: &mut AnyConnection,
    coupon: &CouponRecord,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO coupons (id, shop_id, code, percent_off, min_subtotal, max_discount, product_id, \
         expires_at, usage_limit, used_count, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10)",
    )
    .bind(coupon.id.to_string())
    .bind(coupon.shop_id.to_string())
    .bind(&coupon.code)
    .bind(coupon.percent_off)
    .bind(coupon.min_subtotal)
    .bind(coupon.max_discount)
    .bind(coupon.product_id.map(|p| p.to_string()))
    .bind(coupon.expires_at)
    .bind(coupon.usage_limit)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(
    conn: &mut AnyConnection,
    id: CouponId,
) -> Result<Option<CouponRecord>, sqlx::Error> {
    super::find_by_id(
        conn,
        format!("SELECT {COLUMNS} FROM coupons c WHERE c.id = $1"),
        id,
        from_row,
    )
    .await
}

/// The coupon with this (normalised) code, unless its shop's owner is banned.
pub async fn find_by_code(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<CouponRecord>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM coupons c JOIN shops s ON s.id = c.shop_id JOIN users o ON o.id = s.owner_id \
         WHERE c.code = $1 AND o.status <> 'banned'"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code)
        .fetch_optional(conn)
        .await?
        .map(|row| from_row(&row))
        .transpose()
}

pub async fn of_shop(
    conn: &mut AnyConnection,
    shop: ShopId,
) -> Result<Vec<CouponRecord>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM coupons c WHERE c.shop_id = $1 ORDER BY c.created_at DESC, c.id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(shop.to_string())
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn delete(conn: &mut AnyConnection, id: CouponId) -> Result<(), sqlx::Error> {
    super::delete_by_id(conn, "DELETE FROM coupons WHERE id = $1", id).await
}
