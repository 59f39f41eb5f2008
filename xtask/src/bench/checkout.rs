//! `cargo xtask bench checkout`: 64 buyers, each putting one of many products of several
//! shops in the cart and checking out (cash on delivery: no provider in the loop), again and
//! again; then 200 buyers racing for the last 50 units of one product. On SQLite and, when a
//! server is at hand, PostgreSQL. The server sends its mail (two a checkout) over SMTP to a
//! sink here, as a deployment sends it to its relay.
//!
//! Two measures of the 64 buyers: how fast checkouts go when the buyers come at the target
//! rate, 300 a second between them (the checkout request's p50/p99, from when it was due, so
//! a server that falls behind shows in the latency), and the capacity: how many checkouts a
//! second when each buyer checks out again the moment the last one answered. In that
//! saturated loop the latency is the buyers' count over the rate (Little's law), so it is
//! printed but is not what the latency target is about.
//!
//! `BENCH_BASELINE=<an older release binary>` measures that one first, in the same run, for
//! before/after ratios.

use super::mail_sink::MailSink;
use super::site::{Account, Mail, Site};
use super::startup::{fresh_postgres_database, postgres_server, psql};
use super::{Server, print_machine, release_backend};
use anyhow::{Context, Result, ensure};
use futures_util::StreamExt;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CONCURRENT_BUYERS: usize = 64;
const RACERS: usize = 200;
const HOT_STOCK: i64 = 50;
const SHOPS: usize = 4;
const PRODUCTS_PER_SHOP: usize = 16;
const DURATION: Duration = Duration::from_secs(10);
const WARM_UP: Duration = Duration::from_secs(3);
/// Targets for this 2-core machine, load generator included.
const TARGET_RATE: f64 = 300.0;
const TARGET_P99_MS: f64 = 100.0;

pub fn run(root: &Path) -> Result<()> {
    let binary = release_backend(root)?;
    // Before and after a change in one run: an older release binary, measured beside this one.
    let baseline = std::env::var_os("BENCH_BASELINE").map(PathBuf::from);
    let picture = std::fs::read(root.join("src-tauri/icons/icon.png"))
        .context("the product picture (src-tauri/icons/icon.png)")?;
    print_machine();
    println!(
        "{CONCURRENT_BUYERS} buyers checking out over {} products of {SHOPS} shops, {} s \
         unmeasured to warm up, then {} s paced and {} s at capacity; then {RACERS} buyers \
         racing for {HOT_STOCK} units",
        SHOPS * PRODUCTS_PER_SHOP,
        WARM_UP.as_secs(),
        DURATION.as_secs(),
        DURATION.as_secs(),
    );
    let mut builds = vec![("", binary.as_path())];
    if let Some(baseline) = &baseline {
        println!("baseline: {}", baseline.display());
        builds.insert(0, (" (baseline)", baseline.as_path()));
    }
    let postgres = postgres_server();
    for (n, (which, binary)) in builds.iter().enumerate() {
        measure(&format!("SQLite{which}"), binary, None, &picture)?;
        match &postgres {
            Some(server) => measure(
                &format!("PostgreSQL{which}"),
                binary,
                Some(fresh_postgres_database(server, n)),
                &picture,
            )?,
            None => println!(
                "PostgreSQL: skipped (no BENCH_DATABASE_URL and no local server answering psql)"
            ),
        }
    }
    Ok(())
}

fn measure(label: &str, binary: &Path, database: Option<String>, picture: &[u8]) -> Result<()> {
    let scratch =
        std::env::temp_dir().join(format!("bazaar-bench-checkout-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let runtime = tokio::runtime::Runtime::new()?;
    // Mail goes over SMTP, as in a deployment (two mails a checkout).
    let sink = runtime.block_on(MailSink::start())?;
    let mut env = vec![
        ("AUTH_RATE_LIMIT", "1000000".to_owned()),
        ("DATABASE_MAX_CONNECTIONS", "32".to_owned()),
        ("SMTP_URL", format!("smtp://127.0.0.1:{}", sink.port)),
    ];
    if let Some(url) = &database {
        env.push(("DATABASE_URL", url.clone()));
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let server = Server::start(binary, &scratch, &env)?;
    let site = Site::mailing_to(server.port, Mail::Sink(sink.clone()));
    let result = runtime.block_on(async {
        let market = Market::open(&site, picture).await?;
        // A live database has statistics (autovacuum analyses a table within a minute of
        // its first changes); one made a second ago has none, and PostgreSQL then plans
        // the cart's join from the wrong end.
        if let Some(url) = &database {
            ensure!(psql(url, "ANALYZE"), "ANALYZE failed on {url}");
        }
        // Unmeasured: the pool opens its connections and each prepares its statements, as a
        // server in service has long done (`bench startup` measures a cold start).
        market.load(&site, None, WARM_UP).await?;
        let paced = market.load(&site, Some(TARGET_RATE), DURATION).await?;
        let saturated = market.load(&site, None, DURATION).await?;
        let race = market.race(&site).await?;
        println!(
            "{label:<10} at {TARGET_RATE:.0} checkouts/s offered: {:.0}/s done, p50 {:.1} ms, \
             p99 {:.1} ms, {} errors",
            paced.per_second, paced.p50_ms, paced.p99_ms, paced.errors,
        );
        println!(
            "{label:<10} capacity (each buyer again at once): {:.0} checkouts/s, p50 {:.1} ms, \
             p99 {:.1} ms, {} errors",
            saturated.per_second, saturated.p50_ms, saturated.p99_ms, saturated.errors,
        );
        let met = saturated.per_second >= TARGET_RATE
            && paced.p99_ms < TARGET_P99_MS
            && paced.errors == 0
            && saturated.errors == 0;
        println!(
            "{label:<10} target ≥ {TARGET_RATE:.0}/s with p99 < {TARGET_P99_MS:.0} ms: {}",
            if met { "met" } else { "NOT met" }
        );
        println!(
            "{label:<10} race: {} of {RACERS} buyers got one of {HOT_STOCK} units, {} were told it \
             sold out, stock left {}: {}",
            race.sold,
            race.refused,
            race.stock_left,
            if race.sold == HOT_STOCK as usize && race.stock_left == 0 {
                "exact"
            } else {
                "WRONG"
            }
        );
        println!(
            "{label:<10} mail: {} messages reached the SMTP sink",
            sink.received()
        );
        Ok::<_, anyhow::Error>(())
    });
    drop(server);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

struct Buyer {
    account: Account,
    address: String,
}

struct Market {
    products: Vec<String>,
    hot: String,
    buyers: Vec<Buyer>,
}

struct Steady {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: usize,
}

struct Race {
    sold: usize,
    refused: usize,
    stock_left: i64,
}

impl Market {
    async fn open(site: &Site, picture: &[u8]) -> Result<Self> {
        let began = Instant::now();
        let mut products = Vec::new();
        let mut hot = String::new();
        for s in 0..SHOPS {
            let shop = json!({"name": format!("Bench shop {s}"), "phone": "+1 555 010 0200",
                "address": "1 Bench Street", "postal_code": "10001"});
            let seller = site
                .account(&format!("seller{s}@bench.test"), Some(shop))
                .await?;
            for p in 0..PRODUCTS_PER_SHOP {
                products.push(product(site, &seller, p, 1_000_000, picture).await?);
            }
            if s == 0 {
                hot = product(site, &seller, PRODUCTS_PER_SHOP, HOT_STOCK, picture).await?;
            }
        }
        let buyers: Vec<Result<Buyer>> = futures_util::stream::iter(0..RACERS)
            .map(|n| buyer(site, n))
            .buffer_unordered(8)
            .collect()
            .await;
        let buyers = buyers.into_iter().collect::<Result<Vec<_>>>()?;
        println!(
            "set up {SHOPS} shops, {} products and {RACERS} buyers in {:.1} s",
            products.len() + 1,
            began.elapsed().as_secs_f64()
        );
        Ok(Self {
            products,
            hot,
            buyers,
        })
    }

    /// Each buyer puts one of the products in the cart and checks out, again and again: at
    /// its turn when `rate` (checkouts a second among all buyers) is given, else at once.
    /// A checkout's latency counts from when it was due, not from when a late buyer sent it.
    async fn load(&self, site: &Site, rate: Option<f64>, duration: Duration) -> Result<Steady> {
        let began = Instant::now();
        let deadline = began + duration;
        let loops =
            self.buyers
                .iter()
                .take(CONCURRENT_BUYERS)
                .enumerate()
                .map(|(n, buyer)| async move {
                    let (mut latencies, mut errors) = (Vec::new(), 0usize);
                    let mut pick = n * 7919;
                    // With a rate, the buyers take turns: buyer n at n/rate, then every
                    // CONCURRENT_BUYERS/rate seconds.
                    let turn = rate.map(|r| Duration::from_secs_f64(1.0 / r));
                    let mut due = began + turn.map_or(Duration::ZERO, |t| t * n as u32);
                    while Instant::now() < deadline && due < deadline {
                        // How late this buyer starts its turn, counted into the checkout's
                        // latency: a server that fell behind does not hide it by slowing the
                        // buyers down.
                        let late = match turn {
                            Some(turn) => {
                                tokio::time::sleep_until(due.into()).await;
                                let late = due.elapsed();
                                due += turn * CONCURRENT_BUYERS as u32;
                                late
                            }
                            None => Duration::ZERO,
                        };
                        pick = (pick * 31 + 17) % self.products.len();
                        if !put_in_cart(site, &buyer.account, &self.products[pick]).await? {
                            errors += 1;
                            continue;
                        }
                        let sent = Instant::now();
                        let answer = checkout(site, buyer).await?;
                        if answer.status().as_u16() == 201 {
                            latencies.push(sent.elapsed() + late);
                        } else {
                            report("checkout", answer).await;
                            errors += 1;
                        }
                    }
                    Ok::<_, anyhow::Error>((latencies, errors))
                });
        let mut latencies = Vec::new();
        let mut errors = 0;
        for outcome in futures_util::future::join_all(loops).await {
            let (mut times, failed) = outcome?;
            latencies.append(&mut times);
            errors += failed;
        }
        let elapsed = began.elapsed();
        ensure!(!latencies.is_empty(), "no checkout succeeded");
        latencies.sort_unstable();
        let at = |p: f64| {
            let i = ((latencies.len() - 1) as f64 * p).round() as usize;
            latencies[i].as_secs_f64() * 1000.0
        };
        Ok(Steady {
            per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
            p50_ms: at(0.50),
            p99_ms: at(0.99),
            errors,
        })
    }

    /// Every buyer has the hot product in the cart; all check out at once.
    async fn race(&self, site: &Site) -> Result<Race> {
        for buyer in &self.buyers {
            ensure!(
                put_in_cart(site, &buyer.account, &self.hot).await?,
                "the hot product did not go in a cart"
            );
        }
        let answers =
            futures_util::future::join_all(self.buyers.iter().map(|b| checkout(site, b))).await;
        let (mut sold, mut refused) = (0, 0);
        for answer in answers {
            match answer?.status().as_u16() {
                201 => sold += 1,
                409 => refused += 1,
                other => anyhow::bail!("a racing checkout answered {other}"),
            }
        }
        let hot: Value = site
            .http
            .get(format!("{}/api/v1/products/{}", site.base, self.hot))
            .send()
            .await?
            .json()
            .await?;
        Ok(Race {
            sold,
            refused,
            stock_left: hot["stock"].as_i64().context("no stock")?,
        })
    }
}

async fn product(
    site: &Site,
    seller: &Account,
    n: usize,
    stock: i64,
    picture: &[u8],
) -> Result<String> {
    let price = 1_000 + (n as i64 % 9) * 250;
    let created: Value = site
        .http
        .post(format!("{}/api/v1/products", site.base))
        .bearer_auth(&seller.token)
        .json(&json!({
            "name": format!("Bench item {n}"), "description": "A thing to buy in a benchmark",
            "category": "home", "tags": ["bench"],
            "original_price": {"amount": price, "currency": "USD"},
            "price": {"amount": price, "currency": "USD"}, "stock": stock
        }))
        .send()
        .await?
        .json()
        .await?;
    let id = created["id"].as_str().context("no product id")?.to_owned();
    let form = Form::new().part("image", Part::bytes(picture.to_vec()).file_name("item.png"));
    let uploaded = site
        .http
        .post(format!("{}/api/v1/products/{id}/images", site.base))
        .bearer_auth(&seller.token)
        .multipart(form)
        .send()
        .await?;
    ensure!(
        uploaded.status().is_success(),
        "picture upload: {}",
        uploaded.status()
    );
    Ok(id)
}

async fn buyer(site: &Site, n: usize) -> Result<Buyer> {
    let account = site.account(&format!("buyer{n}@bench.test"), None).await?;
    let address = site.add_address(&account).await?;
    Ok(Buyer { account, address })
}

async fn put_in_cart(site: &Site, account: &Account, product: &str) -> Result<bool> {
    let answer = site
        .http
        .put(format!("{}/api/v1/me/cart/items/{product}", site.base))
        .bearer_auth(&account.token)
        .json(&json!({"quantity": 1}))
        .send()
        .await?;
    let ok = answer.status().is_success();
    if !ok {
        report("putting in the cart", answer).await;
    }
    Ok(ok)
}

/// Places the buyer's cart with a fresh Idempotency-Key.
async fn checkout(site: &Site, buyer: &Buyer) -> Result<reqwest::Response> {
    Ok(site
        .http
        .post(format!("{}/api/v1/checkout", site.base))
        .bearer_auth(&buyer.account.token)
        .header("Idempotency-Key", uuid_like())
        .json(&json!({"address_id": buyer.address, "payment_method": "cod"}))
        .send()
        .await?)
}

/// Says what an error was: a count alone does not tell a bug from a sold-out product.
async fn report(what: &str, answer: reqwest::Response) {
    let status = answer.status();
    let body = answer.text().await.unwrap_or_default();
    eprintln!(
        "{what} failed: {status} {}",
        body.chars().take(300).collect::<String>()
    );
}

/// A key unique within this process: time and a counter.
fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("bench-{nanos}-{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}
