//! New orders for the signed-in seller, from the websocket: an alert when one arrives, the
//! count of those not looked at yet for the badge on "Orders" in the shop's navigation, and the
//! shop's live counts the app's tab bar and dashboard show: orders to send (those in the first
//! status the seller acts on, `processing`) and orders placed today.

use crate::api;
use crate::api::ApiError;
use crate::notify;
use crate::realtime::{use_realtime, use_server_event};
use crate::toast::{Toasts, use_toasts};
use bazaar_shared::order::{Order, OrderStatus};
use bazaar_shared::realtime::ServerEvent;
use bazaar_shared::{OrderId, ShopId, UserId};
use dioxus::prelude::*;

#[derive(Clone, Copy, PartialEq)]
pub struct OrderAlerts {
    /// The signed-in account and its shop, if it has one.
    me: CopyValue<Option<(UserId, Option<ShopId>)>>,
    /// Orders this session has heard of: each is news only once.
    known: CopyValue<Vec<OrderId>>,
    unseen: Signal<Vec<OrderId>>,
    /// The shop's orders waiting to be sent, and those placed since local midnight; `None`
    /// until loaded (and for an account without a shop).
    counts: Signal<Option<ShopCounts>>,
    toasts: Toasts,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct ShopCounts {
    to_send: Vec<OrderId>,
    today: Vec<OrderId>,
}

/// The first status a seller must act on: the order is paid for (or cash on delivery) and waits
/// to be sent.
pub const TO_SEND: OrderStatus = OrderStatus::Processing;

/// Pages read at most when counting, 100 orders each.
const MAX_PAGES: usize = 10;
const PAGE_SIZE: u32 = 100;

pub fn provide_order_alerts() -> OrderAlerts {
    let unseen = use_signal(Vec::new);
    let counts = use_signal(|| None);
    let toasts = use_toasts();
    let realtime = use_realtime();
    let alerts = use_context_provider(|| OrderAlerts {
        me: CopyValue::new(None),
        known: CopyValue::new(Vec::new()),
        unseen,
        counts,
        toasts,
    });
    use_server_event(move |event| {
        if let ServerEvent::OrderUpdated { order } = event {
            alerts.heard(&order);
        }
    });
    // Changes pushed while the socket was down are lost: count again.
    use_effect(move || {
        if realtime.reconnected() > 0 {
            alerts.load_counts();
        }
    });
    alerts
}

pub fn use_order_alerts() -> OrderAlerts {
    use_context::<OrderAlerts>()
}

impl OrderAlerts {
    pub fn follow_session(mut self, me: Option<(UserId, Option<ShopId>)>) {
        if *self.me.peek() == me {
            return;
        }
        self.me.set(me);
        self.known.set(Vec::new());
        self.unseen.set(Vec::new());
        self.counts.set(None);
        self.load_counts();
    }

    /// Orders waiting to be sent, for the tab bar's badge and the dashboard; `None` until known.
    pub fn waiting_to_send(&self) -> Option<usize> {
        self.counts.read().as_ref().map(|c| c.to_send.len())
    }

    /// Orders placed since midnight here; `None` until known.
    pub fn today_count(&self) -> Option<usize> {
        self.counts.read().as_ref().map(|c| c.today.len())
    }

    fn load_counts(mut self) {
        let Some((me, Some(_))) = *self.me.peek() else {
            return;
        };
        spawn(async move {
            let midnight = local_midnight_ms();
            let to_send = order_ids(TO_SEND.as_str(), None).await;
            let today = order_ids("", Some(midnight)).await;
            // A late answer must not land on the next account.
            if (*self.me.peek()).map(|(id, _)| id) != Some(me) {
                return;
            }
            match (to_send, today) {
                (Ok(to_send), Ok(today)) => self.counts.set(Some(ShopCounts { to_send, today })),
                // The badge and tiles stay as they were; the pages say what failed.
                (Err(_), _) | (_, Err(_)) => {}
            }
        });
    }

    fn count(mut self, order: &Order, is_new: bool) {
        let mut counts = self.counts.write();
        let Some(counts) = counts.as_mut() else {
            return;
        };
        counts.to_send.retain(|id| *id != order.id);
        if order.status == TO_SEND {
            counts.to_send.push(order.id);
        }
        if is_new && placed_since(order, local_midnight_ms()) && !counts.today.contains(&order.id) {
            counts.today.push(order.id);
        }
    }

    /// New orders of the shop that the seller has not opened their list or page for.
    pub fn unseen_count(&self) -> usize {
        self.unseen.read().len()
    }

    /// The seller looked at the list: nothing is new any more.
    pub fn seen_all(mut self) {
        if !self.unseen.peek().is_empty() {
            self.unseen.set(Vec::new());
        }
    }

    pub fn seen(mut self, id: OrderId) {
        if self.unseen.peek().contains(&id) {
            self.unseen.write().retain(|o| *o != id);
        }
    }

    fn heard(mut self, order: &Order) {
        let Some((me, Some(shop))) = *self.me.peek() else {
            return;
        };
        if order.shop.id != shop || order.buyer.id == me {
            return;
        }
        let first_heard = !self.known.peek().contains(&order.id);
        // A change to an older order (one placed before this session) is no news.
        let is_new = first_heard && is_just_placed(order);
        self.count(order, is_new);
        if !first_heard {
            return;
        }
        self.known.write().push(order.id);
        if is_new {
            self.unseen.write().push(order.id);
            let who = &order.buyer.name;
            notify::alert(
                self.toasts,
                format!("New order from {who}"),
                "New order",
                &format!("{who} ordered {}.", crate::format::price(&order.total)),
                &format!("order-{}", order.id),
            );
        }
    }
}

/// An order in its first steps: placed, and at most paid.
fn is_just_placed(order: &Order) -> bool {
    matches!(
        order.status,
        OrderStatus::AwaitingPayment | OrderStatus::Processing
    ) && order.timeline.len() <= 2
}

fn placed_since(order: &Order, since_ms: f64) -> bool {
    (order.created_at.unix_timestamp_nanos() / 1_000_000) as f64 >= since_ms
}

/// The start of today in the browser's time zone, as milliseconds since the epoch.
fn local_midnight_ms() -> f64 {
    let today = js_sys::Date::new_0();
    today.set_hours(0);
    today.set_minutes(0);
    today.set_seconds(0);
    today.set_milliseconds(0);
    today.get_time()
}

/// The shop's orders of `status` (empty: all), newest first, down to those placed since
/// `since_ms` when given; at most `MAX_PAGES` pages.
async fn order_ids(status: &str, since_ms: Option<f64>) -> Result<Vec<OrderId>, ApiError> {
    let mut ids = Vec::new();
    let mut cursor = String::new();
    for _ in 0..MAX_PAGES {
        let page = api::order::shop_orders_up_to(status, &cursor, PAGE_SIZE).await?;
        let mut older_reached = false;
        for order in &page.items {
            if since_ms.is_some_and(|since| !placed_since(order, since)) {
                older_reached = true;
                break;
            }
            ids.push(order.id);
        }
        match page.next_cursor {
            Some(next) if !older_reached => cursor = next,
            _ => break,
        }
    }
    Ok(ids)
}
