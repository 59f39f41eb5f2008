//! Money out: the shop's balance, its ledger and its withdrawals.

use super::ApiError;
use super::config::currency;
use super::fetch::{get, query, send_json};
use bazaar_shared::catalog::Page;
use bazaar_shared::money::Money;
use bazaar_shared::payout::{Balance, LedgerEntry, Withdrawal, WithdrawalInput};

pub fn balance() -> impl Future<Output = Result<Balance, ApiError>> {
    get("/api/v1/me/shop/balance")
}

/// Ledger entries, newest first.
pub fn transactions(
    cursor: &str,
) -> impl Future<Output = Result<Page<LedgerEntry>, ApiError>> + use<> {
    get(&format!(
        "/api/v1/me/shop/transactions{}",
        query(&[("cursor", cursor)])
    ))
}

pub fn withdrawals(
    cursor: &str,
) -> impl Future<Output = Result<Page<Withdrawal>, ApiError>> + use<> {
    get(&format!(
        "/api/v1/me/shop/withdrawals{}",
        query(&[("cursor", cursor)])
    ))
}

/// Asks for `amount` (minor units) to be paid out. The minimum and the balance are the
/// server's to check; here only a positive amount in the deployment's currency.
pub async fn withdraw(amount: i64) -> Result<Withdrawal, ApiError> {
    let currency = currency();
    let body = WithdrawalInput {
        amount: Money::new(amount, &currency),
    };
    body.validate(&currency, 1)?;
    send_json("POST", "/api/v1/me/shop/withdrawals", &body).await
}
