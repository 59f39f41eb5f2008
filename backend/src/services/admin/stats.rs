//! The dashboard's figures, added up from the grouped counts `db::stats` reads.

use crate::AppState;
use crate::auth::Admin;
use crate::db::{self, stats};
use crate::error::ApiResult;
use bazaar_shared::account::{AccountStatus, Role};
use bazaar_shared::admin::{
    AccountCounts, AdminStats, DaySales, ProductCounts, SALES_DAYS, StatusCount, Tally,
};
use bazaar_shared::catalog::ProductStatus;
use bazaar_shared::money::Money;
use bazaar_shared::order::OrderStatus;

/// Orders that were delivered and keep what delivery credited (a refund takes it back).
const EARNING: [OrderStatus; 3] = [
    OrderStatus::Delivered,
    OrderStatus::RefundRequested,
    OrderStatus::RefundRejected,
];

pub async fn show(state: &AppState, _: &Admin) -> ApiResult<AdminStats> {
    let money = |amount| Money::new(amount, &state.config.currency);
    let today = stats::day_of(state.clock.now_micros());
    let first_day = today - (SALES_DAYS as i64 - 1);
    let mut conn = state.db.pool.acquire().await?;
    let accounts = stats::accounts(&mut conn).await?;
    let shops = stats::shops(&mut conn).await?;
    let products = stats::products(&mut conn).await?;
    let orders = stats::orders(&mut conn).await?;
    let (pending, pending_amount) = stats::pending_withdrawals(&mut conn).await?;
    let days = stats::sales_by_day(&mut conn, stats::day_start(first_day)).await?;

    let mut account_counts = AccountCounts::default();
    for group in &accounts {
        let role = match (group.role, group.has_shop) {
            (Role::Admin, _) => &mut account_counts.admins,
            (_, true) => &mut account_counts.sellers,
            (_, false) => &mut account_counts.buyers,
        };
        *role += group.count;
        match group.status {
            AccountStatus::Banned => account_counts.banned += group.count,
            AccountStatus::Pending => account_counts.pending += group.count,
            AccountStatus::Active => {}
        }
    }
    let mut product_counts = ProductCounts::default();
    for group in &products {
        match group.status {
            ProductStatus::Active => product_counts.active += group.count,
            ProductStatus::Archived => product_counts.archived += group.count,
        }
        if group.hidden {
            product_counts.hidden += group.count;
        }
    }
    let of = |status: OrderStatus| orders.iter().find(|g| g.status == status);
    let sum = |statuses: &[OrderStatus], amount: fn(&stats::OrderGroup) -> i64| -> i64 {
        statuses.iter().filter_map(|s| of(*s)).map(amount).sum()
    };
    let sales: Vec<OrderStatus> = OrderStatus::ALL
        .into_iter()
        .filter(|s| !matches!(s, OrderStatus::AwaitingPayment | OrderStatus::Cancelled))
        .collect();
    let refunded = of(OrderStatus::Refunded);
    Ok(AdminStats {
        accounts: account_counts,
        shops,
        products: product_counts,
        orders: OrderStatus::ALL
            .into_iter()
            .map(|status| StatusCount {
                status,
                count: of(status).map_or(0, |g| g.count),
            })
            .collect(),
        gross_sales: money(sum(&sales, |g| g.total)),
        commission_earned: money(sum(&EARNING, |g| g.total - g.credited)),
        refunds: Tally {
            count: refunded.map_or(0, |g| g.count),
            amount: money(refunded.map_or(0, |g| g.total)),
        },
        pending_withdrawals: Tally {
            count: pending,
            amount: money(pending_amount),
        },
        sales_per_day: (first_day..=today)
            .map(|day| {
                let row = days.iter().find(|d| d.day == day);
                DaySales {
                    day: db::from_micros(stats::day_start(day)),
                    orders: row.map_or(0, |d| d.orders),
                    amount: money(row.map_or(0, |d| d.amount)),
                }
            })
            .collect(),
    })
}
