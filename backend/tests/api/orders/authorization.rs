//! Who may do what to an order: each endpoint against anonymous, another buyer, another
//! seller, the buyer, the owner and an admin.

use super::Market;
use crate::helpers::Account;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

struct Call {
    method: Method,
    path: String,
    body: Value,
}

impl Call {
    fn new(method: Method, path: String, body: Value) -> Self {
        Self { method, path, body }
    }
}

async fn status(market: &Market, who: Option<&Account>, call: &Call) -> StatusCode {
    let request = market
        .app
        .http
        .request(call.method.clone(), market.app.url(&call.path))
        .json(&call.body);
    let request = match who {
        Some(account) => request.bearer_auth(&account.token),
        None => request,
    };
    request.send().await.unwrap().status()
}

#[tokio::test]
async fn every_order_endpoint_refuses_whoever_it_is_not_for() {
    let market = Market::new().await;
    let placed = market.place_cod().await;
    let order = Market::order_with(&placed, &market.lamp)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (bob, _) = market.buyer("bob@example.com").await;
    let admin = market.admin().await;
    let view = Call::new(Method::GET, format!("/api/v1/orders/{order}"), json!({}));
    let status_move = Call::new(
        Method::POST,
        format!("/api/v1/orders/{order}/status"),
        json!({"status": "shipping"}),
    );
    let refund_request = Call::new(
        Method::POST,
        format!("/api/v1/orders/{order}/refund-request"),
        json!({"reason": "why not"}),
    );
    let refund = Call::new(
        Method::POST,
        format!("/api/v1/orders/{order}/refund"),
        json!({"approve": true}),
    );
    let cancel = Call::new(
        Method::POST,
        format!("/api/v1/orders/{order}/cancel"),
        json!({}),
    );
    let shop_orders = Call::new(Method::GET, "/api/v1/me/shop/orders".into(), json!({}));

    use StatusCode as S;
    // (call, anonymous, other buyer, other seller, admin)
    let refusals = [
        (&view, S::UNAUTHORIZED, S::NOT_FOUND, S::NOT_FOUND, S::OK),
        (
            &status_move,
            S::UNAUTHORIZED,
            S::NOT_FOUND,
            S::NOT_FOUND,
            S::FORBIDDEN,
        ),
        (
            &refund_request,
            S::UNAUTHORIZED,
            S::NOT_FOUND,
            S::NOT_FOUND,
            S::FORBIDDEN,
        ),
        (
            &refund,
            S::UNAUTHORIZED,
            S::NOT_FOUND,
            S::NOT_FOUND,
            S::FORBIDDEN,
        ),
        (
            &cancel,
            S::UNAUTHORIZED,
            S::NOT_FOUND,
            S::NOT_FOUND,
            S::FORBIDDEN,
        ),
        (
            &shop_orders,
            S::UNAUTHORIZED,
            S::FORBIDDEN,
            S::OK,
            S::FORBIDDEN,
        ),
    ];
    for (call, anonymous, other_buyer, other_seller, as_admin) in refusals {
        let path = &call.path;
        assert_eq!(
            status(&market, None, call).await,
            anonymous,
            "anonymous {path}"
        );
        assert_eq!(
            status(&market, Some(&bob), call).await,
            other_buyer,
            "another buyer {path}"
        );
        assert_eq!(
            status(&market, Some(&market.rita), call).await,
            other_seller,
            "another seller {path}"
        );
        assert_eq!(
            status(&market, Some(&admin), call).await,
            as_admin,
            "an admin {path}"
        );
    }
    // The buyer sees the order but does not move it nor decide refunds.
    assert_eq!(status(&market, Some(&market.ann), &view).await, S::OK);
    assert_eq!(
        status(&market, Some(&market.ann), &status_move).await,
        S::FORBIDDEN
    );
    assert_eq!(
        status(&market, Some(&market.ann), &refund).await,
        S::FORBIDDEN
    );
    // The owner sees it, does not ask itself for a refund, and moves it.
    assert_eq!(status(&market, Some(&market.sam), &view).await, S::OK);
    assert_eq!(
        status(&market, Some(&market.sam), &refund_request).await,
        S::FORBIDDEN
    );
    assert_eq!(
        status(&market, Some(&market.sam), &status_move).await,
        S::OK
    );
    let seen: Value = market
        .json_as(&market.ann, &format!("/api/v1/orders/{order}"))
        .await;
    assert_eq!(
        seen["status"], "shipping",
        "only the owner's move went through"
    );
    let bobs = market.json_as(&bob, "/api/v1/me/orders").await;
    assert_eq!(bobs["items"], json!([]), "another buyer lists none of it");
    let ritas = market.json_as(&market.rita, "/api/v1/me/shop/orders").await;
    let ritas = ritas["items"].as_array().unwrap();
    assert_eq!(ritas.len(), 1);
    assert_eq!(
        ritas[0]["lines"][0]["product_id"],
        market.mug.as_str(),
        "only her own order"
    );
}

#[tokio::test]
async fn money_endpoints_are_for_sellers_and_admins_only() {
    let market = Market::new().await;
    let admin = market.admin().await;
    let (bob, _) = market.buyer("bob@example.com").await;
    for path in [
        "/api/v1/me/shop/balance",
        "/api/v1/me/shop/transactions",
        "/api/v1/me/shop/withdrawals",
    ] {
        assert_eq!(
            market.app.get(path).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        assert_eq!(
            market.app.get_as(&bob.token, path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
        assert_eq!(
            market.app.get_as(&market.sam.token, path).await.status(),
            StatusCode::OK,
            "{path}"
        );
    }
    let admin_list = "/api/v1/admin/withdrawals";
    assert_eq!(
        market.app.get(admin_list).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        market
            .app
            .get_as(&market.sam.token, admin_list)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        market.app.get_as(&admin.token, admin_list).await.status(),
        StatusCode::OK
    );
}
