//! `cargo xtask bench catalog`: the listing endpoint (first page, a search, a filtered sort)
//! and a product (its JSON, and its public page as the server renders it for crawlers and
//! link previews) at 64 connections on the demo marketplace, against a plain JSON endpoint
//! of the same server (the category list), with requests/s, p50, p99 and the ratio — as
//! deployed (with the listing micro-cache) and again with the cache off, to show what a miss
//! costs. The page needs the web UI's shell: it builds `dist/` as `cargo xtask web` does.
//! `BENCH_BASELINE=<an older release binary>` measures that one with the cache off first, in
//! the same run, for before/after ratios.

use super::{Server, load, print_machine, release_backend};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::time::Duration;

const CONNECTIONS: usize = 64;
const DURATION: Duration = Duration::from_secs(10);

pub fn run(root: &Path) -> Result<()> {
    let dist = crate::web::build_web(root)?;
    let binary = release_backend(root)?;
    print_machine();
    let scratch = std::env::temp_dir().join(format!("bazaar-bench-catalog-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let static_cases = [
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
    let dist = dist.display().to_string();
    let baseline = std::env::var_os("BENCH_BASELINE").map(PathBuf::from);
    let mut runs = Vec::new();
    if let Some(baseline) = &baseline {
        runs.push((
            "baseline binary, listing cache off",
            baseline.as_path(),
            "0",
        ));
    }
    runs.push(("as deployed (listing cache 2 s)", binary.as_path(), "2000"));
    runs.push(("listing cache off", binary.as_path(), "0"));
    for (title, binary, cache_ms) in runs {
        // The demo is loaded by the first start; the later ones find it there.
        let server = Server::start(
            binary,
            &scratch,
            &[
                ("DEMO_DATA", "true"),
                ("LISTING_CACHE_MS", cache_ms),
                ("WEB_DIST", &dist),
            ],
        )?;
        let product = first_product(server.port)?;
        let (product_json, product_page) = (
            format!("/api/v1/products/{product}"),
            format!("/products/{product}"),
        );
        let mut cases = static_cases.to_vec();
        cases.push(("product, JSON", product_json.as_str()));
        cases.push(("product page, HTML", product_page.as_str()));
        println!(
            "\n{title}: SQLite, demo marketplace, {CONNECTIONS} connections, {} s each, loopback; the load generator shares the cores",
            DURATION.as_secs()
        );
        // Warm up caches and connections first.
        load::run(server.port, cases[1].1, 8, Duration::from_secs(2))?;
        let mut baseline = None;
        let mut rates = Vec::new();
        println!(
            "{:<30} {:>10} {:>9} {:>9} {:>7} {:>9}",
            "endpoint", "req/s", "p50 ms", "p99 ms", "errors", "vs static"
        );
        for (label, path) in cases {
            let report = load::run(server.port, path, CONNECTIONS, DURATION)?;
            let rate = report.per_second();
            rates.push(rate);
            let base = *baseline.get_or_insert(rate);
            println!(
                "{label:<30} {rate:>10.0} {:>9.2} {:>9.2} {:>7} {:>8.0}%",
                report.percentile_ms(50.0),
                report.percentile_ms(99.0),
                report.errors,
                rate / base * 100.0
            );
        }
        if let [.., json, page] = rates[..] {
            println!("product page / product JSON: {:.0}%", page / json * 100.0);
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

/// The id of the listing's first product.
fn first_product(port: u16) -> Result<String> {
    let page: serde_json::Value =
        serde_json::from_str(&load::fetch(port, "/api/v1/products?limit=1")?)?;
    page["items"][0]["id"]
        .as_str()
        .map(str::to_owned)
        .context("the demo marketplace lists no product")
}
