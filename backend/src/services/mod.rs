//! The rules: each public function is one use case, run in one transaction where it writes.
//! Handlers parse and authorize; these decide.

pub mod accounts;
pub mod admin;
pub mod avatars;
pub mod cards;
pub mod cart;
pub mod chat;
pub mod chat_writer;
pub mod checkout;
pub mod coupons;
pub mod events;
pub mod gallery;
pub mod janitor;
pub mod orders;
pub mod payments;
pub mod payouts;
pub mod products;
pub mod profile;
pub mod reviews;
pub mod sessions;
pub mod shops;
pub mod uploads;
pub mod wishlist;
