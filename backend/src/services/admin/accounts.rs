//! Accounts and shops for admins: the lists, and banning (or unbanning) an account.

use super::{audit, page};
use crate::AppState;
use crate::auth::Admin;
use crate::db::shops::AdminShopRow;
use crate::db::users::{self, UserView};
use crate::db::{self, sessions, shops};
use crate::error::{ApiError, ApiResult};
use crate::jobs;
use crate::pagination::{Cursor, SortValue, into_page};
use crate::realtime::Ended;
use crate::services::orders::{Notice, queue_mail};
use crate::services::profile::roles;
use bazaar_shared::UserId;
use bazaar_shared::account::AccountStatus;
use bazaar_shared::admin::{
    AccountRef, AdminShop, AdminShopQuery, AdminUser, AdminUserQuery, AuditAction, Ban, BanChange,
};
use bazaar_shared::catalog::{Page, Rating, ShopSummary};
use bazaar_shared::money::Money;

pub async fn users(
    state: &AppState,
    _: &Admin,
    query: &AdminUserQuery,
) -> ApiResult<Page<AdminUser>> {
    let (after, limit) = page(query.validate(), query.cursor.as_deref(), query.limit)?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = users::list(&mut conn, query, after, limit).await?;
    Ok(into_page(
        rows,
        limit,
        |u| Cursor::new(SortValue::Int(u.created_at), u.id),
        |u| user_view(state, u),
    ))
}

fn user_view(state: &AppState, user: UserView) -> AdminUser {
    AdminUser {
        roles: roles(&user),
        id: user.id,
        email: user.email,
        name: user.name,
        avatar: user.avatar.as_ref().map(|a| state.media.image(a)),
        status: user.status,
        shop: user
            .shop_id
            .zip(user.shop_name)
            .map(|(id, name)| ShopSummary { id, name }),
        ban: user.ban.map(|(at, reason)| Ban {
            reason,
            at: db::from_micros(at),
        }),
        created_at: db::from_micros(user.created_at),
    }
}

pub async fn shops(
    state: &AppState,
    _: &Admin,
    query: &AdminShopQuery,
) -> ApiResult<Page<AdminShop>> {
    let (after, limit) = page(query.validate(), query.cursor.as_deref(), query.limit)?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = shops::admin_list(&mut conn, query, after, limit).await?;
    Ok(into_page(
        rows,
        limit,
        |s| Cursor::new(SortValue::Int(s.sort_key), s.id),
        |s| shop_view(state, s),
    ))
}

fn shop_view(state: &AppState, shop: AdminShopRow) -> AdminShop {
    AdminShop {
        id: shop.id,
        name: shop.name,
        avatar: shop.avatar.as_ref().map(|a| state.media.image(a)),
        owner: AccountRef {
            id: shop.owner_id,
            name: shop.owner_name,
            email: shop.owner_email,
        },
        banned: shop.owner_status == AccountStatus::Banned,
        product_count: shop.product_count,
        rating: Rating::from_sum(shop.rating_sum, shop.rating_count),
        balance: Money::new(shop.balance, &state.config.currency),
        created_at: db::from_micros(shop.created_at),
    }
}

/// Bans the account (its sessions end, its sockets close, its shop's products and events
/// leave every listing, it cannot sign in) or lifts the ban, which gives all of it back but
/// the sessions. Either way the account is mailed why. Admins cannot be banned, nor can one
/// ban one's self.
pub async fn set_banned(
    state: &AppState,
    admin: &Admin,
    id: UserId,
    change: &BanChange,
) -> ApiResult<AdminUser> {
    change.validate()?;
    if id == admin.id() {
        return Err(ApiError::conflict("you cannot ban yourself"));
    }
    let reason = change.reason.trim();
    let now = state.clock.now_micros();
    let mut tx = state.db.begin().await?;
    let account = users::find_view(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound("account"))?;
    if account.is_admin {
        return Err(ApiError::conflict("an admin cannot be banned"));
    }
    let shop_part = account
        .shop_name
        .as_deref()
        .map(|shop| format!(" and {shop}'s products and events"))
        .unwrap_or_default();
    let (action, notice) = if change.banned {
        if !users::ban(&mut tx, id, reason, now).await? {
            return Err(ApiError::conflict("this account is banned already"));
        }
        sessions::delete_all_but(&mut tx, id, None).await?;
        let notice = Notice {
            subject: "Your Bazaar account is suspended".to_owned(),
            intro: format!(
                "An admin suspended your account: {reason}. You are signed out everywhere and \
                 cannot sign in{}, and your account{shop_part} are hidden from the marketplace. \
                 Reply to this mail if you think this is a mistake.",
                if account.status == AccountStatus::Pending {
                    " nor activate it"
                } else {
                    ""
                },
            ),
            action: "Visit Bazaar",
            link: state.config.public_url.clone(),
        };
        (AuditAction::Ban, notice)
    } else {
        if !users::unban(&mut tx, id, now).await? {
            return Err(ApiError::conflict("this account is not banned"));
        }
        let notice = Notice {
            subject: "Your Bazaar account is open again".to_owned(),
            intro: format!(
                "An admin lifted the suspension of your account: {reason}. You can sign in \
                 again, and your account{shop_part} are back on the marketplace."
            ),
            action: "Sign in",
            link: format!("{}/sign-in", state.config.public_url),
        };
        (AuditAction::Unban, notice)
    };
    let detail = format!("{} <{}>", account.name, account.email);
    audit::record(state, &mut tx, admin, action, id.0, reason, detail).await?;
    let mail = queue_mail(state, &mut tx, id, notice).await?;
    let changed = users::find_view(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound("account"))?;
    tx.commit().await?;
    if change.banned {
        state.hub.close_sockets(id, Ended::All).await;
    }
    // At once: the middleware empties it too, but only once the mail below has been tried.
    state.listing_cache.invalidate();
    jobs::run_now(state, mail).await;
    Ok(user_view(state, changed))
}
