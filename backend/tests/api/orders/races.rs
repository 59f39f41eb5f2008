//! Real concurrency: buyers racing for the last units, retried checkouts, refund
//! approvals and withdrawals arriving together.

use super::{Market, usd};
use futures_util::StreamExt;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn two_hundred_buyers_racing_for_fifty_units_buy_exactly_fifty() {
    let market = Market::new().await;
    market.restock(&market.sam, &market.lamp, 50).await;
    let buyers: Vec<_> = futures_util::stream::iter(0..200)
        .map(|i| {
            let market = &market;
            async move {
                let (buyer, address) = market.buyer(&format!("buyer{i}@example.com")).await;
                market.add_to_cart(&buyer, &market.lamp, 1).await;
                (buyer, address)
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let bodies: Vec<_> = buyers
        .iter()
        .map(|(_, address)| json!({"address_id": address, "payment_method": "cod"}))
        .collect();
    let checkouts = buyers
        .iter()
        .zip(&bodies)
        .map(|((buyer, _), body)| market.checkout(buyer, body));
    let statuses: Vec<StatusCode> = join_all(checkouts)
        .await
        .iter()
        .map(|r| r.status())
        .collect();
    let sold = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((sold, refused), (50, 150), "{statuses:?}");
    let lamp = market.product(&market.lamp).await;
    assert_eq!(lamp["stock"], 0);
    assert_eq!(lamp["sold_count"], 50);
    assert_eq!(market.app.count("orders").await, 50);
}

/// On PostgreSQL a checkout holds each product row it took until it commits: buyers taking
/// the same products in opposite orders deadlocked, and one of them got a 500.
#[tokio::test]
async fn buyers_taking_the_same_products_in_opposite_orders_all_get_them() {
    let market = Market::new().await;
    market.restock(&market.sam, &market.lamp, 500).await;
    market.restock(&market.rita, &market.mug, 500).await;
    let buyers: Vec<_> = futures_util::stream::iter(0..24)
        .map(|i| {
            let market = &market;
            async move {
                let (buyer, address) = market.buyer(&format!("buyer{i}@example.com")).await;
                let (first, second) = if i % 2 == 0 {
                    (&market.lamp, &market.mug)
                } else {
                    (&market.mug, &market.lamp)
                };
                (buyer, address, first, second)
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    for round in 0..3 {
        for (buyer, _, first, second) in &buyers {
            market.add_to_cart(buyer, first, 1).await;
            market.add_to_cart(buyer, second, 1).await;
        }
        let bodies: Vec<_> = buyers
            .iter()
            .map(|(_, address, _, _)| json!({"address_id": address, "payment_method": "cod"}))
            .collect();
        let checkouts = buyers
            .iter()
            .zip(&bodies)
            .map(|((buyer, _, _, _), body)| market.checkout(buyer, body));
        let statuses: Vec<StatusCode> = join_all(checkouts)
            .await
            .iter()
            .map(|r| r.status())
            .collect();
        assert!(
            statuses.iter().all(|s| *s == StatusCode::CREATED),
            "round {round}: {statuses:?}"
        );
    }
    let sold = 3 * 24;
    for product in [&market.lamp, &market.mug] {
        let shown = market.product(product).await;
        assert_eq!(shown["stock"], 500 - sold);
        assert_eq!(shown["sold_count"], sold);
    }
    assert_eq!(market.app.count("orders").await, 2 * sold);
}

#[tokio::test]
async fn the_same_key_twenty_times_at_once_makes_one_checkout() {
    let market = Market::new().await;
    market.add_to_cart(&market.ann, &market.lamp, 1).await;
    let body = market.cod();
    let attempts = (0..20).map(|_| market.checkout_with_key(&market.ann, &body, "one-click"));
    let answers = join_all(attempts).await;
    let mut checkout_ids = Vec::new();
    for answer in answers {
        assert_eq!(answer.status(), StatusCode::CREATED);
        let body: serde_json::Value = answer.json().await.unwrap();
        checkout_ids.push(body["checkout_id"].as_str().unwrap().to_owned());
    }
    checkout_ids.dedup();
    assert_eq!(checkout_ids.len(), 1, "every answer names the one checkout");
    assert_eq!(market.app.count("checkouts").await, 1);
    assert_eq!(market.product(&market.lamp).await["stock"], 4);
}

#[tokio::test]
async fn ten_refund_approvals_at_once_refund_once() {
    let market = Market::new().await;
    let order = market.delivered_lamp_order().await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    market
        .post(
            &market.ann,
            &format!("/api/v1/orders/{order}/refund-request"),
            &json!({"reason": "Broken"}),
        )
        .await;
    let path = format!("/api/v1/orders/{order}/refund");
    let body = json!({"approve": true});
    let approvals = (0..10).map(|_| market.post(&market.sam, &path, &body));
    let statuses: Vec<StatusCode> = join_all(approvals)
        .await
        .iter()
        .map(|r| r.status())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT)
    );
    assert_eq!(market.product(&market.lamp).await["stock"], 5);
    let balance = market.json_as(&market.sam, "/api/v1/me/shop/balance").await;
    assert_eq!(balance["available"], usd(0));
    assert_eq!(
        market.app.count("ledger_entries").await,
        2,
        "one credit, one debit"
    );
}

#[tokio::test]
async fn withdrawals_racing_for_one_balance_never_take_it_below_zero() {
    let market = Market::new().await;
    market.delivered_lamp_order().await; // 5400 available
    market.add_withdraw_method(&market.sam).await;
    let body = json!({"amount": usd(1000)});
    let requests = (0..10).map(|_| market.post(&market.sam, "/api/v1/me/shop/withdrawals", &body));
    let statuses: Vec<StatusCode> = join_all(requests)
        .await
        .iter()
        .map(|r| r.status())
        .collect();
    let held = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    assert_eq!(held, 5, "{statuses:?}");
    let balance = market.json_as(&market.sam, "/api/v1/me/shop/balance").await;
    assert_eq!(balance["available"], usd(400));
    assert_eq!(balance["pending_withdrawals"], usd(5000));
    assert_eq!(
        market.app.count("withdrawals").await,
        5,
        "a refused request leaves nothing"
    );
}
