//! The HTTP client for the Bazaar API: JSON in and out, errors as RFC 9457 problems.
//!
//! `connection` knows where the API lives and how a call proves who is signed in, `fetch`
//! sends one request and reads its answer, `error` says why one failed, and each resource
//! module (`auth`, `account`, `catalog`, …) holds the typed calls of one part of the API.

pub mod account;
pub mod admin;
pub mod auth;
pub mod cart;
pub mod catalog;
pub mod chat;
pub mod config;
pub mod connection;
pub mod coupon;
mod error;
mod fetch;
pub mod order;
pub mod payout;
pub mod review;
pub mod shop;

pub use error::ApiError;
