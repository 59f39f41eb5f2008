//! SQLite's write-ahead log is copied back into the database file (a checkpoint) here, on a
//! connection of its own, rather than by whichever write happens to fill it: a checkpoint
//! waits for the disk twice (it syncs the log, then the file), and on the one writer that
//! wait held up every write behind it.

use sqlx::any::AnyConnectOptions;
use sqlx::{AnyConnection, ConnectOptions};
use std::time::Duration;
use tokio::task::JoinHandle;

/// How often: at the checkout bench's rate the log grows by a few megabytes a second, about
/// what SQLite's own automatic checkpoint (every 1000 pages) would have kept it to.
const EVERY: Duration = Duration::from_millis(250);

/// The checkpointing task; dropping it stops the task.
#[derive(Debug)]
pub struct Checkpointer(JoinHandle<()>);

impl Checkpointer {
    pub async fn start(options: &AnyConnectOptions) -> Result<Self, sqlx::Error> {
        let mut conn: AnyConnection = options.connect().await?;
        Ok(Self(tokio::spawn(async move {
            let mut ticks = tokio::time::interval(EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                // PASSIVE: copies what no reader still needs, and never waits for anyone.
                if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&mut conn)
                    .await
                {
                    tracing::warn!(%error, "the database checkpoint failed; will try again");
                }
            }
        })))
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.0.abort();
    }
}
