//! How much things cost: pure functions over minor units, with checked arithmetic.
//!
//! The server's cart, quote and checkout and the app's guest cart all price through here,
//! so the numbers a shopper previews are the numbers the server charges.

use crate::coupon::{CouponRefusal, CouponRule, PricedLine, coupon_discount};
use std::fmt;
use time::OffsetDateTime;

/// An amount that does not fit in `i64` minor units: refused, never wrapped or saturated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the amount is too large")
    }
}

impl std::error::Error for Overflow {}

/// What one unit sells for now: a running sale's price when it is below the regular one.
pub fn effective_price(price: i64, sale_price: Option<i64>) -> i64 {
    sale_price.map_or(price, |sale| sale.min(price))
}

/// `unit_price × quantity`.
pub fn line_total(unit_price: i64, quantity: u32) -> Result<i64, Overflow> {
    unit_price.checked_mul(i64::from(quantity)).ok_or(Overflow)
}

/// The sum of `amounts`.
pub fn sum(amounts: impl IntoIterator<Item = i64>) -> Result<i64, Overflow> {
    amounts.into_iter().try_fold(0i64, |total, amount| {
        total.checked_add(amount).ok_or(Overflow)
    })
}

/// Why a cart line cannot be bought as it is; `Display` is what the shopper reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineProblem {
    /// Archived, hidden, or its shop is gone.
    NoLongerSold,
    SoldOut,
    /// Fewer in stock than the line asks for.
    OnlyLeft(i64),
}

impl fmt::Display for LineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoLongerSold => f.write_str("no longer sold"),
            Self::SoldOut => f.write_str("sold out"),
            Self::OnlyLeft(n) => write!(f, "only {n} left in stock"),
        }
    }
}

/// Whether `quantity` of a product that is `listed` with `stock` left can be bought.
pub fn line_problem(listed: bool, stock: i64, quantity: u32) -> Option<LineProblem> {
    if !listed {
        Some(LineProblem::NoLongerSold)
    } else if stock <= 0 {
        Some(LineProblem::SoldOut)
    } else if i64::from(quantity) > stock {
        Some(LineProblem::OnlyLeft(stock))
    } else {
        None
    }
}

/// One shop's part of a checkout, priced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShopTotals {
    pub subtotal: i64,
    pub discount: i64,
    pub total: i64,
}

/// The subtotal of one shop's `lines`, less the coupon's discount when it applies.
/// The lines must all be of one shop; a coupon of another shop is `NotApplicable`.
pub fn shop_totals(
    lines: &[PricedLine],
    coupon: Option<&CouponRule>,
    now: OffsetDateTime,
) -> Result<(ShopTotals, Option<CouponRefusal>), Overflow> {
    let subtotal = sum(lines
        .iter()
        .map(|line| line_total(line.unit_price, line.quantity))
        .collect::<Result<Vec<_>, _>>()?)?;
    let (discount, refusal) = match coupon.map(|rule| coupon_discount(rule, lines, now)) {
        None => (0, None),
        Some(Ok(discount)) => (discount, None),
        Some(Err(refusal)) => (0, Some(refusal)),
    };
    let totals = ShopTotals {
        subtotal,
        discount,
        total: subtotal - discount.min(subtotal),
    };
    Ok((totals, refusal))
}

/// The platform's commission on an order's total: `percent` of it, rounded half up.
pub fn commission(total: i64, percent: u8) -> i64 {
    let percent = i128::from(percent.min(100));
    let rounded = (i128::from(total.max(0)) * percent + 50) / 100;
    // At most `total`, so it fits.
    i64::try_from(rounded).unwrap_or(total)
}

/// What the shop earns from a delivered order: its total less the commission.
pub fn seller_earnings(total: i64, percent: u8) -> i64 {
    total - commission(total, percent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ProductId, ShopId};
    use time::macros::datetime;
    use uuid::Uuid;

    const NOW: OffsetDateTime = datetime!(2025-06-01 12:00 UTC);

    fn line(product: u128, unit_price: i64, quantity: u32) -> PricedLine {
        PricedLine {
            product_id: ProductId(Uuid::from_u128(product)),
            shop_id: ShopId(Uuid::from_u128(1)),
            unit_price,
            quantity,
        }
    }

    fn ten_percent() -> CouponRule {
        CouponRule {
            shop_id: ShopId(Uuid::from_u128(1)),
            percent_off: 10,
            min_subtotal: 0,
            max_discount: None,
            product_id: None,
            expires_at: None,
            usage_limit: None,
            used_count: 0,
        }
    }

    #[test]
    fn a_sale_price_counts_only_below_the_regular_price() {
        assert_eq!(effective_price(1000, Some(800)), 800);
        assert_eq!(effective_price(1000, Some(1200)), 1000);
        assert_eq!(effective_price(1000, None), 1000);
    }

    #[test]
    fn totals_that_do_not_fit_are_refused_not_wrapped() {
        assert_eq!(line_total(i64::MAX / 2, 3), Err(Overflow));
        assert_eq!(sum([i64::MAX, 1]), Err(Overflow));
        assert_eq!(line_total(1999, 3), Ok(5997));
        assert_eq!(sum([1, 2, 3]), Ok(6));
    }

    #[test]
    fn a_line_is_buyable_only_when_listed_and_in_stock() {
        assert_eq!(line_problem(false, 5, 1), Some(LineProblem::NoLongerSold));
        assert_eq!(line_problem(true, 0, 1), Some(LineProblem::SoldOut));
        assert_eq!(line_problem(true, 2, 3), Some(LineProblem::OnlyLeft(2)));
        assert_eq!(line_problem(true, 3, 3), None);
        assert_eq!(LineProblem::OnlyLeft(2).to_string(), "only 2 left in stock");
    }

    #[test]
    fn a_shop_total_is_its_subtotal_less_the_coupon() {
        let lines = [line(1, 1999, 2), line(2, 500, 1)];
        let (totals, refusal) = shop_totals(&lines, Some(&ten_percent()), NOW).unwrap();
        assert_eq!(
            totals,
            ShopTotals {
                subtotal: 4498,
                discount: 450,
                total: 4048
            }
        );
        assert_eq!(refusal, None);
    }

    #[test]
    fn a_coupon_that_does_not_apply_says_why_and_takes_nothing_off() {
        let expired = CouponRule {
            expires_at: Some(NOW),
            ..ten_percent()
        };
        let (totals, refusal) = shop_totals(&[line(1, 1000, 1)], Some(&expired), NOW).unwrap();
        assert_eq!(totals.total, 1000);
        assert_eq!(refusal, Some(CouponRefusal::Expired));
    }

    #[test]
    fn commission_is_rounded_half_up_and_the_rest_is_the_sellers() {
        assert_eq!(commission(10_005, 10), 1001); // 1000.5
        assert_eq!(commission(10_004, 10), 1000); // 1000.4
        assert_eq!(seller_earnings(10_005, 10), 9004);
        assert_eq!(commission(999, 0), 0);
        assert_eq!(commission(999, 100), 999);
    }
}
