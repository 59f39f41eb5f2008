//! Money out: withdrawals hold the balance at once, never more than it, and an admin
//! decides them.

use super::{Market, usd};
use crate::helpers::{field_error, problem};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn seller_with_earnings() -> Market {
    let market = Market::new().await;
    market.delivered_lamp_order().await; // 6000 less 10%: 5400 to Sam
    market
}

#[tokio::test]
async fn a_withdrawal_needs_a_withdraw_method_and_holds_the_amount_at_once() {
    let market = seller_with_earnings().await;
    let path = "/api/v1/me/shop/withdrawals";
    let without_method = market
        .post(&market.sam, path, &json!({"amount": usd(2000)}))
        .await;
    assert!(
        problem(without_method, StatusCode::CONFLICT).await["detail"]
            .as_str()
            .unwrap()
            .contains("withdraw method")
    );
    market.add_withdraw_method(&market.sam).await;
    field_error(
        market
            .post(&market.sam, path, &json!({"amount": usd(999)}))
            .await,
        "amount",
    )
    .await;
    field_error(
        market
            .post(
                &market.sam,
                path,
                &json!({"amount": {"amount": 2000, "currency": "EUR"}}),
            )
            .await,
        "amount",
    )
    .await;
    let too_much = market
        .post(&market.sam, path, &json!({"amount": usd(5401)}))
        .await;
    let too_much = problem(too_much, StatusCode::CONFLICT).await;
    assert_eq!(
        too_much["errors"]["amount"][0],
        "is more than your available balance"
    );

    let response = market
        .post(&market.sam, path, &json!({"amount": usd(2000)}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let withdrawal: Value = response.json().await.unwrap();
    assert_eq!(withdrawal["status"], "pending");
    let balance = market.json_as(&market.sam, "/api/v1/me/shop/balance").await;
    assert_eq!(balance["available"], usd(3400));
    assert_eq!(balance["pending_withdrawals"], usd(2000));
    assert_eq!(balance["lifetime_earnings"], usd(5400));
    let listed = market.json_as(&market.sam, path).await;
    assert_eq!(listed["items"][0]["id"], withdrawal["id"]);
}

#[tokio::test]
async fn an_admin_pays_out_or_rejects_and_a_rejection_gives_the_hold_back() {
    let market = seller_with_earnings().await;
    market.add_withdraw_method(&market.sam).await;
    let path = "/api/v1/me/shop/withdrawals";
    let first: Value = market
        .post(&market.sam, path, &json!({"amount": usd(2000)}))
        .await
        .json()
        .await
        .unwrap();
    let second: Value = market
        .post(&market.sam, path, &json!({"amount": usd(1000)}))
        .await
        .json()
        .await
        .unwrap();
    let admin = market.admin().await;
    let pending = market
        .json_as(&admin, "/api/v1/admin/withdrawals?status=pending")
        .await;
    assert_eq!(pending["items"].as_array().unwrap().len(), 2);

    let decide = |w: &Value| format!("/api/v1/admin/withdrawals/{}", w["id"].as_str().unwrap());
    problem(
        market
            .post(&market.sam, &decide(&first), &json!({"approve": true}))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let paid: Value = market
        .post(
            &admin,
            &decide(&first),
            &json!({"approve": true, "note": "sent"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paid["status"], "succeeded");
    market.app.mail_to("sam@example.com", "is on its way").await;
    let rejected: Value = market
        .post(
            &admin,
            &decide(&second),
            &json!({"approve": false, "note": "bank details do not match"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["note"], "bank details do not match");
    market
        .app
        .mail_to("sam@example.com", "bank details do not match")
        .await;
    problem(
        market
            .post(&admin, &decide(&second), &json!({"approve": true}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;

    let balance = market.json_as(&market.sam, "/api/v1/me/shop/balance").await;
    assert_eq!(
        balance["available"],
        usd(3400),
        "5400 less the 2000 paid out"
    );
    assert_eq!(balance["pending_withdrawals"], usd(0));
    let kinds = market.sams_ledger_kinds().await;
    assert_eq!(
        kinds,
        [
            "withdrawal_release",
            "withdrawal_hold",
            "withdrawal_hold",
            "order_credit"
        ]
    );
}
