//! Housekeeping in the background: expired sessions, old tokens and spent rate-limit
//! windows are deleted once an hour, so those tables stay the size of what is live.

use crate::db::housekeeping;
use crate::rate_limit;
use crate::{AppState, Stopping};
use actix_web::web::Data;
use std::time::Duration;
use tokio::task::JoinHandle;

const EVERY: Duration = Duration::from_secs(3600);
/// Expired tokens are kept a week, so a late click still hears "expired", not "unknown".
const KEEP_EXPIRED_TOKENS: Duration = Duration::from_secs(7 * 86_400);

/// Sweeps once now; called by the hourly task and by tests.
pub async fn sweep(state: &AppState) -> anyhow::Result<housekeeping::Swept> {
    let now = state.clock.now_micros();
    let micros = |d: Duration| i64::try_from(d.as_micros()).unwrap_or(i64::MAX);
    // The longest window counted decides: a mail allowance swept mid-hour would start over.
    let longest = state
        .config
        .auth_rate_limit
        .window
        .max(rate_limit::MAIL_WINDOW);
    let windows_before = now - micros(longest) * 2;
    let mut conn = state.db.pool.acquire().await?;
    Ok(housekeeping::sweep(
        &mut conn,
        now,
        now - micros(KEEP_EXPIRED_TOKENS),
        windows_before,
    )
    .await?)
}

/// Runs `sweep` every hour until `stop` is told; every instance may, harmlessly. A sweep
/// under way then finishes, or is cut off by the end of the shutdown's grace: harmless, it
/// only deletes what is spent, and the next sweep deletes the rest.
pub fn spawn(state: Data<AppState>, mut stop: Stopping) -> JoinHandle<()> {
    tokio::spawn(async move {
        // The first sweep an hour after start: start-up stays free of it.
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + EVERY, EVERY);
        loop {
            tokio::select! {
                () = stop.stopping() => break,
                _ = ticks.tick() => {}
            }
            match sweep(&state).await {
                Ok(swept) => tracing::info!(?swept, "housekeeping"),
                Err(error) => tracing::warn!(error = ?error, "housekeeping failed; will try again"),
            }
        }
    })
}
