use crate::helpers::{
    Account, TestApp, field_error, listed_product, problem, product_input, spawn_app,
};
use crate::media::png;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

fn at(offset: Duration) -> String {
    (OffsetDateTime::now_utc() + offset)
        .format(&Rfc3339)
        .unwrap()
}

fn event(product: &str, price: i64, starts: Duration, ends: Duration) -> Value {
    json!({
        "product_id": product,
        "name": "Lamp week",
        "description": "Every lamp cheaper",
        "event_price": {"amount": price, "currency": "USD"},
        "starts_at": at(starts),
        "ends_at": at(ends),
        "unit_limit": 20
    })
}

async fn seller_with_lamp(app: &TestApp) -> (Account, String) {
    let sam = app.active_seller("sam@example.com").await;
    let lamp = listed_product(app, &sam, product_input("Desk lamp", 3000)).await;
    (sam, lamp)
}

/// The id of a sale on the lamp that starts tomorrow, set up by its seller.
async fn upcoming_event(app: &TestApp, seller: &Account, lamp: &str) -> String {
    let created: Value = app
        .send_as(
            Method::POST,
            &seller.token,
            "/api/v1/events",
            &event(lamp, 1999, Duration::days(1), Duration::days(2)),
        )
        .await
        .json()
        .await
        .unwrap();
    created["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_running_event_sets_the_products_price_everywhere_the_catalog_shows_it() {
    let app = spawn_app().await;
    let (sam, lamp) = seller_with_lamp(&app).await;
    let response = app
        .send_as(
            Method::POST,
            &sam.token,
            "/api/v1/events",
            &event(&lamp, 1999, Duration::minutes(-1), Duration::days(2)),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["status"], "running");
    assert_eq!(created["product"]["effective_price"]["amount"], 1999);

    let product = app.get_json(&format!("/api/v1/products/{lamp}")).await;
    assert_eq!(product["effective_price"]["amount"], 1999);
    assert_eq!(product["price"]["amount"], 3000);
    assert_eq!(product["sale"]["event_id"], created["id"]);
    assert_eq!(product["event"]["status"], "running");
    let listing = app.get_json("/api/v1/products?max_price=2000").await;
    assert_eq!(
        listing["items"][0]["effective_price"]["amount"], 1999,
        "the price filter uses the sale price"
    );
    let events = app.get_json("/api/v1/events").await;
    assert_eq!(events["items"][0]["id"], created["id"]);
}

#[tokio::test]
async fn an_upcoming_event_shows_but_does_not_change_the_price_yet() {
    let app = spawn_app().await;
    let (sam, lamp) = seller_with_lamp(&app).await;
    let response = app
        .send_as(
            Method::POST,
            &sam.token,
            "/api/v1/events",
            &event(&lamp, 1999, Duration::days(1), Duration::days(2)),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let product = app.get_json(&format!("/api/v1/products/{lamp}")).await;
    assert_eq!(product["effective_price"]["amount"], 3000);
    assert_eq!(product["sale"], Value::Null);
    assert_eq!(product["event"]["status"], "upcoming");
    let upcoming = app.get_json("/api/v1/events?status=upcoming").await;
    assert_eq!(upcoming["items"].as_array().unwrap().len(), 1);
    let running = app.get_json("/api/v1/events?status=running").await;
    assert!(running["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn an_ended_event_leaves_the_default_listing_and_no_longer_changes_prices() {
    let app = spawn_app().await;
    let (sam, lamp) = seller_with_lamp(&app).await;
    let created: Value = app
        .send_as(
            Method::POST,
            &sam.token,
            "/api/v1/events",
            &event(&lamp, 1999, Duration::minutes(-1), Duration::days(1)),
        )
        .await
        .json()
        .await
        .unwrap();
    // Let it end: move its window into the past, as the clock would.
    let past = OffsetDateTime::now_utc() - Duration::hours(1);
    sqlx::query("UPDATE events SET starts_at = $1, ends_at = $2")
        .bind(bazaar::db::micros(past - Duration::days(1)))
        .bind(bazaar::db::micros(past))
        .execute(&mut *app.state.db.writer().await.unwrap())
        .await
        .unwrap();
    assert!(
        app.get_json("/api/v1/events").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let ended = app.get_json("/api/v1/events?status=ended").await;
    assert_eq!(ended["items"][0]["id"], created["id"]);
    assert_eq!(ended["items"][0]["status"], "ended");
    let product = app.get_json(&format!("/api/v1/products/{lamp}")).await;
    assert_eq!(product["effective_price"]["amount"], 3000);
    assert_eq!(product["event"], Value::Null);
    let edit = app
        .send_as(
            Method::PATCH,
            &sam.token,
            &format!("/api/v1/events/{}", created["id"].as_str().unwrap()),
            &json!({"name": "Again"}),
        )
        .await;
    problem(edit, StatusCode::CONFLICT).await;
}

#[tokio::test]
async fn event_rules_are_enforced() {
    let app = spawn_app().await;
    let (sam, lamp) = seller_with_lamp(&app).await;
    let not_cheaper = event(&lamp, 3000, Duration::minutes(-1), Duration::days(1));
    field_error(
        app.send_as(Method::POST, &sam.token, "/api/v1/events", &not_cheaper)
            .await,
        "event_price",
    )
    .await;
    let backwards = event(&lamp, 1000, Duration::days(2), Duration::days(1));
    field_error(
        app.send_as(Method::POST, &sam.token, "/api/v1/events", &backwards)
            .await,
        "ends_at",
    )
    .await;
    let in_the_past = event(&lamp, 1000, Duration::days(-3), Duration::days(-2));
    field_error(
        app.send_as(Method::POST, &sam.token, "/api/v1/events", &in_the_past)
            .await,
        "ends_at",
    )
    .await;
    let rival = app.active_seller("rita@example.com").await;
    let rivals_product = event(&lamp, 1000, Duration::minutes(-1), Duration::days(1));
    field_error(
        app.send_as(
            Method::POST,
            &rival.token,
            "/api/v1/events",
            &rivals_product,
        )
        .await,
        "product_id",
    )
    .await;
    let ann = app.active_buyer("ann@example.com").await;
    problem(
        app.send_as(Method::POST, &ann.token, "/api/v1/events", &rivals_product)
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(app.count("events").await, 0);

    let first = event(&lamp, 1000, Duration::minutes(-1), Duration::days(3));
    assert_eq!(
        app.send_as(Method::POST, &sam.token, "/api/v1/events", &first)
            .await
            .status(),
        StatusCode::CREATED
    );
    let overlapping = event(&lamp, 900, Duration::days(1), Duration::days(5));
    problem(
        app.send_as(Method::POST, &sam.token, "/api/v1/events", &overlapping)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    let afterwards = event(&lamp, 900, Duration::days(3), Duration::days(5));
    assert_eq!(
        app.send_as(Method::POST, &sam.token, "/api/v1/events", &afterwards)
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn the_owner_edits_and_deletes_an_event_and_nobody_else_can() {
    let app = spawn_app().await;
    let (sam, lamp) = seller_with_lamp(&app).await;
    let path = format!("/api/v1/events/{}", upcoming_event(&app, &sam, &lamp).await);
    let rival = app.active_seller("rita@example.com").await;
    problem(
        app.send_as(Method::PATCH, &rival.token, &path, &json!({"name": "Mine"}))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(
        app.send_as(Method::DELETE, &rival.token, &path, &json!({}))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let edited: Value = app
        .send_as(
            Method::PATCH,
            &sam.token,
            &path,
            &json!({"name": "Lamp weekend", "clear_unit_limit": true}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(edited["name"], "Lamp weekend");
    assert_eq!(edited["unit_limit"], Value::Null);
    let pricier = app
        .send_as(
            Method::PATCH,
            &sam.token,
            &path,
            &json!({"event_price": {"amount": 5000, "currency": "USD"}}),
        )
        .await;
    field_error(pricier, "event_price").await;
    let banners = app
        .upload_many_as(&sam.token, &format!("{path}/images"), vec![png(600, 200)])
        .await;
    let with_banner: Value = banners.json().await.unwrap();
    let banner_url = with_banner["banners"][0]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.send_as(Method::DELETE, &sam.token, &path, &json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    problem(app.get(&path).await, StatusCode::NOT_FOUND).await;
    problem(
        app.http.get(&banner_url).send().await.unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(
        app.count("images").await,
        1,
        "only the product's picture is left"
    );
}

#[tokio::test]
async fn a_banner_upload_to_another_shops_event_is_refused_before_any_image_work() {
    let app = spawn_app().await;
    let (sam, lamp) = seller_with_lamp(&app).await;
    let images = format!(
        "/api/v1/events/{}/images",
        upcoming_event(&app, &sam, &lamp).await
    );
    let rival = app.active_seller("rita@example.com").await;
    let not_an_image = b"not a picture at all".to_vec();
    problem(
        app.upload_many_as(&rival.token, &images, vec![not_an_image.clone()])
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let missing = format!("/api/v1/events/{}/images", uuid::Uuid::now_v7());
    problem(
        app.upload_many_as(&sam.token, &missing, vec![not_an_image])
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
