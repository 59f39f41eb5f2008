//! Cart lines of signed-in accounts.

use super::parse_id;
use bazaar_shared::{ProductId, UserId};
use sqlx::{AnyConnection, Row};

/// The account's lines, oldest first.
pub async fn lines(
    conn: &mut AnyConnection,
    user: UserId,
) -> Result<Vec<(ProductId, u32)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT product_id, quantity FROM cart_items WHERE user_id = $1 ORDER BY added_at, product_id",
    )
    .bind(user.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let quantity: i64 = row.try_get("quantity")?;
            Ok((
                parse_id(row.try_get("product_id")?)?,
                u32::try_from(quantity).unwrap_or(0),
            ))
        })
        .collect()
}

/// Sets the line's quantity, adding the line if it is new.
pub async fn set(
    conn: &mut AnyConnection,
    user: UserId,
    product: ProductId,
    quantity: u32,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO cart_items (user_id, product_id, quantity, added_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = excluded.quantity",
    )
    .bind(user.to_string())
    .bind(product.to_string())
    .bind(i64::from(quantity))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The bought lines, in one statement however many.
pub async fn remove_all(
    conn: &mut AnyConnection,
    user: UserId,
    products: &[ProductId],
) -> Result<(), sqlx::Error> {
    let mut sql = super::sql::Sql::default();
    let user = sql.arg(super::sql::Arg::Text(user.to_string()));
    let list = sql.list(products);
    sql.text = format!("DELETE FROM cart_items WHERE user_id = {user} AND product_id IN ({list})");
    sql.execute(conn).await?;
    Ok(())
}

pub async fn remove(
    conn: &mut AnyConnection,
    user: UserId,
    product: ProductId,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cart_items WHERE user_id = $1 AND product_id = $2")
        .bind(user.to_string())
        .bind(product.to_string())
        .execute(conn)
        .await?;
    Ok(())
}
