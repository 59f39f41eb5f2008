//! Enums stored and sent as text (statuses, roles, methods): each has `ALL` and `as_str`, and
//! reads back from its text here, once. An unknown text is an error, never a default.

use std::fmt;

/// A text that is none of an enum's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue(pub String);

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value {:?}", self.0)
    }
}

impl std::error::Error for UnknownValue {}

macro_rules! from_name {
    ($($name:ty),* $(,)?) => {$(
        impl std::str::FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .into_iter()
                    .find(|value| value.as_str() == s)
                    .ok_or_else(|| UnknownValue(s.to_owned()))
            }
        }
    )*};
}

from_name!(
    crate::account::Role,
    crate::account::AccountStatus,
    crate::account::AddressLabel,
    crate::catalog::ProductStatus,
    crate::catalog::ProductSort,
    crate::order::PaymentMethod,
    crate::order::OrderStatus,
    crate::payout::LedgerKind,
    crate::payout::WithdrawalStatus,
    crate::admin::AuditAction,
);
