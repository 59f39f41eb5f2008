//! argon2id password hashes. Hashing is deliberately slow, so it runs off the async threads
//! and takes its turn for a core with the other heavy work.

use crate::cpu;
use crate::error::ApiResult;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use std::sync::LazyLock;

pub async fn hash(password: String) -> ApiResult<String> {
    let hashed = cpu::run(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
    })
    .await?;
    Ok(hashed.map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))?)
}

/// True when `password` matches `hash`. With no account to check against, pass `None`:
/// a dummy hash is verified so that "no such account" takes as long as "wrong password".
pub async fn verify(password: String, hash: Option<String>) -> ApiResult<bool> {
    let verified = cpu::run(move || {
        let found = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        let parsed = PasswordHash::new(&hash)
            .map_err(|e| anyhow::anyhow!("a stored password hash is malformed: {e}"))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        anyhow::Ok(found && matches)
    })
    .await?;
    Ok(verified?)
}

static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    Argon2::default()
        .hash_password(b"not a real password")
        .map(|h| h.to_string())
        .unwrap_or_default()
});
