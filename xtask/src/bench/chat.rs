//! `cargo xtask bench chat`: 10,000 open websockets on one instance, most of them idle (as
//! most people are), while buyer/shop pairs send messages over REST at a target rate. It
//! prints the delivery latency — from sending the request to the frame arriving on the
//! other side's socket — and the server's memory with every socket open.

use super::site::{Account, Site};
use super::{Server, print_machine, release_backend, rss_kib};
use anyhow::{Context, Result, bail, ensure};
use futures_util::StreamExt;
use serde_json::{Value, json};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

const SOCKETS: usize = 10_000;
/// Buyer/shop pairs exchanging messages; each side has one socket open.
const PAIRS: usize = 50;
/// Accounts holding the idle sockets (many devices each).
const IDLE_ACCOUNTS: usize = 10;
/// Offered message rates, the last one the target.
const RATES: [u64; 3] = [500, 1_000, TARGET_RATE];
const TARGET_RATE: u64 = 2_000;
/// Requests waiting for an answer at most; past it the generator waits, and the achieved
/// rate, not a pile of queued requests, shows that the server is saturated.
const MAX_IN_FLIGHT: usize = 256;
const DURATION: Duration = Duration::from_secs(10);

pub fn run(root: &Path) -> Result<()> {
    let binary = release_backend(root)?;
    print_machine();
    let scratch = std::env::temp_dir().join(format!("bazaar-bench-chat-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let server = Server::start(
        &binary,
        &scratch,
        &[
            ("AUTH_RATE_LIMIT", "1000000"),
            ("DATABASE_MAX_CONNECTIONS", "32"),
            // Ten thousand sockets of a few accounts, all from this one address.
            ("WS_MAX_PER_ACCOUNT", "100000"),
            ("WS_MAX_PER_ADDRESS", "100000"),
        ],
    )?;
    let bench = Bench {
        site: Site::new(server.port, &scratch),
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let result = runtime.block_on(bench.run(server.pid()));
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

struct Bench {
    site: Site,
}

struct Pair {
    buyer: Account,
    seller: Account,
    conversation: String,
}

/// Latencies in microseconds of the frames that reached the other side.
type Latencies = Arc<Mutex<Vec<u64>>>;

impl Bench {
    async fn run(&self, server_pid: u32) -> Result<()> {
        let began = Instant::now();
        let mut pairs = Vec::with_capacity(PAIRS);
        for n in 0..PAIRS {
            pairs.push(self.pair(n).await?);
        }
        let mut idle = Vec::with_capacity(IDLE_ACCOUNTS);
        for n in 0..IDLE_ACCOUNTS {
            idle.push(
                self.site
                    .account(&format!("idle{n}@bench.test"), None)
                    .await?,
            );
        }
        println!(
            "set up {} accounts in {:.1} s",
            PAIRS * 2 + IDLE_ACCOUNTS,
            began.elapsed().as_secs_f64()
        );

        let clock = Instant::now();
        let latencies: Latencies = Arc::default();
        for pair in &pairs {
            for account in [&pair.buyer, &pair.seller] {
                let socket = self.socket(&account.token).await?;
                tokio::spawn(measure(
                    socket,
                    account.id.clone(),
                    clock,
                    latencies.clone(),
                ));
            }
        }
        let opening = Instant::now();
        let idle_sockets = SOCKETS - PAIRS * 2;
        let opened = futures_util::stream::iter(0..idle_sockets)
            .map(|n| self.socket(&idle[n % IDLE_ACCOUNTS].token))
            .buffer_unordered(64)
            .map(|socket| socket.map(|socket| tokio::spawn(drain(socket))))
            .collect::<Vec<_>>()
            .await;
        let failed = opened.iter().filter(|o| o.is_err()).count();
        ensure!(failed == 0, "{failed} websockets did not open");
        let rss = rss_kib(server_pid)?;
        println!(
            "{SOCKETS} websockets open ({} idle) in {:.1} s; server RSS {:.0} MiB ({:.1} KiB a socket)",
            idle_sockets,
            opening.elapsed().as_secs_f64(),
            rss as f64 / 1024.0,
            rss as f64 / SOCKETS as f64
        );

        println!(
            "\nmessages over REST to the other side's websocket (at most {MAX_IN_FLIGHT} in flight), {} s a rate, SQLite; the load generator shares the cores",
            DURATION.as_secs()
        );
        println!(
            "{:>9} {:>10} {:>10} {:>8} {:>10} {:>9} {:>9} {:>9}",
            "offered/s", "sent", "sent/s", "errors", "delivered", "p50 ms", "p99 ms", "max ms"
        );
        for rate in RATES {
            latencies.lock().expect("latencies").clear();
            let (sent, errors) = self.send_load(&pairs, clock, rate).await;
            // Frames still on their way.
            tokio::time::sleep(Duration::from_secs(2)).await;
            let mut measured = latencies.lock().expect("latencies").clone();
            measured.sort_unstable();
            if measured.is_empty() {
                bail!("no message reached the other side");
            }
            let percentile = |p: f64| {
                let index = ((measured.len() as f64 * p / 100.0).ceil() as usize).max(1) - 1;
                measured[index.min(measured.len() - 1)] as f64 / 1000.0
            };
            println!(
                "{rate:>9} {sent:>10} {:>10.0} {errors:>8} {:>10} {:>9.2} {:>9.2} {:>9.2}",
                sent as f64 / DURATION.as_secs_f64(),
                measured.len(),
                percentile(50.0),
                percentile(99.0),
                percentile(100.0)
            );
            if rate == TARGET_RATE {
                let met = percentile(99.0) < 50.0
                    && sent as f64 >= 0.95 * (rate * DURATION.as_secs()) as f64;
                println!(
                    "target: p99 under 50 ms at {TARGET_RATE} messages/s with {SOCKETS} sockets open: {}",
                    if met { "met" } else { "NOT met" }
                );
            }
        }
        Ok(())
    }

    /// Sends at the target rate, in ticks of 10 ms, alternating sides; returns (sent, errors).
    async fn send_load(&self, pairs: &[Pair], clock: Instant, rate: u64) -> (u64, u64) {
        let sent = Arc::new(AtomicU64::new(0));
        let errors = Arc::new(AtomicU64::new(0));
        let per_tick = rate / 100;
        let mut ticks = tokio::time::interval(Duration::from_millis(10));
        let deadline = Instant::now() + DURATION;
        let mut n = 0usize;
        let mut in_flight = Vec::new();
        let permits = Arc::new(tokio::sync::Semaphore::new(MAX_IN_FLIGHT));
        while Instant::now() < deadline {
            ticks.tick().await;
            for _ in 0..per_tick {
                let Ok(permit) = permits.clone().acquire_owned().await else {
                    break;
                };
                let pair = &pairs[n % PAIRS];
                let from = if (n / PAIRS).is_multiple_of(2) {
                    &pair.buyer
                } else {
                    &pair.seller
                };
                let request = self
                    .site
                    .http
                    .post(format!(
                        "{}/api/v1/conversations/{}/messages",
                        self.site.base, pair.conversation
                    ))
                    .bearer_auth(&from.token)
                    .json(&json!({ "text": clock.elapsed().as_micros().to_string() }));
                let (sent, errors) = (sent.clone(), errors.clone());
                in_flight.push(tokio::spawn(async move {
                    let _permit = permit;
                    match request.send().await {
                        Ok(response) if response.status().is_success() => {
                            sent.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }));
                n += 1;
            }
        }
        for request in in_flight {
            let _ = request.await;
        }
        (sent.load(Ordering::Relaxed), errors.load(Ordering::Relaxed))
    }

    async fn pair(&self, n: usize) -> Result<Pair> {
        let shop = json!({"name": format!("Bench shop {n}"), "phone": "+1 555 010 0200",
            "address": "1 Bench Street", "postal_code": "10001"});
        let seller = self
            .site
            .account(&format!("seller{n}@bench.test"), Some(shop))
            .await?;
        let buyer = self
            .site
            .account(&format!("buyer{n}@bench.test"), None)
            .await?;
        let my_shop: Value = self
            .site
            .http
            .get(format!("{}/api/v1/me/shop", self.site.base))
            .bearer_auth(&seller.token)
            .send()
            .await?
            .json()
            .await?;
        let conversation: Value = self
            .site
            .http
            .post(format!("{}/api/v1/conversations", self.site.base))
            .bearer_auth(&buyer.token)
            .json(&json!({"shop_id": my_shop["id"]}))
            .send()
            .await?
            .json()
            .await?;
        let conversation = conversation["id"]
            .as_str()
            .context("no conversation id")?
            .to_owned();
        Ok(Pair {
            buyer,
            seller,
            conversation,
        })
    }

    async fn socket(&self, token: &str) -> Result<Socket> {
        let url = format!("{}/api/v1/ws", self.site.base.replacen("http", "ws", 1));
        let mut request = url.into_client_request()?;
        request.headers_mut().insert(
            "sec-websocket-protocol",
            HeaderValue::from_str(&format!("bazaar.v1, bearer.{token}"))?,
        );
        Ok(tokio_tungstenite::connect_async(request).await?.0)
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Records how long each message from the other side took to arrive.
async fn measure(mut socket: Socket, me: String, clock: Instant, latencies: Latencies) {
    while let Some(Ok(frame)) = socket.next().await {
        let Message::Text(text) = frame else { continue };
        let Ok(event) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if event["type"] != "message_created" || event["message"]["sender_id"] == me.as_str() {
            continue;
        }
        if let Some(sent) = event["message"]["text"]
            .as_str()
            .and_then(|t| t.parse::<u64>().ok())
        {
            let now = clock.elapsed().as_micros() as u64;
            latencies
                .lock()
                .expect("latencies")
                .push(now.saturating_sub(sent));
        }
    }
}

/// Keeps an idle socket read, so the server's pings get their pongs.
async fn drain(mut socket: Socket) {
    while let Some(Ok(_)) = socket.next().await {}
    let _ = socket.close(None).await;
}
