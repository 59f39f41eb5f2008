//! The cart: on the server for signed-in accounts, on the device for guests.

use crate::catalog::{ProductCard, ShopSummary};
use crate::money::Money;
use crate::{FieldErrors, ProductId};
use serde::{Deserialize, Serialize};

/// How many of one product a cart may hold, whatever the stock.
pub const MAX_QUANTITY: u32 = 99;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartLine {
    pub product: ProductCard,
    pub quantity: u32,
    /// Effective price × quantity, computed by the server.
    pub line_total: Money,
    /// Set when the line cannot be bought as it is (sold out, fewer in stock, unlisted).
    pub problem: Option<String>,
}

/// The lines of one shop: one checkout makes one order per shop.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartShop {
    pub shop: ShopSummary,
    pub lines: Vec<CartLine>,
    pub subtotal: Money,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cart {
    pub shops: Vec<CartShop>,
    pub item_count: u32,
    pub total: Money,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetQuantity {
    pub quantity: u32,
}

impl SetQuantity {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if !(1..=MAX_QUANTITY).contains(&self.quantity) {
            errors.add("quantity", format!("must be between 1 and {MAX_QUANTITY}"));
        }
        errors.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GuestItem {
    pub product_id: ProductId,
    pub quantity: u32,
}

/// POST /me/cart/merge: the guest cart kept on the device, merged in at sign-in.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MergeCart {
    pub items: Vec<GuestItem>,
}

impl MergeCart {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.items.len() > 100 {
            errors.add("items", "at most 100 lines");
        }
        if self
            .items
            .iter()
            .any(|i| !(1..=MAX_QUANTITY).contains(&i.quantity))
        {
            errors.add(
                "items",
                format!("each quantity must be between 1 and {MAX_QUANTITY}"),
            );
        }
        errors.into_result()
    }
}
