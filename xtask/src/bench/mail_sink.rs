//! A mail server for benches that accepts every message, as a deployment's relay would:
//! the server under test then sends its mail over SMTP, not into files of a local outbox.
//! Activation mails are kept, for their links; the rest are only counted.

use anyhow::Result;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Default)]
pub struct MailSink {
    pub port: u16,
    kept: Arc<Mutex<Vec<String>>>,
    received: Arc<AtomicUsize>,
}

/// Mails whose text has this are kept.
const KEEP_IF: &str = "activate?token=";

impl MailSink {
    /// Listens on a free local port, on the current tokio runtime.
    pub async fn start() -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let sink = Self {
            port: listener.local_addr()?.port(),
            ..Self::default()
        };
        let serving = sink.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let sink = serving.clone();
                tokio::spawn(async move {
                    // A client that hangs up mid-session loses only its own message.
                    let _ = sink.session(socket).await;
                });
            }
        });
        Ok(sink)
    }

    /// How many messages arrived.
    pub fn received(&self) -> usize {
        self.received.load(Ordering::Relaxed)
    }

    /// The kept messages' texts.
    pub fn kept(&self) -> Vec<String> {
        self.kept.lock().expect("a sink session panicked").clone()
    }

    /// One client's session: any number of messages, each command answered as accepted.
    async fn session(&self, socket: TcpStream) -> Result<()> {
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 bench sink\r\n").await?;
        while let Some(line) = lines.next_line().await? {
            let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
            match verb.as_str() {
                "EHLO" | "HELO" => {
                    write
                        .write_all(b"250-bench sink\r\n250 8BITMIME\r\n")
                        .await?
                }
                "DATA" => {
                    write.write_all(b"354 end with a dot\r\n").await?;
                    let mut text = String::new();
                    while let Some(line) = lines.next_line().await? {
                        if line == "." {
                            break;
                        }
                        text.push_str(&line);
                        text.push('\n');
                    }
                    self.received.fetch_add(1, Ordering::Relaxed);
                    if text
                        .replace("=\n", "")
                        .replace("=3D", "=")
                        .contains(KEEP_IF)
                    {
                        self.kept
                            .lock()
                            .expect("a sink session panicked")
                            .push(text);
                    }
                    write.write_all(b"250 accepted\r\n").await?;
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await?;
                    return Ok(());
                }
                _ => write.write_all(b"250 ok\r\n").await?,
            }
        }
        Ok(())
    }
}
