//! Opening and running a shop, and the public shop page.

use crate::AppState;
use crate::db::sessions::Principal;
use crate::db::{self, shops};
use crate::error::{ApiError, ApiResult, OnConflict};
use crate::pagination::{Cursor, SortValue, into_page};
use bazaar_shared::ShopId;
use bazaar_shared::catalog::{Page, Rating};
use bazaar_shared::shop::{
    MyShop, PublicShop, ShopInput, ShopPatch, WithdrawMethod, WithdrawMethodInput,
    mask_account_number,
};
use sqlx::AnyConnection;

/// An active buyer opens a shop; one shop per account.
pub async fn open(state: &AppState, principal: &Principal, input: &ShopInput) -> ApiResult<MyShop> {
    input.validate()?;
    if principal.shop_id.is_some() {
        return Err(ApiError::conflict("this account already has a shop"));
    }
    let id = ShopId(db::new_id());
    let mut tx = state.db.begin().await?;
    shops::insert(
        &mut tx,
        id,
        principal.user_id,
        input,
        state.clock.now_micros(),
    )
    .await
    .on_unique("shops", "owner_id", || {
        ApiError::conflict("this account already has a shop")
    })?;
    let shop = my_shop_in(state, &mut tx, id).await?;
    tx.commit().await?;
    Ok(shop)
}

/// The caller's shop id, or 403 for an account without one.
pub fn owned_shop(principal: &Principal) -> ApiResult<ShopId> {
    principal.shop_id.ok_or(ApiError::Forbidden(
        "only sellers have a shop: open one first",
    ))
}

pub async fn my_shop(state: &AppState, principal: &Principal) -> ApiResult<MyShop> {
    let id = owned_shop(principal)?;
    let mut conn = state.db.pool.acquire().await?;
    my_shop_in(state, &mut conn, id).await
}

async fn my_shop_in(state: &AppState, conn: &mut AnyConnection, id: ShopId) -> ApiResult<MyShop> {
    let record = shops::find(conn, id)
        .await?
        .ok_or(ApiError::NotFound("shop"))?;
    let withdraw_method = shops::withdraw_method(conn, id)
        .await?
        .map(|m| WithdrawMethod {
            account_number_masked: mask_account_number(&m.account_number),
            bank_name: m.bank_name,
            bank_country: m.bank_country,
            swift_code: m.swift_code,
            holder_name: m.holder_name,
            bank_address: m.bank_address,
        });
    Ok(MyShop {
        owner_id: record.owner_id,
        postal_code: record.postal_code.clone(),
        withdraw_method,
        shop: public_view(state, record),
    })
}

fn public_view(state: &AppState, record: shops::ShopRecord) -> PublicShop {
    PublicShop {
        id: record.id,
        name: record.name,
        description: record.description,
        avatar: record.avatar.as_ref().map(|a| state.media.image(a)),
        address: record.address,
        phone: record.phone,
        product_count: record.product_count,
        rating: Rating::from_sum(record.rating_sum, record.rating_count),
        joined_at: db::from_micros(record.created_at),
    }
}

pub async fn public_shop(state: &AppState, id: ShopId) -> ApiResult<PublicShop> {
    let mut conn = state.db.pool.acquire().await?;
    let record = shops::find(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound("shop"))?;
    Ok(public_view(state, record))
}

/// One page of shops, newest first.
pub async fn list(
    state: &AppState,
    cursor: Option<&str>,
    limit: i64,
) -> ApiResult<Page<PublicShop>> {
    let after = cursor.map(Cursor::decode_int).transpose()?;
    let mut conn = state.db.pool.acquire().await?;
    let records = shops::list(&mut conn, after, limit).await?;
    Ok(into_page(
        records,
        limit,
        |r| Cursor::new(SortValue::Int(r.created_at), r.id),
        |r| public_view(state, r),
    ))
}

pub async fn update(
    state: &AppState,
    principal: &Principal,
    patch: &ShopPatch,
) -> ApiResult<MyShop> {
    let id = owned_shop(principal)?;
    patch.validate()?;
    let mut tx = state.db.begin().await?;
    let mut record = shops::find(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound("shop"))?;
    for (field, value) in [
        (&mut record.name, &patch.name),
        (&mut record.description, &patch.description),
        (&mut record.phone, &patch.phone),
        (&mut record.address, &patch.address),
        (&mut record.postal_code, &patch.postal_code),
    ] {
        if let Some(value) = value {
            value.clone_into(field);
        }
    }
    shops::update(&mut tx, &record, state.clock.now_micros()).await?;
    let shop = my_shop_in(state, &mut tx, id).await?;
    tx.commit().await?;
    Ok(shop)
}

pub async fn set_withdraw_method(
    state: &AppState,
    principal: &Principal,
    input: &WithdrawMethodInput,
) -> ApiResult<MyShop> {
    let id = owned_shop(principal)?;
    input.validate()?;
    let mut tx = state.db.begin().await?;
    shops::save_withdraw_method(&mut tx, id, input, state.clock.now_micros()).await?;
    let shop = my_shop_in(state, &mut tx, id).await?;
    tx.commit().await?;
    Ok(shop)
}

pub async fn delete_withdraw_method(state: &AppState, principal: &Principal) -> ApiResult<()> {
    let id = owned_shop(principal)?;
    if !shops::delete_withdraw_method(&mut *state.db.writer().await?, id).await? {
        return Err(ApiError::NotFound("withdraw method"));
    }
    Ok(())
}
