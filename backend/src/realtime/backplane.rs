//! Events between instances over PostgreSQL. A NOTIFY payload is capped at 8000 bytes, so
//! the event is stored in `realtime_events` and the notification carries its row id; each
//! instance reads the row and delivers to its own sockets. Closing an account's sockets
//! needs no row: its notification says whose and which sessions' (`close_notice`).

use super::hub::{Ended, Hub};
use crate::db::{self, Db};
use bazaar_shared::UserId;
use sqlx::Row;
use sqlx::postgres::PgListener;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};
use uuid::Uuid;

const CHANNEL: &str = "bazaar_realtime";
/// Notifications naming an account and which of its sessions' sockets must close.
const CLOSE_CHANNEL: &str = "bazaar_close_sockets";
/// Rows are only needed until every instance read them; an hour is generous.
const KEEP: Duration = Duration::from_secs(3600);
const PRUNE_EVERY: Duration = Duration::from_secs(600);

pub struct Backplane {
    db: Db,
}

impl Backplane {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    pub async fn send(&self, recipients: &[UserId], payload: &str) -> Result<(), sqlx::Error> {
        let recipients: Vec<String> = recipients.iter().map(ToString::to_string).collect();
        sqlx::query(
            "WITH e AS (INSERT INTO realtime_events (recipients, payload, created_at) \
             VALUES ($1, $2, $3) RETURNING id) SELECT pg_notify('bazaar_realtime', id::text) FROM e",
        )
        .bind(recipients.join(" "))
        .bind(payload)
        .bind(db::now_micros())
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    pub async fn send_close(&self, user: UserId, ended: Ended) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CLOSE_CHANNEL)
            .bind(close_notice(user, ended))
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }

    /// Listens on its own connection for as long as the hub lives.
    pub async fn listen(database_url: &str, hub: Weak<Hub>) -> anyhow::Result<()> {
        let mut listener = PgListener::connect(database_url).await?;
        listener.listen_all([CHANNEL, CLOSE_CHANNEL]).await?;
        tokio::spawn(async move {
            let mut pruned = Instant::now();
            loop {
                // `recv` reconnects by itself; what was sent meanwhile is lost, and clients
                // reload on reconnect anyway.
                let notification = match listener.recv().await {
                    Ok(notification) => notification,
                    Err(error) => {
                        tracing::warn!(%error, "realtime listener failed; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                };
                let Some(hub) = hub.upgrade() else { break };
                if notification.channel() == CLOSE_CHANNEL {
                    match read_close_notice(notification.payload()) {
                        Some((user, ended)) => hub.close_here(user, ended),
                        None => tracing::warn!(
                            payload = notification.payload(),
                            "unreadable close notice"
                        ),
                    }
                } else if let Err(error) = relay(&mut listener, &hub, notification.payload()).await
                {
                    tracing::warn!(%error, "realtime event not delivered");
                }
                if pruned.elapsed() > PRUNE_EVERY {
                    pruned = Instant::now();
                    if let Err(error) = prune(&mut listener).await {
                        tracing::warn!(%error, "old realtime events not removed");
                    }
                }
            }
        });
        Ok(())
    }
}

async fn relay(listener: &mut PgListener, hub: &Arc<Hub>, id: &str) -> anyhow::Result<()> {
    let id: i64 = id.parse()?;
    let Some(row) = sqlx::query("SELECT recipients, payload FROM realtime_events WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *listener)
        .await?
    else {
        return Ok(());
    };
    let recipients: String = row.try_get("recipients")?;
    let payload: String = row.try_get("payload")?;
    hub.deliver(&accounts(&recipients), &Arc::from(payload));
    Ok(())
}

/// Account ids sent space-separated.
fn accounts(ids: &str) -> Vec<UserId> {
    ids.split(' ').filter_map(|id| id.parse().ok()).collect()
}

/// `<account> all`, `<account> only <session>` or `<account> but <session>`.
fn close_notice(user: UserId, ended: Ended) -> String {
    match ended {
        Ended::All => format!("{user} all"),
        Ended::Only(session) => format!("{user} only {session}"),
        Ended::AllBut(session) => format!("{user} but {session}"),
    }
}

fn read_close_notice(notice: &str) -> Option<(UserId, Ended)> {
    let words: Vec<&str> = notice.split(' ').collect();
    let user = words.first()?.parse().ok()?;
    let session = || words.get(2)?.parse::<Uuid>().ok();
    let ended = match *words.get(1)? {
        "all" => Ended::All,
        "only" => Ended::Only(session()?),
        "but" => Ended::AllBut(session()?),
        _ => return None,
    };
    Some((user, ended))
}

async fn prune(listener: &mut PgListener) -> Result<(), sqlx::Error> {
    let before = db::now_micros() - i64::try_from(KEEP.as_micros()).unwrap_or(i64::MAX);
    sqlx::query("DELETE FROM realtime_events WHERE created_at < $1")
        .bind(before)
        .execute(&mut *listener)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_notices_read_back_as_written() {
        let user = UserId(Uuid::now_v7());
        let session = Uuid::now_v7();
        for ended in [Ended::All, Ended::Only(session), Ended::AllBut(session)] {
            assert_eq!(
                read_close_notice(&close_notice(user, ended)),
                Some((user, ended))
            );
        }
        assert_eq!(read_close_notice(&format!("{user} only")), None);
        assert_eq!(read_close_notice(&format!("{user} some")), None);
        assert_eq!(read_close_notice("nobody all"), None);
    }
}
