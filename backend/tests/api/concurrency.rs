//! Real concurrency against one database: writers queue, none fails.

use crate::helpers::{product_input, spawn_app};
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn concurrent_writers_all_succeed() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let creations = (0..40).map(|i| {
        let (app, token) = (&app, sam.token.clone());
        async move {
            app.send_as(
                Method::POST,
                &token,
                "/api/v1/products",
                &product_input(&format!("Mug {i}"), 900),
            )
            .await
            .status()
        }
    });
    let statuses = futures_util::future::join_all(creations).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::CREATED),
        "{statuses:?}"
    );
    assert_eq!(app.count("products").await, 40);
}

#[tokio::test]
async fn foreign_keys_are_enforced_and_sqlite_writes_ahead() {
    let app = spawn_app().await;
    let orphan = sqlx::query(
        "INSERT INTO addresses (id, user_id, label, country, city, line1, line2, postal_code, created_at) \
         VALUES ('a', 'no-such-user', 'home', 'DE', 'Berlin', 'x', '', '1', 0)",
    )
    .execute(&app.state.db.pool)
    .await;
    assert!(orphan.is_err(), "an address of no account was stored");
    if app.state.db.dialect == bazaar::db::Dialect::Sqlite {
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
