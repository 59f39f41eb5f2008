//! Money out: a shop's balance and ledger, its withdrawal requests, and admins' decisions.

use super::admin::{self, audit};
use super::orders::{Notice, queue_mail};
use super::shops::owned_shop;
use crate::AppState;
use crate::auth::Admin;
use crate::db::ledger::{self, EntryRecord};
use crate::db::sessions::Principal;
use crate::db::withdrawals::{self, WithdrawalRecord};
use crate::db::{self, shops};
use crate::error::{ApiError, ApiResult};
use crate::jobs;
use crate::pagination::{Cursor, SortValue, into_page};
use bazaar_shared::admin::{AccountRef, AdminWithdrawal, AdminWithdrawalQuery, AuditAction};
use bazaar_shared::catalog::{Page, ShopSummary};
use bazaar_shared::money::Money;
use bazaar_shared::payout::{
    Balance, LedgerEntry, LedgerKind, Withdrawal, WithdrawalDecision, WithdrawalInput,
    WithdrawalStatus,
};
use bazaar_shared::{LedgerEntryId, WithdrawalId};

fn money(state: &AppState, amount: i64) -> Money {
    Money::new(amount, &state.config.currency)
}

pub async fn balance(state: &AppState, principal: &Principal) -> ApiResult<Balance> {
    let shop = owned_shop(principal)?;
    let mut conn = state.db.pool.acquire().await?;
    let totals = ledger::totals(&mut conn, shop).await?;
    Ok(Balance {
        available: money(state, totals.available),
        pending_withdrawals: money(state, totals.pending_withdrawals),
        lifetime_earnings: money(state, totals.lifetime_earnings),
    })
}

pub async fn transactions(
    state: &AppState,
    principal: &Principal,
    cursor: Option<&str>,
    limit: i64,
) -> ApiResult<Page<LedgerEntry>> {
    let shop = owned_shop(principal)?;
    let after = cursor.map(Cursor::<LedgerEntryId>::decode).transpose()?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = ledger::list(&mut conn, shop, after, limit).await?;
    Ok(into_page(
        rows,
        limit,
        |e| Cursor::new(SortValue::Int(e.created_at), e.id),
        |e| LedgerEntry {
            id: e.id,
            kind: e.kind,
            amount: money(state, e.amount),
            order_id: e.order_id,
            withdrawal_id: e.withdrawal_id,
            created_at: db::from_micros(e.created_at),
        },
    ))
}

/// Asks for a payout: the amount is held from the balance at once, and never more than the
/// balance, however many requests race.
pub async fn request_withdrawal(
    state: &AppState,
    principal: &Principal,
    input: &WithdrawalInput,
) -> ApiResult<Withdrawal> {
    let shop = owned_shop(principal)?;
    input.validate(&state.config.currency, state.config.min_withdrawal)?;
    let now = state.clock.now_micros();
    let mut tx = state.db.begin().await?;
    if shops::withdraw_method(&mut tx, shop).await?.is_none() {
        return Err(ApiError::conflict(
            "add a withdraw method (your bank account) before asking for a payout",
        ));
    }
    let record = WithdrawalRecord {
        id: WithdrawalId(db::new_id()),
        shop_id: shop,
        amount: input.amount.amount,
        status: WithdrawalStatus::Pending,
        note: None,
        created_at: now,
        decided_at: None,
    };
    withdrawals::insert(&mut tx, &record).await?;
    let hold = entry(&record, LedgerKind::WithdrawalHold, -record.amount, now);
    if !ledger::post_hold(&mut tx, &hold).await? {
        return Err(ApiError::conflict_on(
            "amount",
            "is more than your available balance",
        ));
    }
    tx.commit().await?;
    Ok(view(state, record))
}

fn entry(w: &WithdrawalRecord, kind: LedgerKind, amount: i64, now: i64) -> EntryRecord {
    EntryRecord {
        id: LedgerEntryId(db::new_id()),
        shop_id: w.shop_id,
        kind,
        amount,
        order_id: None,
        withdrawal_id: Some(w.id),
        created_at: now,
    }
}

/// The seller's own withdrawals, newest first.
pub async fn list(
    state: &AppState,
    principal: &Principal,
    cursor: Option<&str>,
    limit: i64,
) -> ApiResult<Page<Withdrawal>> {
    let shop = owned_shop(principal)?;
    let after = cursor.map(Cursor::<WithdrawalId>::decode).transpose()?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = withdrawals::of_shop(&mut conn, shop, after, limit).await?;
    Ok(into_page(
        rows,
        limit,
        |w| Cursor::new(SortValue::Int(w.created_at), w.id),
        |w| view(state, w),
    ))
}

/// Every shop's withdrawals, for admins: with each shop and the admin who decided.
pub async fn list_all(
    state: &AppState,
    _: &Admin,
    query: &AdminWithdrawalQuery,
) -> ApiResult<Page<AdminWithdrawal>> {
    let (after, limit) = admin::page(Ok(()), query.cursor.as_deref(), query.limit)?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = withdrawals::admin_list(&mut conn, query, after, limit).await?;
    Ok(into_page(
        rows,
        limit,
        |row| Cursor::new(SortValue::Int(row.sort_key), row.withdrawal.id),
        |row| {
            let w = row.withdrawal;
            AdminWithdrawal {
                id: w.id,
                shop_id: w.shop_id,
                shop: ShopSummary {
                    id: w.shop_id,
                    name: row.shop_name,
                },
                amount: money(state, w.amount),
                status: w.status,
                note: w.note,
                decided_by: row
                    .decided_by
                    .map(|(id, name, email)| AccountRef { id, name, email }),
                created_at: db::from_micros(w.created_at),
                decided_at: w.decided_at.map(db::from_micros),
            }
        },
    ))
}

/// An admin marks the payout made, or rejects it and the hold goes back to the balance.
/// Either way the seller is mailed.
pub async fn decide(
    state: &AppState,
    admin: &Admin,
    id: WithdrawalId,
    decision: &WithdrawalDecision,
) -> ApiResult<Withdrawal> {
    decision.validate()?;
    let now = state.clock.now_micros();
    let note = decision
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let status = if decision.approve {
        WithdrawalStatus::Succeeded
    } else {
        WithdrawalStatus::Rejected
    };
    let mut tx = state.db.begin().await?;
    let record = withdrawals::find(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound("withdrawal"))?;
    if !withdrawals::decide(&mut tx, id, status, note, admin.id(), now).await? {
        return Err(ApiError::conflict("this withdrawal was decided already"));
    }
    if !decision.approve {
        let release = entry(&record, LedgerKind::WithdrawalRelease, record.amount, now);
        ledger::post(&mut tx, &release).await?;
    }
    let owner = shops::owner(&mut tx, record.shop_id)
        .await?
        .ok_or(ApiError::NotFound("shop"))?;
    let decided = WithdrawalRecord {
        status,
        note: note.map(str::to_owned),
        decided_at: Some(now),
        ..record
    };
    let amount = money(state, decided.amount);
    let action = if decision.approve {
        AuditAction::ApproveWithdrawal
    } else {
        AuditAction::RejectWithdrawal
    };
    let detail = format!("{amount} to shop {}", decided.shop_id);
    let reason = note.unwrap_or_default();
    audit::record(state, &mut tx, admin, action, id.0, reason, detail).await?;
    let (subject, intro) = if decision.approve {
        (
            format!("Your payout of {amount} is on its way"),
            format!("We sent {amount} to your bank account."),
        )
    } else {
        (
            format!("Your payout of {amount} was not made"),
            format!(
                "Your payout of {amount} was rejected{}. The amount is back in your balance.",
                note.map(|n| format!(": {n}")).unwrap_or_default()
            ),
        )
    };
    let notice = Notice {
        subject,
        intro,
        action: "See your balance",
        link: format!("{}/shop/balance", state.config.public_url),
    };
    let mail = queue_mail(state, &mut tx, owner, notice).await?;
    tx.commit().await?;
    jobs::run_now(state, mail).await;
    Ok(view(state, decided))
}

fn view(state: &AppState, w: WithdrawalRecord) -> Withdrawal {
    Withdrawal {
        id: w.id,
        shop_id: w.shop_id,
        amount: money(state, w.amount),
        status: w.status,
        note: w.note,
        created_at: db::from_micros(w.created_at),
        decided_at: w.decided_at.map(db::from_micros),
    }
}
