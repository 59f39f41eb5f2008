//! Types both sides of Bazaar share: request and response bodies of the HTTP API,
//! the validation rules for them, typed ids and the problem-details error body.

pub mod account;
pub mod admin;
pub mod auth;
pub mod cart;
pub mod catalog;
pub mod chat;
pub mod client_config;
pub mod coupon;
pub mod event;
mod flat;
pub mod ids;
pub mod image;
pub mod listing;
pub mod money;
pub mod order;
pub mod page_policy;
pub mod payment;
pub mod payout;
pub mod pricing;
pub mod problem;
pub mod realtime;
pub mod review;
pub mod shop;
pub mod text_enum;
pub mod validate;

pub use ids::{
    AddressId, CheckoutId, ConversationId, CouponId, EventId, ImageId, LedgerEntryId, MessageId,
    OrderId, ProductId, ReviewId, ShopId, UserId, WithdrawalId,
};
pub use problem::{FieldErrors, Problem};
pub use text_enum::UnknownValue;
