//! Money out: a shop's balance, ledger and withdrawals; admins' decisions on withdrawals.

use super::json::Json;
use crate::AppState;
use crate::auth::{Admin, Auth};
use crate::error::ApiResult;
use crate::pagination::PageQuery;
use crate::services::payouts;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpResponse, get, post};
use bazaar_shared::admin::{AdminWithdrawal, AdminWithdrawalQuery};
use bazaar_shared::catalog::Page;
use bazaar_shared::payout::{
    Balance, LedgerEntry, Withdrawal, WithdrawalDecision, WithdrawalInput,
};
use bazaar_shared::{Problem, WithdrawalId};
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
    let page = payouts::list(&state, &auth.0, query.cursor.as_deref(), query.limit()?).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Every shop's withdrawals, for admins, with each shop and the admin who decided it.
#[utoipa::path(tag = "payouts", params(AdminWithdrawalQuery), responses(
    (status = 200, body = Page<AdminWithdrawal>), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem), (status = 422, body = Problem)))]
#[get("/admin/withdrawals")]
async fn all_withdrawals(
    state: Data<AppState>,
    admin: Admin,
    query: Query<AdminWithdrawalQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(payouts::list_all(&state, &admin, &query).await?))
}

/// An admin marks a withdrawal paid out, or rejects it (its hold goes back), with an
/// optional note for the seller; the decision is audited.
#[utoipa::path(tag = "payouts", params(("id" = WithdrawalId, Path)), request_body = WithdrawalDecision,
    responses(
    (status = 200, body = Withdrawal), (status = 400, body = Problem), (status = 401, body = Problem),
    (status = 403, body = Problem), (status = 404, body = Problem),
    (status = 409, body = Problem, description = "decided already"),
    (status = 415, body = Problem), (status = 422, body = Problem)))]
#[post("/admin/withdrawals/{id}")]
async fn decide_withdrawal(
    state: Data<AppState>,
    admin: Admin,
    id: Path<WithdrawalId>,
    body: Json<WithdrawalDecision>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(payouts::decide(&state, &admin, *id, &body).await?))
}
