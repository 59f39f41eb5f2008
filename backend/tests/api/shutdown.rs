//! SIGTERM to the real binary: the request under way is answered, the job the worker holds
//! is handed back at once instead of waiting out its lease. And what a SIGKILL leaves behind
//! (media files whose row never committed) is swept by the next start's janitor.

use bazaar::jobs::{self, Job};
use bazaar::mail::Mail;
use sqlx::{Connection, Row, SqliteConnection};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// The binary on SQLite under `dir`, once it answers its health check.
    fn start(dir: &Path, env: &[(&str, &str)]) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::fs::File::create(dir.join("server.log")).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_bazaar"));
        command
            .env("DATA_DIR", dir)
            .env("BIND", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "info")
            .env_remove("DATABASE_URL")
            .env_remove("SMTP_URL")
            .stdout(Stdio::null())
            .stderr(log);
        for (name, value) in env {
            command.env(name, value);
        }
        let mut server = Self {
            child: command.spawn().unwrap(),
            port,
        };
        let began = Instant::now();
        while !server.healthy() {
            assert!(
                server.child.try_wait().unwrap().is_none(),
                "the server exited: {}",
                server.log(dir)
            );
            assert!(began.elapsed() < Duration::from_secs(30), "not healthy");
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    fn healthy(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let mut response = String::new();
        stream
            .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .is_ok()
            && stream.read_to_string(&mut response).is_ok()
            && response.starts_with("HTTP/1.1 200")
    }

    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn wait_for_exit(&mut self, within: Duration) -> ExitStatus {
        let began = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if began.elapsed() > within {
                let _ = self.child.kill();
                panic!("the server did not stop within {within:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log(&self, dir: &Path) -> String {
        std::fs::read_to_string(dir.join("server.log")).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn job_row(db: &mut SqliteConnection, id: jobs::JobId) -> sqlx::sqlite::SqliteRow {
    sqlx::query("SELECT locked_until, attempts, dead_at FROM jobs WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(db)
        .await
        .unwrap()
}

async fn database(dir: &Path) -> SqliteConnection {
    SqliteConnection::connect(&format!("sqlite://{}", dir.join("bazaar.db").display()))
        .await
        .unwrap()
}

#[tokio::test]
async fn a_request_under_way_at_sigterm_is_answered_and_its_work_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), &[]);
    let body =
        r#"{"name":"Ann Late","email":"late@example.com","password":"correct horse battery"}"#;
    let (head, tail) = body.split_at(body.len() / 2);
    let mut request = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    request
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        request,
        "POST /api/v1/auth/signup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{head}",
        body.len()
    )
    .unwrap();
    request.flush().unwrap();
    // The server has the request's head and half its body when it is told to stop.
    std::thread::sleep(Duration::from_millis(300));
    server.terminate();
    std::thread::sleep(Duration::from_millis(700));
    assert!(server.running(), "it waits for the request under way");
    assert!(!server.healthy(), "a stopping server takes no new request");

    request.write_all(tail.as_bytes()).unwrap();
    let mut response = String::new();
    request.read_to_string(&mut response).unwrap();
    assert!(
        response.starts_with("HTTP/1.1 201"),
        "{response}\n{}",
        server.log(dir.path())
    );
    let status = server.wait_for_exit(Duration::from_secs(15));
    assert!(status.success(), "{status}: {}", server.log(dir.path()));

    // Its transaction committed, and the job it ran after the commit (the mail) ran.
    let mut db = database(dir.path()).await;
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
        .bind("late@example.com")
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert_eq!(users, 1);
    let mails = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .count();
    assert_eq!(mails, 1);
}

#[tokio::test]
async fn the_job_the_worker_holds_at_sigterm_is_handed_back() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bazaar.db").display()
    );
    let id = {
        let db = bazaar::db::Db::connect(&url, 1).await.unwrap();
        let mut tx = db.begin().await.unwrap();
        let job = Job::Mail {
            to_name: "Ann".to_owned(),
            to_email: "ann@example.com".to_owned(),
            mail: Mail::Activation {
                name: "Ann".to_owned(),
                link: "http://bazaar.test/activate?token=t".to_owned(),
            },
        };
        let now = bazaar::clock::Clock::default().now_micros();
        let id = jobs::enqueue(&mut tx, &job, now).await.unwrap();
        tx.commit().await.unwrap();
        db.pool.close().await;
        id
    };
    // A mail server that takes the connection and never says a word: the job hangs in it.
    let smtp = TcpListener::bind("127.0.0.1:0").unwrap();
    let smtp_url = format!("smtp://127.0.0.1:{}", smtp.local_addr().unwrap().port());
    let mut server = Server::start(dir.path(), &[("SMTP_URL", &smtp_url)]);
    // The worker looks for due jobs as it starts: it is in the job once it has connected.
    smtp.set_nonblocking(true).unwrap();
    let began = Instant::now();
    let _held_open = loop {
        match smtp.accept() {
            Ok((connection, _)) => break connection,
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(
                    began.elapsed() < Duration::from_secs(30),
                    "the worker never tried to send the mail: {}",
                    server.log(dir.path())
                );
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(error) => panic!("{error}"),
        }
    };

    let mut db = database(dir.path()).await;
    let claimed = job_row(&mut db, id).await;
    assert!(claimed.get::<Option<i64>, _>("locked_until").is_some());
    assert_eq!(claimed.get::<i64, _>("attempts"), 1);

    server.terminate();
    let status = server.wait_for_exit(Duration::from_secs(25));
    assert!(status.success(), "{status}: {}", server.log(dir.path()));

    let released = job_row(&mut db, id).await;
    assert_eq!(
        released.get::<Option<i64>, _>("locked_until"),
        None,
        "released for the next runner: {}",
        server.log(dir.path())
    );
    assert_eq!(
        released.get::<i64, _>("attempts"),
        0,
        "the cut-off attempt is not counted"
    );
    assert_eq!(released.get::<Option<i64>, _>("dead_at"), None);
}

#[tokio::test]
async fn media_files_no_image_names_are_swept_and_named_ones_kept() {
    use crate::helpers::{listed_product, product_input, spawn_app};
    use bazaar::services::janitor::sweep_orphan_media;
    use std::time::SystemTime;

    let app = spawn_app().await;
    let seller = app.active_seller("sam@example.com").await;
    let teapot = listed_product(&app, &seller, product_input("Teapot", 2_500)).await;
    let images = app.dir.path().join("media/images");
    let named: Vec<_> = std::fs::read_dir(&images).unwrap().collect();
    assert_eq!(named.len(), 2, "the picture and its thumbnail");
    // What a crash between storing the files and committing the row leaves.
    let orphan = images.join("01900000-0000-7000-8000-000000000000.png");
    std::fs::write(&orphan, b"an upload whose row never came").unwrap();
    let staged = images.join("01900000-0000-7000-8000-000000000001.png#1");
    std::fs::write(&staged, b"half written").unwrap();

    // Files newer than the cut-off may be uploads under way: kept.
    let long_ago = SystemTime::now() - std::time::Duration::from_secs(3600);
    assert_eq!(sweep_orphan_media(&app.state, long_ago).await.unwrap(), 0);
    assert!(orphan.exists());

    let after = SystemTime::now() + std::time::Duration::from_secs(1);
    assert_eq!(sweep_orphan_media(&app.state, after).await.unwrap(), 2);
    assert!(!orphan.exists() && !staged.exists());
    assert_eq!(std::fs::read_dir(&images).unwrap().count(), 2);
    let product = app.get_json(&format!("/api/v1/products/{teapot}")).await;
    let url = product["images"][0]["url"].as_str().unwrap();
    let path = url.trim_start_matches(&app.base);
    assert_eq!(app.get(path).await.status(), reqwest::StatusCode::OK);
}

#[tokio::test]
async fn sigterm_sends_open_websockets_away_and_they_do_not_hold_the_stop() {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::http::HeaderValue;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), &[("DEMO_DATA", "true")]);
    let base = format!("http://127.0.0.1:{}", server.port);
    let signed_in: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "buyer@bazaar.test", "password": "bazaar-demo-pass"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = signed_in["token"].as_str().unwrap();
    let mut request = format!("ws://127.0.0.1:{}/api/v1/ws", server.port)
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_str(&format!("bazaar.v1, bearer.{token}")).unwrap(),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();

    let asked_to_stop = Instant::now();
    server.terminate();
    let goodbye = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Close(frame))) => return frame.map(|f| f.code),
                Some(Ok(_)) => continue,
                other => panic!("expected a close frame, got {other:?}"),
            }
        }
    })
    .await
    .expect("the socket is closed at once");
    assert_eq!(goodbye, Some(CloseCode::Away));
    drop(socket);
    // Well within actix's 10 s for requests under way: the socket did not hold the stop.
    let status = server.wait_for_exit(Duration::from_secs(8));
    assert!(status.success(), "{status}: {}", server.log(dir.path()));
    assert!(asked_to_stop.elapsed() < Duration::from_secs(8));
}
