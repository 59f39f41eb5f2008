//! Hidden products and events leave the marketplace (listing, search, carts, checkout) and
//! their shop sees why; restoring brings them back. A removed review no longer counts in the
//! ratings.

use super::{Console, ids};
use crate::helpers::problem;
use crate::orders::Market;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// Sam's lamp on sale at 1999 from a minute ago for two days; answers the event's id.
pub async fn running_event(market: &Market) -> String {
    let at = |offset: Duration| {
        (OffsetDateTime::now_utc() + offset)
            .format(&Rfc3339)
            .unwrap()
    };
    let response = market
        .post(
            &market.sam,
            "/api/v1/events",
            &json!({
                "product_id": market.lamp,
                "name": "Lamp week",
                "event_price": {"amount": 1999, "currency": "USD"},
                "starts_at": at(Duration::minutes(-1)),
                "ends_at": at(Duration::days(2)),
            }),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        response.text().await.unwrap()
    );
    let event: Value = response.json().await.unwrap();
    event["id"].as_str().unwrap().to_owned()
}

fn cart_products(cart: &Value) -> Vec<String> {
    cart["shops"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|shop| shop["lines"].as_array().unwrap().clone())
        .map(|line| line["product"]["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_hidden_product_leaves_the_listing_and_the_carts_and_its_shop_sees_why() {
    let console = Console::new().await;
    let market = &console.market;
    let app = &market.app;
    market.add_to_cart(&market.ann, &market.lamp, 1).await;
    market.add_to_cart(&market.ann, &market.mug, 1).await;
    let wish = format!("/api/v1/me/wishlist/{}", market.lamp);
    let wished = app
        .send_as(Method::PUT, &market.ann.token, &wish, &json!({}))
        .await;
    assert!(wished.status().is_success());
    assert_eq!(
        ids(&app.get_json("/api/v1/products?q=desk").await),
        [market.lamp.as_str()]
    );

    let hidden = console
        .set_hidden("products", &market.lamp, true, "Counterfeit brand")
        .await;
    assert_eq!(hidden["hidden"]["reason"], "Counterfeit brand");
    assert_eq!(
        hidden["status"], "active",
        "the seller's own switch is untouched"
    );

    assert!(ids(&app.get_json("/api/v1/products?q=desk").await).is_empty());
    assert_eq!(
        ids(&app.get_json("/api/v1/products").await),
        [market.mug.as_str()]
    );
    let product = format!("/api/v1/products/{}", market.lamp);
    problem(app.get(&product).await, StatusCode::NOT_FOUND).await;
    problem(
        app.get_as(&market.ann.token, &product).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let cart = market.json_as(&market.ann, "/api/v1/me/cart").await;
    assert_eq!(cart_products(&cart), [market.mug.as_str()]);
    assert_eq!(cart["total"]["amount"], 900);
    assert!(ids(&market.json_as(&market.ann, "/api/v1/me/wishlist").await).is_empty());
    problem(
        app.send_as(
            Method::PUT,
            &market.ann.token,
            &format!("/api/v1/me/cart/items/{}", market.lamp),
            &json!({"quantity": 1}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let placed = market.checkout(&market.ann, &market.cod()).await;
    assert_eq!(placed.status(), StatusCode::CREATED);
    let placed: Value = placed.json().await.unwrap();
    assert_eq!(
        placed["orders"].as_array().unwrap().len(),
        1,
        "the mug only"
    );

    let seen = market.json_as(&market.sam, &product).await;
    assert_eq!(seen["hidden"]["reason"], "Counterfeit brand");
    let mine = market
        .json_as(&market.sam, "/api/v1/me/shop/products")
        .await;
    assert_eq!(
        ids(&mine),
        [market.lamp.as_str()],
        "the shop still lists it"
    );
    app.mail_to("sam@example.com", "Counterfeit brand").await;

    let restored = console
        .set_hidden("products", &market.lamp, false, "Brand confirmed genuine")
        .await;
    assert_eq!(restored["hidden"], Value::Null);
    assert_eq!(
        ids(&app.get_json("/api/v1/products?q=desk").await),
        [market.lamp.as_str()]
    );
    assert_eq!(app.get_json(&product).await["hidden"], Value::Null);
    let cart = market.json_as(&market.ann, "/api/v1/me/cart").await;
    assert_eq!(
        cart_products(&cart),
        [market.lamp.as_str()],
        "the lamp is back"
    );
    problem(
        console
            .send(
                Method::PATCH,
                &format!("/api/v1/admin/products/{}", market.lamp),
                &json!({"hidden": false, "reason": "again"}),
            )
            .await,
        StatusCode::CONFLICT,
    )
    .await;
}

#[tokio::test]
async fn a_hidden_event_leaves_the_listing_and_its_price_no_longer_applies() {
    let console = Console::new().await;
    let market = &console.market;
    let app = &market.app;
    let event = running_event(market).await;
    let lamp = format!("/api/v1/products/{}", market.lamp);
    assert_eq!(app.get_json(&lamp).await["effective_price"]["amount"], 1999);

    let hidden = console
        .set_hidden("events", &event, true, "Misleading discount")
        .await;
    assert_eq!(hidden["hidden"]["reason"], "Misleading discount");
    assert_eq!(hidden["status"], "running");
    assert!(ids(&app.get_json("/api/v1/events").await).is_empty());
    problem(
        app.get(&format!("/api/v1/events/{event}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let product = app.get_json(&lamp).await;
    assert_eq!(product["effective_price"]["amount"], 3000);
    assert_eq!(product["event"], Value::Null);
    let seen = market
        .json_as(&market.sam, &format!("/api/v1/events/{event}"))
        .await;
    assert_eq!(seen["hidden"]["reason"], "Misleading discount");
    let admin_list = console.get("/api/v1/admin/events?hidden=true").await;
    assert_eq!(ids(&admin_list), [event.as_str()]);

    console
        .set_hidden("events", &event, false, "Fixed by the seller")
        .await;
    assert_eq!(ids(&app.get_json("/api/v1/events").await), [event]);
    assert_eq!(app.get_json(&lamp).await["effective_price"]["amount"], 1999);
}

#[tokio::test]
async fn a_removed_review_leaves_the_products_and_the_shops_rating() {
    let console = Console::new().await;
    let market = &console.market;
    let review = |order: &Value, rating: u8| {
        let order = order["id"].as_str().unwrap().to_owned();
        async move {
            let response = market
                .post(
                    &market.ann,
                    &format!("/api/v1/products/{}/reviews", market.lamp),
                    &json!({"order_id": order, "rating": rating, "comment": "about the lamp"}),
                )
                .await;
            assert_eq!(response.status(), StatusCode::CREATED);
            response.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let harsh = review(&market.delivered_lamp_order().await, 1).await;
    review(&market.delivered_lamp_order().await, 4).await;
    let product = format!("/api/v1/products/{}", market.lamp);
    let rating = market.product(&market.lamp).await["rating"].clone();
    assert_eq!(rating, json!({"average": 2.5, "count": 2}));
    let shop = market.product(&market.lamp).await["shop"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let listed = console.get("/api/v1/admin/reviews?rating=1").await;
    assert_eq!(ids(&listed), [harsh.as_str()]);

    let path = format!("/api/v1/admin/reviews/{harsh}");
    let removed = console
        .send(Method::DELETE, &path, &json!({"reason": "Abusive words"}))
        .await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        market.app.get_json(&product).await["rating"],
        json!({"average": 4.0, "count": 1})
    );
    assert_eq!(
        market.app.get_json(&format!("/api/v1/shops/{shop}")).await["rating"],
        json!({"average": 4.0, "count": 1})
    );
    let reviews = market
        .app
        .get_json(&format!("/api/v1/products/{}/reviews", market.lamp))
        .await;
    assert_eq!(reviews["items"].as_array().unwrap().len(), 1);
    problem(
        console
            .send(Method::DELETE, &path, &json!({"reason": "again"}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
