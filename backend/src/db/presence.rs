//! Who has a websocket open: per account, how many instances hold one, and when an
//! instance last vouched for it.

use super::sql::{Arg, Sql};
use bazaar_shared::UserId;
use sqlx::AnyConnection;

/// An instance got its first websocket of the account.
pub async fn connected(
    conn: &mut AnyConnection,
    user: UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO presence (user_id, instances, last_seen) VALUES ($1, 1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET instances = presence.instances + 1, last_seen = $2",
    )
    .bind(user.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// An instance closed its last websocket of the account; returns how many instances still
/// hold one.
pub async fn disconnected(
    conn: &mut AnyConnection,
    user: UserId,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let left: Option<i64> = sqlx::query_scalar(
        "UPDATE presence SET instances = CASE WHEN instances > 0 THEN instances - 1 ELSE 0 END, \
         last_seen = $2 WHERE user_id = $1 RETURNING instances",
    )
    .bind(user.to_string())
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(left.unwrap_or(0))
}

/// The instance still holds websockets of these accounts.
pub async fn refresh(
    conn: &mut AnyConnection,
    users: &[UserId],
    now: i64,
) -> Result<(), sqlx::Error> {
    // Bounded statements: a busy instance holds thousands of accounts.
    for chunk in users.chunks(500) {
        let mut sql = Sql::default();
        let now = sql.arg(Arg::Int(now));
        let list = sql.list(chunk);
        sql.text = format!("UPDATE presence SET last_seen = {now} WHERE user_id IN ({list})");
        sql.execute(&mut *conn).await?;
    }
    Ok(())
}
