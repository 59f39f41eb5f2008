//! The chat of the system Bazaar replaces: a Socket.IO 4 server that relays each message to
//! the receiver's socket and persists nothing. `cargo xtask bench chat` starts a minimal one
//! from npm's `socket.io` and drives it with the same load as Bazaar, to compare the two.

use super::chat::{Latencies, record_latency};
use crate::on_path;
use anyhow::{Context, Result, bail, ensure};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;

/// The seed's design, minus its user list: each socket joins a room named after its account.
const RELAY_JS: &str = r#"
const { Server } = require("socket.io");
const io = new Server(Number(process.argv[2]), { serveClient: false });
io.on("connection", (socket) => {
  socket.join(socket.handshake.query.user);
  socket.on("sendMessage", (message) => io.to(message.receiverId).emit("getMessage", message));
});
"#;
const SOCKET_IO: &str = "socket.io@4";

pub struct Relay {
    child: Child,
    pub port: u16,
}

impl Relay {
    /// The relay running on a free port; `None` when Node.js or npm is missing.
    pub fn start() -> Result<Option<Self>> {
        if !on_path("node") || !on_path("npm") {
            return Ok(None);
        }
        let dir = install_dir()?;
        if !dir.join("node_modules/socket.io").is_dir() {
            println!("==> installing {SOCKET_IO} from npm for the relay");
            let status = Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
                .arg(&dir)
                .arg(SOCKET_IO)
                .status()
                .context("running npm")?;
            ensure!(status.success(), "npm install {SOCKET_IO} failed");
        }
        let script = dir.join("relay.js");
        std::fs::write(&script, RELAY_JS)?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new("node")
            .arg(&script)
            .arg(port.to_string())
            .stdout(Stdio::null())
            .spawn()
            .context("starting node")?;
        let mut relay = Self { child, port };
        let began = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = relay.child.try_wait()? {
                bail!("the Socket.IO relay exited with {status}");
            }
            ensure!(
                began.elapsed() < Duration::from_secs(30),
                "the Socket.IO relay did not listen within 30 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(Some(relay))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A connected Socket.IO client of `user`: frames are sent through the returned handle,
    /// and the events that arrive are handed to `on_event` (pings are answered here).
    pub async fn connect(
        &self,
        user: &str,
        on_event: impl FnMut(&str, &Value) + Send + 'static,
    ) -> Result<Emitter> {
        let url = format!(
            "ws://127.0.0.1:{}/socket.io/?EIO=4&transport=websocket&user={user}",
            self.port
        );
        let (socket, _) = tokio_tungstenite::connect_async(url).await?;
        let (sink, mut stream) = socket.split();
        let sink = Arc::new(Mutex::new(sink));
        // Engine.IO's open packet, then the namespace's: "40" asked, "40{…}" granted.
        expect_packet(&mut stream, "0").await?;
        sink.lock().await.send(Message::text("40")).await?;
        expect_packet(&mut stream, "40").await?;
        tokio::spawn(read(stream, sink.clone(), on_event));
        Ok(Emitter { sink })
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Kept between runs, so npm fetches the package once.
fn install_dir() -> Result<PathBuf> {
    let home = std::env::var_os("HOME").context("HOME is not set")?;
    let dir = Path::new(&home).join(".cache/bazaar-bench-socketio");
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Sends events on one client's socket.
#[derive(Clone)]
pub struct Emitter {
    sink: Arc<Mutex<SplitSink<Socket, Message>>>,
}

impl Emitter {
    pub async fn emit(&self, event: &str, data: Value) -> bool {
        let packet = format!("42{}", json!([event, data]));
        self.sink
            .lock()
            .await
            .send(Message::text(packet))
            .await
            .is_ok()
    }
}

async fn expect_packet(stream: &mut SplitStream<Socket>, kind: &str) -> Result<()> {
    match stream.next().await {
        Some(Ok(Message::Text(text))) if text.starts_with(kind) => Ok(()),
        other => bail!("the relay answered {other:?} where a \"{kind}\" packet was due"),
    }
}

async fn read(
    mut stream: SplitStream<Socket>,
    sink: Arc<Mutex<SplitSink<Socket, Message>>>,
    mut on_event: impl FnMut(&str, &Value),
) {
    while let Some(Ok(frame)) = stream.next().await {
        let Message::Text(text) = frame else { continue };
        if text.as_str() == "2" {
            // Engine.IO's ping: unanswered, the relay drops the socket.
            let _ = sink.lock().await.send(Message::text("3")).await;
        } else if let Some(event) = text.strip_prefix("42")
            && let Ok(Value::Array(parts)) = serde_json::from_str::<Value>(event)
            && let [Value::String(name), data, ..] = parts.as_slice()
        {
            on_event(name, data);
        }
    }
}

/// A receiver's handler that records the latency of each message the relay delivered.
pub fn measuring(clock: Instant, latencies: Latencies) -> impl FnMut(&str, &Value) + Send {
    move |event, data| {
        if event == "getMessage" {
            record_latency(data["text"].as_str(), clock, &latencies);
        }
    }
}
