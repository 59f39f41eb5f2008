//! `cargo xtask bench chat`: 10,000 open websockets on one instance, most of them idle (as
//! most people are), while buyer/shop pairs send messages at a target rate, over REST and
//! then over their websockets (acknowledged once stored). It prints the delivery latency —
//! from sending to the frame arriving on the other side's socket — and the server's memory
//! with every socket open; on SQLite, then on PostgreSQL (`BENCH_DATABASE_URL`, or the local
//! server). Then the same load goes to a Socket.IO relay that persists nothing (`relay`),
//! the design Bazaar replaces.

use super::relay::{self, Relay};
use super::site::{Account, Site};
use super::startup::{fresh_postgres_database, postgres_server, psql};
use super::{Server, print_machine, release_backend, rss_kib};
use anyhow::{Context, Result, bail, ensure};
use futures_util::future::BoxFuture;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

const SOCKETS: usize = 10_000;
/// Buyer/shop pairs exchanging messages; each side has one socket open.
const PAIRS: usize = 50;
/// Accounts holding the idle sockets (many devices each).
const IDLE_ACCOUNTS: usize = 10;
/// Offered message rates, the last one the target.
const RATES: [u64; 4] = [1_000, 2_000, 3_000, TARGET_RATE];
const TARGET_RATE: u64 = 5_000;
/// Requests waiting for an answer at most; past it the generator waits, and the achieved
/// rate, not a pile of queued requests, shows that the server is saturated.
const MAX_IN_FLIGHT: usize = 256;
const DURATION: Duration = Duration::from_secs(10);
/// A websocket send not acknowledged within this counts as an error.
const ACK_TIMEOUT: Duration = Duration::from_secs(10);

pub fn run(root: &Path) -> Result<()> {
    let binary = release_backend(root)?;
    print_machine();
    let runtime = tokio::runtime::Runtime::new()?;
    // Compared with the relay: the websocket path on SQLite, as the relay's clients send
    // over their sockets too.
    let bazaar = measure(&binary, &runtime, "SQLite", None)?;
    match postgres_server() {
        Some(server) => {
            let database = fresh_postgres_database(&server, 0);
            measure(&binary, &runtime, "PostgreSQL", Some(&database))?;
            psql(
                &server,
                &format!("DROP DATABASE IF EXISTS {}", database_name(&database)),
            );
        }
        None => println!(
            "\nPostgreSQL: skipped (no BENCH_DATABASE_URL and no local server answering psql)"
        ),
    }
    let Some(relay) = Relay::start()? else {
        println!("\nSocket.IO relay: SKIPPED, no Node.js and npm here; install them to compare");
        return Ok(());
    };
    let relayed = runtime.block_on(relay_rates(&relay))?;
    drop(relay);
    println!("\nBazaar (persisting) against the relay (persisting nothing), same load:");
    for (ours, theirs) in bazaar.iter().zip(&relayed) {
        println!(
            "{:>9}/s offered: delivered {:.2}× the relay's, p99 {:.2}× the relay's ({:.1} against {:.1} ms)",
            ours.rate,
            ours.delivered as f64 / theirs.delivered.max(1) as f64,
            ours.p99_ms / theirs.p99_ms.max(0.001),
            ours.p99_ms,
            theirs.p99_ms
        );
    }
    Ok(())
}

/// Bazaar on one database: its sockets, then the rates over REST and over the websocket.
fn measure(
    binary: &Path,
    runtime: &tokio::runtime::Runtime,
    database: &str,
    url: Option<&str>,
) -> Result<Vec<Row>> {
    let scratch = std::env::temp_dir().join(format!("bazaar-bench-chat-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let mut env = vec![
        ("AUTH_RATE_LIMIT", "1000000"),
        ("DATABASE_MAX_CONNECTIONS", "32"),
        // Ten thousand sockets of a few accounts, all from this one address.
        ("WS_MAX_PER_ACCOUNT", "100000"),
        ("WS_MAX_PER_ADDRESS", "100000"),
    ];
    if let Some(url) = url {
        env.push(("DATABASE_URL", url));
    }
    let server = Server::start(binary, &scratch, &env)?;
    let bench = Bench {
        site: Site::new(server.port, &scratch),
    };
    let rows = runtime.block_on(bench.run(server.pid(), database));
    drop(server);
    let _ = std::fs::remove_dir_all(&scratch);
    rows
}

/// The database a PostgreSQL URL names.
fn database_name(url: &str) -> &str {
    let path = url.split_once('?').map_or(url, |(path, _)| path);
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}

/// One offered rate's outcome.
struct Row {
    rate: u64,
    delivered: usize,
    p99_ms: f64,
}

/// Offers each rate in turn through `send` (which sends the `n`th message and says whether
/// it was accepted) and prints what reached the other side; a `judged` table also says
/// whether it met the target.
async fn rates_table(
    what: &str,
    judged: bool,
    latencies: &Latencies,
    send: impl Fn(usize) -> BoxFuture<'static, bool>,
) -> Result<Vec<Row>> {
    println!(
        "\n{what}: messages to the other side's websocket (at most {MAX_IN_FLIGHT} in flight), {} s a rate; the load generator shares the cores",
        DURATION.as_secs()
    );
    println!(
        "{:>9} {:>10} {:>10} {:>8} {:>10} {:>9} {:>9} {:>9}",
        "offered/s", "sent", "sent/s", "errors", "delivered", "p50 ms", "p99 ms", "max ms"
    );
    let mut rows = Vec::new();
    for rate in RATES {
        latencies.lock().expect("latencies").clear();
        let (sent, errors) = offer(rate, &send).await;
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
        rows.push(Row {
            rate,
            delivered: measured.len(),
            p99_ms: percentile(99.0),
        });
        if judged && rate == TARGET_RATE {
            let met = percentile(99.0) < 50.0
                && sent as f64 >= 0.95 * (rate * DURATION.as_secs()) as f64
                && measured.len() as u64 == sent;
            println!(
                "target: every message delivered with p99 under 50 ms at {TARGET_RATE} messages/s with {SOCKETS} sockets open: {}",
                if met { "met" } else { "NOT met" }
            );
        }
    }
    Ok(rows)
}

/// Sends at `rate`, in ticks of 10 ms; returns (sent, errors).
async fn offer(rate: u64, send: &impl Fn(usize) -> BoxFuture<'static, bool>) -> (u64, u64) {
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
            let message = send(n);
            let (sent, errors) = (sent.clone(), errors.clone());
            in_flight.push(tokio::spawn(async move {
                let _permit = permit;
                let counter = if message.await { sent } else { errors };
                counter.fetch_add(1, Ordering::Relaxed);
            }));
            n += 1;
        }
    }
    for message in in_flight {
        let _ = message.await;
    }
    (sent.load(Ordering::Relaxed), errors.load(Ordering::Relaxed))
}

/// The same pairs and idle sockets on the relay, the same rates.
async fn relay_rates(relay: &Relay) -> Result<Vec<Row>> {
    let clock = Instant::now();
    let latencies: Latencies = Arc::default();
    let mut pairs = Vec::with_capacity(PAIRS);
    for n in 0..PAIRS {
        let (buyer, seller) = (format!("buyer{n}"), format!("seller{n}"));
        let on_event = || relay::measuring(clock, latencies.clone());
        let buyer_socket = relay.connect(&buyer, on_event()).await?;
        let seller_socket = relay.connect(&seller, on_event()).await?;
        pairs.push(((buyer_socket, buyer), (seller_socket, seller)));
    }
    let idle_sockets = SOCKETS - PAIRS * 2;
    let opened = futures_util::stream::iter(0..idle_sockets)
        .map(|n| async move {
            let user = format!("idle{}", n % IDLE_ACCOUNTS);
            relay.connect(&user, |_, _| {}).await
        })
        .buffer_unordered(64)
        .collect::<Vec<_>>()
        .await;
    let failed = opened.iter().filter(|o| o.is_err()).count();
    ensure!(failed == 0, "{failed} relay sockets did not open");
    let rss = rss_kib(relay.pid())?;
    println!(
        "\nSocket.IO relay (Node.js, socket.io 4): {SOCKETS} websockets open; RSS {:.0} MiB ({:.1} KiB a socket)",
        rss as f64 / 1024.0,
        rss as f64 / SOCKETS as f64
    );
    rates_table("Socket.IO relay", false, &latencies, |n| {
        let (buyer, seller) = &pairs[n % PAIRS];
        let ((from, _), (_, to)) = if (n / PAIRS).is_multiple_of(2) {
            (buyer, seller)
        } else {
            (seller, buyer)
        };
        let (from, to) = (from.clone(), to.clone());
        Box::pin(async move {
            let text = clock.elapsed().as_micros().to_string();
            from.emit("sendMessage", json!({ "receiverId": to, "text": text }))
                .await
        })
    })
    .await
}

struct Bench {
    site: Site,
}

struct Pair {
    buyer: Account,
    seller: Account,
    conversation: String,
}

/// The sending half of a pair's socket: frames to send, and the sends awaiting the server's
/// acknowledgement by their `client_ref`.
#[derive(Clone)]
struct Talker {
    frames: mpsc::UnboundedSender<Message>,
    pending: Pending,
}

type Pending = Arc<Mutex<HashMap<String, oneshot::Sender<bool>>>>;

impl Talker {
    /// Sends `text` into the conversation; resolves to whether the server stored it.
    fn send(&self, conversation: &str, text: String, n: usize) -> BoxFuture<'static, bool> {
        let client_ref = n.to_string();
        let (stored, acknowledged) = oneshot::channel();
        self.pending
            .lock()
            .expect("pending")
            .insert(client_ref.clone(), stored);
        let frame = json!({"type": "send_message", "conversation_id": conversation,
            "text": text, "client_ref": client_ref});
        let queued = self.frames.send(Message::text(frame.to_string())).is_ok();
        Box::pin(async move {
            let answered = tokio::time::timeout(ACK_TIMEOUT, acknowledged).await;
            queued && matches!(answered, Ok(Ok(true)))
        })
    }
}

/// Latencies in microseconds of the frames that reached the other side.
pub type Latencies = Arc<Mutex<Vec<u64>>>;

/// Records how long the message whose text is its send time (`clock` micros) took.
pub fn record_latency(text: Option<&str>, clock: Instant, latencies: &Latencies) {
    if let Some(sent) = text.and_then(|t| t.parse::<u64>().ok()) {
        let now = clock.elapsed().as_micros() as u64;
        latencies
            .lock()
            .expect("latencies")
            .push(now.saturating_sub(sent));
    }
}

impl Bench {
    async fn run(&self, server_pid: u32, database: &str) -> Result<Vec<Row>> {
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
        let mut talkers = Vec::with_capacity(PAIRS);
        for pair in &pairs {
            let mut two = Vec::with_capacity(2);
            for account in [&pair.buyer, &pair.seller] {
                let socket = self.socket(&account.token).await?;
                two.push(talk(socket, account.id.clone(), clock, latencies.clone()));
            }
            talkers.push(two);
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

        let site = &self.site;
        // Buyer and seller take turns, pair after pair.
        let side = |n: usize| usize::from(!(n / PAIRS).is_multiple_of(2));
        rates_table(
            &format!("Bazaar over REST, persisting, {database}"),
            false,
            &latencies,
            |n| {
                let pair = &pairs[n % PAIRS];
                let from = [&pair.buyer, &pair.seller][side(n)];
                let request = site
                    .http
                    .post(format!(
                        "{}/api/v1/conversations/{}/messages",
                        site.base, pair.conversation
                    ))
                    .bearer_auth(&from.token)
                    .json(&json!({ "text": clock.elapsed().as_micros().to_string() }));
                Box::pin(async move {
                    request
                        .send()
                        .await
                        .is_ok_and(|response| response.status().is_success())
                })
            },
        )
        .await?;
        rates_table(
            &format!("Bazaar over its websocket, persisting, {database}"),
            true,
            &latencies,
            |n| {
                let text = clock.elapsed().as_micros().to_string();
                talkers[n % PAIRS][side(n)].send(&pairs[n % PAIRS].conversation, text, n)
            },
        )
        .await
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

/// Opens a pair's socket for talking: frames go out from the returned `Talker`, and each
/// message from the other side is timed.
fn talk(socket: Socket, me: String, clock: Instant, latencies: Latencies) -> Talker {
    let (mut sink, mut stream) = socket.split();
    let (frames, mut outgoing) = mpsc::unbounded_channel::<Message>();
    tokio::spawn(async move {
        while let Some(frame) = outgoing.recv().await {
            if sink.send(frame).await.is_err() {
                break;
            }
        }
    });
    let pending: Pending = Arc::default();
    let acks = pending.clone();
    tokio::spawn(async move {
        while let Some(Ok(frame)) = stream.next().await {
            let Message::Text(text) = frame else { continue };
            let Ok(event) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let stored = match event["type"].as_str() {
                Some("message_sent") => true,
                Some("message_refused") => false,
                Some("message_created") if event["message"]["sender_id"] != me.as_str() => {
                    record_latency(event["message"]["text"].as_str(), clock, &latencies);
                    continue;
                }
                _ => continue,
            };
            let waiting = event["client_ref"]
                .as_str()
                .and_then(|r| acks.lock().expect("pending").remove(r));
            if let Some(waiting) = waiting {
                let _ = waiting.send(stored);
            }
        }
        // The socket closed: nothing waiting will be answered.
        acks.lock().expect("pending").clear();
    });
    Talker { frames, pending }
}

/// Keeps an idle socket read, so the server's pings get their pongs.
async fn drain(mut socket: Socket) {
    while let Some(Ok(_)) = socket.next().await {}
    let _ = socket.close(None).await;
}
