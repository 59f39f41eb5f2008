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
    /// client may shrink a larger photo to it before uploading, and lose nothing.
    pub image_max_edge: u32,
}
