//! Reviews: written by the buyer of a delivered order, one per order line.

use crate::image::Image;
use crate::validate;
use crate::{FieldErrors, OrderId, ProductId, ReviewId, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub const COMMENT_MAX_CHARS: usize = 2_000;

/// POST /products/{id}/reviews.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    /// The delivered order that holds the product.
    pub order_id: OrderId,
    /// 1 to 5 stars.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub rating: u8,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub comment: String,
}

impl ReviewInput {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if !(1..=5).contains(&self.rating) {
            errors.add("rating", "must be between 1 and 5");
        }
        validate::check_max(&mut errors, "comment", &self.comment, COMMENT_MAX_CHARS);
        errors.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewAuthor {
    pub id: UserId,
    pub name: String,
    pub avatar: Option<Image>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    pub id: ReviewId,
    pub product_id: ProductId,
    pub author: ReviewAuthor,
    pub rating: u8,
    pub comment: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}
