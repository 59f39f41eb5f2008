//! Events between instances over PostgreSQL. Most events travel inside the notification
//! itself: a NOTIFY writes nothing to the log, so it costs no disk flush. One that would
//! exceed NOTIFY's 8000-byte cap is stored in `realtime_events` and the notification
//! carries its row id; each instance reads the row. Closing an account's sockets needs no
//! row either: its notification says whose and which sessions' (`close_notice`).
//!
//! One task sends the events, in order: those that queue together go out in one statement,
//! one round trip and one commit (NOTIFY's commits take a lock of their own, one at a time).

use super::hub::{Ended, Hub};
use crate::db::{self, Db};
use bazaar_shared::UserId;
use sqlx::postgres::PgListener;
use sqlx::{AssertSqlSafe, Row};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use uuid::Uuid;

const CHANNEL: &str = "bazaar_realtime";
/// Notifications naming an account and which of its sessions' sockets must close.
const CLOSE_CHANNEL: &str = "bazaar_close_sockets";
/// Rows are only needed until every instance read them; an hour is generous.
const KEEP: Duration = Duration::from_secs(3600);
const PRUNE_EVERY: Duration = Duration::from_secs(600);
/// NOTIFY refuses payloads of 8000 bytes or more.
const NOTIFY_MAX: usize = 7999;
/// Starts a notification that names a stored event instead of carrying it.
const STORED: char = '#';

/// Notifications sent in one statement at most.
const MAX_BATCH: usize = 64;
/// Events waiting to be sent at most; publishers past it wait.
const QUEUE: usize = 4096;

pub struct Backplane {
    db: Db,
    outbox: mpsc::Sender<Outgoing>,
}

/// An event on its way to every instance: its notification, or one too large for that.
enum Outgoing {
    Inline(String),
    Stored { recipients: String, payload: String },
}

impl Backplane {
    pub fn new(db: Db) -> Self {
        let (outbox, queue) = mpsc::channel(QUEUE);
        tokio::spawn(post(db.clone(), queue));
        Self { db, outbox }
    }

    /// Queues the event; it is sent after those queued before it.
    pub async fn send(&self, recipients: &[UserId], payload: &str) -> Result<(), sqlx::Error> {
        let recipients: Vec<String> = recipients.iter().map(ToString::to_string).collect();
        let recipients = recipients.join(" ");
        let outgoing = match inline_notice(&recipients, payload) {
            Some(notice) => Outgoing::Inline(notice),
            None => Outgoing::Stored {
                recipients,
                payload: payload.to_owned(),
            },
        };
        self.outbox
            .send(outgoing)
            .await
            .map_err(|_| sqlx::Error::PoolClosed)
    }

    async fn notify(&self, channel: &str, notice: &str) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(channel)
            .bind(notice)
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }

    pub async fn send_close(&self, user: UserId, ended: Ended) -> Result<(), sqlx::Error> {
        self.notify(CLOSE_CHANNEL, &close_notice(user, ended)).await
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

async fn relay(listener: &mut PgListener, hub: &Arc<Hub>, notice: &str) -> anyhow::Result<()> {
    let (recipients, payload) = match notice.strip_prefix(STORED) {
        None => read_inline_notice(notice)
            .map(|(recipients, payload)| (recipients.to_owned(), payload.to_owned()))
            .ok_or_else(|| anyhow::anyhow!("unreadable event notice"))?,
        Some(id) => {
            let id: i64 = id.parse()?;
            let row = sqlx::query("SELECT recipients, payload FROM realtime_events WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *listener)
                .await?;
            let Some(row) = row else { return Ok(()) };
            (row.try_get("recipients")?, row.try_get("payload")?)
        }
    };
    hub.deliver(&accounts(&recipients), &Arc::from(payload));
    Ok(())
}

/// Sends what is queued, in order, while the hub lives.
async fn post(db: Db, mut queue: mpsc::Receiver<Outgoing>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut notices = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        for outgoing in batch.drain(..) {
            match outgoing {
                Outgoing::Inline(notice) => notices.push(notice),
                Outgoing::Stored {
                    recipients,
                    payload,
                } => {
                    notify_all(&db, &mut notices).await;
                    if let Err(error) = store(&db, &recipients, &payload).await {
                        tracing::warn!(%error, "realtime event not published");
                    }
                }
            }
        }
        notify_all(&db, &mut notices).await;
    }
}

/// Sends the notifications in one statement, in order. PostgreSQL folds identical ones sent
/// in one transaction into one; an identical event twice says nothing more than once.
async fn notify_all(db: &Db, notices: &mut Vec<String>) {
    if notices.is_empty() {
        return;
    }
    let calls: Vec<String> = (0..notices.len())
        .map(|n| format!("pg_notify($1, ${})", n + 2))
        .collect();
    let sql = format!("SELECT {}", calls.join(", "));
    let mut query = sqlx::query(AssertSqlSafe(sql)).bind(CHANNEL);
    for notice in notices.drain(..) {
        query = query.bind(notice);
    }
    if let Err(error) = query.execute(&db.pool).await {
        tracing::warn!(%error, "realtime events not published");
    }
}

/// Stores an event too large for a notification, and notifies its row's id.
async fn store(db: &Db, recipients: &str, payload: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "WITH e AS (INSERT INTO realtime_events (recipients, payload, created_at) \
         VALUES ($1, $2, $3) RETURNING id) SELECT pg_notify($4, $5 || id::text) FROM e",
    )
    .bind(recipients)
    .bind(payload)
    .bind(db::now_micros())
    .bind(CHANNEL)
    .bind(STORED.to_string())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// `<recipients>\n<payload>`, when that fits in a notification.
fn inline_notice(recipients: &str, payload: &str) -> Option<String> {
    let notice = format!("{recipients}\n{payload}");
    (notice.len() <= NOTIFY_MAX).then_some(notice)
}

fn read_inline_notice(notice: &str) -> Option<(&str, &str)> {
    notice.split_once('\n')
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

    #[test]
    fn an_event_travels_inline_while_it_fits_in_a_notification() {
        let recipients = format!("{} {}", UserId(Uuid::now_v7()), UserId(Uuid::now_v7()));
        let payload = r#"{"type":"message_created","text":"two\nlines"}"#;
        let notice = inline_notice(&recipients, payload).unwrap();
        assert_eq!(
            read_inline_notice(&notice),
            Some((recipients.as_str(), payload))
        );
        let room = NOTIFY_MAX - recipients.len() - 1;
        assert!(inline_notice(&recipients, &"€".repeat(room / 3)).is_some());
        assert!(inline_notice(&recipients, &"€".repeat(room / 3 + 1)).is_none());
    }
}
