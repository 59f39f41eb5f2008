//! The flows a shopper and a seller walk, in headless Chromium over WebDriver, against the
//! real backend serving the built UI. Each test starts its own app and chromedriver.
//! Without Chromium, chromedriver or a built UI (`BAZAAR_WEB_DIST`) they say SKIPPED on
//! stderr; under `BAZAAR_REQUIRE_ALL=1` they fail instead.

mod harness;

/// Every flow is `#[ignore]`d for a plain `cargo test` (it would find no built UI);
/// `cargo xtask test` builds the UI and runs them with `--include-ignored`.
mod browser_flows {
    mod admin;
    mod chat;
    mod orders;
    mod seller;
    mod seller_app;
    mod seller_app_live;
    mod shopper;
}
