//! Types both sides of Bazaar share: request and response bodies of the HTTP API,
//! the validation rules for them, typed ids and the problem-details error body.

pub mod account;
pub mod auth;
pub mod cart;
pub mod catalog;
pub mod chat;
pub mod client_config;
pub mod coupon;
pub mod event;
pub mod ids;
pub mod image;
pub mod money;
pub mod problem;
pub mod realtime;
pub mod shop;
pub mod validate;

pub use ids::{
    AddressId, ConversationId, CouponId, EventId, ImageId, MessageId, ProductId, ShopId, UserId,
};
pub use problem::{FieldErrors, Problem};
