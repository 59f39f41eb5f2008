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

#[cfg(test)]
mod tests {
    use crate::db::Db;
    use sqlx::Connection;

    /// The log reaches the database file by the checkpointer, not by the writer (whose
    /// automatic checkpoint is off): the file alone, read as if no log existed, soon holds
    /// what was written. On an SQLite file whatever database the API tests use.
    #[tokio::test]
    async fn the_log_reaches_the_database_file_without_the_writer_checkpointing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bazaar.db");
        let db = Db::connect(&format!("sqlite://{}?mode=rwc", file.display()), 2)
            .await
            .unwrap();
        let mut writer = db.writer().await.unwrap();
        let autocheckpoint: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
            .fetch_one(&mut *writer)
            .await
            .unwrap();
        assert_eq!(autocheckpoint, 0);
        sqlx::query("INSERT INTO settings (name, value) VALUES ('probe', 'x')")
            .execute(&mut *writer)
            .await
            .unwrap();
        drop(writer);
        // `immutable`: SQLite reads the file as it is and ignores the log. Until the first
        // checkpoint even the tables are only in the log.
        let file_only = format!("sqlite://{}?immutable=true", file.display());
        let mut in_file = Ok(0);
        for _ in 0..50 {
            let mut conn = sqlx::AnyConnection::connect(&file_only).await.unwrap();
            in_file = sqlx::query_scalar("SELECT COUNT(*) FROM settings WHERE name = 'probe'")
                .fetch_one(&mut conn)
                .await;
            if matches!(in_file, Ok(1)) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(
            matches!(in_file, Ok(1)),
            "the write never reached the database file: {in_file:?}"
        );
    }
}
