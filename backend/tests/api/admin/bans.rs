//! A ban ends the account's sessions and sockets at once, takes its shop's listings off the
//! marketplace, keeps it from signing in and tells it why; unbanning gives it all back.

use super::{Console, ok};
use crate::chat::{closed, connect};
use crate::helpers::{PASSWORD, problem, spawn_instance_beside};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_banned_seller_is_signed_out_everywhere_hidden_and_told_why() {
    let console = Console::new().await;
    let market = &console.market;
    let app = &market.app;
    let search = "/api/v1/products?q=desk";
    // The listing cache is on: this page is served from memory until something changes it.
    assert_eq!(names(&app.get_json(search).await), ["Desk lamp"]);
    let shop = app.get_json("/api/v1/products?q=desk").await["items"][0]["shop"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut socket = connect(app, &market.sam.token).await;

    let banned = console
        .set_banned(&market.sam, true, "Sells counterfeit lamps")
        .await;
    assert_eq!(banned["status"], "banned");
    assert_eq!(banned["ban"]["reason"], "Sells counterfeit lamps");
    assert!(banned["ban"]["at"].is_string());
    assert_eq!(banned["roles"], json!(["buyer", "seller"]));

    assert_eq!(closed(&mut socket).await, CloseCode::Policy);
    assert!(names(&app.get_json(search).await).is_empty(), "at once");
    assert!(names(&app.get_json("/api/v1/products").await) == ["Mug"]);
    problem(
        app.get(&format!("/api/v1/shops/{shop}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get(&format!("/api/v1/products/{}", market.lamp)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get_as(&market.sam.token, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let refused = problem(
        app.log_in("sam@example.com", PASSWORD).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(refused["detail"], "this account is suspended");
    let mail = app
        .mail_to("sam@example.com", "Sells counterfeit lamps")
        .await;
    assert!(mail.contains("suspended"), "{mail}");

    let unbanned = console
        .set_banned(&market.sam, false, "The lamps were genuine")
        .await;
    assert_eq!(unbanned["status"], "active");
    assert_eq!(unbanned["ban"], Value::Null);
    assert_eq!(names(&app.get_json(search).await), ["Desk lamp"]);
    assert_eq!(
        app.get_json(&format!("/api/v1/shops/{shop}")).await["id"],
        shop.as_str()
    );
    assert_eq!(
        app.log_in("sam@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );
    problem(
        app.get_as(&market.sam.token, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    app.mail_to("sam@example.com", "The lamps were genuine")
        .await;
}

#[tokio::test]
async fn a_banned_shops_events_leave_the_listing_and_come_back() {
    let console = Console::new().await;
    let market = &console.market;
    let event = crate::admin::moderation::running_event(market).await;
    assert_eq!(
        crate::admin::ids(&market.app.get_json("/api/v1/events").await),
        [event.as_str()]
    );
    console.set_banned(&market.sam, true, "spam").await;
    assert!(crate::admin::ids(&market.app.get_json("/api/v1/events").await).is_empty());
    console.set_banned(&market.sam, false, "resolved").await;
    assert_eq!(
        crate::admin::ids(&market.app.get_json("/api/v1/events").await),
        [event]
    );
}

#[tokio::test]
async fn admins_cannot_be_banned_nor_ban_themselves_and_a_ban_happens_once() {
    let console = Console::new().await;
    let market = &console.market;
    let path = |id: &str| format!("/api/v1/admin/users/{id}");
    let ban = json!({"banned": true, "reason": "testing"});
    let own = problem(
        console
            .send(Method::PATCH, &path(&console.admin.id), &ban)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(own["detail"], "you cannot ban yourself");
    let output =
        crate::admin_cli::create_admin(&market.app, "grace@example.com", "another passphrase");
    assert!(output.status.success(), "{output:?}");
    let grace = console.get("/api/v1/admin/users?role=admin&q=grace").await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = problem(
        console.send(Method::PATCH, &path(&grace), &ban).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(other["detail"], "an admin cannot be banned");

    console.set_banned(&market.ann, true, "fraud").await;
    problem(
        console
            .send(Method::PATCH, &path(&market.ann.id), &ban)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    console.set_banned(&market.ann, false, "cleared").await;
    problem(
        console
            .send(
                Method::PATCH,
                &path(&market.ann.id),
                &json!({"banned": false, "reason": "again"}),
            )
            .await,
        StatusCode::CONFLICT,
    )
    .await;
}

#[tokio::test]
async fn an_account_banned_before_activation_stays_unactivated_when_unbanned() {
    let console = Console::new().await;
    let app = &console.market.app;
    app.sign_up("pat@example.com").await;
    let pat = console.get("/api/v1/admin/users?q=pat%40example").await["items"][0].clone();
    assert_eq!(pat["status"], "pending");
    let account = crate::helpers::Account {
        token: String::new(),
        id: pat["id"].as_str().unwrap().to_owned(),
    };
    let token = app.token_from_mail("pat@example.com", "activate").await;
    console.set_banned(&account, true, "bot sign-ups").await;
    let activation = app
        .post("/api/v1/auth/activate", &json!({"token": token}))
        .await;
    problem(activation, StatusCode::FORBIDDEN).await;
    let unbanned = console
        .set_banned(&account, false, "a person after all")
        .await;
    assert_eq!(unbanned["status"], "pending");
}

#[tokio::test]
#[ignore = "needs PostgreSQL, where instances meet through LISTEN/NOTIFY; cargo xtask test runs it there"]
async fn a_ban_closes_the_sockets_another_instance_holds() {
    let console = Console::new().await;
    let app = &console.market.app;
    assert_eq!(
        app.state.db.dialect,
        bazaar::db::Dialect::Postgres,
        "set TEST_DATABASE_URL to a PostgreSQL server"
    );
    let other = spawn_instance_beside(app).await;
    let mut socket = connect(&other, &console.market.sam.token).await;
    ok(console
        .send(
            Method::PATCH,
            &format!("/api/v1/admin/users/{}", console.market.sam.id),
            &json!({"banned": true, "reason": "spam"}),
        )
        .await)
    .await;
    assert_eq!(closed(&mut socket).await, CloseCode::Policy);
}
