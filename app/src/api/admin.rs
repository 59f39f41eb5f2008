//! The admin console: the dashboard's figures, the lists, and the actions that keep the
//! marketplace honest. Each action's reason is checked here before it is sent.

use super::ApiError;
use super::fetch::{get, send_json, send_json_empty};
use bazaar_shared::admin::{
    AdminEvent, AdminProduct, AdminStats, AdminUser, BanChange, DisputeMove, HiddenChange,
    ReviewRemoval,
};
use bazaar_shared::catalog::Page;
use bazaar_shared::order::{Order, OrderStatus};
use bazaar_shared::payout::{Withdrawal, WithdrawalDecision};
use bazaar_shared::{EventId, OrderId, ProductId, ReviewId, UserId, WithdrawalId};
use serde::de::DeserializeOwned;

pub fn stats() -> impl Future<Output = Result<AdminStats, ApiError>> {
    get("/api/v1/admin/stats")
}

/// A page of `/admin/{resource}`; `query` is the list's filters and cursor, with its `?`.
pub fn list<T: DeserializeOwned>(
    resource: &str,
    query: &str,
) -> impl Future<Output = Result<Page<T>, ApiError>> + use<T> {
    get(&format!("/api/v1/admin/{resource}{query}"))
}

/// Bans the account (its sessions end, its shop's listings hide) or lifts the ban.
pub async fn set_banned(id: UserId, banned: bool, reason: String) -> Result<AdminUser, ApiError> {
    let body = BanChange { banned, reason };
    body.validate()?;
    send_json("PATCH", &format!("/api/v1/admin/users/{id}"), &body).await
}

pub async fn set_product_hidden(
    id: ProductId,
    hidden: bool,
    reason: String,
) -> Result<AdminProduct, ApiError> {
    let body = HiddenChange { hidden, reason };
    body.validate()?;
    send_json("PATCH", &format!("/api/v1/admin/products/{id}"), &body).await
}

pub async fn set_event_hidden(
    id: EventId,
    hidden: bool,
    reason: String,
) -> Result<AdminEvent, ApiError> {
    let body = HiddenChange { hidden, reason };
    body.validate()?;
    send_json("PATCH", &format!("/api/v1/admin/events/{id}"), &body).await
}

pub async fn remove_review(id: ReviewId, reason: String) -> Result<(), ApiError> {
    let body = ReviewRemoval { reason };
    body.validate()?;
    send_json_empty("DELETE", &format!("/api/v1/admin/reviews/{id}"), &body).await
}

/// Settles a dispute by moving the order to one of `dispute_targets`.
pub async fn settle_dispute(
    id: OrderId,
    status: OrderStatus,
    reason: String,
) -> Result<Order, ApiError> {
    let body = DisputeMove { status, reason };
    body.validate()?;
    send_json("POST", &format!("/api/v1/admin/orders/{id}/status"), &body).await
}

/// Pays the withdrawal out or rejects it (its hold goes back), with a note for the seller.
pub async fn decide_withdrawal(
    id: WithdrawalId,
    approve: bool,
    note: String,
) -> Result<Withdrawal, ApiError> {
    let body = WithdrawalDecision {
        approve,
        note: Some(note).filter(|n| !n.is_empty()),
    };
    body.validate()?;
    send_json("POST", &format!("/api/v1/admin/withdrawals/{id}"), &body).await
}
