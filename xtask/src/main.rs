//! `cargo xtask …`: the project's build, run, test and benchmark commands.

mod bench;
mod chaos;
mod desktop;
mod fuzz;
mod test;
mod web;

use anyhow::{Context, Result, bail, ensure};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

const HELP: &str = "\
cargo xtask serve [--release] [--no-demo]
                          build the web UI and the server, start the marketplace on
                          http://127.0.0.1:8080 (demo data in an empty database)
cargo xtask desktop [--no-run]
                          build the web UI and the desktop shell (debug) and start it,
                          talking to BAZAAR_API_URL (default http://127.0.0.1:8080)
cargo xtask test          run every test (SQLite; PostgreSQL with TEST_DATABASE_URL)
cargo xtask web           build the web UI into dist/
cargo xtask fuzz [ARGS]   Schemathesis against the debug server's OpenAPI document, anonymous
                          and as the demo buyer, seller and admin (ARGS go to schemathesis)
cargo xtask bench startup measure the backend's start time and idle memory
cargo xtask chaos [--short]
                          SIGKILL the debug server under load again and again, then check
                          that stock, orders, ledgers, chat, media and jobs survived";

fn main() -> Result<()> {
    let root = workspace_root();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    match args.first().map(String::as_str) {
        Some("serve") => serve(&root, flag("--release"), !flag("--no-demo")),
        Some("test") => test::run(&root),
        Some("desktop") => desktop::run(&root, !flag("--no-run")),
        Some("web") => {
            let dist = web::build_web(&root)?;
            println!("web UI built in {}", dist.display());
            Ok(())
        }
        Some("fuzz") => fuzz::run(&root, &args[1..]),
        Some("bench") => bench::run(&root, args.get(1).map(String::as_str)),
        Some("chaos") => chaos::run(&root, flag("--short")),
        None | Some("help" | "--help" | "-h") => {
            println!("{HELP}");
            Ok(())
        }
        Some(other) => bail!("unknown command `{other}`\n\n{HELP}"),
    }
}

fn serve(root: &Path, release: bool, demo: bool) -> Result<()> {
    let dist = web::build_web(root)?;
    println!("==> building and starting the server");
    let mut args = vec!["run", "--package", "bazaar-backend", "--bin", "bazaar"];
    if release {
        args.push("--release");
    }
    let dist = dist.display().to_string();
    let demo = if demo { "true" } else { "false" };
    // The environment (and .env) may still override these.
    let defaults = [("WEB_DIST", dist.as_str()), ("DEMO_DATA", demo)];
    let mut command = cargo_command();
    command.args(&args).current_dir(root);
    for (name, value) in defaults {
        if std::env::var_os(name).is_none() {
            command.env(name, value);
        }
    }
    let status = command.status().context("running the server")?;
    ensure!(status.success(), "the server stopped with {status}");
    Ok(())
}

/// Whether `program` is an executable file in one of PATH's directories.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

pub fn cargo_command() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs cargo with `args` and extra environment; fails when cargo does. The output of
/// `cargo test` passes through and its results are counted for `tally()`.
pub fn cargo(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    let mut command = cargo_command();
    command.args(args).current_dir(root);
    for (name, value) in env {
        command.env(name, value);
    }
    let running = || format!("running cargo {}", args.join(" "));
    let status = if args.first() == Some(&"test") {
        let mut child = command
            .stdout(Stdio::piped())
            .spawn()
            .with_context(running)?;
        let stdout = child.stdout.take().context("cargo test's output")?;
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            println!("{line}");
            count_results(&line);
        }
        child.wait().with_context(running)?
    } else {
        command.status().with_context(running)?
    };
    ensure!(status.success(), "cargo {} failed", args.join(" "));
    Ok(())
}

static PASSED: AtomicU64 = AtomicU64::new(0);
static FAILED: AtomicU64 = AtomicU64::new(0);

/// Adds up a `test result: ok. 3 passed; 0 failed; …` line.
fn count_results(line: &str) {
    let Some(counts) = line.strip_prefix("test result: ") else {
        return;
    };
    for part in counts.split(';') {
        let mut words = part.split_whitespace().rev();
        if let (Some(what), Some(Ok(n))) = (words.next(), words.next().map(str::parse::<u64>)) {
            match what {
                "passed" => PASSED.fetch_add(n, Ordering::Relaxed),
                "failed" => FAILED.fetch_add(n, Ordering::Relaxed),
                _ => 0,
            };
        }
    }
}

/// Every test counted so far, as `(passed, failed)`.
pub fn tally() -> (u64, u64) {
    (
        PASSED.load(Ordering::Relaxed),
        FAILED.load(Ordering::Relaxed),
    )
}

/// CARGO_TARGET_DIR when set, else what `cargo metadata` says.
pub fn target_dir(root: &Path) -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return Ok(root.join(dir));
    }
    let output = cargo_command()
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root)
        .output()
        .context("running cargo metadata")?;
    ensure!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    match metadata["target_directory"].as_str() {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => bail!("cargo metadata did not name a target directory"),
    }
}

/// The checkout `cargo xtask` was run in. `cargo run` says where xtask's manifest is at run
/// time; the path compiled in is only a fallback, since a target directory shared by two
/// checkouts may hand this binary to the other one.
fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}
