//! Housekeeping in the background: expired sessions, old tokens and spent rate-limit
//! windows are deleted once an hour, so those tables stay the size of what is live; and
//! media files no image names (a crash between storing an upload's files and committing its
//! row, or between deleting a row and its files, leaves them) are deleted at start and hourly.

use crate::config::MediaStorage;
use crate::db::housekeeping;
use crate::rate_limit;
use crate::{AppState, Stopping};
use actix_web::web::Data;
use sqlx::Row;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use tokio::task::JoinHandle;

const EVERY: Duration = Duration::from_secs(3600);
/// Expired tokens are kept a week, so a late click still hears "expired", not "unknown".
const KEEP_EXPIRED_TOKENS: Duration = Duration::from_secs(7 * 86_400);
/// A file this old with no image row is no upload under way: the row comes seconds after.
const ORPHAN_AGE: Duration = Duration::from_secs(3600);

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
    let mut conn = state.db.writer().await?;
    Ok(housekeeping::sweep(
        &mut conn,
        now,
        now - micros(KEEP_EXPIRED_TOKENS),
        windows_before,
    )
    .await?)
}

/// Deletes the media files last written before `written_before` that no image row names,
/// and returns how many. Local storage only: the directory is one instance's (instances
/// that scale out share S3, where a lifecycle rule or a later sweep must do this).
pub async fn sweep_orphan_media(
    state: &AppState,
    written_before: SystemTime,
) -> anyhow::Result<usize> {
    let MediaStorage::Local(dir) = &state.config.media else {
        return Ok(0);
    };
    let dir = dir.clone();
    // Files first, rows second: a file listed here has had its row committed by now, if any.
    let listed = dir.clone();
    let old = tokio::task::spawn_blocking(move || files_before(&listed, &listed, written_before))
        .await??;
    if old.is_empty() {
        return Ok(0);
    }
    let mut conn = state.db.pool.acquire().await?;
    let mut named = HashSet::new();
    for row in sqlx::query("SELECT key, thumb_key FROM images")
        .fetch_all(&mut *conn)
        .await?
    {
        named.insert(row.try_get::<String, _>("key")?);
        named.insert(row.try_get::<String, _>("thumb_key")?);
    }
    let mut deleted = 0;
    for (path, key) in old {
        if named.contains(&key) {
            continue;
        }
        match tokio::fs::remove_file(&path).await {
            Ok(()) => deleted += 1,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => tracing::warn!(%key, %error, "could not delete an orphaned media file"),
        }
    }
    if deleted > 0 {
        tracing::info!(deleted, dir = %dir.display(), "orphaned media files deleted");
    }
    Ok(deleted)
}

/// Every file under `dir` last written before `before`, with its key (the path from `root`).
fn files_before(
    root: &Path,
    dir: &Path,
    before: SystemTime,
) -> std::io::Result<Vec<(PathBuf, String)>> {
    let mut found = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let entry = entry?;
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            found.extend(files_before(root, &path, before)?);
        } else if kind.is_file() && entry.metadata()?.modified()? < before {
            let key = path
                .strip_prefix(root)
                .ok()
                .and_then(Path::to_str)
                .map(|k| k.replace(std::path::MAIN_SEPARATOR, "/"));
            if let Some(key) = key {
                found.push((path, key));
            }
        }
    }
    Ok(found)
}

/// Runs `sweep` every hour until `stop` is told; every instance may, harmlessly. A sweep
/// under way then finishes, or is cut off by the end of the shutdown's grace: harmless, it
/// only deletes what is spent, and the next sweep deletes the rest.
///
/// Orphaned media are swept at once too, in the background: files written before
/// `started` (this instance's start) are a previous run's, so none of them is an upload
/// under way; the hourly sweeps take files an hour old.
pub fn spawn(state: Data<AppState>, mut stop: Stopping, started: SystemTime) -> JoinHandle<()> {
    tokio::spawn(async move {
        if let Err(error) = sweep_orphan_media(&state, started).await {
            tracing::warn!(error = ?error, "sweeping orphaned media failed; will try again");
        }
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
            let hour_ago = SystemTime::now() - ORPHAN_AGE;
            if let Err(error) = sweep_orphan_media(&state, hour_ago).await {
                tracing::warn!(error = ?error, "sweeping orphaned media failed; will try again");
            }
        }
    })
}
