//! Accounts.

use super::images::{ImageRecord, image_columns, image_from_row};
use super::{parse_enum, parse_id};
use bazaar_shared::account::{AccountStatus, Role};
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
    pub default_address_id: Option<AddressId>,
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
        default_address_id: row
            .try_get::<Option<String>, _>("default_address_id")?
            .map(|id| parse_id(&id))
            .transpose()?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn find_view(
    conn: &mut AnyConnection,
    id: UserId,
) -> Result<Option<UserView>, sqlx::Error> {
    let sql = format!(
        "SELECT u.id, u.email, u.name, u.phone, u.role, u.status, u.default_address_id, u.created_at, \
         s.id AS shop_id, {} \
         FROM users u LEFT JOIN images a ON a.id = u.avatar_id LEFT JOIN shops s ON s.owner_id = u.id \
         WHERE u.id = $1",
        image_columns("a", "avatar")
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?
        .map(|row| view_from_row(&row))
        .transpose()
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
