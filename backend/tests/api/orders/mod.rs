//! Orders and money through the API: checkout, the order's life, refunds, reviews, payouts.

mod authorization;
mod checkout;
mod life;
mod payouts;
mod paypal;
mod races;
mod reviews;
mod stripe;

use crate::helpers::{Account, TestApp, listed_product, product_input, spawn_app, spawn_app_with};
use bazaar::config::Config;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

/// Two shops with a product each, and a buyer with an address.
pub struct Market {
    pub app: TestApp,
    /// Sells the lamp.
    pub sam: Account,
    /// Sells the mug.
    pub rita: Account,
    pub ann: Account,
    pub lamp: String,
    pub mug: String,
    pub address: String,
}

impl Market {
    pub async fn new() -> Self {
        Self::with(spawn_app().await).await
    }

    pub async fn with_config(customize: impl FnOnce(&mut Config)) -> Self {
        Self::with(spawn_app_with(customize).await).await
    }

    async fn with(app: TestApp) -> Self {
        let sam = app.active_seller("sam@example.com").await;
        let rita = app.active_seller("rita@example.com").await;
        let lamp = listed_product(&app, &sam, product_input("Desk lamp", 3000)).await;
        let mug = listed_product(&app, &rita, product_input("Mug", 900)).await;
        let ann = app.active_buyer("ann@example.com").await;
        let address = add_address(&app, &ann).await;
        Self {
            app,
            sam,
            rita,
            ann,
            lamp,
            mug,
            address,
        }
    }

    pub async fn buyer(&self, email: &str) -> (Account, String) {
        let buyer = self.app.active_buyer(email).await;
        let address = add_address(&self.app, &buyer).await;
        (buyer, address)
    }

    /// The seller sets the product's stock.
    pub async fn restock(&self, seller: &Account, product: &str, stock: i64) {
        let restocked = self
            .app
            .send_as(
                Method::PATCH,
                &seller.token,
                &format!("/api/v1/products/{product}"),
                &json!({ "stock": stock }),
            )
            .await;
        assert_eq!(restocked.status(), StatusCode::OK);
    }

    pub async fn add_to_cart(&self, who: &Account, product: &str, quantity: u32) {
        let response = self
            .app
            .send_as(
                Method::PUT,
                &who.token,
                &format!("/api/v1/me/cart/items/{product}"),
                &json!({ "quantity": quantity }),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "{}",
            response.text().await.unwrap()
        );
    }

    /// POST /checkout with `key` as the Idempotency-Key.
    pub async fn checkout_with_key(&self, who: &Account, body: &Value, key: &str) -> Response {
        self.app
            .http
            .post(self.app.url("/api/v1/checkout"))
            .bearer_auth(&who.token)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn checkout(&self, who: &Account, body: &Value) -> Response {
        self.checkout_with_key(who, body, &uuid::Uuid::now_v7().to_string())
            .await
    }

    pub fn cod(&self) -> Value {
        json!({"address_id": self.address, "payment_method": "cod"})
    }

    /// Ann buys two lamps and a mug with cash on delivery: one order per shop.
    pub async fn place_cod(&self) -> Value {
        self.add_to_cart(&self.ann, &self.lamp, 2).await;
        self.add_to_cart(&self.ann, &self.mug, 1).await;
        let response = self.checkout(&self.ann, &self.cod()).await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "{}",
            response.text().await.unwrap()
        );
        response.json().await.unwrap()
    }

    /// The placed order holding `product` in a checkout answer.
    pub fn order_with<'a>(placed: &'a Value, product: &str) -> &'a Value {
        placed["orders"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| {
                o["lines"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|l| l["product_id"] == product)
            })
            .unwrap_or_else(|| panic!("no order of {product} in {placed}"))
    }

    pub async fn post(&self, who: &Account, path: &str, body: &Value) -> Response {
        self.app.send_as(Method::POST, &who.token, path, body).await
    }

    pub async fn set_status(&self, who: &Account, order: &str, status: &str) -> Response {
        self.post(
            who,
            &format!("/api/v1/orders/{order}/status"),
            &json!({ "status": status }),
        )
        .await
    }

    /// Sam's order in a fresh cash-on-delivery checkout, delivered.
    pub async fn delivered_lamp_order(&self) -> Value {
        let placed = self.place_cod().await;
        let order = Self::order_with(&placed, &self.lamp)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let response = self.set_status(&self.sam, &order, "delivered").await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "{}",
            response.text().await.unwrap()
        );
        response.json().await.unwrap()
    }

    pub async fn product(&self, id: &str) -> Value {
        self.app.get_json(&format!("/api/v1/products/{id}")).await
    }

    pub async fn json_as(&self, who: &Account, path: &str) -> Value {
        let response = self.app.get_as(&who.token, path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.unwrap()
    }

    /// The kinds of Sam's shop's ledger entries, newest first.
    pub async fn sams_ledger_kinds(&self) -> Vec<String> {
        self.json_as(&self.sam, "/api/v1/me/shop/transactions")
            .await["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_owned())
            .collect()
    }
}

pub async fn add_address(app: &TestApp, who: &Account) -> String {
    let response = app
        .send_as(
            Method::POST,
            &who.token,
            "/api/v1/me/addresses",
            &json!({"label": "home", "country": "US", "city": "Springfield", "line1": "1 Main St", "postal_code": "12345"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    body["id"].as_str().unwrap().to_owned()
}

pub fn usd(amount: i64) -> Value {
    json!({"amount": amount, "currency": "USD"})
}

impl Market {
    /// An admin, made the only way admins are made: the CLI.
    pub async fn admin(&self) -> Account {
        let output =
            crate::admin_cli::create_admin(&self.app, "ada@example.com", "an admin passphrase");
        assert!(output.status.success(), "{output:?}");
        let response = self
            .app
            .log_in("ada@example.com", "an admin passphrase")
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        Account {
            token: body["token"].as_str().unwrap().to_owned(),
            id: body["user"]["id"].as_str().unwrap().to_owned(),
        }
    }

    /// A withdraw method for the seller, as payouts need one.
    pub async fn add_withdraw_method(&self, who: &Account) {
        let response = self
            .app
            .send_as(
                Method::PUT,
                &who.token,
                "/api/v1/me/shop/withdraw-method",
                &crate::shops::withdraw_method(),
            )
            .await;
        assert!(
            response.status().is_success(),
            "{}",
            response.text().await.unwrap()
        );
    }
}
