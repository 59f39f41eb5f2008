use crate::helpers::{PASSWORD, field_error, problem, shop_input, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn sign_up_stores_a_pending_account_and_mails_an_activation_link() {
    let app = spawn_app().await;
    let response = app.sign_up("New.Buyer@Example.com").await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["status"], "pending");
    assert_eq!(body["user"]["email"], "new.buyer@example.com");
    assert_eq!(body["user"]["roles"], json!(["buyer"]));
    let mails = app.mails_to("new.buyer@example.com").await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("Subject: Activate your Bazaar account"));
    assert!(
        mails[0].contains("text/html"),
        "the mail has an HTML part too"
    );
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "{stored}");
}

#[tokio::test]
async fn an_unactivated_account_cannot_sign_in() {
    let app = spawn_app().await;
    app.sign_up("pending@example.com").await;
    let response = app.log_in("pending@example.com", PASSWORD).await;
    let body = problem(response, StatusCode::FORBIDDEN).await;
    assert!(body["detail"].as_str().unwrap().contains("activate"));
}

#[tokio::test]
async fn activation_makes_the_account_active_and_signs_it_in() {
    let app = spawn_app().await;
    app.sign_up("ann@example.com").await;
    let token = app.token_from_mail("ann@example.com", "activate").await;
    let response = app
        .post("/api/v1/auth/activate", &json!({ "token": token }))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response
        .cookies()
        .find(|c| c.name() == "bazaar_session")
        .expect("session cookie");
    assert!(cookie.http_only());
    assert!(cookie.same_site_lax());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["status"], "active");
    let me = app
        .get_as(body["token"].as_str().unwrap(), "/api/v1/me")
        .await;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(
        app.log_in("ann@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_activation_link_works_only_once() {
    let app = spawn_app().await;
    app.sign_up("once@example.com").await;
    let token = app.token_from_mail("once@example.com", "activate").await;
    let first = app
        .post("/api/v1/auth/activate", &json!({ "token": token }))
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let again = app
        .post("/api/v1/auth/activate", &json!({ "token": token }))
        .await;
    assert_eq!(field_error(again, "token").await, ["has already been used"]);
}

#[tokio::test]
async fn an_expired_activation_link_is_refused() {
    let app = spawn_app_with(|config| config.token_ttl = std::time::Duration::ZERO).await;
    app.sign_up("late@example.com").await;
    let token = app.token_from_mail("late@example.com", "activate").await;
    let response = app
        .post("/api/v1/auth/activate", &json!({ "token": token }))
        .await;
    assert!(field_error(response, "token").await[0].contains("expired"));
    assert_eq!(
        app.log_in("late@example.com", PASSWORD).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn an_activation_link_expires_when_the_clock_passes_its_lifetime() {
    let app = spawn_app().await;
    app.sign_up("late@example.com").await;
    let token = app.token_from_mail("late@example.com", "activate").await;
    app.state.clock.advance(app.state.config.token_ttl);
    let response = app
        .post("/api/v1/auth/activate", &json!({ "token": token }))
        .await;
    assert!(field_error(response, "token").await[0].contains("expired"));
}

#[tokio::test]
async fn an_unknown_activation_token_is_refused() {
    let app = spawn_app().await;
    let response = app
        .post("/api/v1/auth/activate", &json!({ "token": "made-up" }))
        .await;
    assert!(field_error(response, "token").await[0].contains("not valid"));
}

#[tokio::test]
async fn resending_activation_mails_a_new_link_and_retires_the_old_one() {
    let app = spawn_app().await;
    app.sign_up("resend@example.com").await;
    let old = app.token_from_mail("resend@example.com", "activate").await;
    let response = app
        .post(
            "/api/v1/auth/resend-activation",
            &json!({"email": "RESEND@example.com"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let tokens: Vec<String> = app
        .mails_to("resend@example.com")
        .await
        .iter()
        .filter_map(|mail| crate::helpers::token_in(mail, "activate"))
        .collect();
    assert_eq!(tokens.len(), 2);
    // Two mails a moment apart may carry the same file time: the new link is the other one.
    let new = tokens.into_iter().find(|t| *t != old).expect("a new link");
    let stale = app
        .post("/api/v1/auth/activate", &json!({ "token": old }))
        .await;
    assert_eq!(stale.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fresh = app
        .post("/api/v1/auth/activate", &json!({ "token": new }))
        .await;
    assert_eq!(fresh.status(), StatusCode::OK);
}

#[tokio::test]
async fn resending_says_the_same_for_unknown_and_active_addresses_and_mails_nothing() {
    let app = spawn_app().await;
    app.active_buyer("active@example.com").await;
    for email in ["nobody@example.com", "active@example.com"] {
        let response = app
            .post("/api/v1/auth/resend-activation", &json!({ "email": email }))
            .await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
    }
    assert!(app.mails_to("nobody@example.com").await.is_empty());
    assert_eq!(
        app.mails_to("active@example.com").await.len(),
        1,
        "only the original activation mail"
    );
}

#[tokio::test]
async fn e_mail_addresses_are_unique_whatever_their_case() {
    let app = spawn_app().await;
    app.active_buyer("twin@example.com").await;
    let response = app.sign_up("TWIN@Example.COM").await;
    let body = problem(response, StatusCode::CONFLICT).await;
    assert_eq!(body["errors"]["email"][0], "is already registered");
    assert_eq!(app.count("users").await, 1);
}

#[tokio::test]
async fn a_sign_up_for_an_address_nobody_activated_replaces_the_earlier_one() {
    let app = spawn_app().await;
    // Someone who does not own the address signs it up first, as a seller, with their password.
    let squatter = app
        .post(
            "/api/v1/auth/seller-signup",
            &json!({"name": "Squatter", "email": "ann@example.com", "password": "the squatter's secret", "shop": shop_input("Squat")}),
        )
        .await;
    assert_eq!(squatter.status(), StatusCode::CREATED);
    let squatters_link = app.token_from_mail("ann@example.com", "activate").await;

    let owner = app
        .post(
            "/api/v1/auth/signup",
            &json!({"name": "Ann", "email": "Ann@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(owner.status(), StatusCode::CREATED, "not a 409");
    assert_eq!(app.count("users").await, 1);
    assert_eq!(
        app.count("shops").await,
        0,
        "the squatter's shop went with it"
    );
    let stale = app
        .post("/api/v1/auth/activate", &json!({ "token": squatters_link }))
        .await;
    assert_eq!(
        field_error(stale, "token").await[0],
        "is not valid; use the link from the latest e-mail"
    );

    let ann = app.activate("ann@example.com").await;
    let me = app
        .get_as(&ann.token, "/api/v1/me")
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(me["name"], "Ann");
    assert_eq!(me["shop_id"], Value::Null);
    problem(
        app.log_in("ann@example.com", "the squatter's secret").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(
        app.log_in("ann@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn sign_up_refuses_bad_fields_and_stores_nothing() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"name": "A", "email": "not-an-email", "password": PASSWORD}),
            "email",
        ),
        (
            json!({"name": "A", "email": "a@example.com", "password": "short"}),
            "password",
        ),
        (
            json!({"name": "A", "email": "a@example.com", "password": "password123"}),
            "password",
        ),
        (
            json!({"name": "  ", "email": "a@example.com", "password": PASSWORD}),
            "name",
        ),
        (json!({"name": "A", "email": "a@example.com"}), "password"),
        (
            json!({"name": "A", "email": 42, "password": PASSWORD}),
            "email",
        ),
        (
            json!({"name": "A", "email": "a@example.com", "password": PASSWORD, "role": "admin"}),
            "role",
        ),
    ];
    for (body, field) in cases {
        let response = app.post("/api/v1/auth/signup", &body).await;
        let messages = field_error(response, field).await;
        assert!(!messages.is_empty(), "{body}");
    }
    assert_eq!(app.count("users").await, 0);
    assert_eq!(app.count("account_tokens").await, 0);
}

#[tokio::test]
async fn seller_sign_up_creates_the_account_and_its_shop_together() {
    let app = spawn_app().await;
    let seller = app.active_seller("seller@example.com").await;
    let me: Value = app
        .get_as(&seller.token, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"], json!(["buyer", "seller"]));
    let shop: Value = app
        .get_as(&seller.token, "/api/v1/me/shop")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shop["name"], "Sam's Goods");
    assert_eq!(shop["id"], me["shop_id"]);
}

#[tokio::test]
async fn a_seller_sign_up_with_a_bad_shop_field_creates_neither_account_nor_shop() {
    let app = spawn_app().await;
    let mut shop = shop_input("Broken");
    shop["phone"] = json!("call me maybe");
    let response = app
        .post(
            "/api/v1/auth/seller-signup",
            &json!({"name": "S", "email": "s@example.com", "password": PASSWORD, "shop": shop}),
        )
        .await;
    field_error(response, "shop.phone").await;
    assert_eq!(app.count("users").await, 0);
    assert_eq!(app.count("shops").await, 0);
}
