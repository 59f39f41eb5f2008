//! `cargo xtask bench startup`: how long the release backend takes from exec to a healthy
//! `/api/health` with its migrations applied, and how much memory it holds when idle, on
//! SQLite and (with `BENCH_DATABASE_URL` or a local server reachable by `psql`) PostgreSQL.

use crate::{cargo, target_dir};
use anyhow::{Context, Result, bail};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 7;

pub fn run(root: &Path, what: Option<&str>) -> Result<()> {
    match what {
        Some("startup") => startup(root),
        _ => bail!("usage: cargo xtask bench startup"),
    }
}

fn startup(root: &Path) -> Result<()> {
    cargo(root, &["build", "--release", "-p", "bazaar-backend"], &[])?;
    let binary = target_dir(root)?.join("release/bazaar");
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
        let (elapsed, mut child) = start(binary, &url, &data_dir)?;
        cold.push(elapsed);
        stop(&mut child);
        let (elapsed, mut child) = start(binary, &url, &data_dir)?;
        warm.push(elapsed);
        std::thread::sleep(Duration::from_secs(1));
        memory.push(rss_kib(child.id())?);
        stop(&mut child);
    }
    println!(
        "{label:<10} start to healthy, median of {RUNS}: cold (migrating) {:.0} ms, warm {:.0} ms; idle RSS {:.1} MiB",
        median_ms(&mut cold),
        median_ms(&mut warm),
        median(&mut memory) as f64 / 1024.0
    );
    Ok(())
}

fn start(binary: &Path, database_url: &str, data_dir: &Path) -> Result<(Duration, Child)> {
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let began = Instant::now();
    let mut child = Command::new(binary)
        .env("DATABASE_URL", database_url)
        .env("DATA_DIR", data_dir)
        .env("BIND", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot start {}", binary.display()))?;
    while began.elapsed() < Duration::from_secs(30) {
        if healthy(port) {
            return Ok((began.elapsed(), child));
        }
        if let Some(status) = child.try_wait()? {
            bail!("the backend exited with {status} before it was healthy");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    stop(&mut child);
    bail!("the backend was not healthy within 30 s")
}

fn healthy(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let request =
        format!("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    let mut response = String::new();
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_to_string(&mut response).is_ok()
        && response.starts_with("HTTP/1.1 200")
}

fn stop(child: &mut Child) {
    // SIGTERM lets actix shut down gracefully, as in production.
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let _ = child.wait();
}

fn rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmRSS in /proc")
}

fn postgres_server() -> Option<String> {
    if let Some(url) = std::env::var("BENCH_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        return Some(url);
    }
    let local = "postgres://postgres@127.0.0.1:5432/postgres".to_owned();
    psql(&local, "SELECT 1").then_some(local)
}

fn fresh_postgres_database(server: &str, run: usize) -> String {
    let name = format!("bazaar_bench_{}_{run}", std::process::id());
    psql(server, &format!("DROP DATABASE IF EXISTS {name}"));
    psql(server, &format!("CREATE DATABASE {name}"));
    let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
    format!("{base}/{name}")
}

fn psql(url: &str, sql: &str) -> bool {
    Command::new("psql")
        .args([url, "-qtAc", sql])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn print_machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("machine: {cores} cores, {cpu}; numbers vary with load, compare within one run");
}

fn median_ms(values: &mut [Duration]) -> f64 {
    values.sort();
    values[values.len() / 2].as_secs_f64() * 1000.0
}

fn median(values: &mut [u64]) -> u64 {
    values.sort_unstable();
    values[values.len() / 2]
}
