//! The admin console: the marketplace's figures, lists of everything in it, the actions that
//! keep it honest (bans, hidden listings, removed reviews, disputed orders) and their
//! append-only audit log.

use crate::account::{AccountStatus, Role};
use crate::catalog::{ProductStatus, Rating, ShopSummary};
use crate::event::EventStatus;
use crate::image::Image;
use crate::money::Money;
use crate::order::OrderStatus;
use crate::payout::WithdrawalStatus;
use crate::review::ReviewAuthor;
use crate::validate;
use crate::{EventId, FieldErrors, OrderId, ProductId, ReviewId, ShopId, UserId, WithdrawalId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// Why an admin acted: required, and kept in the audit log for good.
pub const REASON_MAX_CHARS: usize = 500;
/// A list's search words.
pub const SEARCH_MAX_CHARS: usize = 100;
/// The dashboard's chart covers today and the days before it, this many in all.
pub const SALES_DAYS: usize = 30;

// ---------------------------------------------------------------------------------------
// GET /admin/stats

/// GET /admin/stats: the marketplace at a glance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminStats {
    pub accounts: AccountCounts,
    pub shops: i64,
    pub products: ProductCounts,
    /// Every order status, in the order of its life, with how many orders are in it.
    pub orders: Vec<StatusCount>,
    /// What buyers spent: every order placed and not cancelled (nor still awaiting payment),
    /// refunded ones included.
    pub gross_sales: Money,
    /// The platform's share of delivered orders, less what refunds gave back.
    pub commission_earned: Money,
    pub refunds: Tally,
    pub pending_withdrawals: Tally,
    /// Sales by UTC day, oldest first: today and the days before it, `SALES_DAYS` in all.
    pub sales_per_day: Vec<DaySales>,
}

/// Accounts: `buyers + sellers + admins` is every account; `banned` and `pending` (not yet
/// activated) count across those three.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountCounts {
    /// Accounts without a shop.
    pub buyers: i64,
    /// Accounts with a shop.
    pub sellers: i64,
    pub admins: i64,
    pub banned: i64,
    pub pending: i64,
}

/// Products: `active + archived` is every product; `hidden` (by an admin) counts across both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductCounts {
    pub active: i64,
    pub archived: i64,
    pub hidden: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    pub status: OrderStatus,
    pub count: i64,
}

/// How many, and how much in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub count: i64,
    pub amount: Money,
}

/// One day of the sales chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DaySales {
    /// The day's start, 00:00 UTC.
    #[serde(with = "time::serde::rfc3339")]
    pub day: OffsetDateTime,
    pub orders: i64,
    pub amount: Money,
}

// ---------------------------------------------------------------------------------------
// Lists: `?q=…&<filters>&sort=…&cursor=…&limit=…`, answered as `{items, next_cursor}`.

/// An account as admins see it, in lists and references.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountRef {
    pub id: UserId,
    pub name: String,
    pub email: String,
}

/// Why and since when an account is banned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ban {
    pub reason: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// Why and since when an admin hid a product or an event. Its shop sees this on the product
/// or event; nobody else sees the product or event at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hidden {
    pub reason: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// GET /admin/users.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminUser {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub avatar: Option<Image>,
    /// `buyer` always; `seller` with a shop; `admin` for admins.
    pub roles: Vec<Role>,
    pub status: AccountStatus,
    pub shop: Option<ShopSummary>,
    /// Set while the account is banned.
    pub ban: Option<Ban>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdminUserSort {
    #[default]
    Newest,
    Oldest,
}

/// GET /admin/users?q&role&status&sort&cursor&limit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct AdminUserQuery {
    /// Words in the name or e-mail address.
    pub q: Option<String>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub role: Option<Role>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub status: Option<AccountStatus>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<AdminUserSort>,
    /// The `next_cursor` of the previous page.
    #[cfg_attr(feature = "openapi", param(min_length = 1))]
    pub cursor: Option<String>,
    /// 1–100, 24 by default.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<i64>,
}

impl AdminUserQuery {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        search_only(self.q.as_deref())
    }
}

/// GET /admin/shops.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminShop {
    pub id: ShopId,
    pub name: String,
    pub avatar: Option<Image>,
    pub owner: AccountRef,
    /// The owner is banned: the shop and everything it sells are hidden.
    pub banned: bool,
    /// Every product, archived and hidden ones too.
    pub product_count: i64,
    pub rating: Rating,
    /// What the shop may withdraw now.
    pub balance: Money,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdminShopSort {
    #[default]
    Newest,
    Oldest,
    /// The largest balance first.
    Balance,
}

/// GET /admin/shops?q&banned&sort&cursor&limit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct AdminShopQuery {
    /// Words in the shop's name.
    pub q: Option<String>,
    /// Only shops whose owner is (true) or is not (false) banned.
    pub banned: Option<bool>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<AdminShopSort>,
    #[cfg_attr(feature = "openapi", param(min_length = 1))]
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<i64>,
}

impl AdminShopQuery {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        search_only(self.q.as_deref())
    }
}

/// A product or an event's product, named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductRef {
    pub id: ProductId,
    pub name: String,
}

/// GET /admin/products: every product, archived, hidden and banned shops' ones too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminProduct {
    pub id: ProductId,
    pub name: String,
    pub shop: ShopSummary,
    /// The shop's owner is banned, which hides the product too.
    pub shop_banned: bool,
    pub thumbnail: Option<Image>,
    pub category: String,
    pub price: Money,
    pub stock: i64,
    pub sold_count: i64,
    pub rating: Rating,
    /// The seller's own switch: active or archived.
    pub status: ProductStatus,
    pub hidden: Option<Hidden>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdminProductSort {
    #[default]
    Newest,
    Oldest,
    PriceAsc,
    PriceDesc,
    BestSelling,
    /// The fewest units in stock first.
    StockAsc,
}

/// GET /admin/products?q&shop_id&category&status&hidden&sort&cursor&limit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct AdminProductQuery {
    /// Words in the product's name.
    pub q: Option<String>,
    pub shop_id: Option<ShopId>,
    pub category: Option<String>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub status: Option<ProductStatus>,
    /// Only products an admin hid (true), or only the others (false).
    pub hidden: Option<bool>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<AdminProductSort>,
    #[cfg_attr(feature = "openapi", param(min_length = 1))]
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<i64>,
}

impl AdminProductQuery {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Some(category) = &self.category
            && !crate::catalog::is_category(category)
        {
            errors.add("category", "is not one of the categories");
        }
        check_search(&mut errors, self.q.as_deref());
        errors.into_result()
    }
}

/// GET /admin/events: every event, ended, hidden and banned shops' ones too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminEvent {
    pub id: EventId,
    pub name: String,
    pub shop: ShopSummary,
    pub shop_banned: bool,
    pub product: ProductRef,
    pub event_price: Money,
    pub status: EventStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
    pub unit_limit: Option<i64>,
    pub units_sold: i64,
    pub hidden: Option<Hidden>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdminEventSort {
    /// The most recently created first.
    #[default]
    Newest,
    Oldest,
    /// The latest start first.
    StartsLatest,
}

/// GET /admin/events?q&shop_id&status&hidden&sort&cursor&limit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct AdminEventQuery {
    /// Words in the event's name.
    pub q: Option<String>,
    pub shop_id: Option<ShopId>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub status: Option<EventStatus>,
    pub hidden: Option<bool>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<AdminEventSort>,
    #[cfg_attr(feature = "openapi", param(min_length = 1))]
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<i64>,
}

impl AdminEventQuery {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        search_only(self.q.as_deref())
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdminOrderSort {
    #[default]
    Newest,
    Oldest,
    /// The largest total first.
    TotalDesc,
}

/// GET /admin/orders?status&shop_id&buyer_id&from&to&sort&cursor&limit; the items are
/// orders as their buyer and shop see them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct AdminOrderQuery {
    #[cfg_attr(feature = "openapi", param(inline))]
    pub status: Option<OrderStatus>,
    pub shop_id: Option<ShopId>,
    pub buyer_id: Option<UserId>,
    /// Placed at or after this time (RFC 3339).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub from: Option<OffsetDateTime>,
    /// Placed before this time (RFC 3339).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub to: Option<OffsetDateTime>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<AdminOrderSort>,
    #[cfg_attr(feature = "openapi", param(min_length = 1))]
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<i64>,
}

impl AdminOrderQuery {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let (Some(from), Some(to)) = (self.from, self.to)
            && to <= from
        {
            errors.add("to", "must be after from");
        }
        errors.into_result()
    }
}

/// GET /admin/withdrawals: a withdrawal (the fields of `Withdrawal`) with its shop and the
/// admin who decided it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminWithdrawal {
    pub id: WithdrawalId,
    pub shop_id: ShopId,
    pub shop: ShopSummary,
    pub amount: Money,
    pub status: WithdrawalStatus,
    /// The admin's note on the decision.
    pub note: Option<String>,
    pub decided_by: Option<AccountRef>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdminWithdrawalSort {
    #[default]
    Newest,
    /// The longest waiting first.
    Oldest,
    AmountDesc,
}

/// GET /admin/withdrawals?status&shop_id&sort&cursor&limit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct AdminWithdrawalQuery {
    pub status: Option<WithdrawalStatus>,
    pub shop_id: Option<ShopId>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<AdminWithdrawalSort>,
    #[cfg_attr(feature = "openapi", param(min_length = 1))]
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<i64>,
}

/// GET /admin/reviews.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminReview {
    pub id: ReviewId,
    pub product: ProductRef,
    pub shop: ShopSummary,
    pub author: ReviewAuthor,
    pub order_id: OrderId,
    pub rating: u8,
    pub comment: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdminReviewSort {
    #[default]
    Newest,
    Oldest,
    /// The fewest stars first.
    RatingAsc,
}

/// GET /admin/reviews?q&product_id&shop_id&author_id&rating&sort&cursor&limit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct AdminReviewQuery {
    /// Words in the comment.
    pub q: Option<String>,
    pub product_id: Option<ProductId>,
    pub shop_id: Option<ShopId>,
    pub author_id: Option<UserId>,
    /// Only reviews of this many stars.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 5))]
    pub rating: Option<u8>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<AdminReviewSort>,
    #[cfg_attr(feature = "openapi", param(min_length = 1))]
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<i64>,
}

impl AdminReviewQuery {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.rating.is_some_and(|r| !(1..=5).contains(&r)) {
            errors.add("rating", "must be between 1 and 5");
        }
        check_search(&mut errors, self.q.as_deref());
        errors.into_result()
    }
}

fn check_search(errors: &mut FieldErrors, q: Option<&str>) {
    if let Some(q) = q {
        validate::check_max(errors, "q", q, SEARCH_MAX_CHARS);
    }
}

/// The errors of a query whose only rule is its search words.
fn search_only(q: Option<&str>) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    check_search(&mut errors, q);
    errors.into_result()
}

// ---------------------------------------------------------------------------------------
// Actions: each takes a reason, kept in the audit log.

/// PATCH /admin/users/{id}: ban (its sessions and sockets end, its shop's listings hide, it
/// cannot sign in) or unban (all of it back). Admins cannot be banned, nor can one's self.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BanChange {
    pub banned: bool,
    /// Why: mailed to the account and kept in the audit log.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub reason: String,
}

/// PATCH /admin/products/{id} and /admin/events/{id}: hide from the marketplace (out of
/// listings, search and carts; its shop sees why) or restore.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HiddenChange {
    pub hidden: bool,
    /// Why: shown to the shop and kept in the audit log.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub reason: String,
}

/// DELETE /admin/reviews/{id}: why the review goes.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewRemoval {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub reason: String,
}

/// POST /admin/orders/{id}/status: an admin settles a dispute by moving the order (see
/// `dispute_targets`), with the stock, ledger and money effects of the seller's own moves.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisputeMove {
    pub status: OrderStatus,
    /// Why: kept in the audit log.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub reason: String,
}

/// A required reason: not blank, at most `REASON_MAX_CHARS`.
pub fn check_reason(reason: &str) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    validate::check_text(&mut errors, "reason", reason, REASON_MAX_CHARS);
    errors.into_result()
}

impl BanChange {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        check_reason(&self.reason)
    }
}

impl HiddenChange {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        check_reason(&self.reason)
    }
}

impl ReviewRemoval {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        check_reason(&self.reason)
    }
}

impl DisputeMove {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        check_reason(&self.reason)
    }
}

/// Where an admin may move an order in a dispute: forward along delivery (as its seller
/// could), cancelled before delivery (stock and money back), refunded once delivered (stock,
/// ledger and money back), whatever the seller decided. An order still awaiting payment is
/// cancelled by its buyer or by the clock, and cancelled or refunded orders are final.
pub fn dispute_targets(from: OrderStatus) -> Vec<OrderStatus> {
    use OrderStatus::*;
    match from {
        Processing | TransferredToDeliveryPartner | Shipping | Received | OnTheWay => {
            OrderStatus::DELIVERY_PATH
                .into_iter()
                .filter(|to| from.seller_move(*to).is_ok())
                .chain([Cancelled])
                .collect()
        }
        Delivered | RefundRequested | RefundRejected => vec![Refunded],
        AwaitingPayment | Cancelled | Refunded => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// GET /admin/audit

/// What an admin did. Each action has one kind of target (`target`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Ban,
    Unban,
    HideProduct,
    RestoreProduct,
    HideEvent,
    RestoreEvent,
    RemoveReview,
    ApproveWithdrawal,
    RejectWithdrawal,
    ChangeOrderStatus,
}

/// The kind of record an audit entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditTarget {
    User,
    Product,
    Event,
    Review,
    Withdrawal,
    Order,
}

impl AuditAction {
    pub const ALL: [Self; 10] = [
        Self::Ban,
        Self::Unban,
        Self::HideProduct,
        Self::RestoreProduct,
        Self::HideEvent,
        Self::RestoreEvent,
        Self::RemoveReview,
        Self::ApproveWithdrawal,
        Self::RejectWithdrawal,
        Self::ChangeOrderStatus,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ban => "ban",
            Self::Unban => "unban",
            Self::HideProduct => "hide_product",
            Self::RestoreProduct => "restore_product",
            Self::HideEvent => "hide_event",
            Self::RestoreEvent => "restore_event",
            Self::RemoveReview => "remove_review",
            Self::ApproveWithdrawal => "approve_withdrawal",
            Self::RejectWithdrawal => "reject_withdrawal",
            Self::ChangeOrderStatus => "change_order_status",
        }
    }

    pub fn target(self) -> AuditTarget {
        match self {
            Self::Ban | Self::Unban => AuditTarget::User,
            Self::HideProduct | Self::RestoreProduct => AuditTarget::Product,
            Self::HideEvent | Self::RestoreEvent => AuditTarget::Event,
            Self::RemoveReview => AuditTarget::Review,
            Self::ApproveWithdrawal | Self::RejectWithdrawal => AuditTarget::Withdrawal,
            Self::ChangeOrderStatus => AuditTarget::Order,
        }
    }
}

/// One line of the audit log: who did what to which record, when and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: Uuid,
    pub admin: AccountRef,
    pub action: AuditAction,
    pub target: AuditTarget,
    /// The id of the user, product, event, review, withdrawal or order.
    pub target_id: Uuid,
    /// The admin's reason (a withdrawal's note, which may be empty).
    pub reason: String,
    /// What the record was or what changed, in words: it outlives a removed review.
    pub detail: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// GET /admin/audit?admin_id&action&target_id&cursor&limit, newest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct AuditQuery {
    pub admin_id: Option<UserId>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub action: Option<AuditAction>,
    pub target_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", param(min_length = 1))]
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_actions_read_back_and_unknown_ones_are_errors() {
        for action in AuditAction::ALL {
            assert_eq!(action.as_str().parse(), Ok(action));
            assert_eq!(serde_json::to_value(action).unwrap(), action.as_str());
        }
        assert!("delete_everything".parse::<AuditAction>().is_err());
    }

    #[test]
    fn a_dispute_moves_forward_cancels_before_delivery_or_refunds_after() {
        use OrderStatus::*;
        assert_eq!(
            dispute_targets(Shipping),
            [Received, OnTheWay, Delivered, Cancelled]
        );
        assert_eq!(dispute_targets(OnTheWay), [Delivered, Cancelled]);
        for delivered in [Delivered, RefundRequested, RefundRejected] {
            assert_eq!(dispute_targets(delivered), [Refunded]);
        }
        for fixed in [AwaitingPayment, Cancelled, Refunded] {
            assert!(dispute_targets(fixed).is_empty(), "{fixed:?}");
        }
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        let change = |reason: &str| BanChange {
            banned: true,
            reason: reason.into(),
        };
        assert!(change("  ").validate().unwrap_err().get("reason").is_some());
        assert!(change(&"x".repeat(501)).validate().is_err());
        assert!(change("selling counterfeits").validate().is_ok());
    }

    #[test]
    fn an_order_range_must_end_after_it_starts() {
        let at = time::macros::datetime!(2026-01-10 0:00 UTC);
        let query = AdminOrderQuery {
            from: Some(at),
            to: Some(at),
            ..AdminOrderQuery::default()
        };
        assert!(query.validate().unwrap_err().get("to").is_some());
    }
}
