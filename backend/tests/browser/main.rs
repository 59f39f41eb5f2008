//! The flows a shopper and a seller walk, in headless Chromium over WebDriver, against the
//! real backend serving the built UI. Each test starts its own app and chromedriver.
//! Without Chromium, chromedriver or a built UI (`BAZAAR_WEB_DIST`) they say SKIPPED on
//! stderr; under `BAZAAR_REQUIRE_ALL=1` they fail instead.

mod harness;

/// Every flow lives under this name, so `cargo xtask test` can hold them back from the
/// workspace run (`--skip browser_flows::`) and run them once the UI is built.
mod browser_flows {
    mod seller;
    mod shopper;
}
