//! The coupon rule: how much a shop's coupon takes off a cart, or why it does not apply.
//!
//! Pure so the UI can preview it and the server enforce it with the same numbers;
//! the caller passes `now` because this crate also runs in the browser.

use crate::catalog::check_money;
use crate::money::Money;
use crate::validate;
use crate::{CouponId, FieldErrors, ProductId, ShopId};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::OffsetDateTime;

/// A shop's coupon as the checkout sees it (the code that found it is the caller's business).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CouponRule {
    pub shop_id: ShopId,
    /// 1–100; values above 100 are treated as 100.
    pub percent_off: u8,
    /// Minor units the eligible lines must add up to before the coupon applies.
    pub min_subtotal: i64,
    pub max_discount: Option<i64>,
    /// When set, only this product's lines are eligible.
    pub product_id: Option<ProductId>,
    pub expires_at: Option<OffsetDateTime>,
    pub usage_limit: Option<u32>,
    pub used_count: u32,
}

/// A cart line priced by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PricedLine {
    pub product_id: ProductId,
    pub shop_id: ShopId,
    /// The effective price in minor units: the running event price or the current price.
    pub unit_price: i64,
    pub quantity: u32,
}

/// Why a coupon gives nothing; `Display` is the sentence the shopper reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CouponRefusal {
    Expired,
    UsedUp,
    /// No line of the coupon's shop (and product, when restricted) is in the cart.
    NotApplicable,
    MinimumNotReached {
        min_subtotal: i64,
        eligible_subtotal: i64,
    },
}

impl fmt::Display for CouponRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Expired => f.write_str("this coupon has expired"),
            Self::UsedUp => f.write_str("this coupon has been used up"),
            Self::NotApplicable => {
                f.write_str("this coupon does not apply to any item in your cart")
            }
            Self::MinimumNotReached {
                min_subtotal,
                eligible_subtotal,
            } => write!(
                f,
                "spend at least {} at this shop to use this coupon (you have {} so far)",
                Amount(*min_subtotal),
                Amount(*eligible_subtotal)
            ),
        }
    }
}

impl std::error::Error for CouponRefusal {}

/// Minor units shown as a plain amount with two decimals: `1250` → `12.50`.
struct Amount(i64);

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let cents = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", cents / 100, cents % 100)
    }
}

/// Whether the coupon can be used at all at `now`, whatever the cart: not expired, not used up.
pub fn check_usable(rule: &CouponRule, now: OffsetDateTime) -> Result<(), CouponRefusal> {
    if rule.expires_at.is_some_and(|expires_at| now >= expires_at) {
        return Err(CouponRefusal::Expired);
    }
    if rule
        .usage_limit
        .is_some_and(|limit| rule.used_count >= limit)
    {
        return Err(CouponRefusal::UsedUp);
    }
    Ok(())
}

/// The discount in minor units `rule` gives on `lines` at `now`, or why it gives none.
///
/// Only lines of the coupon's shop (and of its product, when restricted) count. The
/// discount is `percent_off` of their subtotal rounded half up to the cent, capped at
/// `max_discount` and never more than that subtotal.
pub fn coupon_discount(
    rule: &CouponRule,
    lines: &[PricedLine],
    now: OffsetDateTime,
) -> Result<i64, CouponRefusal> {
    check_usable(rule, now)?;

    let mut eligible = lines
        .iter()
        .filter(|line| {
            line.quantity > 0
                && line.shop_id == rule.shop_id
                && rule
                    .product_id
                    .is_none_or(|product| line.product_id == product)
        })
        .peekable();
    if eligible.peek().is_none() {
        return Err(CouponRefusal::NotApplicable);
    }
    let eligible_subtotal = eligible.fold(0i64, |sum, line| {
        sum.saturating_add(line.unit_price.saturating_mul(i64::from(line.quantity)))
    });
    if eligible_subtotal < rule.min_subtotal {
        return Err(CouponRefusal::MinimumNotReached {
            min_subtotal: rule.min_subtotal,
            eligible_subtotal,
        });
    }

    let percent = i128::from(rule.percent_off.min(100));
    // i128 so that a huge subtotal times 100 cannot overflow; the result fits back in i64
    // because it is at most the subtotal.
    let rounded = (i128::from(eligible_subtotal.max(0)) * percent + 50) / 100;
    let mut discount = i64::try_from(rounded).unwrap_or(i64::MAX);
    if let Some(cap) = rule.max_discount {
        discount = discount.min(cap.max(0));
    }
    Ok(discount.clamp(0, eligible_subtotal.max(0)))
}

/// Coupon codes: letters, digits, `-` and `_`, compared case-insensitively.
pub const CODE_MIN_CHARS: usize = 3;
pub const CODE_MAX_CHARS: usize = 32;

pub fn normalize_code(code: &str) -> String {
    code.trim().to_uppercase()
}

/// POST /coupons: a coupon for the seller's shop.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CouponInput {
    pub code: String,
    pub percent_off: u8,
    /// The eligible subtotal the cart must reach; zero for none.
    pub min_subtotal: Money,
    #[serde(default)]
    pub max_discount: Option<Money>,
    /// Limits the coupon to one product of the shop.
    #[serde(default)]
    pub product_id: Option<ProductId>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(default)]
    pub usage_limit: Option<u32>,
}

impl CouponInput {
    pub fn validate(&self, currency: &str, now: OffsetDateTime) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let code = normalize_code(&self.code);
        let code_ok = (CODE_MIN_CHARS..=CODE_MAX_CHARS).contains(&code.chars().count())
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !code_ok {
            errors.add(
                "code",
                format!("must be {CODE_MIN_CHARS} to {CODE_MAX_CHARS} letters, digits, - or _"),
            );
        }
        if !(1..=100).contains(&self.percent_off) {
            errors.add("percent_off", "must be between 1 and 100");
        }
        if self.min_subtotal.currency != currency || self.min_subtotal.amount < 0 {
            errors.add(
                "min_subtotal",
                format!("must be zero or more, in {currency}"),
            );
        }
        if let Some(cap) = &self.max_discount {
            check_money(&mut errors, "max_discount", cap, currency);
        }
        if self.expires_at.is_some_and(|at| at <= now) {
            errors.add("expires_at", "must be in the future");
        }
        validate::check_count_limit(&mut errors, "usage_limit", self.usage_limit);
        errors.into_result()
    }
}

/// A coupon as its shop sees it, and as the public check by code shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coupon {
    pub id: CouponId,
    pub shop_id: ShopId,
    pub code: String,
    pub percent_off: u8,
    pub min_subtotal: Money,
    pub max_discount: Option<Money>,
    pub product_id: Option<ProductId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    pub usage_limit: Option<u32>,
    pub used_count: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;
    use uuid::Uuid;

    const NOW: OffsetDateTime = datetime!(2025-06-01 12:00 UTC);

    fn shop(n: u128) -> ShopId {
        ShopId(Uuid::from_u128(n))
    }

    fn product(n: u128) -> ProductId {
        ProductId(Uuid::from_u128(1000 + n))
    }

    fn line(shop_n: u128, product_n: u128, unit_price: i64, quantity: u32) -> PricedLine {
        PricedLine {
            product_id: product(product_n),
            shop_id: shop(shop_n),
            unit_price,
            quantity,
        }
    }

    fn percent_off(percent_off: u8) -> CouponRule {
        CouponRule {
            shop_id: shop(1),
            percent_off,
            min_subtotal: 0,
            max_discount: None,
            product_id: None,
            expires_at: None,
            usage_limit: None,
            used_count: 0,
        }
    }

    #[test]
    fn percent_is_rounded_half_up_to_the_cent() {
        let discount =
            |percent, price| coupon_discount(&percent_off(percent), &[line(1, 1, price, 1)], NOW);
        assert_eq!(discount(15, 333), Ok(50)); // 49.95
        assert_eq!(discount(10, 5), Ok(1)); // 0.5
        assert_eq!(discount(1, 49), Ok(0)); // 0.49
        assert_eq!(discount(1, 50), Ok(1)); // 0.5
        assert_eq!(discount(25, 1000), Ok(250));
    }

    #[test]
    fn percent_applies_to_the_sum_of_quantities() {
        let lines = [line(1, 1, 333, 3), line(1, 2, 100, 2)];
        // 15% of 1199 = 179.85
        assert_eq!(coupon_discount(&percent_off(15), &lines, NOW), Ok(180));
    }

    #[test]
    fn hundred_percent_takes_off_the_whole_eligible_subtotal() {
        let lines = [line(1, 1, 1999, 2), line(2, 1, 500, 1)];
        assert_eq!(coupon_discount(&percent_off(100), &lines, NOW), Ok(3998));
    }

    #[test]
    fn minimum_not_reached_refuses_and_says_how_much() {
        let rule = CouponRule {
            min_subtotal: 5000,
            ..percent_off(10)
        };
        let lines = [line(1, 1, 2000, 2), line(2, 1, 9000, 1)];
        let refusal = coupon_discount(&rule, &lines, NOW).unwrap_err();
        assert_eq!(
            refusal,
            CouponRefusal::MinimumNotReached {
                min_subtotal: 5000,
                eligible_subtotal: 4000
            }
        );
        assert_eq!(
            refusal.to_string(),
            "spend at least 50.00 at this shop to use this coupon (you have 40.00 so far)"
        );
    }

    #[test]
    fn minimum_reached_exactly_applies() {
        let rule = CouponRule {
            min_subtotal: 4000,
            ..percent_off(10)
        };
        assert_eq!(coupon_discount(&rule, &[line(1, 1, 2000, 2)], NOW), Ok(400));
    }

    #[test]
    fn discount_is_capped_at_the_maximum() {
        let rule = CouponRule {
            max_discount: Some(1250),
            ..percent_off(50)
        };
        assert_eq!(
            coupon_discount(&rule, &[line(1, 1, 10_000, 1)], NOW),
            Ok(1250)
        );
        assert_eq!(
            coupon_discount(&rule, &[line(1, 1, 2000, 1)], NOW),
            Ok(1000)
        );
    }

    #[test]
    fn restricted_coupon_discounts_only_its_product() {
        let rule = CouponRule {
            product_id: Some(product(2)),
            ..percent_off(10)
        };
        let lines = [line(1, 1, 10_000, 1), line(1, 2, 1000, 3)];
        assert_eq!(coupon_discount(&rule, &lines, NOW), Ok(300));
    }

    #[test]
    fn restricted_coupon_minimum_counts_only_its_product() {
        let rule = CouponRule {
            product_id: Some(product(2)),
            min_subtotal: 2000,
            ..percent_off(10)
        };
        let lines = [line(1, 1, 10_000, 1), line(1, 2, 1000, 1)];
        assert_eq!(
            coupon_discount(&rule, &lines, NOW),
            Err(CouponRefusal::MinimumNotReached {
                min_subtotal: 2000,
                eligible_subtotal: 1000
            })
        );
    }

    #[test]
    fn other_shops_lines_are_ignored() {
        let lines = [line(1, 1, 1000, 1), line(2, 2, 50_000, 4)];
        assert_eq!(coupon_discount(&percent_off(20), &lines, NOW), Ok(200));
    }

    #[test]
    fn same_product_id_in_another_shop_is_not_eligible() {
        let rule = CouponRule {
            product_id: Some(product(1)),
            ..percent_off(20)
        };
        assert_eq!(
            coupon_discount(&rule, &[line(2, 1, 1000, 1)], NOW),
            Err(CouponRefusal::NotApplicable)
        );
    }

    #[test]
    fn expired_at_the_instant_of_expiry() {
        let rule = CouponRule {
            expires_at: Some(NOW),
            ..percent_off(10)
        };
        let refusal = coupon_discount(&rule, &[line(1, 1, 1000, 1)], NOW).unwrap_err();
        assert_eq!(refusal, CouponRefusal::Expired);
        assert_eq!(refusal.to_string(), "this coupon has expired");
    }

    #[test]
    fn expired_after_the_instant_of_expiry() {
        let rule = CouponRule {
            expires_at: Some(NOW),
            ..percent_off(10)
        };
        let later = NOW + Duration::seconds(1);
        assert_eq!(
            coupon_discount(&rule, &[line(1, 1, 1000, 1)], later),
            Err(CouponRefusal::Expired)
        );
    }

    #[test]
    fn valid_just_before_expiry() {
        let rule = CouponRule {
            expires_at: Some(NOW),
            ..percent_off(10)
        };
        let earlier = NOW - Duration::nanoseconds(1);
        assert_eq!(
            coupon_discount(&rule, &[line(1, 1, 1000, 1)], earlier),
            Ok(100)
        );
    }

    #[test]
    fn used_up_when_used_count_reaches_the_limit() {
        let limited = |used_count| CouponRule {
            usage_limit: Some(3),
            used_count,
            ..percent_off(10)
        };
        let lines = [line(1, 1, 1000, 1)];
        assert_eq!(coupon_discount(&limited(2), &lines, NOW), Ok(100));
        assert_eq!(
            coupon_discount(&limited(3), &lines, NOW),
            Err(CouponRefusal::UsedUp)
        );
        assert_eq!(
            coupon_discount(&limited(4), &lines, NOW),
            Err(CouponRefusal::UsedUp)
        );
    }

    #[test]
    fn no_eligible_line_is_not_applicable() {
        let rule = percent_off(10);
        assert_eq!(
            coupon_discount(&rule, &[], NOW),
            Err(CouponRefusal::NotApplicable)
        );
        assert_eq!(
            coupon_discount(&rule, &[line(2, 1, 1000, 1)], NOW),
            Err(CouponRefusal::NotApplicable)
        );
        assert_eq!(
            coupon_discount(&rule, &[line(1, 1, 1000, 0)], NOW),
            Err(CouponRefusal::NotApplicable)
        );
    }

    #[test]
    fn huge_subtotals_saturate_instead_of_overflowing() {
        let lines = [line(1, 1, i64::MAX / 2, 3), line(1, 2, i64::MAX, 1)];
        assert_eq!(
            coupon_discount(&percent_off(100), &lines, NOW),
            Ok(i64::MAX)
        );
        assert_eq!(
            coupon_discount(&percent_off(50), &lines, NOW),
            Ok(i64::MAX / 2 + 1)
        );
    }

    #[test]
    fn amounts_read_with_two_decimals() {
        assert_eq!(Amount(1250).to_string(), "12.50");
        assert_eq!(Amount(5).to_string(), "0.05");
        assert_eq!(Amount(0).to_string(), "0.00");
        assert_eq!(Amount(-199).to_string(), "-1.99");
    }
}
