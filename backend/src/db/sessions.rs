//! Sign-in sessions: a JWT names one, and deleting the row revokes it everywhere.

use super::{parse_enum, parse_id};
use bazaar_shared::account::Role;
use bazaar_shared::{ShopId, UserId};
use sqlx::{AnyConnection, Row};
use uuid::Uuid;

pub async fn insert(
    conn: &mut AnyConnection,
    id: Uuid,
    user: UserId,
    user_agent: &str,
    expires_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id, user_id, user_agent, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id.to_string())
    .bind(user.to_string())
    .bind(user_agent)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Who a live session belongs to.
#[derive(Clone, Debug)]
pub struct Principal {
    pub session_id: Uuid,
    pub user_id: UserId,
    pub is_admin: bool,
    pub shop_id: Option<ShopId>,
}

impl Principal {
    /// Whether this account may change what `shop` sells: the shop's own, or an admin.
    pub fn may_manage(&self, shop: ShopId) -> bool {
        self.is_admin || self.shop_id == Some(shop)
    }
}

/// The session's account, if the session is unexpired and the account active.
pub async fn find_principal(
    conn: &mut AnyConnection,
    session: Uuid,
    now: i64,
) -> Result<Option<Principal>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT u.id AS user_id, u.role, sh.id AS shop_id FROM sessions s \
         JOIN users u ON u.id = s.user_id LEFT JOIN shops sh ON sh.owner_id = u.id \
         WHERE s.id = $1 AND s.expires_at > $2 AND u.status = 'active'",
    )
    .bind(session.to_string())
    .bind(now)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(Principal {
            session_id: session,
            user_id: parse_id(row.try_get("user_id")?)?,
            is_admin: parse_enum::<Role>(row.try_get("role")?)? == Role::Admin,
            shop_id: row
                .try_get::<Option<String>, _>("shop_id")?
                .map(|id| parse_id(&id))
                .transpose()?,
        })
    })
    .transpose()
}

pub async fn delete(conn: &mut AnyConnection, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of the account but `keep` (the one that changed the password).
pub async fn delete_all_but(
    conn: &mut AnyConnection,
    user: UserId,
    keep: Option<Uuid>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user.to_string())
        .bind(keep.map(|k| k.to_string()).unwrap_or_default())
        .execute(conn)
        .await?;
    Ok(())
}
