//! The admin console through the API: who may use it, the figures, the lists, bans, hidden
//! listings, removed reviews, disputes and the audit log.

mod access;
mod audit;
mod bans;
mod disputes;
mod lists;
mod moderation;
mod stats;

use crate::helpers::Account;
use crate::orders::Market;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

/// The orders' market (Sam sells the lamp, Rita the mug, Ann buys) and an admin.
pub struct Console {
    pub market: Market,
    pub admin: Account,
}

impl Console {
    pub async fn new() -> Self {
        let market = Market::new().await;
        let admin = market.admin().await;
        Self { market, admin }
    }

    /// Moves the clock forward; the admin signs in again, as sessions expired meanwhile.
    pub async fn advance_days(&mut self, days: u64) {
        let app = &self.market.app;
        app.state
            .clock
            .advance(std::time::Duration::from_secs(days * 86_400));
        let signed_in = app.log_in("ada@example.com", "an admin passphrase").await;
        let body = ok(signed_in).await;
        self.admin.token = body["token"].as_str().unwrap().to_owned();
    }

    /// GET as the admin, expecting 200.
    pub async fn get(&self, path: &str) -> Value {
        self.market.json_as(&self.admin, path).await
    }

    /// A request with a JSON body as the admin.
    pub async fn send(&self, method: Method, path: &str, body: &Value) -> Response {
        self.market
            .app
            .send_as(method, &self.admin.token, path, body)
            .await
    }

    /// Bans (or unbans) the account, expecting 200, and answers the account.
    pub async fn set_banned(&self, who: &Account, banned: bool, reason: &str) -> Value {
        let response = self
            .send(
                Method::PATCH,
                &format!("/api/v1/admin/users/{}", who.id),
                &json!({"banned": banned, "reason": reason}),
            )
            .await;
        ok(response).await
    }

    /// Hides (or restores) a product or an event (`kind`: products, events), expecting 200.
    pub async fn set_hidden(&self, kind: &str, id: &str, hidden: bool, reason: &str) -> Value {
        let response = self
            .send(
                Method::PATCH,
                &format!("/api/v1/admin/{kind}/{id}"),
                &json!({"hidden": hidden, "reason": reason}),
            )
            .await;
        ok(response).await
    }
}

/// The body of a 200, or a failure that shows what came instead.
pub async fn ok(response: Response) -> Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

pub fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a page: {page}"))
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}
