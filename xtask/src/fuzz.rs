//! `cargo xtask fuzz`: Schemathesis against the debug server, checking that the server and
//! its OpenAPI document agree (statuses, content types, bodies, 405s, auth), once anonymous
//! and once as each of the demo buyer, seller and admin.

use crate::bench::Server;
use crate::{cargo, target_dir};
use anyhow::{Context, Result, bail, ensure};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The demo accounts (see backend/src/demo) and their published password.
const ACCOUNTS: [&str; 3] = [
    "buyer@bazaar.test",
    "seller@bazaar.test",
    "admin@bazaar.test",
];
const DEMO_PASSWORD: &str = "bazaar-demo-pass";

/// Test cases per operation and phase: enough to find disagreements, few enough that the
/// four runs take minutes on a 2-core CI machine. `FUZZ_MAX_EXAMPLES` overrides it.
const MAX_EXAMPLES: &str = "10";

/// Operations that would end the fuzzer's own session: signing out, and changing the
/// password (which ends the account's other sessions and may change the one it checks).
const EXCLUDED_PATHS: [&str; 2] = ["/api/v1/auth/logout", "/api/v1/me/password"];

/// Operations whose 422 depends on what no JSON Schema can say: stored data (a cursor this
/// server gave out, an unused token, an object of one's own), the clock (a time still in the
/// future), another field (a price not above the original price) or the password list. The
/// document describes every other rule; for these, schemathesis accepts the 422 as well.
const STATEFUL_422: &[(&str, &str)] = &[
    (
        "POST /api/v1/auth/signup",
        "a password not on the common list",
    ),
    (
        "POST /api/v1/auth/seller-signup",
        "a password not on the common list",
    ),
    ("POST /api/v1/auth/activate", "a token this server mailed"),
    (
        "POST /api/v1/auth/reset-password",
        "a token this server mailed",
    ),
    (
        "POST /api/v1/products",
        "a price not above the original price",
    ),
    (
        "PATCH /api/v1/products/{id}",
        "a price not above the original price",
    ),
    (
        "PUT /api/v1/products/{id}/images/order",
        "every image the product has",
    ),
    (
        "POST /api/v1/products/{id}/images",
        "a picture the server can decode",
    ),
    (
        "POST /api/v1/events/{id}/images",
        "a picture the server can decode",
    ),
    ("PUT /api/v1/me/avatar", "a picture the server can decode"),
    (
        "PUT /api/v1/me/shop/avatar",
        "a picture the server can decode",
    ),
    (
        "POST /api/v1/products/{id}/reviews",
        "a delivered order of one's own",
    ),
    (
        "POST /api/v1/events",
        "a product of one's own; an end in the future",
    ),
    ("PATCH /api/v1/events/{id}", "an end after the start"),
    (
        "POST /api/v1/coupons",
        "a product of one's own; an expiry in the future",
    ),
    ("POST /api/v1/conversations", "a shop that exists"),
    (
        "POST /api/v1/checkout",
        "coupon codes that differ in more than case",
    ),
    (
        "POST /api/v1/checkout/quote",
        "coupon codes that differ in more than case",
    ),
];

/// Lists whose `cursor` must be one the list gave out.
const CURSOR_LISTS: &[&str] = &[
    "GET /api/v1/products",
    "GET /api/v1/shops",
    "GET /api/v1/events",
    "GET /api/v1/me/orders",
    "GET /api/v1/me/shop/orders",
    "GET /api/v1/me/shop/transactions",
    "GET /api/v1/me/shop/withdrawals",
    "GET /api/v1/products/{id}/reviews",
    "GET /api/v1/admin/users",
    "GET /api/v1/admin/shops",
    "GET /api/v1/admin/products",
    "GET /api/v1/admin/events",
    "GET /api/v1/admin/orders",
    "GET /api/v1/admin/reviews",
    "GET /api/v1/admin/audit",
    "GET /api/v1/admin/withdrawals",
];

/// The schemathesis configuration: the operations above also accept a 422 from valid data.
fn config() -> String {
    let cursor = "a cursor this list gave out";
    let exceptions = STATEFUL_422
        .iter()
        .copied()
        .chain(CURSOR_LISTS.iter().map(|name| (*name, cursor)));
    exceptions
        .map(|(name, reason)| {
            format!(
                "# Needs {reason}.\n[[operations]]\ninclude-name = \"{name}\"\n\
                 checks.positive_data_acceptance.expected-statuses = \
                 [\"2xx\", \"3xx\", \"401\", \"403\", \"404\", \"409\", \"422\", \"429\"]\n\n"
            )
        })
        .collect()
}

/// Runs the four passes; `extra` goes to every `schemathesis run` as it is (`--seed 1`, …).
pub fn run(root: &Path, extra: &[String]) -> Result<()> {
    let schemathesis = schemathesis()?;
    cargo(
        root,
        &["build", "-p", "bazaar-backend", "--bin", "bazaar"],
        &[],
    )?;
    let binary = target_dir(root)?.join("debug/bazaar");
    let data_dir = std::env::temp_dir().join(format!("bazaar-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&data_dir)?;
    let outcome = fuzz(&binary, &schemathesis, &data_dir, extra);
    let _ = std::fs::remove_dir_all(&data_dir);
    outcome
}

fn fuzz(binary: &Path, schemathesis: &Path, data_dir: &Path, extra: &[String]) -> Result<()> {
    let server = Server::start(
        binary,
        data_dir,
        &[
            ("DEMO_DATA", "true"),
            // Sign-ups, logins and checkouts by the thousand, all from one address.
            ("AUTH_RATE_LIMIT", "1000000"),
        ],
    )?;
    let base = format!("http://127.0.0.1:{}", server.port);
    // Every token is taken before any pass runs: no pass can sign another's account out.
    let mut identities = vec![("anonymous".to_owned(), None)];
    for email in ACCOUNTS {
        identities.push((email.to_owned(), Some(log_in(server.port, email)?)));
    }
    let max_examples =
        std::env::var("FUZZ_MAX_EXAMPLES").unwrap_or_else(|_| MAX_EXAMPLES.to_owned());
    let config_file = data_dir.join("schemathesis.toml");
    std::fs::write(&config_file, config())?;
    let mut failed = Vec::new();
    for (who, token) in &identities {
        println!("\n==> schemathesis as {who}");
        let mut command = Command::new(schemathesis);
        command
            .current_dir(data_dir)
            .arg("--config-file")
            .arg(&config_file)
            .arg("run")
            .arg(format!("{base}/api/openapi.json"))
            .args(["--checks", "all", "--max-examples", &max_examples])
            .args(["--generation-database", "none", "--no-color"])
            // Not the stateful phase: the document declares no links, and the links it
            // infers fill a path id from a null field of another answer ("None").
            .args(["--phases", "examples,coverage,fuzzing"])
            .args(["--request-timeout", "30"]);
        for path in EXCLUDED_PATHS {
            command.args(["--exclude-path", path]);
        }
        if let Some(token) = token {
            command.args(["-H", &format!("Authorization: Bearer {token}")]);
        }
        command.args(extra);
        let status = command
            .status()
            .with_context(|| format!("running {}", schemathesis.display()))?;
        if !status.success() {
            failed.push(format!("{who} ({status})"));
        }
    }
    drop(server);
    if !failed.is_empty() {
        bail!(
            "schemathesis found the server and its OpenAPI document disagreeing, as: {}",
            failed.join(", ")
        );
    }
    println!("\nschemathesis: no failure as anonymous, buyer, seller or admin");
    Ok(())
}

/// `$SCHEMATHESIS`, else `schemathesis` on PATH, else the virtualenv `.ci/run` makes.
fn schemathesis() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("SCHEMATHESIS").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let venv = std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".cache/bazaar-venv/bin"))
        .into_iter();
    std::env::split_paths(&path)
        .chain(venv)
        .map(|dir| dir.join("schemathesis"))
        .find(|candidate| candidate.is_file())
        .context(
            "schemathesis is not installed: `pip install schemathesis` (CI: .ci/run puts it in \
             ~/.cache/bazaar-venv), or set SCHEMATHESIS to its path",
        )
}

/// A bearer token for a demo account, signed in through the API as anyone would.
fn log_in(port: u16, email: &str) -> Result<String> {
    let body = json!({ "email": email, "password": DEMO_PASSWORD });
    let (status, answer) = request(port, "POST", "/api/v1/auth/login", Some(&body))?;
    ensure!(status == 200, "logging in as {email}: {status} {answer}");
    let answer: Value = serde_json::from_str(&answer)?;
    answer["token"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no token in the login answer of {email}"))
}

/// One HTTP/1.1 exchange: the status and the body (`Connection: close`, no chunking asked).
fn request(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("not an HTTP answer")?;
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .to_owned();
    Ok((status, body))
}
