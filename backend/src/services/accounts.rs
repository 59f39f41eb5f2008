//! Sign-up, activation, login, logout and passwords (domain.md, "Accounts").

use super::profile;
use super::sessions::{self as session, NewSession};
use crate::AppState;
use crate::auth::{password, token};
use crate::db::sessions::Principal;
use crate::db::tokens::{self, Purpose, Refusal};
use crate::db::{self, sessions, shops, users};
use crate::error::{ApiError, ApiResult, OnConflict};
use crate::jobs::{self, Claimed, Job};
use crate::mail::Mail;
use crate::rate_limit;
use crate::realtime::Ended;
use bazaar_shared::account::{AccountStatus, Me};
use bazaar_shared::auth::{ChangePasswordRequest, SellerSignupRequest, SignupRequest};
use bazaar_shared::shop::ShopInput;
use bazaar_shared::validate::normalize_email;
use bazaar_shared::{ShopId, UserId};
use sqlx::AnyConnection;

pub async fn sign_up(state: &AppState, request: &SignupRequest) -> ApiResult<Me> {
    request.validate()?;
    create_account(
        state,
        &request.name,
        &request.email,
        &request.password,
        None,
    )
    .await
}

/// The account and its shop in one transaction: either both exist or neither.
pub async fn seller_sign_up(state: &AppState, request: &SellerSignupRequest) -> ApiResult<Me> {
    request.validate()?;
    create_account(
        state,
        &request.name,
        &request.email,
        &request.password,
        Some(&request.shop),
    )
    .await
}

async fn create_account(
    state: &AppState,
    name: &str,
    email: &str,
    password: &str,
    shop: Option<&ShopInput>,
) -> ApiResult<Me> {
    let email = normalize_email(email);
    let hash = password::hash(password.to_owned()).await?;
    let mut tx = state.db.begin().await?;
    // Whoever signed up with this address before without activating it may not be its
    // owner: a new sign-up starts over, or the first one's password would outlive activation.
    users::delete_pending(&mut tx, &email).await?;
    let id = insert_account(
        state,
        &mut tx,
        name,
        &email,
        &hash,
        AccountStatus::Pending,
        false,
    )
    .await?;
    if let Some(shop) = shop {
        shops::insert(
            &mut tx,
            ShopId(db::new_id()),
            id,
            shop,
            state.clock.now_micros(),
        )
        .await?;
    }
    let me = profile::me(state, &mut tx, id).await?;
    let mail = link_mail(state, &mut tx, id, &me.name, &email, Purpose::Activation).await?;
    tx.commit().await?;
    jobs::run_now(state, mail).await;
    Ok(me)
}

/// Inserts the account; a taken address is a 409 on `email`, decided by the unique index.
async fn insert_account(
    state: &AppState,
    conn: &mut AnyConnection,
    name: &str,
    email: &str,
    hash: &str,
    status: AccountStatus,
    is_admin: bool,
) -> ApiResult<UserId> {
    let id = UserId(db::new_id());
    let user = users::NewUser {
        id,
        email,
        name,
        password_hash: hash,
        is_admin,
        status,
    };
    users::insert(conn, &user, state.clock.now_micros())
        .await
        .on_unique("users", "email", || {
            ApiError::conflict_on("email", "is already registered")
        })?;
    Ok(id)
}

/// Creates an admin account, active at once (the `create-admin` command).
pub async fn create_admin(
    state: &AppState,
    name: &str,
    email: &str,
    password: &str,
) -> ApiResult<Me> {
    SignupRequest {
        name: name.to_owned(),
        email: email.to_owned(),
        password: password.to_owned(),
    }
    .validate()?;
    let email = normalize_email(email);
    let hash = password::hash(password.to_owned()).await?;
    let mut tx = state.db.begin().await?;
    // Whoever signed up with this address before without activating it may not be its
    // owner: a new sign-up starts over, or the first one's password would outlive activation.
    users::delete_pending(&mut tx, &email).await?;
    let id = insert_account(
        state,
        &mut tx,
        name,
        &email,
        &hash,
        AccountStatus::Active,
        true,
    )
    .await?;
    let me = profile::me(state, &mut tx, id).await?;
    tx.commit().await?;
    Ok(me)
}

/// A fresh single-use token, replacing any unused one of the same purpose; returns the link.
async fn issue_token(
    state: &AppState,
    conn: &mut AnyConnection,
    user: UserId,
    purpose: Purpose,
) -> ApiResult<String> {
    tokens::retire_unused(conn, user, purpose, state.clock.now_micros()).await?;
    let token = token::generate();
    let ttl = time::Duration::try_from(state.config.token_ttl).unwrap_or(time::Duration::DAY);
    let expires = db::micros(state.clock.now() + ttl);
    tokens::insert(
        conn,
        &token::hash(&token),
        user,
        purpose,
        expires,
        state.clock.now_micros(),
    )
    .await?;
    let page = match purpose {
        Purpose::Activation => "activate",
        Purpose::PasswordReset => "reset-password",
    };
    Ok(format!("{}/{page}?token={token}", state.config.public_url))
}

/// A new `purpose` link for the account, mailed: the mail is queued in the transaction that
/// issues the token, so it goes out iff the token exists (the caller runs it after the
/// commit; the jobs worker retries a failure). An inbox past its hourly allowance gets
/// neither, so its newest link keeps working.
async fn link_mail(
    state: &AppState,
    conn: &mut AnyConnection,
    account: UserId,
    name: &str,
    email: &str,
    purpose: Purpose,
) -> ApiResult<Option<Claimed>> {
    if !rate_limit::mail_allowed(state, conn, email).await? {
        tracing::warn!(purpose = ?purpose, "account mail not sent: the inbox had its hourly allowance");
        return Ok(None);
    }
    let link = issue_token(state, conn, account, purpose).await?;
    let name_in_mail = name.to_owned();
    let mail = match purpose {
        Purpose::Activation => Mail::Activation {
            name: name_in_mail,
            link,
        },
        Purpose::PasswordReset => Mail::PasswordReset {
            name: name_in_mail,
            link,
        },
    };
    let job = Job::Mail {
        to_name: name.to_owned(),
        to_email: email.to_owned(),
        mail,
    };
    Ok(Some(
        jobs::enqueue_held(conn, &job, state.clock.now_micros()).await?,
    ))
}

fn refused_token(refusal: Refusal) -> ApiError {
    ApiError::invalid(
        "token",
        match refusal {
            Refusal::Unknown => "is not valid; use the link from the latest e-mail",
            Refusal::Used => "has already been used",
            Refusal::Expired => "has expired; ask for a new link",
        },
    )
}

pub struct SignedIn {
    pub me: Me,
    pub session: NewSession,
}

/// Activating makes the account active and signs it in.
pub async fn activate(state: &AppState, token: &str, user_agent: &str) -> ApiResult<SignedIn> {
    let mut tx = state.db.begin().await?;
    let user = tokens::consume(
        &mut tx,
        &token::hash(token),
        Purpose::Activation,
        state.clock.now_micros(),
    )
    .await?
    .map_err(refused_token)?;
    let me = profile::me(state, &mut tx, user).await?;
    if me.status == AccountStatus::Banned {
        return Err(ApiError::Forbidden("this account is suspended"));
    }
    users::set_status(
        &mut tx,
        user,
        AccountStatus::Active,
        state.clock.now_micros(),
    )
    .await?;
    let session = session::start(state, &mut tx, user, user_agent).await?;
    let me = profile::me(state, &mut tx, user).await?;
    tx.commit().await?;
    Ok(SignedIn { me, session })
}

/// Queues a new activation link if the address belongs to a pending account. Says nothing
/// either way, so the endpoint cannot be used to find out who has an account; the caller
/// sends the mail without waiting for it, or the answer's timing would tell.
pub async fn resend_activation(state: &AppState, email: &str) -> ApiResult<Option<Claimed>> {
    link_if(state, email, AccountStatus::Pending, Purpose::Activation).await
}

/// Queues a reset link for an active account, as `resend_activation` does.
pub async fn forgot_password(state: &AppState, email: &str) -> ApiResult<Option<Claimed>> {
    link_if(state, email, AccountStatus::Active, Purpose::PasswordReset).await
}

/// Queues a fresh `purpose` link's mail to the account at `email` when it is in `status`,
/// and quietly does nothing otherwise.
async fn link_if(
    state: &AppState,
    email: &str,
    status: AccountStatus,
    purpose: Purpose,
) -> ApiResult<Option<Claimed>> {
    let email = normalize_email(email);
    let mut tx = state.db.begin().await?;
    let Some(account) = users::find_credentials(&mut tx, &email).await? else {
        return Ok(None);
    };
    if account.status != status {
        return Ok(None);
    }
    let me = profile::me(state, &mut tx, account.id).await?;
    let mail = link_mail(state, &mut tx, account.id, &me.name, &email, purpose).await?;
    tx.commit().await?;
    Ok(mail)
}

pub async fn log_in(
    state: &AppState,
    email: &str,
    password: &str,
    user_agent: &str,
) -> ApiResult<SignedIn> {
    let wrong = || ApiError::BadCredentials;
    let email = normalize_email(email);
    // No connection held while hashing, nor while waiting for the writer (see `chat::start`).
    let account = users::find_credentials(&mut *state.db.pool.acquire().await?, &email).await?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    if !password::verify(password.to_owned(), hash).await? {
        return Err(wrong());
    }
    let account = account.ok_or_else(wrong)?;
    match account.status {
        AccountStatus::Pending => {
            return Err(ApiError::Forbidden(
                "activate your account first: follow the link we e-mailed you, or ask for a new one",
            ));
        }
        AccountStatus::Banned => return Err(ApiError::Forbidden("this account is suspended")),
        AccountStatus::Active => {}
    }
    let session = session::start(
        state,
        &mut *state.db.writer().await?,
        account.id,
        user_agent,
    )
    .await?;
    let me = profile::me(state, &mut *state.db.pool.acquire().await?, account.id).await?;
    Ok(SignedIn { me, session })
}

pub async fn log_out(state: &AppState, principal: &Principal) -> ApiResult<()> {
    sessions::delete(&mut *state.db.writer().await?, principal.session_id).await?;
    let ended = Ended::Only(principal.session_id);
    state.hub.close_sockets(principal.user_id, ended).await;
    Ok(())
}

/// Sets the new password and ends every session of the account.
pub async fn reset_password(state: &AppState, token: &str, new_password: &str) -> ApiResult<()> {
    let hash = password::hash(new_password.to_owned()).await?;
    let mut tx = state.db.begin().await?;
    let user = tokens::consume(
        &mut tx,
        &token::hash(token),
        Purpose::PasswordReset,
        state.clock.now_micros(),
    )
    .await?
    .map_err(refused_token)?;
    users::set_password_hash(&mut tx, user, &hash, state.clock.now_micros()).await?;
    sessions::delete_all_but(&mut tx, user, None).await?;
    tx.commit().await?;
    state.hub.close_sockets(user, Ended::All).await;
    Ok(())
}

/// Needs the current password; keeps this session and ends all the others.
pub async fn change_password(
    state: &AppState,
    principal: &Principal,
    request: &ChangePasswordRequest,
) -> ApiResult<()> {
    request.validate()?;
    let mut conn = state.db.pool.acquire().await?;
    let current = users::password_hash(&mut conn, principal.user_id).await?;
    if !password::verify(request.current_password.clone(), Some(current)).await? {
        return Err(ApiError::invalid(
            "current_password",
            "is not your current password",
        ));
    }
    let hash = password::hash(request.new_password.clone()).await?;
    let mut tx = state.db.begin().await?;
    users::set_password_hash(&mut tx, principal.user_id, &hash, state.clock.now_micros()).await?;
    sessions::delete_all_but(&mut tx, principal.user_id, Some(principal.session_id)).await?;
    tx.commit().await?;
    let ended = Ended::AllBut(principal.session_id);
    state.hub.close_sockets(principal.user_id, ended).await;
    Ok(())
}
