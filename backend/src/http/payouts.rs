//! Money out: a shop's balance, ledger and withdrawals; admins' decisions on withdrawals.

use super::json::Json;
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::pagination::PageQuery;
use crate::services::{payouts, shops};
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get, post};
use bazaar_shared::catalog::Page;
use bazaar_shared::payout::{
    Balance, LedgerEntry, Withdrawal, WithdrawalDecision, WithdrawalInput, WithdrawalStatus,
};
use bazaar_shared::{Problem, WithdrawalId};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(balance)
        .service(transactions)
        .service(request_withdrawal)
        .service(my_withdrawals)
        .service(all_withdrawals)
        .service(decide_withdrawal);
}

#[utoipa::path(tag = "payouts", responses(
    (status = 200, body = Balance), (status = 401, body = Problem), (status = 403, body = Problem)))]
#[get("/me/shop/balance")]
async fn balance(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(payouts::balance(&state, &auth.0).await?))
}

/// The shop's ledger, newest first.
#[utoipa::path(tag = "payouts", params(PageQuery), responses(
    (status = 200, body = Page<LedgerEntry>), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem), (status = 422, body = Problem)))]
#[get("/me/shop/transactions")]
async fn transactions(
    state: Data<AppState>,
    auth: Auth,
    query: Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page =
        payouts::transactions(&state, &auth.0, query.cursor.as_deref(), query.limit()?).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Asks for a payout to the shop's withdraw method; the amount is held at once.
#[utoipa::path(tag = "payouts", request_body = WithdrawalInput, responses(
    (status = 201, body = Withdrawal), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem),
    (status = 409, body = Problem, description = "no withdraw method, or more than the balance"),
    (status = 415, body = Problem), (status = 422, body = Problem)))]
#[post("/me/shop/withdrawals")]
async fn request_withdrawal(
    state: Data<AppState>,
    auth: Auth,
    body: Json<WithdrawalInput>,
) -> ApiResult<HttpResponse> {
    let withdrawal = payouts::request_withdrawal(&state, &auth.0, &body).await?;
    Ok(HttpResponse::Created().json(withdrawal))
}

#[utoipa::path(tag = "payouts", params(PageQuery), responses(
    (status = 200, body = Page<Withdrawal>), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem), (status = 422, body = Problem)))]
#[get("/me/shop/withdrawals")]
async fn my_withdrawals(
    state: Data<AppState>,
    auth: Auth,
    query: Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let shop = shops::owned_shop(&auth.0)?;
    let page = payouts::list(
        &state,
        Some(shop),
        None,
        query.cursor.as_deref(),
        query.limit()?,
    )
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct WithdrawalsQuery {
    status: Option<WithdrawalStatus>,
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// 1–100, 24 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// Every shop's withdrawals, for admins.
#[utoipa::path(tag = "payouts", params(WithdrawalsQuery), responses(
    (status = 200, body = Page<Withdrawal>), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem), (status = 422, body = Problem)))]
#[get("/admin/withdrawals")]
async fn all_withdrawals(
    state: Data<AppState>,
    auth: Auth,
    query: Query<WithdrawalsQuery>,
) -> ApiResult<HttpResponse> {
    if !auth.0.is_admin {
        return Err(ApiError::Forbidden("only admins see every withdrawal"));
    }
    let paging = PageQuery {
        cursor: query.cursor.clone(),
        limit: query.limit,
    };
    let page = payouts::list(
        &state,
        None,
        query.status,
        paging.cursor.as_deref(),
        paging.limit()?,
    )
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// An admin marks a withdrawal paid out, or rejects it (its hold goes back).
#[utoipa::path(tag = "payouts", params(("id" = WithdrawalId, Path)), request_body = WithdrawalDecision,
    responses(
    (status = 200, body = Withdrawal), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem), (status = 404, body = Problem),
    (status = 409, body = Problem, description = "decided already"),
    (status = 415, body = Problem), (status = 422, body = Problem)))]
#[post("/admin/withdrawals/{id}")]
async fn decide_withdrawal(
    state: Data<AppState>,
    auth: Auth,
    id: Path<WithdrawalId>,
    body: Json<WithdrawalDecision>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(payouts::decide(&state, &auth.0, *id, &body).await?))
}
