//! Fixed-window request counters, in the database so every instance counts together.

use sqlx::{AnyConnection, Row};

/// Counts one hit on `key` in the window starting at `window_start`; returns the hits so far.
pub async fn hit(
    conn: &mut AnyConnection,
    key: &str,
    window_start: i64,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END, \
           window_start = excluded.window_start \
         RETURNING hits",
    )
    .bind(key)
    .bind(window_start)
    .fetch_one(conn)
    .await?;
    row.try_get("hits")
}
