//! A closed-loop HTTP/1.1 load generator: N keep-alive connections, each sending the next
//! request when the last answer arrived, for a fixed time. Loopback only.

use anyhow::{Context, Result, bail, ensure};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

pub struct Report {
    pub requests: usize,
    pub errors: usize,
    pub elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Report {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    /// The `p`-th percentile latency (0–100), in milliseconds.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let index = ((self.latencies.len() - 1) as f64 * p / 100.0).round() as usize;
        self.latencies[index].as_secs_f64() * 1000.0
    }
}

/// Runs `connections` loops against `127.0.0.1:port` `path` for `duration`.
pub fn run(port: u16, path: &str, connections: usize, duration: Duration) -> Result<Report> {
    let began = Instant::now();
    let deadline = began + duration;
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let path = path.to_owned();
            std::thread::spawn(move || worker(port, &path, deadline))
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (mut times, failed) = worker
            .join()
            .map_err(|_| anyhow::anyhow!("a load worker panicked"))??;
        latencies.append(&mut times);
        errors += failed;
    }
    let elapsed = began.elapsed();
    latencies.sort_unstable();
    Ok(Report {
        requests: latencies.len(),
        errors,
        elapsed,
        latencies,
    })
}

/// One GET of `path`: its body, which must come with a 200.
pub fn fetch(port: u16, path: &str) -> Result<String> {
    let (status, body) = exchange(&mut connect(port)?, get_request(port, path).as_bytes())?;
    ensure!(status == 200, "GET {path} answered {status}");
    Ok(String::from_utf8(body)?)
}

fn get_request(port: u16, path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n\r\n")
}

fn worker(port: u16, path: &str, deadline: Instant) -> Result<(Vec<Duration>, usize)> {
    let request = get_request(port, path);
    let mut connection = connect(port)?;
    let (mut times, mut errors) = (Vec::new(), 0);
    while Instant::now() < deadline {
        let sent = Instant::now();
        match exchange(&mut connection, request.as_bytes()).map(|(status, _)| status) {
            Ok(200) => times.push(sent.elapsed()),
            Ok(_) => errors += 1,
            Err(_) => {
                errors += 1;
                connection = connect(port)?;
            }
        }
    }
    Ok((times, errors))
}

fn connect(port: u16) -> Result<BufReader<TcpStream>> {
    let stream = TcpStream::connect(("127.0.0.1", port)).context("connecting to the server")?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    Ok(BufReader::new(stream))
}

/// Sends one request and reads one whole response; returns its status and body.
fn exchange(connection: &mut BufReader<TcpStream>, request: &[u8]) -> Result<(u16, Vec<u8>)> {
    connection.get_mut().write_all(request)?;
    let mut line = String::new();
    connection.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .context("no status line")?
        .parse()?;
    let mut length = None;
    loop {
        line.clear();
        connection.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.trim().parse::<usize>()?);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                bail!("chunked responses are not expected here");
            }
        }
    }
    let mut body = vec![0; length.context("no content-length")?];
    connection.read_exact(&mut body)?;
    ensure!(!body.is_empty() || status != 200, "an empty 200");
    Ok((status, body))
}
