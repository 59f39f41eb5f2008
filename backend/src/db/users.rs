//! Accounts.

use super::images::{ImageRecord, image_columns, image_from_row};
use super::sql::{Arg, Sql};
use super::{parse_enum, parse_id};
use crate::pagination::Cursor;
use bazaar_shared::account::{AccountStatus, Role};
use bazaar_shared::admin::{AdminUserQuery, AdminUserSort};
use bazaar_shared::{AddressId, ImageId, ShopId, UserId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub struct NewUser<'a> {
    pub id: UserId,
    /// Already normalised (lower-cased): the unique index does the rest.
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub is_admin: bool,
    pub status: AccountStatus,
}

pub async fn insert(
    conn: &mut AnyConnection,
    user: &NewUser<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, email, name, password_hash, role, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(user.id.to_string())
    .bind(user.email)
    .bind(user.name.trim())
    .bind(user.password_hash)
    .bind(
        if user.is_admin {
            Role::Admin
        } else {
            Role::Buyer
        }
        .as_str(),
    )
    .bind(user.status.as_str())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets the never-activated account at this address (with its shop and links), so that
/// a new sign-up takes its place; false when there was none.
pub async fn delete_pending(conn: &mut AnyConnection, email: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM users WHERE email = $1 AND status = 'pending'")
        .bind(email)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// What login needs to decide.
pub struct Credentials {
    pub id: UserId,
    pub password_hash: String,
    pub status: AccountStatus,
}

pub async fn find_credentials(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query("SELECT id, password_hash, status FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(Credentials {
            id: parse_id(row.try_get("id")?)?,
            password_hash: row.try_get("password_hash")?,
            status: parse_enum(row.try_get("status")?)?,
        })
    })
    .transpose()
}

pub async fn password_hash(conn: &mut AnyConnection, id: UserId) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(conn)
        .await
}

/// An account with what every view of it shows.
#[derive(Clone, Debug)]
pub struct UserView {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub is_admin: bool,
    pub status: AccountStatus,
    pub avatar: Option<ImageRecord>,
    pub shop_id: Option<ShopId>,
    pub shop_name: Option<String>,
    pub default_address_id: Option<AddressId>,
    /// Since when and why the account is banned.
    pub ban: Option<(i64, String)>,
    pub created_at: i64,
}

fn view_from_row(row: &AnyRow) -> Result<UserView, sqlx::Error> {
    Ok(UserView {
        id: parse_id(row.try_get("id")?)?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        phone: row.try_get("phone")?,
        is_admin: parse_enum::<Role>(row.try_get("role")?)? == Role::Admin,
        status: parse_enum(row.try_get("status")?)?,
        avatar: image_from_row(row, "avatar")?,
        shop_id: row
            .try_get::<Option<String>, _>("shop_id")?
            .map(|id| parse_id(&id))
            .transpose()?,
        shop_name: row.try_get("shop_name")?,
        default_address_id: row
            .try_get::<Option<String>, _>("default_address_id")?
            .map(|id| parse_id(&id))
            .transpose()?,
        ban: row
            .try_get::<Option<i64>, _>("banned_at")?
            .map(|at| Ok::<_, sqlx::Error>((at, row.try_get("ban_reason")?)))
            .transpose()?,
        created_at: row.try_get("created_at")?,
    })
}

/// An account's view with its shop's name: `view_from_row` reads the rest.
fn select_view(conditions: &str) -> String {
    format!(
        "SELECT u.id, u.email, u.name, u.phone, u.role, u.status, u.default_address_id, u.created_at, \
         u.banned_at, u.ban_reason, s.id AS shop_id, s.name AS shop_name, {} \
         FROM users u LEFT JOIN images a ON a.id = u.avatar_id LEFT JOIN shops s ON s.owner_id = u.id \
         WHERE {conditions}",
        image_columns("a", "avatar")
    )
}

pub async fn find_view(
    conn: &mut AnyConnection,
    id: UserId,
) -> Result<Option<UserView>, sqlx::Error> {
    super::find_by_id(conn, select_view("u.id = $1"), id, view_from_row).await
}

/// The account that owns the shop.
pub async fn shop_owner(
    conn: &mut AnyConnection,
    shop: ShopId,
) -> Result<Option<UserView>, sqlx::Error> {
    super::find_by_id(conn, select_view("s.id = $1"), shop, view_from_row).await
}

/// A page of accounts for admins; `limit + 1` fetched.
pub async fn list(
    conn: &mut AnyConnection,
    query: &AdminUserQuery,
    after: Option<Cursor<UserId>>,
    limit: i64,
) -> Result<Vec<UserView>, sqlx::Error> {
    let mut sql = Sql::default();
    let mut conditions = vec!["1 = 1".to_owned()];
    if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
        conditions.push(sql.contains(&["u.name", "u.email"], q));
    }
    if let Some(role) = query.role {
        conditions.push(
            match role {
                Role::Buyer => "u.role = 'buyer' AND s.id IS NULL",
                Role::Seller => "s.id IS NOT NULL",
                Role::Admin => "u.role = 'admin'",
            }
            .to_owned(),
        );
    }
    if let Some(status) = query.status {
        conditions.push(format!(
            "u.status = {}",
            sql.arg(Arg::Text(status.as_str().into()))
        ));
    }
    let oldest = query.sort == Some(AdminUserSort::Oldest);
    let mut text = select_view(&conditions.join(" AND "));
    text += &sql.keyset("u.created_at", !oldest, "u.id", after, limit);
    sql.text = text;
    sql.fetch_all(conn)
        .await?
        .iter()
        .map(view_from_row)
        .collect()
}

/// Bans the account, keeping the status to give back: false when it was banned already.
pub async fn ban(
    conn: &mut AnyConnection,
    id: UserId,
    reason: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET status_before_ban = status, status = 'banned', banned_at = $2, \
         ban_reason = $3, updated_at = $2 WHERE id = $1 AND status <> 'banned'",
    )
    .bind(id.to_string())
    .bind(now)
    .bind(reason)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Lifts the ban: the account is back in the status it had. False when it was not banned.
pub async fn unban(conn: &mut AnyConnection, id: UserId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET status = COALESCE(status_before_ban, 'active'), status_before_ban = NULL, \
         banned_at = NULL, ban_reason = NULL, updated_at = $2 WHERE id = $1 AND status = 'banned'",
    )
    .bind(id.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_status(
    conn: &mut AnyConnection,
    id: UserId,
    status: AccountStatus,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(now)
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn update_profile(
    conn: &mut AnyConnection,
    id: UserId,
    name: &str,
    phone: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET name = $1, phone = $2, updated_at = $3 WHERE id = $4")
        .bind(name)
        .bind(phone)
        .bind(now)
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_password_hash(
    conn: &mut AnyConnection,
    id: UserId,
    hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now)
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_avatar(
    conn: &mut AnyConnection,
    id: UserId,
    image: Option<ImageId>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET avatar_id = $1, updated_at = $2 WHERE id = $3")
        .bind(image.map(|i| i.to_string()))
        .bind(now)
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_default_address(
    conn: &mut AnyConnection,
    id: UserId,
    address: Option<AddressId>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET default_address_id = $1 WHERE id = $2")
        .bind(address.map(|a| a.to_string()))
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}
