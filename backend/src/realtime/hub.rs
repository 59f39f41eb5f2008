//! The fan-out hub: published events go to every open websocket of their recipients.

use super::backplane::Backplane;
use crate::db::Db;
use bazaar_shared::UserId;
use bazaar_shared::realtime::ServerEvent;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::mpsc;
use uuid::Uuid;

/// Frames waiting for one socket. A socket this far behind is closed (its client reconnects
/// and reloads) rather than letting it hold memory or slow anyone else down.
const SOCKET_BUFFER: usize = 256;

/// What the hub hands a socket.
#[derive(Clone, Debug)]
pub enum Frame {
    /// An event's JSON, sent as it is.
    Event(Arc<str>),
    /// The account's sessions ended (it was banned): close the socket now.
    Close,
}

struct Outlet {
    id: u64,
    /// The session the socket was opened with: ending it closes the socket.
    session: Uuid,
    tx: mpsc::Sender<Frame>,
}

/// Which of an account's sessions just ended, so which of its sockets must close.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// Every session (a ban, a password reset).
    All,
    /// One session (a sign-out).
    Only(Uuid),
    /// Every session but the one that asked (a password change).
    AllBut(Uuid),
}

impl Ended {
    fn covers(self, session: Uuid) -> bool {
        match self {
            Ended::All => true,
            Ended::Only(ended) => session == ended,
            Ended::AllBut(kept) => session != kept,
        }
    }
}

pub struct Hub {
    sockets: Mutex<HashMap<UserId, Vec<Outlet>>>,
    next_id: AtomicU64,
    backplane: Option<Backplane>,
}

/// One open websocket's place in the hub; the frames for it arrive on `frames`.
pub struct Subscription {
    pub user: UserId,
    id: u64,
    pub frames: mpsc::Receiver<Frame>,
    /// This instance had no other socket of the account.
    pub first_here: bool,
}

impl Hub {
    /// A hub for one instance, or, on PostgreSQL, one that hears every instance.
    pub async fn start(db: &Db, database_url: &str) -> anyhow::Result<Arc<Self>> {
        let backplane = match db.dialect {
            crate::db::Dialect::Postgres => Some(Backplane::new(db.clone())),
            crate::db::Dialect::Sqlite => None,
        };
        let hub = Arc::new(Self {
            sockets: Mutex::default(),
            next_id: AtomicU64::new(0),
            backplane,
        });
        if hub.backplane.is_some() {
            Backplane::listen(database_url, Arc::downgrade(&hub)).await?;
        }
        super::presence::spawn_refresh(db.clone(), Arc::downgrade(&hub));
        Ok(hub)
    }

    pub fn subscribe(&self, user: UserId, session: Uuid) -> Subscription {
        let (tx, frames) = mpsc::channel(SOCKET_BUFFER);
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut sockets = self.sockets.lock();
        let outlets = sockets.entry(user).or_default();
        outlets.push(Outlet { id, session, tx });
        Subscription {
            user,
            id,
            frames,
            first_here: outlets.len() == 1,
        }
    }

    /// Forgets the socket; says whether it was the account's last one on this instance.
    pub fn unsubscribe(&self, subscription: &Subscription) -> bool {
        let mut sockets = self.sockets.lock();
        let Some(outlets) = sockets.get_mut(&subscription.user) else {
            return false;
        };
        outlets.retain(|o| o.id != subscription.id);
        if outlets.is_empty() {
            sockets.remove(&subscription.user);
            true
        } else {
            false
        }
    }

    /// Accounts with a socket on this instance. An account whose outlets `deliver` dropped
    /// keeps its (empty) entry until its sockets unsubscribe; it is not connected meanwhile.
    pub fn connected(&self) -> Vec<UserId> {
        self.sockets
            .lock()
            .iter()
            .filter(|(_, outlets)| !outlets.is_empty())
            .map(|(user, _)| *user)
            .collect()
    }

    /// Sends the event to every socket of the recipients, on every instance. Delivery is
    /// best effort after the change committed: a client that missed it reloads on reconnect.
    pub async fn publish(&self, recipients: &[UserId], event: &ServerEvent) {
        let payload: Arc<str> = match serde_json::to_string(event) {
            Ok(json) => json.into(),
            Err(error) => {
                tracing::error!(%error, "cannot serialise a realtime event");
                return;
            }
        };
        match &self.backplane {
            Some(backplane) => {
                if let Err(error) = backplane.send(recipients, &payload).await {
                    tracing::warn!(%error, "realtime event not published");
                }
            }
            None => self.deliver(recipients, &payload),
        }
    }

    /// Closes the account's sockets of the sessions that ended, on every instance.
    pub async fn close_sockets(&self, user: UserId, ended: Ended) {
        match &self.backplane {
            Some(backplane) => {
                if let Err(error) = backplane.send_close(user, ended).await {
                    tracing::warn!(%error, "sockets not closed on every instance");
                }
            }
            None => self.close_here(user, ended),
        }
    }

    /// Tells this instance's sockets of the ended sessions to close.
    pub(super) fn close_here(&self, user: UserId, ended: Ended) {
        if let Some(outlets) = self.sockets.lock().get_mut(&user) {
            outlets.retain(|outlet| {
                !ended.covers(outlet.session) || outlet.tx.try_send(Frame::Close).is_ok()
            });
        }
    }

    /// Hands an event to this instance's sockets of the recipients.
    pub(super) fn deliver(&self, recipients: &[UserId], payload: &Arc<str>) {
        let mut sockets = self.sockets.lock();
        for user in recipients {
            if let Some(outlets) = sockets.get_mut(user) {
                // A full or closed outlet is dropped: its socket task sees the channel end.
                outlets.retain(|outlet| outlet.tx.try_send(Frame::Event(payload.clone())).is_ok());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local_hub() -> Hub {
        Hub {
            sockets: Mutex::default(),
            next_id: AtomicU64::new(0),
            backplane: None,
        }
    }

    #[test]
    fn a_panic_while_the_hub_is_locked_does_not_stop_chat() {
        let hub = Arc::new(local_hub());
        let held = hub.clone();
        let crashed = std::thread::spawn(move || {
            let _sockets = held.sockets.lock();
            panic!("a socket task failed while holding the hub");
        })
        .join();
        assert!(crashed.is_err());

        let user = UserId(Uuid::now_v7());
        let mut subscription = hub.subscribe(user, Uuid::now_v7());
        hub.deliver(&[user], &Arc::from("{}"));
        assert!(matches!(
            subscription.frames.try_recv(),
            Ok(Frame::Event(_))
        ));
        assert_eq!(hub.connected(), vec![user]);
        assert!(hub.unsubscribe(&subscription));
    }

    #[test]
    fn only_the_sockets_of_the_ended_sessions_close() {
        let hub = local_hub();
        let user = UserId(Uuid::now_v7());
        let (phone, laptop) = (Uuid::now_v7(), Uuid::now_v7());
        let mut on_phone = hub.subscribe(user, phone);
        let mut on_laptop = hub.subscribe(user, laptop);
        let closed = |s: &mut Subscription| matches!(s.frames.try_recv(), Ok(Frame::Close));

        hub.close_here(user, Ended::Only(phone));
        assert!(closed(&mut on_phone));
        assert!(!closed(&mut on_laptop));

        hub.close_here(user, Ended::AllBut(phone));
        assert!(closed(&mut on_laptop));

        let mut again = hub.subscribe(user, phone);
        hub.close_here(user, Ended::All);
        assert!(closed(&mut again));
    }
}
