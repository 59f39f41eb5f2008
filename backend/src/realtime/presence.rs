//! Online / last seen. An account is online while some instance holds a websocket of it;
//! the accounts it shares a conversation with hear when that changes.

use super::Hub;
use crate::AppState;
use crate::db::chat::{self, PresenceRow};
use crate::db::{self, Db, presence};
use bazaar_shared::UserId;
use bazaar_shared::chat::Presence;
use bazaar_shared::realtime::ServerEvent;
use std::sync::Weak;
use std::time::Duration;

/// Each instance vouches for its connected accounts this often…
const REFRESH_EVERY: Duration = Duration::from_secs(60);
/// …so a row nobody vouched for in this long belongs to an instance that died.
const STALE_AFTER: Duration = Duration::from_secs(150);

pub fn presence_of(row: &PresenceRow, now: i64) -> Presence {
    let stale_after = i64::try_from(STALE_AFTER.as_micros()).unwrap_or(i64::MAX);
    Presence {
        online: row.instances > 0 && row.last_seen.is_some_and(|seen| now - seen < stale_after),
        last_seen: row.last_seen.map(db::from_micros),
    }
}

/// The instance opened its first websocket of the account.
pub async fn came_online(state: &AppState, user: UserId) -> anyhow::Result<()> {
    let now = db::now_micros();
    presence::connected(&mut *state.db.writer().await?, user, now).await?;
    let mut conn = state.db.pool.acquire().await?;
    announce(state, &mut conn, user, true, now).await
}

/// The instance closed its last websocket of the account.
pub async fn went_offline(state: &AppState, user: UserId) -> anyhow::Result<()> {
    let now = db::now_micros();
    if presence::disconnected(&mut *state.db.writer().await?, user, now).await? == 0 {
        let mut conn = state.db.pool.acquire().await?;
        announce(state, &mut conn, user, false, now).await?;
    }
    Ok(())
}

async fn announce(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    user: UserId,
    online: bool,
    now: i64,
) -> anyhow::Result<()> {
    let counterparts = chat::counterparts(conn, user).await?;
    if counterparts.is_empty() {
        return Ok(());
    }
    let event = ServerEvent::Presence {
        user_id: user,
        presence: Presence {
            online,
            last_seen: Some(db::from_micros(now)),
        },
    };
    state.hub.publish(&counterparts, &event).await;
    Ok(())
}

/// Vouches every minute for the accounts connected here, for as long as the hub lives.
pub fn spawn_refresh(db: Db, hub: Weak<Hub>) {
    tokio::spawn(async move {
        let mut ticks =
            tokio::time::interval_at(tokio::time::Instant::now() + REFRESH_EVERY, REFRESH_EVERY);
        loop {
            ticks.tick().await;
            let Some(hub) = hub.upgrade() else { break };
            let users = hub.connected();
            drop(hub);
            if users.is_empty() {
                continue;
            }
            let refreshed = async {
                let mut conn = db.writer().await?;
                presence::refresh(&mut conn, &users, db::now_micros()).await
            };
            if let Err(error) = refreshed.await {
                tracing::warn!(%error, "presence not refreshed");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000_000;

    #[test]
    fn online_needs_an_instance_that_vouched_recently() {
        let now = 100 * MINUTE;
        let row = |instances, seen| PresenceRow {
            instances,
            last_seen: Some(seen),
        };
        assert!(presence_of(&row(1, now - MINUTE), now).online);
        assert!(!presence_of(&row(0, now - MINUTE), now).online);
        assert!(!presence_of(&row(2, now - 3 * MINUTE), now).online);
        assert!(!presence_of(&PresenceRow::default(), now).online);
        assert_eq!(presence_of(&PresenceRow::default(), now).last_seen, None);
    }
}
