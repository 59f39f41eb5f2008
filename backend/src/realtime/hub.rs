//! The fan-out hub: published events go to every open websocket of their recipients.

use super::backplane::Backplane;
use crate::config::SocketLimits;
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
    /// This instance is stopping: the client should reconnect (to another one).
    ShutDown,
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

/// Why a socket was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum TooMany {
    Account,
    Address,
}

#[derive(Default)]
struct Sockets {
    /// Where frames go. A socket whose outlet was dropped (it fell behind) is still open, and
    /// still counted in `open`, until its task unsubscribes.
    outlets: HashMap<UserId, Vec<Outlet>>,
    open: HashMap<UserId, usize>,
    by_address: HashMap<String, usize>,
}

pub struct Hub {
    sockets: Mutex<Sockets>,
    next_id: AtomicU64,
    limits: SocketLimits,
    backplane: Option<Backplane>,
}

/// One open websocket's place in the hub; the frames for it arrive on `frames`.
pub struct Subscription {
    pub user: UserId,
    id: u64,
    address: String,
    pub frames: mpsc::Receiver<Frame>,
    /// This instance had no other socket of the account.
    pub first_here: bool,
}

impl Hub {
    /// A hub for one instance, or, on PostgreSQL, one that hears every instance.
    pub async fn start(
        db: &Db,
        database_url: &str,
        limits: SocketLimits,
    ) -> anyhow::Result<Arc<Self>> {
        let backplane = match db.dialect {
            crate::db::Dialect::Postgres => Some(Backplane::new(db.clone())),
            crate::db::Dialect::Sqlite => None,
        };
        let hub = Arc::new(Self {
            sockets: Mutex::default(),
            next_id: AtomicU64::new(0),
            limits,
            backplane,
        });
        if hub.backplane.is_some() {
            Backplane::listen(database_url, Arc::downgrade(&hub)).await?;
        }
        super::presence::spawn_refresh(db.clone(), Arc::downgrade(&hub));
        Ok(hub)
    }

    /// Takes a place for a new socket of `user` opened from `address` (a client address as
    /// the rate limits bucket it), unless either already holds as many as allowed.
    pub fn subscribe(
        &self,
        user: UserId,
        session: Uuid,
        address: String,
    ) -> Result<Subscription, TooMany> {
        let mut sockets = self.sockets.lock();
        if sockets.open.get(&user).copied().unwrap_or(0) >= self.limits.per_account {
            return Err(TooMany::Account);
        }
        if sockets.by_address.get(&address).copied().unwrap_or(0) >= self.limits.per_address {
            return Err(TooMany::Address);
        }
        let open = sockets.open.entry(user).or_default();
        *open += 1;
        let first_here = *open == 1;
        *sockets.by_address.entry(address.clone()).or_default() += 1;
        let (tx, frames) = mpsc::channel(SOCKET_BUFFER);
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let outlet = Outlet { id, session, tx };
        sockets.outlets.entry(user).or_default().push(outlet);
        Ok(Subscription {
            user,
            id,
            address,
            frames,
            first_here,
        })
    }

    /// Forgets the socket; says whether it was the account's last one on this instance.
    pub fn unsubscribe(&self, subscription: &Subscription) -> bool {
        let mut sockets = self.sockets.lock();
        release(&mut sockets.by_address, &subscription.address);
        let last = release(&mut sockets.open, &subscription.user);
        if let Some(outlets) = sockets.outlets.get_mut(&subscription.user) {
            outlets.retain(|o| o.id != subscription.id);
            if outlets.is_empty() {
                sockets.outlets.remove(&subscription.user);
            }
        }
        last
    }

    /// Asks every socket on this instance to close, as the server stops.
    pub fn shut_down(&self) {
        for outlet in self.sockets.lock().outlets.values().flatten() {
            // A socket with a full buffer is closed by its missing frames anyway.
            let _ = outlet.tx.try_send(Frame::ShutDown);
        }
    }

    /// Accounts with a socket on this instance that can be reached: one whose outlets
    /// `deliver` dropped is not connected while its sockets close.
    pub fn connected(&self) -> Vec<UserId> {
        self.sockets
            .lock()
            .outlets
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
        if let Some(outlets) = self.sockets.lock().outlets.get_mut(&user) {
            outlets.retain(|outlet| {
                !ended.covers(outlet.session) || outlet.tx.try_send(Frame::Close).is_ok()
            });
        }
    }

    /// Hands an event to this instance's sockets of the recipients.
    pub(super) fn deliver(&self, recipients: &[UserId], payload: &Arc<str>) {
        let mut sockets = self.sockets.lock();
        for user in recipients {
            if let Some(outlets) = sockets.outlets.get_mut(user) {
                // A full or closed outlet is dropped: its socket task sees the channel end.
                outlets.retain(|outlet| outlet.tx.try_send(Frame::Event(payload.clone())).is_ok());
            }
        }
    }
}

/// Counts one socket less under `key`; says whether that was the last.
fn release<K: std::hash::Hash + Eq>(counts: &mut HashMap<K, usize>, key: &K) -> bool {
    match counts.get_mut(key) {
        Some(count) if *count > 1 => {
            *count -= 1;
            false
        }
        Some(_) => {
            counts.remove(key);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local_hub() -> Hub {
        Hub {
            sockets: Mutex::default(),
            next_id: AtomicU64::new(0),
            limits: SocketLimits {
                per_account: 2,
                per_address: 3,
            },
            backplane: None,
        }
    }

    fn open(hub: &Hub, user: UserId, address: &str) -> Result<Subscription, TooMany> {
        hub.subscribe(user, Uuid::now_v7(), address.to_owned())
    }

    #[test]
    fn an_account_and_an_address_hold_a_bounded_number_of_sockets() {
        let hub = local_hub();
        let (ann, bob) = (UserId(Uuid::now_v7()), UserId(Uuid::now_v7()));
        let first = open(&hub, ann, "192.0.2.1").unwrap();
        assert!(first.first_here);
        let second = open(&hub, ann, "192.0.2.2").unwrap();
        assert!(!second.first_here);
        assert_eq!(open(&hub, ann, "192.0.2.3").err(), Some(TooMany::Account));

        let _bobs = [
            open(&hub, bob, "192.0.2.9").unwrap(),
            open(&hub, bob, "192.0.2.9").unwrap(),
        ];
        let carol = UserId(Uuid::now_v7());
        let _carols = open(&hub, carol, "192.0.2.9").unwrap();
        assert_eq!(open(&hub, carol, "192.0.2.9").err(), Some(TooMany::Address));

        // A closed socket gives its place back; the account is gone only with its last one.
        assert!(!hub.unsubscribe(&first));
        let third = open(&hub, ann, "192.0.2.3").unwrap();
        assert!(!hub.unsubscribe(&second));
        assert!(hub.unsubscribe(&third));
        assert!(open(&hub, ann, "192.0.2.3").unwrap().first_here);
    }

    #[test]
    fn shutting_down_asks_every_socket_to_close() {
        let hub = local_hub();
        let mut sockets = [
            open(&hub, UserId(Uuid::now_v7()), "192.0.2.1").unwrap(),
            open(&hub, UserId(Uuid::now_v7()), "192.0.2.2").unwrap(),
        ];
        hub.shut_down();
        for socket in &mut sockets {
            assert!(matches!(socket.frames.try_recv(), Ok(Frame::ShutDown)));
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
        let mut subscription = open(&hub, user, "192.0.2.1").unwrap();
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
        let mut on_phone = hub.subscribe(user, phone, "192.0.2.1".into()).unwrap();
        let mut on_laptop = hub.subscribe(user, laptop, "192.0.2.1".into()).unwrap();
        let closed = |s: &mut Subscription| matches!(s.frames.try_recv(), Ok(Frame::Close));

        hub.close_here(user, Ended::Only(phone));
        assert!(closed(&mut on_phone));
        assert!(!closed(&mut on_laptop));

        hub.close_here(user, Ended::AllBut(phone));
        assert!(closed(&mut on_laptop));

        hub.unsubscribe(&on_phone);
        let mut again = hub.subscribe(user, phone, "192.0.2.1".into()).unwrap();
        hub.close_here(user, Ended::All);
        assert!(closed(&mut again));
    }
}
