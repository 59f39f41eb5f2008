//! `cargo xtask chaos [--short]`: crash safety, tried. The debug server runs on its own
//! DATA_DIR (SQLite, or the PostgreSQL database DATABASE_URL names, which should be empty)
//! under load — cash-on-delivery checkouts, sellers delivering orders, chat messages with
//! websockets listening, product pictures uploaded and deleted — and is killed with SIGKILL
//! at random moments, then started again, several times. At the end it checks, through the
//! database and the API, what must survive any crash:
//! - every product's stock and sold count reconcile with the order lines that hold units;
//! - every checkout a client saw acknowledged (2xx) exists, with its orders and lines;
//! - every shop's ledger balances: the balance is the sum of its entries, and the credits
//!   and debits are what its delivered and refunded orders imply;
//! - every acknowledged chat message exists;
//! - every media file referenced exists on disk, and no file on disk is unreferenced;
//! - the jobs resume: none due and free is left unrun, none is dead, and what killed
//!   instances held is free again within its lease (the full run waits the lease out).
//!
//! It prints what it checked with the counts, and fails if any check does.

use crate::bench::Server;
use crate::bench::site::{Account, Site};
use crate::{cargo, target_dir};
use anyhow::{Context, Result, bail, ensure};
use futures_util::{SinkExt, StreamExt};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use sqlx::{AnyPool, Row};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

/// The server's job lease (backend/src/jobs.rs `LEASE`).
const JOB_LEASE: Duration = Duration::from_secs(5 * 60);

struct Plan {
    kills: usize,
    /// Load runs this long (a random span in it) before each kill.
    between_kills: (u64, u64),
    shops: usize,
    products_per_shop: usize,
    buyers: usize,
    stock: i64,
    /// Wait out the job lease, if killed instances held jobs, to see them run.
    wait_lease: bool,
}

const SHORT: Plan = Plan {
    kills: 4,
    between_kills: (1_500, 4_000),
    shops: 3,
    products_per_shop: 3,
    buyers: 12,
    stock: 60,
    wait_lease: false,
};

const FULL: Plan = Plan {
    kills: 10,
    between_kills: (1_500, 8_000),
    shops: 4,
    products_per_shop: 5,
    buyers: 24,
    stock: 80,
    wait_lease: true,
};

pub fn run(root: &Path, short: bool) -> Result<()> {
    let plan = if short { SHORT } else { FULL };
    let began = Instant::now();
    cargo(
        root,
        &["build", "-p", "bazaar-backend", "--bin", "bazaar"],
        &[],
    )?;
    let binary = target_dir(root)?.join("debug/bazaar");
    let picture = std::fs::read(root.join("src-tauri/icons/icon.png"))
        .context("the product picture (src-tauri/icons/icon.png)")?;
    let scratch = std::env::temp_dir().join(format!("bazaar-chaos-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let database = std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"));
    let seed = std::env::var("CHAOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| now_micros() as u64 | 1);
    println!(
        "chaos: {} SIGKILLs, on {} in {} (seed {seed}; CHAOS_SEED repeats the kill timing)",
        plan.kills,
        if database.is_some() {
            "PostgreSQL (DATABASE_URL)"
        } else {
            "SQLite"
        },
        scratch.display()
    );
    let runtime = tokio::runtime::Runtime::new()?;
    let outcome = runtime.block_on(async {
        let mut chaos = Chaos::start(&binary, &scratch, database, &plan, seed)?;
        let market = chaos.open_market(&picture).await?;
        chaos.load_and_kill(&market, &picture).await?;
        chaos.check(&market).await
    });
    match &outcome {
        Ok(()) => {
            let _ = std::fs::remove_dir_all(&scratch);
            println!(
                "chaos: every check held ({:.0} s)",
                began.elapsed().as_secs_f64()
            );
        }
        Err(_) => println!("chaos: the data is left in {}", scratch.display()),
    }
    outcome
}

struct Chaos<'a> {
    binary: &'a Path,
    scratch: &'a Path,
    plan: &'a Plan,
    env: Vec<(&'static str, String)>,
    database_url: String,
    server: Option<Server>,
    live: Arc<Live>,
    random: Random,
    /// When the last SIGKILL was sent, in microseconds since the epoch.
    last_kill: i64,
    /// Media files no image row named, counted while the killed server was down: what the
    /// next start's janitor must sweep.
    orphaned_by_kills: usize,
}

/// What the load sees: where the server is now, and what it acknowledged.
struct Live {
    base: RwLock<String>,
    http: Client,
    stop: AtomicBool,
    checkouts: Mutex<Vec<AckedCheckout>>,
    messages: Mutex<Vec<String>>,
    /// Pictures an upload answered with, and pictures whose deletion was answered.
    uploaded: Mutex<BTreeSet<String>>,
    deleted: Mutex<BTreeSet<String>>,
    /// Pictures whose deletion got no answer (a kill): either outcome is right.
    in_doubt: Mutex<BTreeSet<String>>,
    delivered: Mutex<Vec<String>>,
    requests: AtomicU64,
    /// No answer: the connection failed or was cut (a kill), or timed out.
    unanswered: AtomicU64,
    refused: AtomicU64,
    /// How many answers came with each status that is not a success.
    refusals: Mutex<BTreeMap<u16, u64>>,
    frames: AtomicU64,
}

struct AckedCheckout {
    id: String,
    /// Order id → its lines (product id, quantity).
    orders: BTreeMap<String, Vec<(String, i64)>>,
}

struct Market {
    sellers: Vec<Account>,
    shops: Vec<String>,
    /// Product id → the stock it was created with.
    products: BTreeMap<String, i64>,
    /// The products of each shop, by seller.
    shop_products: Vec<Vec<String>>,
    buyers: Vec<Buyer>,
}

struct Buyer {
    account: Account,
    address: String,
    conversation: String,
}

impl Live {
    fn base(&self) -> String {
        self.base.read().unwrap().clone()
    }

    /// Sends a request built against the current base URL; `None` when no answer came.
    async fn send(
        &self,
        build: impl FnOnce(&Client, &str) -> reqwest::RequestBuilder,
    ) -> Option<(StatusCode, Value)> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let answer = async {
            let response = build(&self.http, &self.base()).send().await?;
            let status = response.status();
            let body = response.json::<Value>().await.unwrap_or(Value::Null);
            Ok::<_, reqwest::Error>((status, body))
        }
        .await;
        match answer {
            Ok((status, body)) => {
                if !status.is_success() {
                    self.refused.fetch_add(1, Ordering::Relaxed);
                    *self
                        .refusals
                        .lock()
                        .unwrap()
                        .entry(status.as_u16())
                        .or_default() += 1;
                }
                Some((status, body))
            }
            Err(_) => {
                self.unanswered.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }
}

impl<'a> Chaos<'a> {
    fn start(
        binary: &'a Path,
        scratch: &'a Path,
        database: Option<String>,
        plan: &'a Plan,
        seed: u64,
    ) -> Result<Self> {
        let mut env = vec![
            ("AUTH_RATE_LIMIT", "1000000".to_owned()),
            ("DATABASE_MAX_CONNECTIONS", "16".to_owned()),
            ("DEMO_DATA", "false".to_owned()),
        ];
        let database_url = match database {
            Some(url) => {
                env.push(("DATABASE_URL", url.clone()));
                url
            }
            None => format!("sqlite://{}", scratch.join("bazaar.db").display()),
        };
        let mut chaos = Self {
            binary,
            scratch,
            plan,
            env,
            database_url,
            server: None,
            live: Arc::new(Live {
                base: RwLock::new(String::new()),
                http: Client::builder().timeout(Duration::from_secs(15)).build()?,
                stop: AtomicBool::new(false),
                checkouts: Mutex::default(),
                messages: Mutex::default(),
                uploaded: Mutex::default(),
                deleted: Mutex::default(),
                in_doubt: Mutex::default(),
                delivered: Mutex::default(),
                requests: AtomicU64::new(0),
                unanswered: AtomicU64::new(0),
                refused: AtomicU64::new(0),
                refusals: Mutex::default(),
                frames: AtomicU64::new(0),
            }),
            random: Random(seed),
            last_kill: 0,
            orphaned_by_kills: 0,
        };
        chaos.boot()?;
        Ok(chaos)
    }

    /// Starts the server (on a fresh port) and points the load at it.
    fn boot(&mut self) -> Result<Duration> {
        let env: Vec<(&str, &str)> = self.env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let server = Server::start(self.binary, self.scratch, &env)?;
        let started_in = server.started_in;
        *self.live.base.write().unwrap() = format!("http://127.0.0.1:{}", server.port);
        self.server = Some(server);
        Ok(started_in)
    }

    fn site(&self) -> Result<Site> {
        let port = self.server.as_ref().context("no server")?.port;
        Ok(Site::new(port, self.scratch))
    }

    /// Shops with pictured products, buyers with an address and a conversation each.
    async fn open_market(&self, picture: &[u8]) -> Result<Market> {
        let began = Instant::now();
        let site = self.site()?;
        let mut market = Market {
            sellers: Vec::new(),
            shops: Vec::new(),
            products: BTreeMap::new(),
            shop_products: Vec::new(),
            buyers: Vec::new(),
        };
        for s in 0..self.plan.shops {
            let shop = json!({"name": format!("Chaos shop {s}"), "phone": "+1 555 010 0200",
                "address": "1 Chaos Street", "postal_code": "10001"});
            let seller = site
                .account(&format!("seller{s}@chaos.test"), Some(shop))
                .await?;
            let my_shop: Value = site
                .http
                .get(format!("{}/api/v1/me/shop", site.base))
                .bearer_auth(&seller.token)
                .send()
                .await?
                .json()
                .await?;
            market
                .shops
                .push(my_shop["id"].as_str().context("no shop id")?.to_owned());
            let mut products = Vec::new();
            for p in 0..self.plan.products_per_shop {
                let created: Value = site
                    .http
                    .post(format!("{}/api/v1/products", site.base))
                    .bearer_auth(&seller.token)
                    .json(&json!({
                        "name": format!("Chaos item {s}-{p}"),
                        "description": "A thing bought while the server crashes",
                        "category": "home", "tags": ["chaos"],
                        "original_price": {"amount": 1_250 + 100 * p as i64, "currency": "USD"},
                        "price": {"amount": 1_000 + 100 * p as i64, "currency": "USD"},
                        "stock": self.plan.stock
                    }))
                    .send()
                    .await?
                    .json()
                    .await?;
                let id = created["id"].as_str().context("no product id")?.to_owned();
                let uploaded = site
                    .http
                    .post(format!("{}/api/v1/products/{id}/images", site.base))
                    .bearer_auth(&seller.token)
                    .multipart(
                        Form::new()
                            .part("image", Part::bytes(picture.to_vec()).file_name("item.png")),
                    )
                    .send()
                    .await?;
                ensure!(
                    uploaded.status().is_success(),
                    "a picture: {}",
                    uploaded.status()
                );
                market.products.insert(id.clone(), self.plan.stock);
                products.push(id);
            }
            market.shop_products.push(products);
            market.sellers.push(seller);
        }
        for b in 0..self.plan.buyers {
            let account = site.account(&format!("buyer{b}@chaos.test"), None).await?;
            let address = site.add_address(&account).await?;
            let conversation: Value = site
                .http
                .post(format!("{}/api/v1/conversations", site.base))
                .bearer_auth(&account.token)
                .json(&json!({"shop_id": market.shops[b % market.shops.len()]}))
                .send()
                .await?
                .json()
                .await?;
            market.buyers.push(Buyer {
                account,
                address,
                conversation: conversation["id"]
                    .as_str()
                    .context("no conversation id")?
                    .to_owned(),
            });
        }
        println!(
            "set up {} shops, {} products, {} buyers in {:.1} s",
            market.shops.len(),
            market.products.len(),
            market.buyers.len(),
            began.elapsed().as_secs_f64()
        );
        Ok(market)
    }

    async fn load_and_kill(&mut self, market: &Market, picture: &[u8]) -> Result<()> {
        let products: Vec<String> = market.products.keys().cloned().collect();
        let mut tasks = Vec::new();
        for (n, buyer) in market.buyers.iter().enumerate() {
            tasks.push(tokio::spawn(shop_loop(
                self.live.clone(),
                buyer.account.token.clone(),
                buyer.address.clone(),
                buyer.conversation.clone(),
                products.clone(),
                n as u64 + 1,
            )));
        }
        for (n, seller) in market.sellers.iter().enumerate() {
            tasks.push(tokio::spawn(seller_loop(
                self.live.clone(),
                seller.token.clone(),
                market.shop_products[n].clone(),
                picture.to_vec(),
                n as u64 + 101,
            )));
            tasks.push(tokio::spawn(listen(
                self.live.clone(),
                seller.token.clone(),
            )));
        }
        let began = Instant::now();
        for kill in 1..=self.plan.kills {
            let (low, high) = self.plan.between_kills;
            let wait = low + self.random.below(high - low);
            tokio::time::sleep(Duration::from_millis(wait)).await;
            let server = self.server.take().context("no server")?;
            let status = std::process::Command::new("kill")
                .args(["-KILL", &server.pid().to_string()])
                .status()?;
            ensure!(status.success(), "kill -KILL failed");
            self.last_kill = now_micros();
            drop(server);
            let orphaned = self.orphaned_media().await?;
            self.orphaned_by_kills += orphaned;
            let restarted = tokio::task::block_in_place(|| self.boot())?;
            println!(
                "kill {kill}/{} at {:.1} s (SIGKILL under load; {orphaned} media files left \
                 without a row), up again in {} ms; so far {} requests, {} unanswered",
                self.plan.kills,
                began.elapsed().as_secs_f64(),
                restarted.as_millis(),
                self.live.requests.load(Ordering::Relaxed),
                self.live.unanswered.load(Ordering::Relaxed)
            );
        }
        // Some load on the last instance, then the load stops and is counted.
        tokio::time::sleep(Duration::from_secs(2)).await;
        self.live.stop.store(true, Ordering::Relaxed);
        for task in tasks {
            task.await??;
        }
        let live = &self.live;
        println!(
            "load: {} requests ({} unanswered, {} refused: {:?} by status); acknowledged: {} checkouts, {} orders \
             delivered, {} chat messages ({} websocket frames received), {} pictures uploaded, \
             {} deleted",
            live.requests.load(Ordering::Relaxed),
            live.unanswered.load(Ordering::Relaxed),
            live.refused.load(Ordering::Relaxed),
            live.refusals.lock().unwrap(),
            live.checkouts.lock().unwrap().len(),
            live.delivered.lock().unwrap().len(),
            live.messages.lock().unwrap().len(),
            live.frames.load(Ordering::Relaxed),
            live.uploaded.lock().unwrap().len(),
            live.deleted.lock().unwrap().len(),
        );
        Ok(())
    }

    /// The media files on disk that no image row names.
    async fn orphaned_media(&self) -> Result<usize> {
        sqlx::any::install_default_drivers();
        let db = AnyPool::connect(&self.database_url).await?;
        let referenced = referenced_media(&db).await?;
        db.close().await;
        Ok(media_on_disk(self.scratch)?.difference(&referenced).count())
    }

    async fn check(&self, market: &Market) -> Result<()> {
        sqlx::any::install_default_drivers();
        let db = AnyPool::connect(&self.database_url)
            .await
            .with_context(|| format!("cannot open {}", self.database_url))?;
        let mut failures = Vec::new();
        let mut fail = |what: String| {
            if failures.len() < 40 {
                println!("  FAILED: {what}");
            }
            failures.push(what);
        };

        // A crash must not break the server: sold out (409) and the like are answers, a 500
        // is a failure.
        let errors: u64 = self
            .live
            .refusals
            .lock()
            .unwrap()
            .range(500..)
            .filter(|(status, _)| **status != 503)
            .map(|(_, n)| n)
            .sum();
        if errors != 0 {
            fail(format!("{errors} requests answered with a server error"));
        }
        if !self.database_url.starts_with("postgres") {
            let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_one(&db)
                .await?;
            if integrity != "ok" {
                fail(format!("SQLite's integrity check: {integrity}"));
            }
            println!("checked the SQLite file's integrity: {integrity}");
        }

        // Stock and sold counts against the order lines that hold units.
        for (product, initial) in &market.products {
            let row = sqlx::query(
                "SELECT p.stock, p.sold_count, CAST(COALESCE((SELECT SUM(l.quantity) \
                 FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.product_id = p.id \
                 AND o.status NOT IN ('cancelled', 'refunded')), 0) AS BIGINT) AS held \
                 FROM products p WHERE p.id = $1",
            )
            .bind(product)
            .fetch_one(&db)
            .await?;
            let (stock, sold, held): (i64, i64, i64) =
                (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            if stock + held != *initial || sold != held {
                fail(format!(
                    "product {product}: stock {stock} + ordered {held} ≠ {initial}, or sold count {sold} ≠ {held}"
                ));
            }
            let (status, shown) = self
                .live
                .send(|http, base| http.get(format!("{base}/api/v1/products/{product}")))
                .await
                .context("the product page did not answer")?;
            if status != StatusCode::OK || shown["stock"].as_i64() != Some(stock) {
                fail(format!(
                    "product {product}: the API shows stock {} ({status}), the database {stock}",
                    shown["stock"]
                ));
            }
        }
        println!(
            "checked stock and sold counts of {} products against their order lines (database and API)",
            market.products.len()
        );

        // Acknowledged checkouts, their orders and lines.
        let checkouts = std::mem::take(&mut *self.live.checkouts.lock().unwrap());
        let mut orders_checked = 0;
        let mut lines_checked = 0;
        for checkout in &checkouts {
            let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM checkouts WHERE id = $1")
                .bind(&checkout.id)
                .fetch_one(&db)
                .await?;
            if found != 1 {
                fail(format!("acknowledged checkout {} is missing", checkout.id));
                continue;
            }
            for (order, lines) in &checkout.orders {
                let stored = sqlx::query(
                    "SELECT l.product_id, l.quantity FROM order_lines l JOIN orders o \
                     ON o.id = l.order_id WHERE o.id = $1 AND o.checkout_id = $2 \
                     ORDER BY l.position",
                )
                .bind(order)
                .bind(&checkout.id)
                .fetch_all(&db)
                .await?
                .iter()
                .map(|row| Ok((row.try_get::<String, _>(0)?, row.try_get::<i64, _>(1)?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
                if &stored != lines {
                    fail(format!(
                        "acknowledged order {order}: lines {lines:?} acknowledged, {stored:?} stored"
                    ));
                }
                orders_checked += 1;
                lines_checked += lines.len();
            }
        }
        println!(
            "checked {} acknowledged checkouts: {orders_checked} orders, {lines_checked} lines, all stored",
            checkouts.len()
        );

        // Each shop's ledger.
        let mut entries = 0;
        for shop in &market.shops {
            let row = sqlx::query(
                "SELECT s.balance, \
                 CAST(COALESCE((SELECT SUM(amount) FROM ledger_entries WHERE shop_id = s.id), 0) AS BIGINT), \
                 CAST(COALESCE((SELECT SUM(amount) FROM ledger_entries WHERE shop_id = s.id \
                   AND kind = 'order_credit'), 0) AS BIGINT), \
                 CAST(COALESCE((SELECT SUM(credited) FROM orders WHERE shop_id = s.id \
                   AND credited IS NOT NULL), 0) AS BIGINT), \
                 CAST(COALESCE((SELECT SUM(amount) FROM ledger_entries WHERE shop_id = s.id \
                   AND kind = 'refund_debit'), 0) AS BIGINT), \
                 CAST(COALESCE((SELECT SUM(credited) FROM orders WHERE shop_id = s.id \
                   AND status = 'refunded' AND credited IS NOT NULL), 0) AS BIGINT), \
                 (SELECT COUNT(*) FROM orders WHERE shop_id = s.id AND status = 'delivered' \
                   AND (credited IS NULL OR credited > total OR credited < 0)), \
                 (SELECT COUNT(*) FROM orders o WHERE o.shop_id = s.id AND o.credited IS NOT NULL \
                   AND (SELECT COUNT(*) FROM ledger_entries l WHERE l.order_id = o.id \
                        AND l.kind = 'order_credit' AND l.amount = o.credited) <> 1), \
                 (SELECT COUNT(*) FROM ledger_entries WHERE shop_id = s.id) \
                 FROM shops s WHERE s.id = $1",
            )
            .bind(shop)
            .fetch_one(&db)
            .await?;
            let v: Vec<i64> = (0..9)
                .map(|i| row.try_get::<i64, _>(i))
                .collect::<Result<_, _>>()?;
            entries += v[8];
            if v[0] != v[1] {
                fail(format!(
                    "shop {shop}: balance {} ≠ its entries' sum {}",
                    v[0], v[1]
                ));
            }
            if v[2] != v[3] {
                fail(format!(
                    "shop {shop}: credits {} ≠ what its delivered orders credited {}",
                    v[2], v[3]
                ));
            }
            if v[4] != -v[5] {
                fail(format!(
                    "shop {shop}: refund debits {} ≠ minus its refunded orders' credits {}",
                    v[4], v[5]
                ));
            }
            if v[6] != 0 || v[7] != 0 {
                fail(format!(
                    "shop {shop}: {} delivered orders without a sound credit, {} credited orders \
                     without exactly one matching ledger entry",
                    v[6], v[7]
                ));
            }
        }
        let delivered = self.live.delivered.lock().unwrap().clone();
        for order in &delivered {
            let status: Option<String> =
                sqlx::query_scalar("SELECT status FROM orders WHERE id = $1")
                    .bind(order)
                    .fetch_optional(&db)
                    .await?;
            if status.as_deref() != Some("delivered") {
                fail(format!(
                    "order {order} was acknowledged delivered, is {status:?}"
                ));
            }
        }
        println!(
            "checked the ledgers of {} shops ({entries} entries) against their orders, and {} \
             acknowledged deliveries",
            market.shops.len(),
            delivered.len()
        );

        // Acknowledged chat messages.
        let messages = self.live.messages.lock().unwrap().clone();
        let mut missing = 0;
        for message in &messages {
            let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE id = $1")
                .bind(message)
                .fetch_one(&db)
                .await?;
            if found != 1 {
                missing += 1;
                fail(format!("acknowledged chat message {message} is missing"));
            }
        }
        println!(
            "checked {} acknowledged chat messages: {} missing",
            messages.len(),
            missing
        );

        // Media: the files and the rows that name them.
        let referenced = referenced_media(&db).await?;
        // A killed upload leaves files whose row never committed; the restarted server's
        // janitor sweeps them at start, in the background: a few seconds for it.
        let mut on_disk = BTreeSet::new();
        for _ in 0..20 {
            on_disk = media_on_disk(self.scratch)?;
            if on_disk.is_subset(&referenced) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        for key in referenced.difference(&on_disk) {
            fail(format!("media {key} is referenced but not on disk"));
        }
        for file in on_disk.difference(&referenced) {
            fail(format!(
                "media {file} is on disk but referenced by no image"
            ));
        }
        let image_ids: BTreeSet<String> = sqlx::query_scalar("SELECT id FROM images")
            .fetch_all(&db)
            .await?
            .into_iter()
            .collect();
        let uploaded = self.live.uploaded.lock().unwrap().clone();
        let deleted = self.live.deleted.lock().unwrap().clone();
        let in_doubt = self.live.in_doubt.lock().unwrap().clone();
        for id in uploaded.difference(&deleted) {
            if !image_ids.contains(id) && !in_doubt.contains(id) {
                fail(format!("acknowledged picture {id} is missing"));
            }
        }
        for id in &deleted {
            if image_ids.contains(id) {
                fail(format!(
                    "picture {id} was acknowledged deleted and is still there"
                ));
            }
        }
        println!(
            "checked {} media files on disk against {} referenced keys, {} acknowledged uploads \
             and {} deletions, {} more cut off by a kill ({} files the kills left without a row \
             were swept by the next start's janitor)",
            on_disk.len(),
            referenced.len(),
            uploaded.len(),
            deleted.len(),
            in_doubt.len(),
            self.orphaned_by_kills
        );

        // Jobs: the last instance's worker runs what is due and free; what killed instances
        // held is free within its lease.
        let free_and_due = "SELECT COUNT(*) FROM jobs WHERE dead_at IS NULL AND run_at <= $1 \
             AND (locked_until IS NULL OR locked_until < $1)";
        let mut waiting: i64 = 0;
        for _ in 0..40 {
            waiting = sqlx::query_scalar(free_and_due)
                .bind(now_micros())
                .fetch_one(&db)
                .await?;
            if waiting == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        if waiting != 0 {
            fail(format!(
                "{waiting} due jobs were not run by the restarted server within 20 s"
            ));
        }
        let lease = JOB_LEASE.as_micros() as i64;
        let held: Vec<i64> = sqlx::query_scalar(
            "SELECT locked_until FROM jobs WHERE dead_at IS NULL AND locked_until >= $1",
        )
        .bind(now_micros())
        .fetch_all(&db)
        .await?;
        for until in &held {
            // Claimed before the last kill (by an instance now dead), so free by then + lease.
            if *until > self.last_kill + lease {
                fail(format!(
                    "a job is held until {until}, past the last kill + the lease ({})",
                    self.last_kill + lease
                ));
            }
        }
        let dead: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE dead_at IS NOT NULL")
            .fetch_one(&db)
            .await?;
        if dead != 0 {
            fail(format!("{dead} jobs are dead"));
        }
        let total_jobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs")
            .fetch_one(&db)
            .await?;
        println!(
            "checked the jobs: {total_jobs} left, none due and unrun, {} held by killed instances \
             (free within the lease), {dead} dead",
            held.len()
        );
        if !held.is_empty() && self.plan.wait_lease {
            let free_at = held.iter().max().copied().unwrap_or(0);
            let wait = Duration::from_micros((free_at - now_micros()).max(0) as u64)
                + Duration::from_secs(12);
            println!(
                "waiting {:.0} s for those leases to end and the worker to take them",
                wait.as_secs_f64()
            );
            tokio::time::sleep(wait).await;
            let left: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM jobs WHERE dead_at IS NULL AND run_at <= $1",
            )
            .bind(now_micros())
            .fetch_one(&db)
            .await?;
            if left != 0 {
                fail(format!(
                    "{left} jobs were still not run after their lease ended"
                ));
            } else {
                println!("checked: the jobs killed instances held ran after their lease");
            }
        }
        db.close().await;
        if !failures.is_empty() {
            bail!("{} chaos checks failed", failures.len());
        }
        Ok(())
    }
}

/// A buyer: puts a product in the cart and checks out (cash on delivery), and now and then
/// writes to the shop.
async fn shop_loop(
    live: Arc<Live>,
    token: String,
    address: String,
    conversation: String,
    products: Vec<String>,
    seed: u64,
) -> Result<()> {
    let mut random = Random(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut n = 0u64;
    while !live.stop.load(Ordering::Relaxed) {
        n += 1;
        let product = &products[random.below(products.len() as u64) as usize];
        let quantity = 1 + random.below(2);
        let put = live
            .send(|http, base| {
                http.put(format!("{base}/api/v1/me/cart/items/{product}"))
                    .bearer_auth(&token)
                    .json(&json!({ "quantity": quantity }))
            })
            .await;
        if put.is_none() {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        }
        let key = format!("chaos-{seed}-{n}");
        if let Some((StatusCode::CREATED, body)) = live
            .send(|http, base| {
                http.post(format!("{base}/api/v1/checkout"))
                    .bearer_auth(&token)
                    .header("Idempotency-Key", &key)
                    .json(&json!({"address_id": address, "payment_method": "cod"}))
            })
            .await
        {
            live.checkouts.lock().unwrap().push(acked_checkout(&body)?);
        }
        if n.is_multiple_of(3) {
            let text = format!("message {n} from a buyer");
            if let Some((status, body)) = live
                .send(|http, base| {
                    http.post(format!(
                        "{base}/api/v1/conversations/{conversation}/messages"
                    ))
                    .bearer_auth(&token)
                    .json(&json!({ "text": text }))
                })
                .await
                && status.is_success()
            {
                let id = body["id"].as_str().context("a message without an id")?;
                live.messages.lock().unwrap().push(id.to_owned());
            }
        }
    }
    Ok(())
}

fn acked_checkout(body: &Value) -> Result<AckedCheckout> {
    let mut orders = BTreeMap::new();
    for order in body["orders"]
        .as_array()
        .context("a checkout without orders")?
    {
        let lines = order["lines"]
            .as_array()
            .context("an order without lines")?
            .iter()
            .map(|line| {
                Ok((
                    line["product_id"]
                        .as_str()
                        .context("product_id")?
                        .to_owned(),
                    line["quantity"].as_i64().context("quantity")?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        orders.insert(
            order["id"].as_str().context("an order id")?.to_owned(),
            lines,
        );
    }
    Ok(AckedCheckout {
        id: body["checkout_id"]
            .as_str()
            .context("a checkout id")?
            .to_owned(),
        orders,
    })
}

/// A seller: delivers the oldest processing order, and keeps adding and removing pictures.
async fn seller_loop(
    live: Arc<Live>,
    token: String,
    products: Vec<String>,
    picture: Vec<u8>,
    seed: u64,
) -> Result<()> {
    let mut random = Random(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut pictures: HashMap<String, Vec<String>> = HashMap::new();
    while !live.stop.load(Ordering::Relaxed) {
        if let Some((StatusCode::OK, list)) = live
            .send(|http, base| {
                http.get(format!(
                    "{base}/api/v1/me/shop/orders?status=processing&limit=5"
                ))
                .bearer_auth(&token)
            })
            .await
            && let Some(order) = list["items"]
                .as_array()
                .and_then(|items| items.first())
                .and_then(|o| o["id"].as_str())
        {
            let order = order.to_owned();
            if let Some((status, _)) = live
                .send(|http, base| {
                    http.post(format!("{base}/api/v1/orders/{order}/status"))
                        .bearer_auth(&token)
                        .json(&json!({"status": "delivered"}))
                })
                .await
                && status.is_success()
            {
                live.delivered.lock().unwrap().push(order);
            }
        }
        let product = &products[random.below(products.len() as u64) as usize];
        let mine = pictures.entry(product.clone()).or_default();
        if mine.len() < 2 {
            let form =
                Form::new().part("image", Part::bytes(picture.clone()).file_name("more.png"));
            if let Some((status, body)) = live
                .send(|http, base| {
                    http.post(format!("{base}/api/v1/products/{product}/images"))
                        .bearer_auth(&token)
                        .multipart(form)
                })
                .await
                && status.is_success()
                && let Some(image) = body["images"].as_array().and_then(|i| i.last())
            {
                let id = image["id"].as_str().context("an image id")?.to_owned();
                live.uploaded.lock().unwrap().insert(id.clone());
                mine.push(id);
            }
        } else {
            let id = mine.remove(0);
            match live
                .send(|http, base| {
                    http.delete(format!("{base}/api/v1/products/{product}/images/{id}"))
                        .bearer_auth(&token)
                })
                .await
            {
                Some((status, _)) if status.is_success() => {
                    live.deleted.lock().unwrap().insert(id);
                }
                Some(_) => {}
                None => {
                    live.in_doubt.lock().unwrap().insert(id);
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// A seller's websocket, opened again whenever the server went away; counts the frames.
async fn listen(live: Arc<Live>, token: String) -> Result<()> {
    while !live.stop.load(Ordering::Relaxed) {
        let url = format!("{}/api/v1/ws", live.base().replacen("http", "ws", 1));
        let mut request = url.into_client_request()?;
        request.headers_mut().insert(
            "sec-websocket-protocol",
            HeaderValue::from_str(&format!("bazaar.v1, bearer.{token}"))?,
        );
        let Ok(Ok((mut socket, _))) = tokio::time::timeout(
            Duration::from_secs(5),
            tokio_tungstenite::connect_async(request),
        )
        .await
        else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        loop {
            match tokio::time::timeout(Duration::from_millis(500), socket.next()).await {
                Ok(Some(Ok(Message::Text(_)))) => {
                    live.frames.fetch_add(1, Ordering::Relaxed);
                }
                Ok(Some(Ok(_))) | Err(_) => {}
                Ok(None | Some(Err(_))) => break,
            }
            if live.stop.load(Ordering::Relaxed) {
                let _ = socket.close(None).await;
                let _ = socket.flush().await;
                break;
            }
        }
    }
    Ok(())
}

/// Every key the images table names (each image's file and its thumbnail's).
async fn referenced_media(db: &AnyPool) -> Result<BTreeSet<String>> {
    let mut keys = BTreeSet::new();
    for row in sqlx::query("SELECT key, thumb_key FROM images")
        .fetch_all(db)
        .await?
    {
        keys.insert(row.try_get::<String, _>(0)?);
        keys.insert(row.try_get::<String, _>(1)?);
    }
    Ok(keys)
}

/// The keys of the files in the media directory.
fn media_on_disk(data_dir: &Path) -> Result<BTreeSet<String>> {
    let media = data_dir.join("media");
    Ok(files_under(&media)?
        .into_iter()
        .filter_map(|path| {
            path.strip_prefix(&media)
                .ok()
                .map(|p| p.to_string_lossy().into_owned())
        })
        .collect())
}

fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(files);
    };
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            files.extend(files_under(&entry.path())?);
        } else {
            files.push(entry.path());
        }
    }
    Ok(files)
}

fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64)
}

/// xorshift64*: enough randomness for kill timing, repeatable from a seed.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % bound.max(1)
    }
}
