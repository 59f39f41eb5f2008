//! A shop's coupons: create, list, delete.

use super::ApiError;
use super::config::currency;
use super::fetch::{get, send_empty, send_json};
use bazaar_shared::CouponId;
use bazaar_shared::coupon::{Coupon, CouponInput};

pub fn my_coupons() -> impl Future<Output = Result<Vec<Coupon>, ApiError>> {
    get("/api/v1/me/shop/coupons")
}

pub async fn create_coupon(
    body: &CouponInput,
    now: time::OffsetDateTime,
) -> Result<Coupon, ApiError> {
    body.validate(&currency(), now)?;
    send_json("POST", "/api/v1/coupons", body).await
}

pub fn delete_coupon(id: CouponId) -> impl Future<Output = Result<(), ApiError>> {
    send_empty("DELETE", &format!("/api/v1/coupons/{id}"))
}
