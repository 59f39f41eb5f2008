//! `cargo xtask bench …`: benchmark programs. Each prints the machine it ran on; where it
//! compares, it prints the ratio measured in the same run (this machine is shared and noisy).

mod catalog;
mod chat;
mod checkout;
mod lighthouse;
mod load;
mod mail_sink;
mod relay;
pub(crate) mod site;
mod startup;
mod ui;

use crate::{cargo, target_dir};
use anyhow::{Context, Result, bail, ensure};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

pub fn run(root: &Path, what: Option<&str>) -> Result<()> {
    // The load generator shares the cores with the server it measures, and a debug build
    // of it takes CPU the server would otherwise have: the bench runs in a release xtask.
    if cfg!(debug_assertions) {
        println!("==> building the load generator (a release xtask)");
        cargo(root, &["build", "--release", "-p", "xtask"], &[])?;
        let status = Command::new(target_dir(root)?.join("release/xtask"))
            .arg("bench")
            .args(what)
            .current_dir(root)
            .status()
            .context("running the release xtask")?;
        ensure!(status.success(), "the bench failed");
        return Ok(());
    }
    match what {
        Some("startup") => startup::run(root),
        Some("catalog") => catalog::run(root),
        Some("ui") => ui::run(root),
        Some("chat") => chat::run(root),
        Some("checkout") => checkout::run(root),
        _ => bail!("usage: cargo xtask bench startup|catalog|ui|chat|checkout"),
    }
}

/// Builds the optimised server and returns its path.
fn release_backend(root: &Path) -> Result<PathBuf> {
    cargo(root, &["build", "--release", "-p", "bazaar-backend"], &[])?;
    Ok(target_dir(root)?.join("release/bazaar"))
}

/// A running server on a free port; stopped (SIGTERM) when dropped. `cargo xtask chaos`
/// runs the debug one and kills it; `cargo xtask fuzz` runs the debug one with demo data.
pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
    pub(crate) started_in: Duration,
}

/// Settings a developer's environment may hold that would send a bench's mail, pictures or
/// payments somewhere real: the server runs with local storage, mail and database unless the
/// caller's `env` names them.
const NOT_INHERITED: [&str; 5] = [
    "DATABASE_URL",
    "SMTP_URL",
    "MEDIA_S3_BUCKET",
    "STRIPE_SECRET_KEY",
    "PAYPAL_CLIENT_ID",
];

impl Server {
    /// Starts `binary` on `data_dir` (its log appended to `server.log` there) with `env`.
    pub(crate) fn start(binary: &Path, data_dir: &Path, env: &[(&str, &str)]) -> Result<Self> {
        std::fs::create_dir_all(data_dir)?;
        let (binary, data_dir) = (std::path::absolute(binary)?, std::path::absolute(data_dir)?);
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let log_path = data_dir.join("server.log");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)?;
        let began = Instant::now();
        let mut command = Command::new(&binary);
        // In the data directory, so that no `.env` of the checkout changes the settings.
        command
            .current_dir(&data_dir)
            .env("DATA_DIR", &data_dir)
            .env("BIND", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "warn")
            .stdout(log.try_clone()?)
            .stderr(log);
        for name in NOT_INHERITED {
            command.env_remove(name);
        }
        for (name, value) in env {
            command.env(name, value);
        }
        let child = command
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let mut server = Self {
            child,
            port,
            started_in: Duration::ZERO,
        };
        while began.elapsed() < Duration::from_secs(120) {
            if healthy(port) {
                server.started_in = began.elapsed();
                return Ok(server);
            }
            if let Some(status) = server.child.try_wait()? {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                bail!("the backend exited with {status} before it was healthy:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        bail!("the backend was not healthy within 120 s")
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // SIGTERM lets actix shut down gracefully, as in production.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
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
    println!("machine: {cores} cores, {cpu}; figures vary with load: compare within one run");
}

/// The resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmRSS in /proc")
}

fn median<T: Ord + Copy>(values: &mut [T]) -> T {
    values.sort_unstable();
    values[values.len() / 2]
}
