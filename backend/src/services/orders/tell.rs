//! Telling buyer and seller of an order's changes: the mails queued in the transaction that
//! made the change, then, once it committed, the order pushed to their sockets.

use super::{reread, view};
use crate::AppState;
use crate::db::orders::FullOrder;
use crate::db::users::{self, UserView};
use crate::error::ApiResult;
use crate::jobs::{self, Claimed, Job};
use crate::mail::Mail;
use bazaar_shared::order::Order;
use bazaar_shared::realtime::ServerEvent;
use bazaar_shared::{OrderId, UserId};
use sqlx::AnyConnection;

/// What to tell once a change has committed: the order as it is now, and the jobs queued
/// with the change (its mails, money movements at the provider).
pub struct Told {
    full: FullOrder,
    pub jobs: Vec<Claimed>,
}

impl Told {
    /// A change that wrote `full` and queued `jobs`.
    pub fn new(full: FullOrder, jobs: Vec<Claimed>) -> Self {
        Self { full, jobs }
    }
}

/// The mails of a new order (as it is about to be written) to its seller and its buyer:
/// built before the checkout's transaction, which then only stores them.
pub fn new_order_mails(
    state: &AppState,
    full: &FullOrder,
    seller: &UserView,
    buyer: &UserView,
) -> [Job; 2] {
    let order = view(state, full);
    let seller_link = format!("{}/shop/orders/{}", state.config.public_url, order.id);
    let seller_mail = mail_job(
        seller,
        Notice {
            subject: format!("New order from {}", order.buyer.name),
            intro: format!(
                "{} ordered {} for {}. It is {}.",
                order.buyer.name,
                describe_lines(&order),
                order.total,
                order.status.label()
            ),
            action: "See the order",
            link: seller_link,
        },
    );
    let buyer_mail = mail_job(
        buyer,
        Notice {
            subject: format!("Your order from {}", order.shop.name),
            intro: format!(
                "Thank you for your order of {} from {}, {} in all. It is {}.",
                describe_lines(&order),
                order.shop.name,
                order.total,
                order.status.label()
            ),
            action: "Track your order",
            link: buyer_link(state, &order),
        },
    );
    [seller_mail, buyer_mail]
}

/// Inside the transaction that changed the order: reads it back and queues the buyer's mail.
pub async fn tell_change(
    state: &AppState,
    conn: &mut AnyConnection,
    id: OrderId,
) -> ApiResult<Told> {
    let full = reread(conn, id).await?;
    let order = view(state, &full);
    let mail = queue_mail(
        state,
        conn,
        order.buyer.id,
        Notice {
            subject: format!(
                "Your order from {} is {}",
                order.shop.name,
                order.status.label()
            ),
            intro: format!(
                "Your order of {} from {} is now {}.",
                describe_lines(&order),
                order.shop.name,
                order.status.label()
            ),
            action: "See your order",
            link: buyer_link(state, &order),
        },
    )
    .await?;
    Ok(Told {
        full,
        jobs: mail.into_iter().collect(),
    })
}

/// After the commit: the order pushed live to its buyer and seller, and its jobs tried now.
pub async fn announce(state: &AppState, told: Told) -> Order {
    let order = view(state, &told.full);
    let event = ServerEvent::OrderUpdated {
        order: Box::new(order.clone()),
    };
    let recipients = [told.full.order.buyer_id, told.full.order.shop_owner_id];
    state.hub.publish(&recipients, &event).await;
    jobs::run_now(state, told.jobs).await;
    order
}

fn buyer_link(state: &AppState, order: &Order) -> String {
    format!("{}/orders/{}", state.config.public_url, order.id)
}

fn describe_lines(order: &Order) -> String {
    let names: Vec<String> = order
        .lines
        .iter()
        .map(|l| format!("{} × {}", l.quantity, l.name))
        .collect();
    names.join(", ")
}

/// A mail about an order or a payout.
pub struct Notice {
    pub subject: String,
    pub intro: String,
    pub action: &'static str,
    pub link: String,
}

/// Queues a mail to an account in the caller's transaction: it is sent iff that commits.
pub async fn queue_mail(
    state: &AppState,
    conn: &mut AnyConnection,
    to: UserId,
    notice: Notice,
) -> ApiResult<Option<Claimed>> {
    let Some(account) = users::find_view(conn, to).await? else {
        return Ok(None);
    };
    let job = mail_job(&account, notice);
    Ok(Some(
        jobs::enqueue_held(conn, &job, state.clock.now_micros()).await?,
    ))
}

fn mail_job(account: &UserView, notice: Notice) -> Job {
    Job::Mail {
        to_name: account.name.clone(),
        to_email: account.email.clone(),
        mail: Mail::Notice {
            name: account.name.clone(),
            subject: notice.subject,
            intro: notice.intro,
            action: notice.action.to_owned(),
            link: notice.link,
        },
    }
}
