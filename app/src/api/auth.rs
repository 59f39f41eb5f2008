//! Signing up, activating, signing in and out, and the password reset: the calls that start
//! or end a session, and keep the bearer token of apps on another origin.

use super::ApiError;
use super::connection::remember_token;
use super::fetch::{json_body, request, send_empty, send_json};
use bazaar_shared::account::Me;
use bazaar_shared::auth::{
    AuthResponse, EmailRequest, LoginRequest, Notice, ResetPasswordRequest, SellerSignupRequest,
    SignupRequest, SignupResponse, TokenRequest,
};
use serde::Serialize;

pub async fn login(body: &LoginRequest) -> Result<Me, ApiError> {
    let answer: AuthResponse = send_json("POST", "/api/v1/auth/login", body).await?;
    remember_token(Some(&answer.token));
    Ok(answer.user)
}

pub async fn logout() -> Result<(), ApiError> {
    let answer = send_empty("POST", "/api/v1/auth/logout").await;
    remember_token(None);
    // Signed out already is as good as signed out now.
    match answer {
        Err(e) if e.status() != Some(401) => Err(e),
        _ => Ok(()),
    }
}

pub async fn signup(body: &SignupRequest) -> Result<SignupResponse, ApiError> {
    body.validate()?;
    send_json("POST", "/api/v1/auth/signup", body).await
}

pub async fn seller_signup(body: &SellerSignupRequest) -> Result<SignupResponse, ApiError> {
    body.validate()?;
    send_json("POST", "/api/v1/auth/seller-signup", body).await
}

pub async fn activate(token: &str) -> Result<Me, ApiError> {
    let body = TokenRequest {
        token: token.to_string(),
    };
    let answer: AuthResponse = send_json("POST", "/api/v1/auth/activate", &body).await?;
    remember_token(Some(&answer.token));
    Ok(answer.user)
}

/// Posts a body whose answer is at most a `{message}` notice, and returns that message.
async fn post_for_notice<B: Serialize>(path: &str, body: &B) -> Result<Option<String>, ApiError> {
    let answer = request("POST", path, json_body(body)).await?;
    Ok(serde_json::from_str::<Notice>(&answer)
        .ok()
        .map(|n| n.message))
}

pub async fn resend_activation(body: &EmailRequest) -> Result<Option<String>, ApiError> {
    body.validate()?;
    post_for_notice("/api/v1/auth/resend-activation", body).await
}

pub async fn forgot_password(body: &EmailRequest) -> Result<Option<String>, ApiError> {
    body.validate()?;
    post_for_notice("/api/v1/auth/forgot-password", body).await
}

pub async fn reset_password(body: &ResetPasswordRequest) -> Result<Option<String>, ApiError> {
    body.validate()?;
    post_for_notice("/api/v1/auth/reset-password", body).await
}
