//! The activation mail over a real SMTP exchange, to a sink this test runs.

use crate::helpers::{spawn_app_with, token_in, unfold_quoted_printable};
use bazaar::config::MailTransport;
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// Accepts SMTP sessions and sends every received message's DATA down the channel.
async fn smtp_sink() -> (u16, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let command = line.to_ascii_uppercase();
                    let reply: &[u8] = if command.starts_with("EHLO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if command.starts_with("DATA") {
                        write.write_all(b"354 go ahead\r\n").await.unwrap();
                        let mut message = String::new();
                        while let Ok(Some(line)) = lines.next_line().await {
                            if line == "." {
                                break;
                            }
                            message.push_str(&line);
                            message.push_str("\r\n");
                        }
                        sender.send(message).unwrap();
                        b"250 queued\r\n"
                    } else if command.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, receiver)
}

#[tokio::test]
async fn the_activation_link_arrives_over_smtp_and_activates_the_account() {
    let (port, mut received) = smtp_sink().await;
    let app = spawn_app_with(|config| {
        config.mail = MailTransport::Smtp(format!("smtp://127.0.0.1:{port}"))
    })
    .await;
    assert_eq!(
        app.sign_up("smtp@example.com").await.status(),
        StatusCode::CREATED
    );
    let message = tokio::time::timeout(std::time::Duration::from_secs(10), received.recv())
        .await
        .expect("no mail reached the SMTP sink")
        .unwrap();
    let message = unfold_quoted_printable(&message);
    assert!(
        message.contains("To: \"Ann Buyer\" <smtp@example.com>")
            || message.contains("smtp@example.com")
    );
    let token = token_in(&message, "activate").expect("an activation link");
    let response = app
        .post("/api/v1/auth/activate", &json!({ "token": token }))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(!app.outbox().exists() || std::fs::read_dir(app.outbox()).unwrap().next().is_none());
}
