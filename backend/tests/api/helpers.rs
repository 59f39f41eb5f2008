//! `spawn_app()`: one helper, many short tests.

use bazaar::config::{Config, RateLimit};
use bazaar::{AppState, Application};
use reqwest::{Client, Response, StatusCode, multipart};
use serde_json::{Value, json};
use sqlx::{Connection, Executor};
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;
use tempfile::TempDir;

pub struct TestApp {
    pub base: String,
    pub state: actix_web::web::Data<AppState>,
    pub dir: TempDir,
    /// No cookie jar: tests authenticate with bearer tokens unless they test cookies.
    pub http: Client,
}

pub struct Account {
    pub token: String,
    pub id: String,
}

/// The database a test runs on: a fresh SQLite file, or a fresh PostgreSQL database.
async fn fresh_database_url(dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(server) => {
            sqlx::any::install_default_drivers();
            let name = format!("bazaar_test_{}", uuid::Uuid::now_v7().simple());
            let mut admin = sqlx::AnyConnection::connect(&server)
                .await
                .expect("TEST_DATABASE_URL is set but the server cannot be reached");
            admin
                .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .await
                .expect("cannot create a test database");
            let (base, query) = server
                .split_once('?')
                .map_or((server.as_str(), ""), |(b, q)| (b, q));
            let base = base.rsplit_once('/').map_or(base, |(host, _)| host);
            let query = if query.is_empty() {
                String::new()
            } else {
                format!("?{query}")
            };
            format!("{base}/{name}{query}")
        }
        None => format!("sqlite://{}?mode=rwc", dir.join("bazaar.db").display()),
    }
}

/// The laptop defaults under the test's own directory, with limits loose enough for tests.
pub fn test_config(dir: &std::path::Path, database_url: String) -> Config {
    let mut config = Config::local(dir, "127.0.0.1:0");
    config.database_url = database_url;
    config.database_max_connections = 8;
    config.session_ttl = Duration::from_secs(3600);
    config.token_ttl = Duration::from_secs(3600);
    config.cors_origins = vec!["tauri://localhost".to_owned()];
    config.upload_max_bytes = 1024 * 1024;
    config.mail_from = "Bazaar <no-reply@bazaar.test>".to_owned();
    config.auth_rate_limit = RateLimit {
        max_requests: 1000,
        window: Duration::from_secs(60),
    };
    config.web_dist = dir.join("dist");
    config
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app with the test configuration, changed by `customize`.
pub async fn spawn_app_with(customize: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut config = test_config(dir.path(), fresh_database_url(dir.path()).await);
    config.public_url = format!("http://127.0.0.1:{port}");
    customize(&mut config);
    start(listener, config, dir).await
}

/// Another instance on the same database and media store, as when scaled out.
pub async fn spawn_instance_beside(app: &TestApp) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut config = app.state.config.clone();
    config.public_url = format!("http://127.0.0.1:{port}");
    start(listener, config, tempfile::tempdir().expect("tempdir")).await
}

async fn start(listener: TcpListener, config: Config, dir: TempDir) -> TestApp {
    // `TEST_LOG=1` shows the server's log, causes of 500s included.
    if std::env::var_os("TEST_LOG").is_some() {
        bazaar::telemetry::init(&config.log_format);
    }
    let port = listener.local_addr().unwrap().port();
    let state = AppState::new(config).await.expect("the app starts");
    let app = Application::with_state(listener, state).expect("the server starts");
    let state = app.state();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        base: format!("http://127.0.0.1:{port}"),
        state,
        dir,
        // Idle connections are dropped before actix's 5 s keep-alive ends them: a request
        // sent on a connection the server is closing fails (a test that first spends seconds
        // building a large upload under a loaded CI machine did, at random).
        http: Client::builder()
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .build()
            .unwrap(),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// An anonymous GET.
    pub async fn get(&self, path: &str) -> Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get_as(&self, token: &str, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn send_as(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: &Value,
    ) -> Response {
        self.http
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn upload_as(
        &self,
        token: &str,
        path: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Response {
        let part = multipart::Part::bytes(bytes).file_name(file_name.to_owned());
        self.http
            .put(self.url(path))
            .bearer_auth(token)
            .multipart(multipart::Form::new().part("image", part))
            .send()
            .await
            .unwrap()
    }

    /// Signs up and returns the account, still pending.
    pub async fn sign_up(&self, email: &str) -> Response {
        self.post(
            "/api/v1/auth/signup",
            &json!({"name": "Ann Buyer", "email": email, "password": PASSWORD}),
        )
        .await
    }

    /// Signs up, opens the activation link from the outbox and returns the signed-in account.
    pub async fn active_buyer(&self, email: &str) -> Account {
        assert_eq!(self.sign_up(email).await.status(), StatusCode::CREATED);
        self.activate(email).await
    }

    /// A seller: an active account with a shop.
    pub async fn active_seller(&self, email: &str) -> Account {
        let response = self
            .post(
                "/api/v1/auth/seller-signup",
                &json!({"name": "Sam Seller", "email": email, "password": PASSWORD, "shop": shop_input("Sam's Goods")}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        self.activate(email).await
    }

    pub async fn activate(&self, email: &str) -> Account {
        let token = self.token_from_mail(email, "activate").await;
        let response = self
            .post("/api/v1/auth/activate", &json!({ "token": token }))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        Account {
            token: body["token"].as_str().unwrap().to_owned(),
            id: body["user"]["id"].as_str().unwrap().to_owned(),
        }
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/login",
            &json!({"email": email, "password": password}),
        )
        .await
    }

    pub fn outbox(&self) -> PathBuf {
        self.dir.path().join("outbox")
    }

    /// Every mail written to the outbox for `email`, oldest first, soft line breaks undone;
    /// once the mails requests send after their response are out.
    pub async fn mails_to(&self, email: &str) -> Vec<String> {
        self.jobs_run_now_settled().await;
        let Ok(entries) = std::fs::read_dir(self.outbox()) else {
            return Vec::new();
        };
        let mut mails: Vec<(std::time::SystemTime, String)> = entries
            .filter_map(Result::ok)
            .map(|e| {
                let modified = e.metadata().unwrap().modified().unwrap();
                (modified, std::fs::read_to_string(e.path()).unwrap())
            })
            .filter(|(_, text)| {
                text.lines()
                    .any(|l| l.starts_with("To:") && l.contains(email))
            })
            .collect();
        mails.sort_by_key(|(modified, _)| *modified);
        mails
            .into_iter()
            .map(|(_, text)| unfold_quoted_printable(&text))
            .collect()
    }

    /// The newest mail to `email` that contains `text`. Mails sent after their responses may
    /// reach the outbox in either order, so tests name the one they mean.
    pub async fn mail_to(&self, email: &str, text: &str) -> String {
        let mails = self.mails_to(email).await;
        let found = mails.iter().rev().find(|m| m.contains(text)).cloned();
        found.unwrap_or_else(|| {
            let subjects: Vec<&str> = mails
                .iter()
                .filter_map(|m| m.lines().find(|l| l.starts_with("Subject:")))
                .collect();
            panic!("no mail to {email} contains {text:?}; its mails: {subjects:?}")
        })
    }

    /// The token of the newest link to `page` (activate, reset-password) mailed to `email`.
    pub async fn token_from_mail(&self, email: &str, page: &str) -> String {
        let mail = self.mail_to(email, &format!("/{page}?token=")).await;
        token_in(&mail, page).expect("the mail holds the link")
    }

    /// Waits until no job is held by this instance: those requests ran, their mail included
    /// (sent after the response), are done and recorded.
    pub async fn jobs_run_now_settled(&self) {
        for _ in 0..500 {
            if self.state.held_jobs.count() == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("jobs were still held after 5 s");
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }
}

pub fn token_in(mail: &str, page: &str) -> Option<String> {
    let marker = format!("/{page}?token=");
    let start = mail.find(&marker)? + marker.len();
    let token: String = mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!token.is_empty()).then_some(token)
}

/// Undoes quoted-printable soft line breaks and `=3D`, enough to read links out of a mail.
pub fn unfold_quoted_printable(text: &str) -> String {
    text.replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
}

pub const PASSWORD: &str = "correct horse battery";

pub fn shop_input(name: &str) -> Value {
    json!({
        "name": name,
        "description": "Hand-made things",
        "phone": "+1 555 010 0200",
        "address": "1 Market Street, Springfield",
        "postal_code": "12345"
    })
}

/// Asserts a problem+json answer with `status` and returns its body.
pub async fn problem(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status, "unexpected status");
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status.as_u16());
    body
}

/// Asserts a 422 whose `errors` name `field`; returns that field's messages.
pub async fn field_error(response: Response, field: &str) -> Vec<String> {
    let body = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let messages = body["errors"][field]
        .as_array()
        .unwrap_or_else(|| panic!("no error for {field} in {body}"));
    messages
        .iter()
        .map(|m| m.as_str().unwrap().to_owned())
        .collect()
}

/// A product with one picture, listed by the seller; returns its id.
pub async fn listed_product(app: &TestApp, seller: &Account, product: Value) -> String {
    let response = app
        .send_as(
            reqwest::Method::POST,
            &seller.token,
            "/api/v1/products",
            &product,
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        response.text().await.unwrap()
    );
    let created: Value = response.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let images = app
        .upload_many_as(
            &seller.token,
            &format!("/api/v1/products/{id}/images"),
            vec![crate::media::png(64, 64)],
        )
        .await;
    assert_eq!(images.status(), StatusCode::OK);
    id
}

/// Product fields with the given name and price (minor units).
pub fn product_input(name: &str, price: i64) -> Value {
    json!({
        "name": name,
        "description": "A fine thing for everyday use",
        "category": "home",
        "tags": ["everyday"],
        "original_price": {"amount": price + price / 5, "currency": "USD"},
        "price": {"amount": price, "currency": "USD"},
        "stock": 5
    })
}

impl TestApp {
    pub async fn upload_many_as(&self, token: &str, path: &str, files: Vec<Vec<u8>>) -> Response {
        let form =
            files
                .into_iter()
                .enumerate()
                .fold(multipart::Form::new(), |form, (i, bytes)| {
                    form.part(
                        "image",
                        multipart::Part::bytes(bytes).file_name(format!("{i}.png")),
                    )
                });
        self.http
            .post(self.url(path))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.unwrap()
    }
}
