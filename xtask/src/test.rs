//! `cargo xtask test`: every test, on SQLite and — when `TEST_DATABASE_URL` names a
//! PostgreSQL server — again on PostgreSQL. What cannot run here is said loudly, and
//! under `BAZAAR_REQUIRE_ALL=1` (CI) a skip fails the run instead.

use crate::{cargo, on_path};
use anyhow::{Result, bail};
use std::path::Path;

pub fn run(root: &Path) -> Result<()> {
    let mut skipped = Vec::new();

    println!("==> unit and API tests on SQLite");
    cargo(
        root,
        // The browser flows are #[ignore]d here: they need the built UI, see below.
        // The desktop shell needs webkit2gtk to build: its own step below.
        &[
            "test",
            "--workspace",
            "--exclude",
            "bazaar-app",
            "--exclude",
            "bazaar-desktop",
        ],
        &[("TEST_DATABASE_URL", "")],
    )?;

    // The UI's own unit tests (parsing and formatting) run natively; its wasm build is
    // checked by the browser tests below.
    println!("==> the UI's unit tests");
    cargo(root, &["test", "-p", "bazaar-app"], &[])?;

    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(url) => {
            println!("==> API tests on PostgreSQL");
            cargo(
                root,
                &[
                    "test",
                    "-p",
                    "bazaar-backend",
                    "--test",
                    "api",
                    "--",
                    // What only PostgreSQL can do (instances meeting over LISTEN/NOTIFY).
                    "--include-ignored",
                ],
                &[("TEST_DATABASE_URL", &url)],
            )?;
        }
        None => skipped
            .push("the API tests on PostgreSQL: set TEST_DATABASE_URL=postgres://user@host/db"),
    }

    let browser = ["chromium", "chromedriver"]
        .iter()
        .all(|program| on_path(program));
    if browser {
        println!("==> browser tests (headless Chromium over chromedriver)");
        let dist = crate::web::build_web(root)?;
        let dist = dist.to_string_lossy();
        cargo(
            root,
            &[
                "test",
                "-p",
                "bazaar-backend",
                "--test",
                "browser",
                "--",
                "--include-ignored",
            ],
            &[("BAZAAR_WEB_DIST", &dist), ("TEST_DATABASE_URL", "")],
        )?;
    } else {
        skipped.push("the browser tests: install chromium and chromium-driver");
    }

    if let Some(what) = crate::desktop::test(root)? {
        skipped.push(what);
    }

    let (passed, failed) = crate::tally();
    println!("\ntests: {passed} passed, {failed} failed");
    if skipped.is_empty() {
        return Ok(());
    }
    eprintln!();
    for what in &skipped {
        eprintln!("!!! SKIPPED {what}");
    }
    if std::env::var("BAZAAR_REQUIRE_ALL").is_ok_and(|v| v == "1") {
        bail!(
            "{} part(s) of the suite were skipped, and BAZAAR_REQUIRE_ALL=1 forbids that",
            skipped.len()
        );
    }
    Ok(())
}
