//! What a client needs to know about the deployment it talks to.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientConfig {
    /// The ISO 4217 code of every amount.
    pub currency: String,
    /// The largest image upload accepted, in bytes.
    pub upload_max_bytes: usize,
    /// Pictures are stored no larger than this many pixels along their longest edge: a
    /// client may shrink a larger photo to it before uploading, and lose nothing. Absent from
    /// servers older than the field (an app may be newer than its backend): the default then.
    #[serde(default = "default_image_max_edge")]
    pub image_max_edge: u32,
}

/// The server's default `IMAGE_MAX_EDGE`.
pub const DEFAULT_IMAGE_MAX_EDGE: u32 = 1600;

fn default_image_max_edge() -> u32 {
    DEFAULT_IMAGE_MAX_EDGE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_servers_config_still_reads() {
        let config: ClientConfig =
            serde_json::from_str(r#"{"currency":"EUR","upload_max_bytes":1024}"#).unwrap();
        assert_eq!(config.image_max_edge, 1600);
    }
}
