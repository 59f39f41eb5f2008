use crate::helpers::{field_error, listed_product, problem, product_input, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn coupon(code: &str) -> Value {
    json!({
        "code": code,
        "percent_off": 15,
        "min_subtotal": {"amount": 2000, "currency": "USD"},
        "max_discount": {"amount": 500, "currency": "USD"},
        "usage_limit": 100
    })
}

#[tokio::test]
async fn a_seller_creates_a_coupon_that_anyone_can_check_by_code_in_any_case() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let response = app
        .send_as(
            Method::POST,
            &sam.token,
            "/api/v1/coupons",
            &coupon("spring-15"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["code"], "SPRING-15");
    let checked = app.get_json("/api/v1/coupons/Spring-15").await;
    assert_eq!(checked["percent_off"], 15);
    assert_eq!(checked["max_discount"]["amount"], 500);
    assert_eq!(checked["shop_id"], created["shop_id"]);
    let mine: Value = app
        .get_as(&sam.token, "/api/v1/me/shop/coupons")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    problem(app.get("/api/v1/coupons/NOPE").await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn coupon_codes_are_unique_whatever_their_case() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let rita = app.active_seller("rita@example.com").await;
    app.send_as(
        Method::POST,
        &sam.token,
        "/api/v1/coupons",
        &coupon("WELCOME"),
    )
    .await;
    let taken = app
        .send_as(
            Method::POST,
            &rita.token,
            "/api/v1/coupons",
            &coupon("welcome"),
        )
        .await;
    let body = problem(taken, StatusCode::CONFLICT).await;
    assert_eq!(body["errors"]["code"][0], "is already taken");
    assert_eq!(app.count("coupons").await, 1);
}

#[tokio::test]
async fn coupon_fields_are_checked() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let rita = app.active_seller("rita@example.com").await;
    let ritas = listed_product(&app, &rita, product_input("Rita's mug", 900)).await;
    let cases = [
        (
            {
                let mut c = coupon("X");
                c["code"] = json!("a b");
                c
            },
            "code",
        ),
        (
            {
                let mut c = coupon("OK1");
                c["percent_off"] = json!(0);
                c
            },
            "percent_off",
        ),
        (
            {
                let mut c = coupon("OK2");
                c["percent_off"] = json!(101);
                c
            },
            "percent_off",
        ),
        (
            {
                let mut c = coupon("OK3");
                c["expires_at"] = json!("2001-01-01T00:00:00Z");
                c
            },
            "expires_at",
        ),
        (
            {
                let mut c = coupon("OK4");
                c["min_subtotal"]["currency"] = json!("EUR");
                c
            },
            "min_subtotal",
        ),
        (
            {
                let mut c = coupon("OK5");
                c["product_id"] = json!(ritas);
                c
            },
            "product_id",
        ),
        (
            {
                let mut c = coupon("OK6");
                c["usage_limit"] = json!(0);
                c
            },
            "usage_limit",
        ),
        (
            {
                // Past the 32-bit whole numbers the API document promises (schemathesis).
                let mut c = coupon("OK7");
                c["usage_limit"] = json!(2_147_483_648_u32);
                c
            },
            "usage_limit",
        ),
    ];
    for (body, field) in cases {
        field_error(
            app.send_as(Method::POST, &sam.token, "/api/v1/coupons", &body)
                .await,
            field,
        )
        .await;
    }
    assert_eq!(app.count("coupons").await, 0);
}

#[tokio::test]
async fn only_the_owning_shop_deletes_its_coupon_and_buyers_have_none() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let rita = app.active_seller("rita@example.com").await;
    let ann = app.active_buyer("ann@example.com").await;
    problem(
        app.send_as(Method::POST, &ann.token, "/api/v1/coupons", &coupon("ANN"))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(
        app.get_as(&ann.token, "/api/v1/me/shop/coupons").await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let created: Value = app
        .send_as(Method::POST, &sam.token, "/api/v1/coupons", &coupon("SAM"))
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/coupons/{}", created["id"].as_str().unwrap());
    problem(
        app.send_as(Method::DELETE, &rita.token, &path, &json!({}))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(
        app.send_as(Method::DELETE, &sam.token, &path, &json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    problem(app.get("/api/v1/coupons/SAM").await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn an_expired_or_used_up_coupon_says_so() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    app.send_as(Method::POST, &sam.token, "/api/v1/coupons", &coupon("OLD"))
        .await;
    sqlx::query("UPDATE coupons SET expires_at = 1")
        .execute(&mut *app.state.db.writer().await.unwrap())
        .await
        .unwrap();
    let expired = problem(app.get("/api/v1/coupons/old").await, StatusCode::CONFLICT).await;
    assert_eq!(expired["detail"], "this coupon has expired");
    sqlx::query("UPDATE coupons SET expires_at = NULL, used_count = 100")
        .execute(&mut *app.state.db.writer().await.unwrap())
        .await
        .unwrap();
    let used = problem(app.get("/api/v1/coupons/old").await, StatusCode::CONFLICT).await;
    assert_eq!(used["detail"], "this coupon has been used up");
}
