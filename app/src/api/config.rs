//! What the deployment tells every client: its currency, upload limit and picture size.

use super::ApiError;
use super::fetch::get;
use bazaar_shared::client_config::{ClientConfig, DEFAULT_IMAGE_MAX_EDGE};
use dioxus::prelude::*;

/// The deployment's settings; the defaults hold until `GET /config` answers at start-up.
pub static CLIENT_CONFIG: GlobalSignal<ClientConfig> = Signal::global(|| ClientConfig {
    currency: "USD".to_string(),
    upload_max_bytes: 10 * 1024 * 1024,
    image_max_edge: DEFAULT_IMAGE_MAX_EDGE,
});

/// The ISO code every amount is in, and new prices are written in.
pub fn currency() -> String {
    CLIENT_CONFIG.peek().currency.clone()
}

pub async fn load() -> Result<(), ApiError> {
    let config: ClientConfig = get("/api/v1/config").await?;
    *CLIENT_CONFIG.write() = config;
    Ok(())
}
