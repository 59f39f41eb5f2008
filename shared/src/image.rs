use crate::ImageId;
use serde::{Deserialize, Serialize};

/// A stored, re-encoded image and its thumbnail, as URLs the client can load.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Image {
    pub id: ImageId,
    pub url: String,
    pub thumb_url: String,
    pub width: u32,
    pub height: u32,
}
