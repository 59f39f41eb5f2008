//! Checkout: the server prices the cart, places one order per shop in one transaction,
//! takes stock, and a retried request buys nothing twice.

use super::{Market, usd};
use crate::helpers::{field_error, listed_product, problem, product_input};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn coupon(market: &Market, code: &str, extra: Value) {
    let mut body = json!({
        "code": code,
        "percent_off": 10,
        "min_subtotal": usd(0),
    });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let response = market.post(&market.sam, "/api/v1/coupons", &body).await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        response.text().await.unwrap()
    );
}

#[tokio::test]
async fn the_quote_prices_each_shop_on_the_server_and_a_coupon_discounts_only_its_shop() {
    let market = Market::new().await;
    coupon(&market, "LAMPS10", json!({})).await;
    market.add_to_cart(&market.ann, &market.lamp, 2).await;
    market.add_to_cart(&market.ann, &market.mug, 3).await;
    let body =
        json!({"address_id": market.address, "payment_method": "cod", "coupon_codes": ["lamps10"]});
    let response = market
        .post(&market.ann, "/api/v1/checkout/quote", &body)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let quote: Value = response.json().await.unwrap();
    let sam = &quote["shops"][0];
    assert_eq!(sam["lines"][0]["product_id"], market.lamp.as_str());
    assert_eq!(sam["subtotal"], usd(6000));
    assert_eq!(sam["discount"], usd(600));
    assert_eq!(sam["total"], usd(5400));
    assert_eq!(sam["coupon"], json!({"code": "LAMPS10", "problem": null}));
    let rita = &quote["shops"][1];
    assert_eq!(rita["discount"], usd(0));
    assert_eq!(rita["lines"][0]["line_total"], usd(2700));
    assert_eq!(quote["total"], usd(8100));
    assert_eq!(quote["can_place"], true);
    assert_eq!(
        market.app.count("orders").await,
        0,
        "a quote places nothing"
    );
}

#[tokio::test]
async fn cash_on_delivery_places_one_processing_order_per_shop_and_takes_the_stock() {
    let market = Market::new().await;
    let placed = market.place_cod().await;
    assert_eq!(placed["payment"], json!({"provider": "cod"}));
    assert_eq!(placed["total"], usd(6900));
    let orders = placed["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 2);
    assert!(
        orders
            .iter()
            .all(|o| o["checkout_id"] == placed["checkout_id"])
    );
    let lamp_order = Market::order_with(&placed, &market.lamp);
    assert_eq!(lamp_order["status"], "processing");
    assert_eq!(lamp_order["paid"], false);
    assert_eq!(lamp_order["payment_method"], "cod");
    assert_eq!(lamp_order["lines"][0]["name"], "Desk lamp");
    assert_eq!(lamp_order["lines"][0]["quantity"], 2);
    assert_eq!(lamp_order["lines"][0]["unit_price"], usd(3000));
    assert!(lamp_order["lines"][0]["image"]["url"].is_string());
    assert_eq!(lamp_order["total"], usd(6000));
    assert_eq!(lamp_order["shipping_address"]["city"], "Springfield");
    assert_eq!(lamp_order["shipping_address"]["name"], "Ann Buyer");
    assert_eq!(lamp_order["timeline"].as_array().unwrap().len(), 1);
    assert_eq!(lamp_order["timeline"][0]["status"], "processing");

    let lamp = market.product(&market.lamp).await;
    assert_eq!(lamp["stock"], 3, "two of five taken at placement");
    assert_eq!(lamp["sold_count"], 2);
    let cart = market.json_as(&market.ann, "/api/v1/me/cart").await;
    assert_eq!(cart["shops"], json!([]), "the bought lines leave the cart");

    let mine = market.json_as(&market.ann, "/api/v1/me/orders").await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 2);
    let checkout_path = format!(
        "/api/v1/checkouts/{}",
        placed["checkout_id"].as_str().unwrap()
    );
    let shown = market.json_as(&market.ann, &checkout_path).await;
    assert_eq!(shown["orders"].as_array().unwrap().len(), 2);
    assert_eq!(shown["total"], placed["total"]);
    let (bob, _) = market.buyer("bob@example.com").await;
    problem(
        market.app.get_as(&bob.token, &checkout_path).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let sams = market.json_as(&market.sam, "/api/v1/me/shop/orders").await;
    assert_eq!(sams["items"].as_array().unwrap().len(), 1);
    assert_eq!(sams["items"][0]["buyer"]["name"], "Ann Buyer");
    market
        .app
        .mail_to("sam@example.com", "New order from Ann Buyer")
        .await;
    market
        .app
        .mail_to("ann@example.com", "Your order from")
        .await;
}

#[tokio::test]
async fn a_running_sale_sells_at_its_price_within_its_unit_limit() {
    let market = Market::new().await;
    let now = time::OffsetDateTime::now_utc();
    let at = |d: time::Duration| {
        (now + d)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let event = json!({
        "product_id": market.lamp, "name": "Lamp week", "description": "Cheaper lamps",
        "event_price": usd(2500), "starts_at": at(time::Duration::minutes(-1)),
        "ends_at": at(time::Duration::days(1)), "unit_limit": 1
    });
    let response = market.post(&market.sam, "/api/v1/events", &event).await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        response.text().await.unwrap()
    );
    market.add_to_cart(&market.ann, &market.lamp, 2).await;
    let quote: Value = market
        .post(&market.ann, "/api/v1/checkout/quote", &market.cod())
        .await
        .json()
        .await
        .unwrap();
    let line = &quote["shops"][0]["lines"][0];
    assert_eq!(line["unit_price"], usd(2500));
    assert_eq!(line["problem"], "only 1 left at the sale price");
    assert_eq!(quote["can_place"], false);
    market.add_to_cart(&market.ann, &market.lamp, 1).await;
    let response = market.checkout(&market.ann, &market.cod()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let placed: Value = response.json().await.unwrap();
    assert_eq!(placed["total"], usd(2500));
}

#[tokio::test]
async fn a_line_that_cannot_be_bought_is_named_and_checkout_refuses_writing_nothing() {
    let market = Market::new().await;
    market.add_to_cart(&market.ann, &market.lamp, 3).await;
    market.add_to_cart(&market.ann, &market.mug, 1).await;
    // Someone else buys three of the five lamps first.
    let (bob, bobs_address) = market.buyer("bob@example.com").await;
    market.add_to_cart(&bob, &market.lamp, 3).await;
    let bought = market
        .checkout(
            &bob,
            &json!({"address_id": bobs_address, "payment_method": "cod"}),
        )
        .await;
    assert_eq!(bought.status(), StatusCode::CREATED);

    let quote: Value = market
        .post(&market.ann, "/api/v1/checkout/quote", &market.cod())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        quote["shops"][0]["lines"][0]["problem"],
        "only 2 left in stock"
    );
    assert_eq!(quote["can_place"], false);
    let refused = problem(
        market.checkout(&market.ann, &market.cod()).await,
        StatusCode::CONFLICT,
    )
    .await;
    let at_line = &refused["errors"][format!("lines.{}", market.lamp)];
    assert_eq!(at_line[0], "Desk lamp: only 2 left in stock");
    assert_eq!(market.app.count("orders").await, 1, "only Bob's order");
    assert_eq!(
        market.product(&market.mug).await["stock"],
        5,
        "no stock taken"
    );
    let cart = market.json_as(&market.ann, "/api/v1/me/cart").await;
    assert_eq!(
        cart["shops"].as_array().unwrap().len(),
        2,
        "the cart is kept"
    );
}

#[tokio::test]
async fn bad_checkouts_are_refused_at_their_field_and_write_nothing() {
    let market = Market::new().await;
    let empty = market.checkout(&market.ann, &market.cod()).await;
    assert!(
        problem(empty, StatusCode::CONFLICT).await["detail"]
            .as_str()
            .unwrap()
            .contains("empty")
    );
    market.add_to_cart(&market.ann, &market.lamp, 1).await;

    let bitcoin = json!({"address_id": market.address, "payment_method": "bitcoin"});
    let response = market.checkout(&market.ann, &bitcoin).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let card = json!({"address_id": market.address, "payment_method": "stripe"});
    let messages = field_error(market.checkout(&market.ann, &card).await, "payment_method").await;
    assert!(messages[0].contains("not offered"), "{messages:?}");

    let (_, bobs_address) = market.buyer("bob@example.com").await;
    let foreign = json!({"address_id": bobs_address, "payment_method": "cod"});
    // Someone else's address is as good as none.
    problem(
        market.checkout(&market.ann, &foreign).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    let unknown_coupon =
        json!({"address_id": market.address, "payment_method": "cod", "coupon_codes": ["NOPE99"]});
    let messages = field_error(
        market.checkout(&market.ann, &unknown_coupon).await,
        "coupon_codes",
    )
    .await;
    assert_eq!(messages, ["NOPE99 is not a coupon"]);

    let no_key = market
        .app
        .send_as(
            Method::POST,
            &market.ann.token,
            "/api/v1/checkout",
            &market.cod(),
        )
        .await;
    field_error(no_key, "Idempotency-Key").await;

    let anonymous = market.app.post("/api/v1/checkout", &market.cod()).await;
    problem(anonymous, StatusCode::UNAUTHORIZED).await;

    assert_eq!(market.app.count("orders").await, 0);
    assert_eq!(market.app.count("checkouts").await, 0);
    assert_eq!(market.product(&market.lamp).await["stock"], 5);
}

#[tokio::test]
async fn a_retry_with_the_same_key_answers_the_first_checkout_and_buys_nothing_again() {
    let market = Market::new().await;
    market.add_to_cart(&market.ann, &market.lamp, 1).await;
    let first = market
        .checkout_with_key(&market.ann, &market.cod(), "attempt-1")
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    // The cart is empty now: a new checkout would be refused, a replay is not.
    let again = market
        .checkout_with_key(&market.ann, &market.cod(), "attempt-1")
        .await;
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["checkout_id"], first["checkout_id"]);
    assert_eq!(again["orders"][0]["id"], first["orders"][0]["id"]);
    assert_eq!(market.product(&market.lamp).await["stock"], 4);

    let other_body =
        json!({"address_id": market.address, "payment_method": "cod", "coupon_codes": ["X"]});
    let reused = market
        .checkout_with_key(&market.ann, &other_body, "attempt-1")
        .await;
    field_error(reused, "Idempotency-Key").await;

    // Keys are per account: Bob's "attempt-1" is his own.
    let (bob, bobs_address) = market.buyer("bob@example.com").await;
    market.add_to_cart(&bob, &market.lamp, 1).await;
    let bobs = market
        .checkout_with_key(
            &bob,
            &json!({"address_id": bobs_address, "payment_method": "cod"}),
            "attempt-1",
        )
        .await;
    assert_eq!(bobs.status(), StatusCode::CREATED);
    let bobs: Value = bobs.json().await.unwrap();
    assert_ne!(bobs["checkout_id"], first["checkout_id"]);
}

#[tokio::test]
async fn a_coupon_that_does_not_apply_is_shown_in_the_quote_and_refused_at_checkout() {
    let market = Market::new().await;
    coupon(&market, "BIGSPEND", json!({"min_subtotal": usd(10_000)})).await;
    market.add_to_cart(&market.ann, &market.lamp, 1).await;
    let body = json!({"address_id": market.address, "payment_method": "cod", "coupon_codes": ["BIGSPEND"]});
    let quote: Value = market
        .post(&market.ann, "/api/v1/checkout/quote", &body)
        .await
        .json()
        .await
        .unwrap();
    let problem_text = quote["shops"][0]["coupon"]["problem"].as_str().unwrap();
    assert!(
        problem_text.starts_with("spend at least 100.00"),
        "{problem_text}"
    );
    assert_eq!(quote["can_place"], false);
    let refused = problem(
        market.checkout(&market.ann, &body).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        refused["errors"]["coupon_codes"][0]
            .as_str()
            .unwrap()
            .starts_with("BIGSPEND: spend at least")
    );

    let rita_only = json!({"address_id": market.address, "payment_method": "cod", "coupon_codes": ["BIGSPEND", "bigspend"]});
    field_error(
        market.checkout(&market.ann, &rita_only).await,
        "coupon_codes",
    )
    .await;
}

#[tokio::test]
async fn a_coupon_with_one_use_left_is_used_once() {
    let market = Market::new().await;
    coupon(&market, "ONCE", json!({"usage_limit": 1})).await;
    let with_coupon = |address: &str| json!({"address_id": address, "payment_method": "cod", "coupon_codes": ["ONCE"]});
    market.add_to_cart(&market.ann, &market.lamp, 1).await;
    let first = market
        .checkout(&market.ann, &with_coupon(&market.address))
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["orders"][0]["discount"], usd(300));
    assert_eq!(first["orders"][0]["coupon_code"], "ONCE");

    let (bob, bobs_address) = market.buyer("bob@example.com").await;
    market.add_to_cart(&bob, &market.lamp, 1).await;
    let second = market.checkout(&bob, &with_coupon(&bobs_address)).await;
    let refused = problem(second, StatusCode::CONFLICT).await;
    assert_eq!(
        refused["errors"]["coupon_codes"][0],
        "ONCE: this coupon has been used up"
    );
}

#[tokio::test]
async fn an_unlisted_product_cannot_be_bought() {
    let market = Market::new().await;
    let scarf = listed_product(&market.app, &market.rita, product_input("Scarf", 1500)).await;
    market.add_to_cart(&market.ann, &scarf, 1).await;
    let archived = market
        .app
        .send_as(
            Method::PATCH,
            &market.rita.token,
            &format!("/api/v1/products/{scarf}"),
            &json!({"status": "archived"}),
        )
        .await;
    assert_eq!(archived.status(), StatusCode::OK);
    let refused = problem(
        market.checkout(&market.ann, &market.cod()).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(
        refused["errors"][format!("lines.{scarf}")][0],
        "Scarf: no longer sold"
    );
}

#[tokio::test]
async fn checking_out_again_and_again_is_refused_with_429() {
    let market = Market::with_config(|c| {
        c.auth_rate_limit = bazaar::config::RateLimit {
            max_requests: 3,
            window: std::time::Duration::from_secs(600),
        }
    })
    .await;
    for _ in 0..3 {
        let empty = market.checkout(&market.ann, &market.cod()).await;
        assert_eq!(empty.status(), StatusCode::CONFLICT);
    }
    let limited = market.checkout(&market.ann, &market.cod()).await;
    assert!(limited.headers().contains_key("retry-after"));
    problem(limited, StatusCode::TOO_MANY_REQUESTS).await;
}
