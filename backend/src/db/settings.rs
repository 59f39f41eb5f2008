//! Values generated once and shared by every instance (the JWT secret, when none is configured).

use sqlx::AnyConnection;

/// The stored value, or `candidate` stored now if there was none; racing instances agree.
pub async fn get_or_insert(
    conn: &mut AnyConnection,
    name: &str,
    candidate: &str,
) -> Result<String, sqlx::Error> {
    sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(candidate)
        .execute(&mut *conn)
        .await?;
    sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
        .bind(name)
        .fetch_one(conn)
        .await
}
