//! `cargo xtask bench startup`: how long the release backend takes from exec to a healthy
//! `/api/health` with its migrations applied, and how much memory it holds when idle, on
//! SQLite and (with `BENCH_DATABASE_URL` or a local server reachable by `psql`) PostgreSQL.

use super::{Server, median, print_machine, release_backend, rss_kib};
use anyhow::Result;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const RUNS: usize = 7;

pub fn run(root: &Path) -> Result<()> {
    let binary = release_backend(root)?;
    print_machine();
    let scratch = std::env::temp_dir().join(format!("bazaar-bench-{}", std::process::id()));
    let sqlite = |run: usize| format!("sqlite://{}/run{run}/bazaar.db?mode=rwc", scratch.display());
    measure("SQLite", &binary, &scratch, sqlite)?;
    match postgres_server() {
        Some(server) => {
            let url = |run: usize| fresh_postgres_database(&server, run);
            measure("PostgreSQL", &binary, &scratch, url)?;
        }
        None => println!(
            "PostgreSQL: skipped (no BENCH_DATABASE_URL and no local server answering psql)"
        ),
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

/// Each run: a cold start on a new database (migrations run), then a warm start on the
/// same database (migrations already there), then the idle memory of the warm process.
fn measure(
    label: &str,
    binary: &Path,
    scratch: &Path,
    database: impl Fn(usize) -> String,
) -> Result<()> {
    let (mut cold, mut warm, mut memory) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..RUNS {
        let data_dir = scratch.join(format!("run{run}"));
        std::fs::create_dir_all(&data_dir)?;
        let url = database(run);
        let env = [("DATABASE_URL", url.as_str())];
        cold.push(Server::start(binary, &data_dir, &env)?.started_in);
        let server = Server::start(binary, &data_dir, &env)?;
        warm.push(server.started_in);
        std::thread::sleep(Duration::from_secs(1));
        memory.push(rss_kib(server.pid())?);
    }
    println!(
        "{label:<10} start to healthy, median of {RUNS}: cold (migrating) {:.0} ms, warm {:.0} ms; idle RSS {:.1} MiB",
        median(&mut cold).as_secs_f64() * 1000.0,
        median(&mut warm).as_secs_f64() * 1000.0,
        median(&mut memory) as f64 / 1024.0
    );
    Ok(())
}

pub(super) fn postgres_server() -> Option<String> {
    if let Some(url) = std::env::var("BENCH_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        return Some(url);
    }
    // Loopback: TLS would only add its handshake (most of a cold start) to every connection.
    let local = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable".to_owned();
    psql(&local, "SELECT 1").then_some(local)
}

pub(super) fn fresh_postgres_database(server: &str, run: usize) -> String {
    let name = format!("bazaar_bench_{}_{run}", std::process::id());
    psql(server, &format!("DROP DATABASE IF EXISTS {name}"));
    psql(server, &format!("CREATE DATABASE {name}"));
    let (path, query) = server.split_once('?').unwrap_or((server, ""));
    let base = path.rsplit_once('/').map_or(path, |(base, _)| base);
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{base}/{name}{query}")
}

pub(super) fn psql(url: &str, sql: &str) -> bool {
    Command::new("psql")
        .args([url, "-qtAc", sql])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
