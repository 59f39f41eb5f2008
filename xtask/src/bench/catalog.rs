//! `cargo xtask bench catalog`: the listing endpoint (first page, a search, a filtered sort)
//! at 64 connections on the demo marketplace, against a plain JSON endpoint of the same
//! server (the category list), with requests/s, p50, p99 and the ratio — as deployed (with
//! the listing micro-cache) and again with the cache off, to show what a miss costs.

use super::{Server, load, print_machine, release_backend};
use anyhow::Result;
use std::path::Path;
use std::time::Duration;

const CONNECTIONS: usize = 64;
const DURATION: Duration = Duration::from_secs(10);

pub fn run(root: &Path) -> Result<()> {
    let binary = release_backend(root)?;
    print_machine();
    let scratch = std::env::temp_dir().join(format!("bazaar-bench-catalog-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let cases = [
        ("static JSON (categories)", "/api/v1/categories"),
        ("listing, first page of 24", "/api/v1/products?limit=24"),
        (
            "listing, search \"lamp\"",
            "/api/v1/products?q=lamp&limit=24",
        ),
        (
            "listing, home by price",
            "/api/v1/products?category=home&sort=price_asc&in_stock=true&limit=24",
        ),
    ];
    for (title, cache_ms) in [
        ("as deployed (listing cache 2 s)", "2000"),
        ("listing cache off", "0"),
    ] {
        // The demo is loaded by the first start; the second finds it there.
        let server = Server::start(
            &binary,
            &scratch,
            &[("DEMO_DATA", "true"), ("LISTING_CACHE_MS", cache_ms)],
        )?;
        println!(
            "\n{title}: SQLite, demo marketplace, {CONNECTIONS} connections, {} s each, loopback; the load generator shares the cores",
            DURATION.as_secs()
        );
        // Warm up caches and connections first.
        load::run(server.port, cases[1].1, 8, Duration::from_secs(2))?;
        let mut baseline = None;
        println!(
            "{:<30} {:>10} {:>9} {:>9} {:>7} {:>9}",
            "endpoint", "req/s", "p50 ms", "p99 ms", "errors", "vs static"
        );
        for (label, path) in cases {
            let report = load::run(server.port, path, CONNECTIONS, DURATION)?;
            let rate = report.per_second();
            let base = *baseline.get_or_insert(rate);
            println!(
                "{label:<30} {rate:>10.0} {:>9.2} {:>9.2} {:>7} {:>8.0}%",
                report.percentile_ms(50.0),
                report.percentile_ms(99.0),
                report.errors,
                rate / base * 100.0
            );
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}
