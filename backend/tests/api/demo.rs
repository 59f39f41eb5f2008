//! The demo marketplace loads into an empty database only.

use crate::helpers::{spawn_app, spawn_app_with};
use bazaar::demo;

#[tokio::test]
async fn an_empty_database_gets_a_living_demo_marketplace() {
    let app = spawn_app_with(|config| config.demo_data = true).await;
    let accounts = demo::seed_if_empty(&app.state)
        .await
        .unwrap()
        .expect("demo accounts");
    assert!(app.count("products").await >= 200);
    assert!(app.count("coupons").await >= 1);
    let running = app.get_json("/api/v1/events?status=running").await;
    assert_eq!(running["items"].as_array().unwrap().len(), 1);
    let upcoming = app.get_json("/api/v1/events?status=upcoming").await;
    assert_eq!(upcoming["items"].as_array().unwrap().len(), 1);
    let categories = app.get_json("/api/v1/categories").await;
    for category in categories.as_array().unwrap() {
        let page = app
            .get_json(&format!(
                "/api/v1/products?category={}&limit=1",
                category["slug"].as_str().unwrap()
            ))
            .await;
        assert_eq!(page["items"].as_array().unwrap().len(), 1, "{category}");
    }
    let login = app.log_in(&accounts.seller, accounts.password).await;
    assert_eq!(login.status(), reqwest::StatusCode::OK);
    let seller: serde_json::Value = login.json().await.unwrap();
    let seller = seller["token"].as_str().unwrap();
    let orders: serde_json::Value = app
        .get_as(seller, "/api/v1/me/shop/orders")
        .await
        .json()
        .await
        .unwrap();
    let mut statuses: Vec<&str> = orders["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["status"].as_str().unwrap())
        .collect();
    statuses.sort();
    assert_eq!(
        statuses,
        [
            "cancelled",
            "delivered",
            "processing",
            "refund_requested",
            "shipping"
        ]
    );
    assert_eq!(app.count("reviews").await, 1);
    let balance: serde_json::Value = app
        .get_as(seller, "/api/v1/me/shop/balance")
        .await
        .json()
        .await
        .unwrap();
    assert!(balance["available"]["amount"].as_i64().unwrap() > 0);
    assert!(balance["pending_withdrawals"]["amount"].as_i64().unwrap() > 0);
    let mouse = app
        .get_json("/api/v1/products?q=wireless+mouse&limit=100")
        .await;
    for card in mouse["items"].as_array().unwrap() {
        let cents = card["price"]["amount"].as_i64().unwrap();
        assert!((2_000..=6_000).contains(&cents), "a mouse at {cents} cents");
    }
    let admin = app.log_in(&accounts.admin, accounts.password).await;
    let admin: serde_json::Value = admin.json().await.unwrap();
    let admin = admin["token"].as_str().unwrap();
    let get = async |path: &str| -> serde_json::Value {
        let response = app.get_as(admin, path).await;
        assert_eq!(response.status(), reqwest::StatusCode::OK, "{path}");
        response.json().await.unwrap()
    };
    let stats = get("/api/v1/admin/stats").await;
    assert_eq!(stats["accounts"]["banned"], 1);
    assert_eq!(stats["pending_withdrawals"]["count"], 1);
    assert_eq!(stats["products"]["hidden"], 1);
    assert!(stats["gross_sales"]["amount"].as_i64().unwrap() > 0);
    let banned = get("/api/v1/admin/users?status=banned").await;
    assert_eq!(banned["items"][0]["email"], "spam@bazaar.test");
    let orders = get("/api/v1/admin/orders").await;
    assert_eq!(orders["items"].as_array().unwrap().len(), 6);
    let withdrawals = get("/api/v1/admin/withdrawals").await;
    let statuses: Vec<&str> = withdrawals["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["pending", "succeeded"]);
    let audit = get("/api/v1/admin/audit").await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["hide_product", "ban", "approve_withdrawal"]);

    let products = app.count("products").await;
    let again = demo::seed_if_empty(&app.state).await.unwrap();
    assert!(
        again.is_some(),
        "the demo accounts are named again on later starts"
    );
    assert_eq!(
        app.count("products").await,
        products,
        "and nothing is loaded twice"
    );
}

#[tokio::test]
async fn a_database_with_data_is_never_seeded() {
    let app = spawn_app().await;
    app.active_buyer("real@example.com").await;
    assert!(demo::seed_if_empty(&app.state).await.unwrap().is_none());
    assert_eq!(app.count("products").await, 0);
    assert_eq!(app.count("users").await, 1);
}
