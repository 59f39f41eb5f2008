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
    .execute(&mut *app.state.db.writer().await.unwrap())
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

/// On SQLite every write goes through the one writer connection, in turn: the readers'
/// connections refuse writes, so one that forgot would fail here rather than wait on
/// SQLite's busy handler under load.
#[tokio::test]
async fn on_sqlite_the_readers_refuse_writes_and_the_writer_takes_them() {
    let app = spawn_app().await;
    let write = "INSERT INTO settings (name, value) VALUES ('probe', 'x')";
    let through_readers = sqlx::query(write).execute(&app.state.db.pool).await;
    match app.state.db.dialect {
        bazaar::db::Dialect::Sqlite => {
            let error = through_readers.expect_err("a reader connection wrote");
            assert!(error.to_string().contains("readonly"), "{error}");
            sqlx::query(write)
                .execute(&mut *app.state.db.writer().await.unwrap())
                .await
                .unwrap();
        }
        bazaar::db::Dialect::Postgres => {
            through_readers.unwrap();
        }
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM settings WHERE name = 'probe'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 1);
}

/// A request never holds one pooled connection while it waits for another: on PostgreSQL
/// the writer comes from the same pool, and a crowd of requests each holding one and
/// waiting for a second emptied it for good (seen in `cargo xtask bench checkout`: every
/// cart change waited out the pool's timeout). Here on a pool of two connections.
#[tokio::test]
async fn a_crowd_of_writes_on_a_small_pool_all_go_through() {
    let app = crate::helpers::spawn_app_with(|config| config.database_max_connections = 2).await;
    let sam = app.active_seller("sam@example.com").await;
    let ann = app.active_buyer("ann@example.com").await;
    let product = crate::helpers::listed_product(&app, &sam, product_input("Mug", 900)).await;
    let shop = crate::chat::shop_id(&app, &sam).await;
    let path = format!("/api/v1/me/cart/items/{product}");
    let writes = (1..=24).map(|quantity| {
        let (app, token, path, shop) = (&app, ann.token.clone(), path.clone(), shop.clone());
        async move {
            let body = serde_json::json!({ "quantity": quantity % 3 + 1 });
            let status = app
                .send_as(Method::PUT, &token, &path, &body)
                .await
                .status();
            let chat = serde_json::json!({ "shop_id": shop });
            let opened = (app
                .send_as(Method::POST, &token, "/api/v1/conversations", &chat)
                .await)
                .status();
            (status, opened)
        }
    });
    let statuses = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        futures_util::future::join_all(writes),
    )
    .await
    .expect("the writes waited for connections that never came free");
    assert!(
        statuses
            .iter()
            .all(|(put, chat)| put.is_success() && chat.is_success()),
        "{statuses:?}"
    );
}
