//! A checkout (one payment for one or more shops' orders), its idempotency key and the
//! provider events already handled for it.

use super::{parse_enum, parse_id};
use bazaar_shared::order::PaymentMethod;
use bazaar_shared::{CheckoutId, UserId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Clone, Debug)]
pub struct CheckoutRecord {
    pub id: CheckoutId,
    pub buyer_id: UserId,
    pub payment_method: PaymentMethod,
    pub total: i64,
    pub currency: String,
    pub provider_ref: Option<String>,
    pub client_secret: Option<String>,
    pub approve_url: Option<String>,
    pub capture_id: Option<String>,
    pub paid_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub created_at: i64,
}

pub async fn insert_checkout(
    conn: &mut AnyConnection,
    c: &CheckoutRecord,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO checkouts (id, buyer_id, payment_method, total, currency, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(c.id.to_string())
    .bind(c.buyer_id.to_string())
    .bind(c.payment_method.as_str())
    .bind(c.total)
    .bind(&c.currency)
    .bind(c.expires_at)
    .bind(c.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

const CHECKOUT_COLUMNS: &str = "id, buyer_id, payment_method, total, currency, provider_ref, \
    client_secret, approve_url, capture_id, paid_at, expires_at, created_at";

fn checkout_from_row(row: &AnyRow) -> Result<CheckoutRecord, sqlx::Error> {
    Ok(CheckoutRecord {
        id: parse_id(row.try_get("id")?)?,
        buyer_id: parse_id(row.try_get("buyer_id")?)?,
        payment_method: parse_enum(row.try_get("payment_method")?)?,
        total: row.try_get("total")?,
        currency: row.try_get("currency")?,
        provider_ref: row.try_get("provider_ref")?,
        client_secret: row.try_get("client_secret")?,
        approve_url: row.try_get("approve_url")?,
        capture_id: row.try_get("capture_id")?,
        paid_at: row.try_get("paid_at")?,
        expires_at: row.try_get("expires_at")?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn find_checkout(
    conn: &mut AnyConnection,
    id: CheckoutId,
) -> Result<Option<CheckoutRecord>, sqlx::Error> {
    super::find_by_id(
        conn,
        format!("SELECT {CHECKOUT_COLUMNS} FROM checkouts WHERE id = $1"),
        id,
        checkout_from_row,
    )
    .await
}

/// The checkout paid through this Stripe PaymentIntent or PayPal order.
pub async fn checkout_by_provider_ref(
    conn: &mut AnyConnection,
    provider_ref: &str,
) -> Result<Option<CheckoutRecord>, sqlx::Error> {
    super::find_by_id(
        conn,
        format!("SELECT {CHECKOUT_COLUMNS} FROM checkouts WHERE provider_ref = $1"),
        provider_ref,
        checkout_from_row,
    )
    .await
}

/// Records the provider's payment once it exists.
pub async fn set_provider_payment(
    conn: &mut AnyConnection,
    id: CheckoutId,
    provider_ref: &str,
    client_secret: Option<&str>,
    approve_url: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE checkouts SET provider_ref = $2, client_secret = $3, approve_url = $4 WHERE id = $1",
    )
    .bind(id.to_string())
    .bind(provider_ref)
    .bind(client_secret)
    .bind(approve_url)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks the checkout paid, once: false when it already was.
pub async fn mark_checkout_paid(
    conn: &mut AnyConnection,
    id: CheckoutId,
    capture_id: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE checkouts SET paid_at = $2, capture_id = COALESCE($3, capture_id) \
         WHERE id = $1 AND paid_at IS NULL",
    )
    .bind(id.to_string())
    .bind(now)
    .bind(capture_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the key for this account's checkout: false when the key was used before.
pub async fn claim_idempotency_key(
    conn: &mut AnyConnection,
    user: UserId,
    key: &str,
    request_hash: &str,
    checkout: CheckoutId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO idempotency_keys (user_id, key, request_hash, checkout_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, key) DO NOTHING",
    )
    .bind(user.to_string())
    .bind(key)
    .bind(request_hash)
    .bind(checkout.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The request hash and checkout a key was first used for.
pub async fn idempotency_key(
    conn: &mut AnyConnection,
    user: UserId,
    key: &str,
) -> Result<Option<(String, CheckoutId)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT request_hash, checkout_id FROM idempotency_keys WHERE user_id = $1 AND key = $2",
    )
    .bind(user.to_string())
    .bind(key)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("request_hash")?,
            parse_id(r.try_get("checkout_id")?)?,
        ))
    })
    .transpose()
}

/// Notes a provider's event as handled: false when it was already.
pub async fn record_payment_event(
    conn: &mut AnyConnection,
    provider: &str,
    event_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO payment_events (provider, event_id, received_at) VALUES ($1, $2, $3) \
         ON CONFLICT (provider, event_id) DO NOTHING",
    )
    .bind(provider)
    .bind(event_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
