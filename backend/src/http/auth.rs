//! Sign-up, activation, login, logout, password reset.

use super::json::Json;
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::jobs;
use crate::rate_limit;
use crate::services::accounts::{self, SignedIn};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, http::header, post};
use bazaar_shared::Problem;
use bazaar_shared::auth::{
    AuthResponse, EmailRequest, LoginRequest, Notice, ResetPasswordRequest, SIGNED_IN_HINT_COOKIE,
    SellerSignupRequest, SignupRequest, SignupResponse, TokenRequest,
};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(signup)
        .service(seller_signup)
        .service(activate)
        .service(resend_activation)
        .service(login)
        .service(logout)
        .service(forgot_password)
        .service(reset_password);
}

const CHECK_MAIL: &str = "Check your e-mail: we sent you a link to activate your account.";

#[utoipa::path(tag = "auth", request_body = SignupRequest, responses(
    (status = 201, body = SignupResponse), (status = 409, body = Problem, description = "e-mail taken"),
    (status = 422, body = Problem), (status = 429, body = Problem)))]
#[post("/auth/signup")]
async fn signup(
    state: Data<AppState>,
    req: HttpRequest,
    body: Json<SignupRequest>,
) -> ApiResult<HttpResponse> {
    rate_limit::check(&state, &req, "signup").await?;
    let user = accounts::sign_up(&state, &body).await?;
    Ok(HttpResponse::Created().json(SignupResponse {
        user,
        message: CHECK_MAIL.to_owned(),
    }))
}

/// The account and its shop in one form.
#[utoipa::path(tag = "auth", request_body = SellerSignupRequest, responses(
    (status = 201, body = SignupResponse), (status = 409, body = Problem), (status = 422, body = Problem),
    (status = 429, body = Problem)))]
#[post("/auth/seller-signup")]
async fn seller_signup(
    state: Data<AppState>,
    req: HttpRequest,
    body: Json<SellerSignupRequest>,
) -> ApiResult<HttpResponse> {
    rate_limit::check(&state, &req, "signup").await?;
    let user = accounts::seller_sign_up(&state, &body).await?;
    Ok(HttpResponse::Created().json(SignupResponse {
        user,
        message: CHECK_MAIL.to_owned(),
    }))
}

/// Activates the account with the e-mailed token and signs it in.
#[utoipa::path(tag = "auth", request_body = TokenRequest, responses(
    (status = 200, body = AuthResponse), (status = 422, body = Problem, description = "unknown, used or expired token")))]
#[post("/auth/activate")]
async fn activate(
    state: Data<AppState>,
    req: HttpRequest,
    body: Json<TokenRequest>,
) -> ApiResult<HttpResponse> {
    rate_limit::check(&state, &req, "activate").await?;
    let signed_in = accounts::activate(&state, &body.token, user_agent(&req)).await?;
    Ok(signed_in_response(&state, signed_in))
}

/// Sends a new activation link; answers the same whether or not the address is known.
#[utoipa::path(tag = "auth", request_body = EmailRequest, responses(
    (status = 202, body = Notice), (status = 422, body = Problem), (status = 429, body = Problem)))]
#[post("/auth/resend-activation")]
async fn resend_activation(
    state: Data<AppState>,
    req: HttpRequest,
    body: Json<EmailRequest>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    rate_limit::check(&state, &req, "resend").await?;
    let mail = accounts::resend_activation(&state, &body.email).await?;
    // Its mail goes after the answer (`run_now`): whether there was one must not show in
    // how long the answer took.
    jobs::run_now(&state, mail).await;
    Ok(HttpResponse::Accepted().json(Notice {
        message: "If that address waits for activation, a new link is on its way.".to_owned(),
    }))
}

#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, body = AuthResponse), (status = 401, body = Problem, description = "wrong e-mail or password"),
    (status = 403, body = Problem, description = "not activated or suspended"), (status = 422, body = Problem),
    (status = 429, body = Problem)))]
#[post("/auth/login")]
async fn login(
    state: Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    rate_limit::check(&state, &req, "login").await?;
    let signed_in = accounts::log_in(&state, &body.email, &body.password, user_agent(&req)).await?;
    Ok(signed_in_response(&state, signed_in))
}

/// Ends this session: its token stops working at once, on every instance.
#[utoipa::path(tag = "auth", responses((status = 204), (status = 401, body = Problem)))]
#[post("/auth/logout")]
async fn logout(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    accounts::log_out(&state, &auth.0).await?;
    let [session, hint] = web_cookies(&state, None);
    Ok(HttpResponse::NoContent()
        .cookie(session)
        .cookie(hint)
        .finish())
}

#[utoipa::path(tag = "auth", request_body = EmailRequest, responses(
    (status = 202, body = Notice), (status = 422, body = Problem), (status = 429, body = Problem)))]
#[post("/auth/forgot-password")]
async fn forgot_password(
    state: Data<AppState>,
    req: HttpRequest,
    body: Json<EmailRequest>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    rate_limit::check(&state, &req, "forgot").await?;
    let mail = accounts::forgot_password(&state, &body.email).await?;
    // Its mail goes after the answer (`run_now`): whether there was one must not show in
    // how long the answer took.
    jobs::run_now(&state, mail).await;
    Ok(HttpResponse::Accepted().json(Notice {
        message: "If an account uses that address, a link to reset its password is on its way."
            .to_owned(),
    }))
}

/// Sets a new password with the e-mailed token; every session of the account ends.
#[utoipa::path(tag = "auth", request_body = ResetPasswordRequest, responses(
    (status = 200, body = Notice), (status = 422, body = Problem), (status = 429, body = Problem)))]
#[post("/auth/reset-password")]
async fn reset_password(
    state: Data<AppState>,
    req: HttpRequest,
    body: Json<ResetPasswordRequest>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    rate_limit::check(&state, &req, "reset").await?;
    accounts::reset_password(&state, &body.token, &body.password).await?;
    Ok(HttpResponse::Ok().json(Notice {
        message: "Your password is changed. Sign in with the new one.".to_owned(),
    }))
}

fn user_agent(req: &HttpRequest) -> &str {
    req.headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The web UI's two cookies, with the same attributes and lifetime: the HttpOnly session
/// and the readable [`SIGNED_IN_HINT_COOKIE`]. Without a session, both are removals.
fn web_cookies(
    state: &AppState,
    session: Option<(String, time::Duration)>,
) -> [Cookie<'static>; 2] {
    let ended = session.is_none();
    let (token, max_age) = session.unwrap_or_default();
    let cookie = |name: &'static str, value: String, http_only: bool| {
        let mut cookie = Cookie::build(name, value)
            .path("/")
            .http_only(http_only)
            .secure(state.config.cookie_secure)
            .same_site(SameSite::Lax)
            .max_age(max_age)
            .finish();
        if ended {
            cookie.make_removal();
        }
        cookie
    };
    [
        cookie(state.config.session_cookie(), token, true),
        cookie(SIGNED_IN_HINT_COOKIE, "1".to_owned(), false),
    ]
}

/// The account and its token in the body (apps), and the HttpOnly cookie (web).
fn signed_in_response(state: &AppState, signed_in: SignedIn) -> HttpResponse {
    let [session, hint] = web_cookies(
        state,
        Some((signed_in.session.token.clone(), signed_in.session.max_age)),
    );
    HttpResponse::Ok()
        .cookie(session)
        .cookie(hint)
        .json(AuthResponse {
            user: signed_in.me,
            token: signed_in.session.token,
        })
}
