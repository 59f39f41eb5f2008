//! Money out: a shop's ledger, its balance and its withdrawals.

use crate::money::Money;
use crate::{FieldErrors, LedgerEntryId, OrderId, ShopId, WithdrawalId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub const WITHDRAWAL_NOTE_MAX_CHARS: usize = 500;

/// GET /me/shop/balance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Balance {
    /// What the shop may withdraw now: the sum of its ledger.
    pub available: Money,
    /// Held by withdrawals an admin has not decided yet.
    pub pending_withdrawals: Money,
    /// Every credit from delivered orders, less refunds.
    pub lifetime_earnings: Money,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    /// A delivered order's total less the platform's commission.
    OrderCredit,
    /// A refunded order takes back what it credited.
    RefundDebit,
    WithdrawalHold,
    /// A rejected withdrawal gives its hold back.
    WithdrawalRelease,
}

impl LedgerKind {
    pub const ALL: [Self; 4] = [
        Self::OrderCredit,
        Self::RefundDebit,
        Self::WithdrawalHold,
        Self::WithdrawalRelease,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OrderCredit => "order_credit",
            Self::RefundDebit => "refund_debit",
            Self::WithdrawalHold => "withdrawal_hold",
            Self::WithdrawalRelease => "withdrawal_release",
        }
    }
}

/// One line of the ledger: credits are positive, debits and holds negative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerEntry {
    pub id: LedgerEntryId,
    pub kind: LedgerKind,
    pub amount: Money,
    pub order_id: Option<OrderId>,
    pub withdrawal_id: Option<WithdrawalId>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalStatus {
    Pending,
    Succeeded,
    Rejected,
}

impl WithdrawalStatus {
    pub const ALL: [Self; 3] = [Self::Pending, Self::Succeeded, Self::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Rejected => "rejected",
        }
    }
}

/// POST /me/shop/withdrawals.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WithdrawalInput {
    pub amount: Money,
}

impl WithdrawalInput {
    /// `minimum` in minor units; the balance is the server's to check.
    pub fn validate(&self, currency: &str, minimum: i64) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.amount.currency != currency {
            errors.add("amount", format!("must be in {currency}"));
        } else if self.amount.amount < minimum {
            errors.add(
                "amount",
                format!("must be at least {}", Money::new(minimum, currency)),
            );
        }
        errors.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Withdrawal {
    pub id: WithdrawalId,
    pub shop_id: ShopId,
    pub amount: Money,
    pub status: WithdrawalStatus,
    /// The admin's note on the decision.
    pub note: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
}

/// POST /admin/withdrawals/{id}: an admin's decision.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WithdrawalDecision {
    pub approve: bool,
    #[serde(default)]
    pub note: Option<String>,
}

impl WithdrawalDecision {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Some(note) = &self.note {
            crate::validate::check_max(&mut errors, "note", note, WITHDRAWAL_NOTE_MAX_CHARS);
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ledger_kinds_and_withdrawal_statuses_read_back_and_unknown_ones_are_errors() {
        for kind in LedgerKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert!("gift".parse::<LedgerKind>().is_err());
        for status in WithdrawalStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        assert!("lost".parse::<WithdrawalStatus>().is_err());
    }
}
