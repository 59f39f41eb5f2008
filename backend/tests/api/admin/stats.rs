//! The dashboard's figures add up what happened: accounts, shops, products, orders by
//! status, sales, commission, refunds, pending withdrawals and sales by day.

use super::{Console, ok};
use crate::orders::{Market, usd};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A status's count in the figures.
fn count(stats: &Value, status: &str) -> i64 {
    stats["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"] == status)
        .unwrap_or_else(|| panic!("no {status} in {stats}"))["count"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn the_figures_add_up_what_happened() {
    let mut console = Console::new().await;
    let market = &console.market;
    let empty = console.get("/api/v1/admin/stats").await;
    assert_eq!(empty["gross_sales"], usd(0));
    assert_eq!(
        empty["orders"].as_array().unwrap().len(),
        11,
        "every status"
    );

    // Two lamps (6000, to Sam) and a mug (900, to Rita), twice.
    let first = market.place_cod().await;
    let lamp_order = |placed: &Value| {
        Market::order_with(placed, &market.lamp)["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mug_order = |placed: &Value| {
        Market::order_with(placed, &market.mug)["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let delivered = lamp_order(&first);
    let delivered = market.set_status(&market.sam, &delivered, "delivered");
    assert_eq!(delivered.await.status(), StatusCode::OK);
    let cancel = format!("/api/v1/orders/{}/cancel", mug_order(&first));
    assert_eq!(
        market.post(&market.ann, &cancel, &json!({})).await.status(),
        StatusCode::OK
    );
    let second = market.place_cod().await;
    let refunded = lamp_order(&second);
    let delivered = market.set_status(&market.sam, &refunded, "delivered");
    assert_eq!(delivered.await.status(), StatusCode::OK);
    ok(console
        .send(
            Method::POST,
            &format!("/api/v1/admin/orders/{refunded}/status"),
            &json!({"status": "refunded", "reason": "never arrived"}),
        )
        .await)
    .await;
    market.add_withdraw_method(&market.sam).await;
    let withdrawal = market
        .post(
            &market.sam,
            "/api/v1/me/shop/withdrawals",
            &json!({"amount": usd(2000)}),
        )
        .await;
    assert_eq!(withdrawal.status(), StatusCode::CREATED);
    market.app.sign_up("pat@example.com").await;
    console
        .set_hidden("products", &market.mug, true, "counterfeit")
        .await;

    // Two days later, so the orders are two days back in the chart.
    console.advance_days(2).await;
    let market = &console.market;
    let stats = console.get("/api/v1/admin/stats").await;
    assert_eq!(
        stats["accounts"],
        json!({"buyers": 2, "sellers": 2, "admins": 1, "banned": 0, "pending": 1})
    );
    assert_eq!(stats["shops"], 2);
    assert_eq!(
        stats["products"],
        json!({"active": 2, "archived": 0, "hidden": 1})
    );
    assert_eq!(count(&stats, "delivered"), 1);
    assert_eq!(count(&stats, "cancelled"), 1);
    assert_eq!(count(&stats, "refunded"), 1);
    assert_eq!(count(&stats, "processing"), 1);
    assert_eq!(count(&stats, "shipping"), 0);
    assert_eq!(
        stats["gross_sales"],
        usd(6000 + 6000 + 900),
        "every order but the cancelled one"
    );
    assert_eq!(
        stats["commission_earned"],
        usd(600),
        "10% of the delivered lamps; the refunded ones' commission went back"
    );
    assert_eq!(stats["refunds"], json!({"count": 1, "amount": usd(6000)}));
    assert_eq!(
        stats["pending_withdrawals"],
        json!({"count": 1, "amount": usd(2000)})
    );
    let days = stats["sales_per_day"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    let today = market.app.state.clock.now();
    let midnight = |at: time::OffsetDateTime| {
        at.replace_time(time::Time::MIDNIGHT)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    assert_eq!(days[29]["day"], midnight(today));
    assert_eq!(days[0]["day"], midnight(today - time::Duration::days(29)));
    assert_eq!(
        days[27],
        json!({"day": midnight(today - time::Duration::days(2)), "orders": 3, "amount": usd(12900)})
    );
    let others: i64 = days
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 27)
        .map(|(_, d)| d["orders"].as_i64().unwrap())
        .sum();
    assert_eq!(others, 0);
}
