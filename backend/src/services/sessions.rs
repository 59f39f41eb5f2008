//! Starting a session: a row that can be revoked and the JWT that names it.

use crate::AppState;
use crate::db::{self, sessions};
use crate::error::ApiResult;
use bazaar_shared::UserId;
use sqlx::AnyConnection;

pub struct NewSession {
    pub token: String,
    pub max_age: time::Duration,
}

pub async fn start(
    state: &AppState,
    conn: &mut AnyConnection,
    user: UserId,
    user_agent: &str,
) -> ApiResult<NewSession> {
    let id = db::new_id();
    let now = state.clock.now();
    let max_age = time::Duration::try_from(state.config.session_ttl).unwrap_or(time::Duration::DAY);
    let expires = now + max_age;
    sessions::insert(
        conn,
        id,
        user,
        &user_agent.chars().take(200).collect::<String>(),
        db::micros(expires),
        state.clock.now_micros(),
    )
    .await?;
    let token = state.jwt.sign(
        id,
        &user.to_string(),
        now.unix_timestamp(),
        expires.unix_timestamp(),
    )?;
    Ok(NewSession { token, max_age })
}
