//! An admin settles a dispute by moving the order, with the stock, ledger and money effects
//! the seller's own moves have.

use super::{Console, ok};
use crate::helpers::problem;
use crate::orders::{Market, usd};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

impl Console {
    async fn settle(&self, order: &str, status: &str, reason: &str) -> Response {
        self.send(
            Method::POST,
            &format!("/api/v1/admin/orders/{order}/status"),
            &json!({"status": status, "reason": reason}),
        )
        .await
    }

    /// Sam's lamp order (two lamps, 6000) of a fresh cash-on-delivery checkout.
    async fn lamp_order(&self) -> String {
        let placed = self.market.place_cod().await;
        Market::order_with(&placed, &self.market.lamp)["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn stock_and_sold(&self) -> (i64, i64) {
        let lamp = self.market.product(&self.market.lamp).await;
        (
            lamp["stock"].as_i64().unwrap(),
            lamp["sold_count"].as_i64().unwrap(),
        )
    }

    async fn sams_balance(&self) -> Value {
        self.market
            .json_as(&self.market.sam, "/api/v1/me/shop/balance")
            .await["available"]
            .clone()
    }
}

#[tokio::test]
async fn delivering_in_a_dispute_credits_the_shop_as_the_sellers_delivery_does() {
    let console = Console::new().await;
    let order = console.lamp_order().await;
    let settled = ok(console
        .settle(&order, "delivered", "The courier confirmed it")
        .await)
    .await;
    assert_eq!(settled["status"], "delivered");
    assert!(settled["delivered_at"].is_string());
    assert!(
        settled["paid"].as_bool().unwrap(),
        "cash on delivery is paid"
    );
    assert_eq!(console.sams_balance().await, usd(5400), "6000 less 10%");
    let seen = console
        .market
        .json_as(&console.market.ann, &format!("/api/v1/orders/{order}"))
        .await;
    let timeline: Vec<&str> = seen["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    assert_eq!(timeline, ["processing", "delivered"]);
    console
        .market
        .app
        .mail_to("sam@example.com", "The courier confirmed it")
        .await;
}

#[tokio::test]
async fn cancelling_in_a_dispute_gives_the_stock_back() {
    let console = Console::new().await;
    let before = console.stock_and_sold().await;
    let order = console.lamp_order().await;
    assert_eq!(
        console
            .market
            .set_status(&console.market.sam, &order, "shipping")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(console.stock_and_sold().await, (before.0 - 2, before.1 + 2));
    let settled = ok(console.settle(&order, "cancelled", "Lost in transit").await).await;
    assert_eq!(settled["status"], "cancelled");
    assert_eq!(console.stock_and_sold().await, before);
    assert_eq!(console.sams_balance().await, usd(0));
    problem(
        console.settle(&order, "delivered", "found it").await,
        StatusCode::CONFLICT,
    )
    .await;
}

#[tokio::test]
async fn refunding_in_a_dispute_undoes_the_sale_as_the_sellers_refund_does() {
    let console = Console::new().await;
    let market = &console.market;
    let before = console.stock_and_sold().await;
    // The seller's own path first: delivered, refund asked, approved.
    let seller_refunded = market.delivered_lamp_order().await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let request = json!({"reason": "It flickers"});
    let asked = market
        .post(
            &market.ann,
            &format!("/api/v1/orders/{seller_refunded}/refund-request"),
            &request,
        )
        .await;
    assert_eq!(asked.status(), StatusCode::OK);
    let approved = market
        .post(
            &market.sam,
            &format!("/api/v1/orders/{seller_refunded}/refund"),
            &json!({"approve": true}),
        )
        .await;
    assert_eq!(approved.status(), StatusCode::OK);
    assert_eq!(console.stock_and_sold().await, before);
    assert_eq!(console.sams_balance().await, usd(0));

    // Then a refund the seller rejected, which the admin grants.
    let disputed = market.delivered_lamp_order().await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let asked = market
        .post(
            &market.ann,
            &format!("/api/v1/orders/{disputed}/refund-request"),
            &request,
        )
        .await;
    assert_eq!(asked.status(), StatusCode::OK);
    let rejected = market
        .post(
            &market.sam,
            &format!("/api/v1/orders/{disputed}/refund"),
            &json!({"approve": false}),
        )
        .await;
    assert_eq!(rejected.status(), StatusCode::OK);
    assert_eq!(console.sams_balance().await, usd(5400));
    let settled = ok(console
        .settle(&disputed, "refunded", "Photos prove the defect")
        .await)
    .await;
    assert_eq!(settled["status"], "refunded");
    assert_eq!(
        console.stock_and_sold().await,
        before,
        "as after the seller's refund"
    );
    assert_eq!(
        console.sams_balance().await,
        usd(0),
        "as after the seller's refund"
    );
    let kinds = market.sams_ledger_kinds().await;
    assert_eq!(
        kinds,
        [
            "refund_debit",
            "order_credit",
            "refund_debit",
            "order_credit"
        ]
    );
}

#[tokio::test]
async fn a_dispute_cannot_move_an_order_backwards_or_out_of_a_final_state() {
    let console = Console::new().await;
    let order = console.lamp_order().await;
    for (to, why) in [
        ("refunded", "not delivered yet"),
        ("processing", "where it is"),
        ("awaiting_payment", "backwards"),
        ("refund_requested", "the buyer's move"),
    ] {
        let refused = problem(console.settle(&order, to, why).await, StatusCode::CONFLICT).await;
        assert!(
            refused["detail"].as_str().unwrap().contains("in a dispute"),
            "{refused}"
        );
    }
    ok(console.settle(&order, "delivered", "confirmed").await).await;
    for to in ["shipping", "cancelled"] {
        problem(
            console.settle(&order, to, "late").await,
            StatusCode::CONFLICT,
        )
        .await;
    }
    ok(console.settle(&order, "refunded", "broken").await).await;
    problem(
        console.settle(&order, "refunded", "twice").await,
        StatusCode::CONFLICT,
    )
    .await;
}

#[tokio::test]
async fn the_admin_lists_every_order_by_status_shop_buyer_and_date() {
    let console = Console::new().await;
    let market = &console.market;
    let first = market.place_cod().await;
    let (bob, address) = market.buyer("bob@example.com").await;
    market.add_to_cart(&bob, &market.mug, 3).await;
    let placed = market
        .checkout(
            &bob,
            &json!({"address_id": address, "payment_method": "cod"}),
        )
        .await;
    assert_eq!(placed.status(), StatusCode::CREATED);
    let lamp_order = Market::order_with(&first, &market.lamp)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(console.settle(&lamp_order, "shipping", "stuck").await).await;

    let all = console.get("/api/v1/admin/orders").await;
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
    let shipping = console.get("/api/v1/admin/orders?status=shipping").await;
    assert_eq!(super::ids(&shipping), [lamp_order.as_str()]);
    let bobs = console
        .get(&format!("/api/v1/admin/orders?buyer_id={}", bob.id))
        .await;
    assert_eq!(bobs["items"][0]["buyer"]["id"], bob.id.as_str());
    assert_eq!(bobs["items"].as_array().unwrap().len(), 1);
    let rita_shop = market.product(&market.mug).await["shop"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ritas = console
        .get(&format!("/api/v1/admin/orders?shop_id={rita_shop}"))
        .await;
    assert_eq!(ritas["items"].as_array().unwrap().len(), 2);
    let largest = console
        .get("/api/v1/admin/orders?sort=total_desc&limit=1")
        .await;
    assert_eq!(super::ids(&largest), [lamp_order]);
    let next = largest["next_cursor"].as_str().unwrap();
    let rest = console
        .get(&format!(
            "/api/v1/admin/orders?sort=total_desc&limit=5&cursor={next}"
        ))
        .await;
    let totals: Vec<i64> = rest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["total"]["amount"].as_i64().unwrap())
        .collect();
    assert_eq!(totals, [2700, 900]);
    assert_eq!(rest["next_cursor"], Value::Null);
    let future = console
        .get("/api/v1/admin/orders?from=2100-01-01T00:00:00Z")
        .await;
    assert!(super::ids(&future).is_empty());
    let past = console
        .get("/api/v1/admin/orders?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&sort=oldest")
        .await;
    assert_eq!(past["items"].as_array().unwrap().len(), 3);
}
