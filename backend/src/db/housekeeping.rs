//! Deleting rows nothing will read again.

use sqlx::AnyConnection;

/// What one sweep removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub tokens: u64,
    pub rate_limits: u64,
}

/// Removes sessions past their expiry, e-mailed tokens expired before `tokens_before`
/// (recent ones stay so a late click still hears "expired"), and rate-limit windows that
/// started before `windows_before`.
pub async fn sweep(
    conn: &mut AnyConnection,
    now: i64,
    tokens_before: i64,
    windows_before: i64,
) -> Result<Swept, sqlx::Error> {
    let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    let tokens = sqlx::query("DELETE FROM account_tokens WHERE expires_at < $1")
        .bind(tokens_before)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    let rate_limits = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(windows_before)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    Ok(Swept {
        sessions,
        tokens,
        rate_limits,
    })
}
