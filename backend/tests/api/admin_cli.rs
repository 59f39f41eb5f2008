//! `bazaar create-admin`, the only way an admin comes to exist.

use crate::helpers::spawn_app;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::process::Command;

pub fn create_admin(
    app: &crate::helpers::TestApp,
    email: &str,
    password: &str,
) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bazaar"))
        .args(["create-admin", "--email", email, "--name", "Ada Admin"])
        .env("BAZAAR_ADMIN_PASSWORD", password)
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("DATA_DIR", app.dir.path())
        .output()
        .unwrap()
}

#[tokio::test]
async fn the_cli_creates_an_active_admin_who_can_sign_in() {
    let app = spawn_app().await;
    let output = create_admin(&app, "ada@example.com", "an admin passphrase");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let response = app
        .post(
            "/api/v1/auth/login",
            &json!({"email": "ada@example.com", "password": "an admin passphrase"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["roles"], json!(["buyer", "admin"]));
}

#[tokio::test]
async fn the_cli_refuses_a_weak_password_or_a_taken_address() {
    let app = spawn_app().await;
    let weak = create_admin(&app, "ada@example.com", "123");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password"));
    app.active_buyer("taken@example.com").await;
    let taken = create_admin(&app, "taken@example.com", "an admin passphrase");
    assert!(!taken.status.success());
    assert!(String::from_utf8_lossy(&taken.stderr).contains("already registered"));
}
