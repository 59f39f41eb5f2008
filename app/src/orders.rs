//! New orders for the signed-in seller, from the websocket: a toast when one arrives, and the
//! count of those not looked at yet for the badge on "Orders" in the shop's navigation.

use crate::realtime::use_server_event;
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
    toasts: Toasts,
}

pub fn provide_order_alerts() -> OrderAlerts {
    let unseen = use_signal(Vec::new);
    let toasts = use_toasts();
    let alerts = use_context_provider(|| OrderAlerts {
        me: CopyValue::new(None),
        known: CopyValue::new(Vec::new()),
        unseen,
        toasts,
    });
    use_server_event(move |event| {
        if let ServerEvent::OrderUpdated { order } = event {
            alerts.heard(&order);
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
        if order.shop.id != shop || order.buyer.id == me || self.known.peek().contains(&order.id) {
            return;
        }
        self.known.write().push(order.id);
        // A change to an older order (one placed before this session) is no news.
        if matches!(
            order.status,
            OrderStatus::AwaitingPayment | OrderStatus::Processing
        ) && order.timeline.len() <= 2
        {
            self.unseen.write().push(order.id);
            self.toasts
                .success(format!("New order from {}", order.buyer.name));
        }
    }
}
