//! Single-use e-mailed tokens (activation, password reset), stored only as hashes.

use super::parse_id;
use bazaar_shared::UserId;
use bazaar_shared::order::UnknownValue;
use sqlx::{AnyConnection, Row};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Activation,
    PasswordReset,
}

impl Purpose {
    pub const ALL: [Self; 2] = [Self::Activation, Self::PasswordReset];

    fn as_str(self) -> &'static str {
        match self {
            Self::Activation => "activation",
            Self::PasswordReset => "password_reset",
        }
    }
}

impl std::str::FromStr for Purpose {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|purpose| purpose.as_str() == s)
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

pub async fn insert(
    conn: &mut AnyConnection,
    token_hash: &str,
    user: UserId,
    purpose: Purpose,
    expires_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user.to_string())
    .bind(purpose.as_str())
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Unknown,
    Used,
    Expired,
}

/// Marks the token used and names its account, in one statement, so two requests
/// racing with the same link cannot both succeed.
pub async fn consume(
    conn: &mut AnyConnection,
    token_hash: &str,
    purpose: Purpose,
    now: i64,
) -> Result<Result<UserId, Refusal>, sqlx::Error> {
    let used: Option<String> = sqlx::query_scalar(
        "UPDATE account_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
         RETURNING user_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(user) = used {
        return Ok(Ok(parse_id(&user)?));
    }
    let row =
        sqlx::query("SELECT used_at FROM account_tokens WHERE token_hash = $1 AND purpose = $2")
            .bind(token_hash)
            .bind(purpose.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(Err(match row {
        None => Refusal::Unknown,
        Some(row) if row.try_get::<Option<i64>, _>("used_at")?.is_some() => Refusal::Used,
        Some(_) => Refusal::Expired,
    }))
}

/// Retires the account's unused tokens of a purpose, when a new one is sent.
pub async fn retire_unused(
    conn: &mut AnyConnection,
    user: UserId,
    purpose: Purpose,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE account_tokens SET expires_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user.to_string())
    .bind(purpose.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_read_back_and_unknown_ones_are_errors() {
        for purpose in Purpose::ALL {
            assert_eq!(purpose.as_str().parse(), Ok(purpose));
        }
        assert!("login".parse::<Purpose>().is_err());
    }
}
