//! Black-box tests: the real app on a random port, a fresh database per test (SQLite, or
//! PostgreSQL when TEST_DATABASE_URL is set), plain HTTP like any client.

mod fakes;
mod helpers;

mod accounts;
mod addresses;
mod admin;
mod admin_cli;
mod authz;
mod backup;
mod cart;
mod chat;
mod concurrency;
mod coupons;
mod csrf;
mod demo;
mod events;
mod jobs;
mod listing;
mod media;
mod ops;
mod orders;
mod pages;
mod passwords;
mod payment_providers;
mod products;
mod profile;
mod rate_limits;
mod schema;
mod sessions;
mod shops;
mod shutdown;
mod smtp;
mod wishlist;
