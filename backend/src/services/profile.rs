//! The account's own profile and addresses, and the public profile others see.

use crate::AppState;
use crate::db::users::UserView;
use crate::db::{addresses, users};
use crate::error::{ApiError, ApiResult};
use bazaar_shared::account::{
    Address, AddressInput, AddressPatch, Me, PublicProfile, Role, UpdateMe,
};
use bazaar_shared::{AddressId, UserId};
use sqlx::AnyConnection;

/// Every account is a buyer; a seller when it has a shop; an admin when made one.
pub fn roles(user: &UserView) -> Vec<Role> {
    let mut roles = vec![Role::Buyer];
    if user.shop_id.is_some() {
        roles.push(Role::Seller);
    }
    if user.is_admin {
        roles.push(Role::Admin);
    }
    roles
}

pub async fn me(state: &AppState, conn: &mut AnyConnection, id: UserId) -> ApiResult<Me> {
    let user = users::find_view(conn, id)
        .await?
        .ok_or(ApiError::NotFound("account"))?;
    let roles = roles(&user);
    Ok(Me {
        id: user.id,
        email: user.email,
        name: user.name,
        phone: user.phone,
        avatar: user.avatar.as_ref().map(|a| state.media.image(a)),
        roles,
        status: user.status,
        shop_id: user.shop_id,
        default_address_id: user.default_address_id,
        created_at: crate::db::from_micros(user.created_at),
    })
}

pub async fn show_me(state: &AppState, id: UserId) -> ApiResult<Me> {
    let mut conn = state.db.pool.acquire().await?;
    me(state, &mut conn, id).await
}

pub async fn update_me(state: &AppState, id: UserId, patch: &UpdateMe) -> ApiResult<Me> {
    patch.validate()?;
    let mut tx = state.db.begin().await?;
    let current = me(state, &mut tx, id).await?;
    let name = patch
        .name
        .as_deref()
        .map_or(current.name.as_str(), str::trim);
    let phone = match patch.phone.as_deref().map(str::trim) {
        Some("") => None,
        Some(phone) => Some(phone),
        None => current.phone.as_deref(),
    };
    users::update_profile(&mut tx, id, name, phone, state.clock.now_micros()).await?;
    let updated = me(state, &mut tx, id).await?;
    tx.commit().await?;
    Ok(updated)
}

/// Anyone may see an account's name, avatar and shop, unless it is banned or unactivated.
pub async fn public_profile(state: &AppState, id: UserId) -> ApiResult<PublicProfile> {
    let mut conn = state.db.pool.acquire().await?;
    let user = users::find_view(&mut conn, id)
        .await?
        .filter(|u| u.status == bazaar_shared::account::AccountStatus::Active)
        .ok_or(ApiError::NotFound("account"))?;
    Ok(PublicProfile {
        id: user.id,
        name: user.name,
        avatar: user.avatar.as_ref().map(|a| state.media.image(a)),
        shop_id: user.shop_id,
        joined_at: crate::db::from_micros(user.created_at),
    })
}

pub async fn list_addresses(state: &AppState, user: UserId) -> ApiResult<Vec<Address>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(addresses::list(&mut conn, user).await?)
}

/// A new address; the first one, or one marked so, becomes the default.
pub async fn add_address(
    state: &AppState,
    user: UserId,
    input: &AddressInput,
) -> ApiResult<Address> {
    input.validate()?;
    let mut tx = state.db.begin().await?;
    let address = Address {
        id: AddressId(crate::db::new_id()),
        label: input.label,
        country: input.country.clone(),
        city: input.city.clone(),
        line1: input.line1.clone(),
        line2: input.line2.clone(),
        postal_code: input.postal_code.clone(),
        is_default: false,
    };
    addresses::save(&mut tx, user, &address, state.clock.now_micros()).await?;
    let first = addresses::oldest(&mut tx, user).await? == Some(address.id);
    if input.is_default || first {
        users::set_default_address(&mut tx, user, Some(address.id)).await?;
    }
    let saved = addresses::find(&mut tx, user, address.id)
        .await?
        .ok_or(ApiError::NotFound("address"))?;
    tx.commit().await?;
    Ok(saved)
}

pub async fn update_address(
    state: &AppState,
    user: UserId,
    id: AddressId,
    patch: &AddressPatch,
) -> ApiResult<Address> {
    patch.validate()?;
    let mut tx = state.db.begin().await?;
    // Someone else's address is "not found": its existence is none of the caller's business.
    let mut address = addresses::find(&mut tx, user, id)
        .await?
        .ok_or(ApiError::NotFound("address"))?;
    if let Some(label) = patch.label {
        address.label = label;
    }
    for (field, value) in [
        (&mut address.country, &patch.country),
        (&mut address.city, &patch.city),
        (&mut address.line1, &patch.line1),
        (&mut address.line2, &patch.line2),
        (&mut address.postal_code, &patch.postal_code),
    ] {
        if let Some(value) = value {
            value.clone_into(field);
        }
    }
    addresses::save(&mut tx, user, &address, state.clock.now_micros()).await?;
    if patch.is_default == Some(true) {
        users::set_default_address(&mut tx, user, Some(id)).await?;
    }
    let saved = addresses::find(&mut tx, user, id)
        .await?
        .ok_or(ApiError::NotFound("address"))?;
    tx.commit().await?;
    Ok(saved)
}

/// Deleting the default address makes the oldest remaining one the default.
pub async fn delete_address(state: &AppState, user: UserId, id: AddressId) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    let address = addresses::find(&mut tx, user, id)
        .await?
        .ok_or(ApiError::NotFound("address"))?;
    addresses::delete(&mut tx, user, id).await?;
    if address.is_default {
        let next = addresses::oldest(&mut tx, user).await?;
        users::set_default_address(&mut tx, user, next).await?;
    }
    tx.commit().await?;
    Ok(())
}
