//! The real app on a random port with a fresh SQLite database, a chromedriver of its own,
//! and headless Chromium sessions with fresh profiles; helpers that wait instead of sleeping.

use bazaar::config::{Config, LogFormat, RateLimit};
use bazaar::{AppState, Application};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub const PASSWORD: &str = "correct horse battery";
const PATIENCE: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(100);

/// What the browser tests need from the machine.
pub struct Machine {
    pub dist: PathBuf,
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// The machine's browser set-up, or `None` after saying loudly why the test is skipped.
/// Under `BAZAAR_REQUIRE_ALL=1` a missing piece fails the test instead.
pub fn machine(test: &str) -> Option<Machine> {
    let found = (|| {
        let dist = std::env::var_os("BAZAAR_WEB_DIST")
            .map(PathBuf::from)
            .ok_or("BAZAAR_WEB_DIST is not set (cargo xtask test sets it to the built dist/)")?;
        if !dist.join("index.html").is_file() {
            return Err("BAZAAR_WEB_DIST has no index.html: build the UI with `cargo xtask web`");
        }
        let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"])
            .ok_or("no chromium on PATH: install the Debian package chromium")?;
        let chromedriver = find_program(&["chromedriver"])
            .ok_or("no chromedriver on PATH: install the Debian package chromium-driver")?;
        Ok(Machine {
            dist,
            chromium,
            chromedriver,
        })
    })();
    match found {
        Ok(machine) => Some(machine),
        Err(reason) => {
            if std::env::var("BAZAAR_REQUIRE_ALL").is_ok_and(|v| v == "1") {
                panic!("browser test {test} cannot run: {reason}");
            }
            // Straight to stderr: the test harness would swallow eprintln! of a passing test.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "\n!!! SKIPPED browser test {test} ({reason})\n"
            );
            None
        }
    }
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The backend, serving the built UI, on its own database, media and outbox.
pub struct App {
    pub base: String,
    pub state: actix_web::web::Data<AppState>,
    pub dir: TempDir,
    pub http: reqwest::Client,
    server: std::sync::Mutex<Option<tokio::task::JoinHandle<std::io::Result<()>>>>,
}

fn config(dir: &Path, dist: &Path, port: u16) -> Config {
    let mut config = Config::local(dir, &format!("127.0.0.1:{port}"));
    config.web_dist = dist.to_path_buf();
    config.demo_data = false;
    config.log_format = LogFormat::Pretty;
    config.upload_max_bytes = 2 * 1024 * 1024;
    // The flows sign in more often than a person would.
    config.auth_rate_limit = RateLimit {
        max_requests: 1000,
        window: Duration::from_secs(60),
    };
    config
}

impl App {
    pub async fn start(machine: &Machine) -> App {
        let dir = tempfile::tempdir().expect("tempdir");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = AppState::new(config(dir.path(), &machine.dist, port))
            .await
            .expect("the app starts");
        let app = Application::with_state(listener, state).expect("the server starts");
        let state = app.state();
        let server = tokio::spawn(app.run_until_stopped());
        App {
            base: format!("http://127.0.0.1:{port}"),
            state,
            dir,
            http: reqwest::Client::new(),
            server: std::sync::Mutex::new(Some(server)),
        }
    }

    /// Takes the server off the network, as a phone losing its connection sees it: dropping
    /// actix's server closes its listener and stops its workers, open connections included.
    /// Returns once a request to it fails.
    pub async fn stop(&self) {
        let server = self.server.lock().unwrap().take();
        if let Some(server) = server {
            server.abort();
            let _ = server.await;
        }
        let health = self.url("/api/health");
        eventually("the server to stop answering", || {
            let health = health.clone();
            async move { reqwest::get(&health).await.is_err().then_some(()) }
        })
        .await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The token of the newest `/{page}?token=` link mailed to `email`, waiting for the mail.
    pub async fn token_from_mail(&self, email: &str, page: &str) -> String {
        let marker = format!("/{page}?token=");
        let outbox = self.dir.path().join("outbox");
        eventually(&format!("a {page} mail to {email}"), || {
            let outbox = outbox.clone();
            let marker = marker.clone();
            async move {
                let mut mails: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(&outbox)
                    .ok()?
                    .filter_map(Result::ok)
                    .filter_map(|e| {
                        let modified = e.metadata().ok()?.modified().ok()?;
                        let text = std::fs::read_to_string(e.path()).ok()?;
                        Some((modified, unfold_quoted_printable(&text)))
                    })
                    .filter(|(_, text)| {
                        text.lines()
                            .any(|l| l.starts_with("To:") && l.contains(email))
                    })
                    .collect();
                mails.sort_by_key(|(modified, _)| *modified);
                let mail = &mails.last()?.1;
                let start = mail.find(&marker)? + marker.len();
                let token: String = mail[start..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                (!token.is_empty()).then_some(token)
            }
        })
        .await
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }

    pub async fn api(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: &Value,
    ) -> Value {
        let response = self
            .http
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// An active seller with a shop, made through the API; returns the bearer token.
    pub async fn seller_through_api(&self, email: &str, shop: &str) -> String {
        let signup = json!({
            "name": "Sam Seller", "email": email, "password": PASSWORD,
            "shop": {"name": shop, "description": "Hand-made things", "phone": "+1 555 010 0200",
                     "address": "1 Market Street, Springfield", "postal_code": "12345"}
        });
        let response = self
            .http
            .post(self.url("/api/v1/auth/seller-signup"))
            .json(&signup)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "seller sign-up failed");
        self.activate_through_api(email).await
    }

    /// An active buyer made through the API; returns the bearer token.
    pub async fn buyer_through_api(&self, email: &str) -> String {
        let response = self
            .http
            .post(self.url("/api/v1/auth/signup"))
            .json(&json!({"name": "Bea Buyer", "email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "sign-up failed");
        self.activate_through_api(email).await
    }

    async fn activate_through_api(&self, email: &str) -> String {
        let token = self.token_from_mail(email, "activate").await;
        let answer = self
            .api(
                reqwest::Method::POST,
                "",
                "/api/v1/auth/activate",
                &json!({ "token": token }),
            )
            .await;
        answer["token"].as_str().unwrap().to_owned()
    }

    /// A listed product with one picture; returns its id.
    pub async fn product_through_api(
        &self,
        token: &str,
        name: &str,
        category: &str,
        price: i64,
    ) -> String {
        let product = self
            .api(
                reqwest::Method::POST,
                token,
                "/api/v1/products",
                &json!({
                    "name": name, "description": format!("{name}, made with care."),
                    "category": category, "tags": [],
                    "original_price": {"amount": price + 500, "currency": "USD"},
                    "price": {"amount": price, "currency": "USD"}, "stock": 20
                }),
            )
            .await;
        let id = product["id"].as_str().unwrap().to_owned();
        let part = reqwest::multipart::Part::bytes(png_bytes([40, 120, 90]))
            .file_name("picture.png")
            .mime_str("image/png")
            .unwrap();
        let response = self
            .http
            .post(self.url(&format!("/api/v1/products/{id}/images")))
            .bearer_auth(token)
            .multipart(reqwest::multipart::Form::new().part("image", part))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "image upload failed");
        id
    }

    /// A buyer's order from one product, paid cash on delivery (so already processing),
    /// placed through the API with its own address; returns the order's id.
    pub async fn order_through_api(&self, buyer: &str, product: &str, quantity: u32) -> String {
        self.put_in_cart_through_api(buyer, product, quantity).await;
        let address = self
            .api(
                reqwest::Method::POST,
                buyer,
                "/api/v1/me/addresses",
                &json!({"label": "home", "country": "United States", "city": "Springfield",
                        "line1": "12 Elm Road", "postal_code": "12345", "is_default": true}),
            )
            .await;
        let response = self
            .http
            .post(self.url("/api/v1/checkout"))
            .bearer_auth(buyer)
            .header("Idempotency-Key", format!("seed-{product}"))
            .json(&json!({"address_id": address["id"], "payment_method": "cod"}))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let placed: Value = response.json().await.unwrap();
        assert!(status.is_success(), "checkout: {status} {placed}");
        placed["orders"][0]["id"].as_str().unwrap().to_owned()
    }

    /// The seller moves the order along the delivery path, as far as `status`.
    pub async fn move_order_through_api(&self, seller: &str, order: &str, status: &str) {
        self.api(
            reqwest::Method::POST,
            seller,
            &format!("/api/v1/orders/{order}/status"),
            &json!({ "status": status }),
        )
        .await;
    }

    /// An admin, as `bazaar create-admin` makes one: active at once, password `PASSWORD`.
    /// Returns a bearer token of theirs.
    pub async fn admin(&self, email: &str, name: &str) -> String {
        bazaar::services::accounts::create_admin(&self.state, name, email, PASSWORD)
            .await
            .expect("the admin is created");
        let login = json!({ "email": email, "password": PASSWORD });
        let response = self
            .http
            .post(self.url("/api/v1/auth/login"))
            .json(&login)
            .send()
            .await
            .unwrap();
        let answer: Value = response.json().await.unwrap();
        answer["token"].as_str().expect("a token").to_owned()
    }

    /// The seller names a bank account and asks for `amount` (minor units) to be paid out.
    pub async fn withdrawal_through_api(&self, seller: &str, amount: i64) {
        self.api(
            reqwest::Method::PUT,
            seller,
            "/api/v1/me/shop/withdraw-method",
            &json!({"bank_name": "Deutsche Bank", "bank_country": "DE", "swift_code": "deutdeff",
                    "account_number": "DE89 3704 0044 0532 0130 00", "holder_name": "Sam Seller",
                    "bank_address": "Taunusanlage 12, Frankfurt"}),
        )
        .await;
        self.api(
            reqwest::Method::POST,
            seller,
            "/api/v1/me/shop/withdrawals",
            &json!({"amount": {"amount": amount, "currency": "USD"}}),
        )
        .await;
    }

    pub async fn put_in_cart_through_api(&self, token: &str, product: &str, quantity: u32) {
        self.api(
            reqwest::Method::PUT,
            token,
            &format!("/api/v1/me/cart/items/{product}"),
            &json!({ "quantity": quantity }),
        )
        .await;
    }
}

fn unfold_quoted_printable(text: &str) -> String {
    text.replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
}

/// A small PNG of one colour.
pub fn png_bytes(rgb: [u8; 3]) -> Vec<u8> {
    let picture = image::RgbImage::from_pixel(64, 48, image::Rgb(rgb));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Png)
        .unwrap();
    bytes.into_inner()
}

/// Writes PNG files for a file input; returns their paths.
pub fn png_files(dir: &Path, count: usize) -> Vec<PathBuf> {
    (0..count)
        .map(|i| {
            let path = dir.join(format!("picture-{i}.png"));
            std::fs::write(&path, png_bytes([200, 60 + 40 * i as u8, 30])).unwrap();
            path
        })
        .collect()
}

/// One chromedriver for one test; it and its browsers end when this is dropped.
pub struct Driver {
    child: Child,
    port: u16,
    chromium: PathBuf,
    profiles: Vec<TempDir>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole process group: killing chromedriver alone left its Chromiums running.
        let group = i32::try_from(self.child.id()).expect("a process id");
        // SAFETY: kill(2) with a negative pid signals that process group and touches no memory.
        unsafe { libc::kill(-group, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

/// The viewport [`Driver::phone`] emulates, in CSS pixels.
const PHONE: (u32, u32) = (390, 844);
const PHONE_USER_AGENT: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 \
    (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36";

impl Driver {
    pub async fn start(machine: &Machine) -> Driver {
        let port = free_port();
        let child = Command::new(&machine.chromedriver)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver {
            child,
            port,
            chromium: machine.chromium.clone(),
            profiles: Vec::new(),
        };
        let status = format!("http://127.0.0.1:{port}/status");
        eventually("chromedriver to answer", || {
            let status = status.clone();
            async move {
                let answer = reqwest::get(&status).await.ok()?;
                answer.status().is_success().then_some(())
            }
        })
        .await;
        driver
    }

    /// A headless Chromium with a fresh profile (its own cookies and local storage).
    pub async fn browser(&mut self, width: u32, height: u32) -> Browser {
        self.launch(width, height, None).await
    }

    /// A phone: Chromium's mobile emulation of a 390 × 844 screen at 3× with touch and a
    /// phone's user agent, so the page sees what it sees on a phone (`pointer: coarse`,
    /// touch events, a mobile viewport), not only a narrow window.
    pub async fn phone(&mut self) -> Browser {
        let emulation = json!({
            "deviceMetrics": { "width": PHONE.0, "height": PHONE.1, "pixelRatio": 3.0, "touch": true, "mobile": true },
            "userAgent": PHONE_USER_AGENT,
        });
        self.launch(PHONE.0, PHONE.1, Some(emulation)).await
    }

    async fn launch(&mut self, width: u32, height: u32, emulation: Option<Value>) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        self.profiles.push(profile);
        let mut capabilities = serde_json::Map::new();
        let mut options = json!({ "binary": self.chromium, "args": args });
        let emulated = emulation.is_some();
        if let Some(emulation) = emulation {
            options["mobileEmulation"] = emulation;
        }
        capabilities.insert("goog:chromeOptions".into(), options);
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a chromium session");
        if emulated {
            // The emulated screen is the viewport already; resizing the window would move
            // it away from where taps land.
            return Browser { client };
        }
        // Make the viewport, not the window, the asked size (the window adds its frame).
        let frame = client
            .execute(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];",
                Vec::new(),
            )
            .await
            .unwrap();
        let extra = |i: usize| frame[i].as_u64().unwrap_or(0) as u32;
        if extra(0) > 0 || extra(1) > 0 {
            client
                .set_window_size(width + extra(0), height + extra(1))
                .await
                .unwrap();
        }
        Browser { client }
    }
}

pub struct Browser {
    pub client: Client,
}

impl Browser {
    pub async fn open(&self, app: &App, path: &str) {
        self.client.goto(&app.url(path)).await.unwrap();
    }

    /// Signs in through the form and waits for the greeting.
    pub async fn sign_in(&self, app: &App, email: &str, name: &str) {
        self.open(app, "/sign-in").await;
        self.fill("#field-email", email).await;
        self.fill("#field-password", PASSWORD).await;
        self.click(".auth-card button[type='submit']").await;
        self.find_with_text(".toast", &format!("Welcome back, {name}."))
            .await;
    }

    /// The first element matching `css`, once there is one.
    pub async fn find(&self, css: &str) -> Element {
        let client = &self.client;
        eventually(&format!("an element matching {css}"), || async move {
            client.find(Locator::Css(css)).await.ok()
        })
        .await
    }

    /// The first element matching `css` whose text contains `text`.
    pub async fn find_with_text(&self, css: &str, text: &str) -> Element {
        let client = &self.client;
        eventually(&format!("{css} with text {text:?}"), || async move {
            for element in client.find_all(Locator::Css(css)).await.ok()? {
                if element.text().await.ok()?.contains(text) {
                    return Some(element);
                }
            }
            None
        })
        .await
    }

    /// Waits until the page shows `text` somewhere.
    pub async fn sees(&self, text: &str) {
        self.find_with_text("body", text).await;
    }

    /// Clicks the element as a person would: when something lies over it (a toast at the
    /// bottom of a phone's screen), scrolled to the middle of the screen and tried again.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        if element.click().await.is_ok() {
            return;
        }
        self.click_in_the_middle(element).await;
    }

    /// Taps the `css` element reading `text` as a person on a phone would: brought to the
    /// middle of the screen first, clear of what sits at its bottom edge (the sellers' tab
    /// bar, toasts), where WebDriver would otherwise scroll it to and find it covered.
    pub async fn tap(&self, css: &str, text: &str) {
        let element = self.find_with_text(css, text).await;
        self.click_in_the_middle(element).await;
    }

    async fn click_in_the_middle(&self, element: Element) {
        let argument = serde_json::to_value(&element).unwrap();
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![argument],
            )
            .await
            .unwrap();
        element.click().await.unwrap();
    }

    /// Replaces the value of the input matching `css` by typing `text`.
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.find(css).await;
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
    }

    /// Presses Enter in the field matching `css`, as a user sending what they typed.
    pub async fn press_enter(&self, css: &str) {
        let key = char::from(fantoccini::key::Key::Enter).to_string();
        self.find(css).await.send_keys(&key).await.unwrap();
    }

    pub async fn choose(&self, css: &str, value: &str) {
        self.find(css).await.select_by_value(value).await.unwrap();
    }

    /// Puts files into an `<input type="file">`.
    pub async fn attach(&self, css: &str, files: &[PathBuf]) {
        let paths: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        self.find(css)
            .await
            .send_keys(&paths.join("\n"))
            .await
            .unwrap();
    }

    pub async fn url(&self) -> String {
        self.client.current_url().await.unwrap().to_string()
    }

    pub async fn wait_for_url(&self, part: &str) {
        let client = &self.client;
        eventually(&format!("a URL containing {part}"), || async move {
            let url = client.current_url().await.ok()?;
            url.as_str().contains(part).then_some(())
        })
        .await
    }

    /// Waits until the header's cart badge says `count`.
    pub async fn cart_count_is(&self, count: u32) {
        let expected = count.to_string();
        let client = &self.client;
        eventually(&format!("the cart badge to say {count}"), || {
            let expected = expected.clone();
            async move {
                let badge = client
                    .find(Locator::Css("[data-testid='cart-count']"))
                    .await
                    .ok()?;
                (badge.text().await.ok()?.trim() == expected).then_some(())
            }
        })
        .await
    }

    pub async fn script(&self, js: &str) -> Value {
        self.client.execute(js, Vec::new()).await.unwrap()
    }
}

/// Polls `probe` until it answers, for up to 20 seconds; panics naming `what` otherwise.
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        tokio::time::sleep(POLL).await;
    }
}
