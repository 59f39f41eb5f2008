//! `bazaar backup FILE`: a consistent copy of a live SQLite database, through the binary.

use crate::helpers::{PASSWORD, listed_product, product_input, spawn_app_with};
use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::{Connection, SqliteConnection};
use std::process::{Command, Output};

fn backup(database_url: &str, data_dir: &std::path::Path, file: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bazaar"))
        .arg("backup")
        .arg(file)
        .env("DATABASE_URL", database_url)
        .env("DATA_DIR", data_dir)
        .output()
        .unwrap()
}

fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

#[tokio::test]
async fn a_live_sqlite_database_is_copied_whole_and_the_copy_serves() {
    // SQLite whatever TEST_DATABASE_URL says: this is the SQLite backup.
    let app = spawn_app_with(|config| {
        // web_dist is `<the test's directory>/dist`.
        config.database_url = sqlite_url(&config.web_dist.with_file_name("bazaar.db"));
    })
    .await;
    let seller = app.active_seller("sam@example.com").await;
    let buyer = app.active_buyer("ann@example.com").await;
    let product = listed_product(&app, &seller, product_input("Teapot", 2_500)).await;

    // Writers keep writing while the copy is taken: it must still be one consistent moment.
    let writing = {
        let (http, base, token) = (app.http.clone(), app.base.clone(), seller.token.clone());
        tokio::spawn(async move {
            let mut written = 0;
            for n in 0..40 {
                let response = http
                    .post(format!("{base}/api/v1/products"))
                    .bearer_auth(&token)
                    .json(&product_input(&format!("Cup {n}"), 500 + n))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::CREATED);
                written += 1;
            }
            written
        })
    };
    let copy = app.dir.path().join("backups/bazaar-copy.db");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    let database_url = app.state.config.database_url.clone();
    let output = {
        let (url, dir, copy) = (
            database_url.clone(),
            app.dir.path().to_owned(),
            copy.clone(),
        );
        tokio::task::spawn_blocking(move || backup(&url, &dir, &copy))
            .await
            .unwrap()
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(writing.await.unwrap(), 40);

    let mut copied = SqliteConnection::connect(&format!("sqlite://{}", copy.display()))
        .await
        .unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut copied)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut copied)
        .await
        .unwrap();
    assert_eq!(users, 2);
    let products: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products")
        .fetch_one(&mut copied)
        .await
        .unwrap();
    // The teapot, and however many cups were in when the copy's transaction began.
    assert!((1..=41).contains(&products), "{products} products");
    copied.close().await.unwrap();

    // The copy is a working database: a server started on it knows the accounts and goods.
    let restored = spawn_app_with(|config| config.database_url = sqlite_url(&copy)).await;
    let signed_in = restored.log_in("ann@example.com", PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    let teapot = restored
        .get_json(&format!("/api/v1/products/{product}"))
        .await;
    assert_eq!(teapot["name"], "Teapot");
    let cart = restored
        .send_as(
            Method::PUT,
            &buyer.token,
            &format!("/api/v1/me/cart/items/{product}"),
            &json!({"quantity": 1}),
        )
        .await;
    assert!(cart.status().is_success(), "{}", cart.status());
}

#[tokio::test]
async fn a_backup_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("bazaar.db");
    let url = sqlite_url(&database);
    // A database to copy: the schema, as the server leaves it.
    bazaar::db::Db::connect(&url, 1).await.unwrap();
    let existing = dir.path().join("precious.db");
    std::fs::write(&existing, b"yesterday's backup").unwrap();

    let output = backup(&url, dir.path(), &existing);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("never overwrites"), "{stderr}");
    assert_eq!(std::fs::read(&existing).unwrap(), b"yesterday's backup");
}

#[tokio::test]
async fn a_missing_database_is_an_error_not_an_empty_backup() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    let output = backup(&sqlite_url(&dir.path().join("typo.db")), dir.path(), &copy);
    assert!(!output.status.success());
    assert!(!copy.exists());
    assert!(!dir.path().join("typo.db").exists());
}

#[test]
fn postgres_is_pointed_to_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    // Refused before any connection: no server needed at this address.
    let output = backup(
        "postgres://nobody@127.0.0.1:1/bazaar",
        dir.path(),
        &dir.path().join("copy.db"),
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("pg_dump") && stderr.contains("pg_restore"),
        "{stderr}"
    );
    assert!(!dir.path().join("copy.db").exists());
}
