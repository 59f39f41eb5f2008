//! A shop's coupons: created and deleted by the seller, checked by anyone with the code.

use crate::AppState;
use crate::db::coupons::{self, CouponRecord};
use crate::db::sessions::Principal;
use crate::db::{self, products};
use crate::error::{ApiError, ApiResult, OnConflict};
use bazaar_shared::coupon::{Coupon, CouponInput, CouponRule, check_usable, normalize_code};
use bazaar_shared::money::Money;
use bazaar_shared::{CouponId, ShopId};

pub async fn create(
    state: &AppState,
    principal: &Principal,
    input: &CouponInput,
) -> ApiResult<Coupon> {
    let shop = super::shops::owned_shop(principal)?;
    input.validate(&state.config.currency, state.clock.now())?;
    let coupon = CouponRecord {
        id: CouponId(db::new_id()),
        shop_id: shop,
        code: normalize_code(&input.code),
        percent_off: i64::from(input.percent_off),
        min_subtotal: input.min_subtotal.amount,
        max_discount: input.max_discount.as_ref().map(|m| m.amount),
        product_id: input.product_id,
        expires_at: input.expires_at.map(db::micros),
        usage_limit: input.usage_limit.map(i64::from),
        used_count: 0,
        created_at: state.clock.now_micros(),
    };
    let mut tx = state.db.begin().await?;
    if let Some(product) = input.product_id {
        products::find(&mut tx, product)
            .await?
            .filter(|p| p.shop_id == shop)
            .ok_or_else(|| ApiError::invalid("product_id", "is not a product of your shop"))?;
    }
    coupons::insert(&mut tx, &coupon, state.clock.now_micros())
        .await
        .on_unique("coupons", "code", || {
            ApiError::conflict_on("code", "is already taken")
        })?;
    tx.commit().await?;
    Ok(view(state, coupon))
}

pub async fn of_shop(state: &AppState, shop: ShopId) -> ApiResult<Vec<Coupon>> {
    let mut conn = state.db.pool.acquire().await?;
    let list = coupons::of_shop(&mut conn, shop).await?;
    Ok(list.into_iter().map(|c| view(state, c)).collect())
}

pub async fn delete(state: &AppState, principal: &Principal, id: CouponId) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    let coupon = coupons::find(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound("coupon"))?;
    if !principal.may_manage(coupon.shop_id) {
        return Err(ApiError::Forbidden("this coupon belongs to another shop"));
    }
    coupons::delete(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

/// What the coupon with this code does, if it can still be used.
pub async fn check(state: &AppState, code: &str) -> ApiResult<Coupon> {
    let mut conn = state.db.pool.acquire().await?;
    let coupon = coupons::find_by_code(&mut conn, &normalize_code(code))
        .await?
        .ok_or(ApiError::NotFound("coupon"))?;
    check_usable(&rule(&coupon), state.clock.now())
        .map_err(|refusal| ApiError::conflict(refusal.to_string()))?;
    Ok(view(state, coupon))
}

/// The coupon as the pure discount rule sees it.
pub fn rule(coupon: &CouponRecord) -> CouponRule {
    CouponRule {
        shop_id: coupon.shop_id,
        percent_off: u8::try_from(coupon.percent_off).unwrap_or(100),
        min_subtotal: coupon.min_subtotal,
        max_discount: coupon.max_discount,
        product_id: coupon.product_id,
        expires_at: coupon.expires_at.map(db::from_micros),
        usage_limit: coupon.usage_limit.and_then(|l| u32::try_from(l).ok()),
        used_count: u32::try_from(coupon.used_count).unwrap_or(u32::MAX),
    }
}

fn view(state: &AppState, coupon: CouponRecord) -> Coupon {
    let money = |amount| Money::new(amount, &state.config.currency);
    let rule = rule(&coupon);
    Coupon {
        id: coupon.id,
        shop_id: coupon.shop_id,
        code: coupon.code,
        percent_off: rule.percent_off,
        min_subtotal: money(coupon.min_subtotal),
        max_discount: coupon.max_discount.map(money),
        product_id: coupon.product_id,
        expires_at: rule.expires_at,
        usage_limit: rule.usage_limit,
        used_count: rule.used_count,
        created_at: db::from_micros(coupon.created_at),
    }
}
