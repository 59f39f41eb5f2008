//! Lighthouse on the public pages, as `cargo xtask bench ui` serves them: the home page, a
//! category of the listing and a product page, with the mobile and the desktop preset, and
//! the targets for the mobile one. Needs Node (`npx` fetches Lighthouse from npm once)
//! and the same Chromium; without Node it says so and measures nothing.

use super::load;
use anyhow::{Context, Result, ensure};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const LIGHTHOUSE: &str = "lighthouse@12.2.3";
const CATEGORIES: [&str; 4] = ["performance", "accessibility", "best-practices", "seo"];

pub fn run(chromium: &Path, port: u16, scratch: &Path) -> Result<()> {
    if Command::new("npx").arg("--version").output().is_err() {
        println!("\nLighthouse: skipped, no Node (npx) on PATH");
        return Ok(());
    }
    let page: Value = serde_json::from_str(&load::fetch(port, "/api/v1/products?limit=1")?)?;
    let product = page["items"][0]["id"]
        .as_str()
        .context("the demo marketplace lists no product")?;
    let pages = [
        ("home", "/".to_owned()),
        ("listing", "/products?category=home".to_owned()),
        ("product", format!("/products/{product}")),
    ];
    println!("\nLighthouse {LIGHTHOUSE} (simulated throttling), release backend, demo marketplace");
    println!(
        "{:<9} {:<8} {:>5} {:>5} {:>5} {:>5} {:>8} {:>6} {:>8}  mobile targets",
        "page", "preset", "perf", "a11y", "bp", "seo", "LCP s", "CLS", "TBT ms"
    );
    for preset in ["mobile", "desktop"] {
        for (name, path) in &pages {
            let report = scratch.join(format!("lighthouse-{preset}-{name}.json"));
            audit(
                chromium,
                &format!("http://127.0.0.1:{port}{path}"),
                preset,
                &report,
            )?;
            let report: Value = serde_json::from_slice(&std::fs::read(&report)?)?;
            let scores: Vec<f64> = CATEGORIES
                .iter()
                .map(|c| report["categories"][c]["score"].as_f64().unwrap_or(0.0) * 100.0)
                .collect();
            let metric = |audit: &str| report["audits"][audit]["numericValue"].as_f64();
            let lcp = metric("largest-contentful-paint").unwrap_or(f64::NAN) / 1000.0;
            let cls = metric("cumulative-layout-shift").unwrap_or(f64::NAN);
            let tbt = metric("total-blocking-time").unwrap_or(f64::NAN);
            let targets = if preset == "mobile" {
                let met = scores[0] >= 95.0
                    && scores[1..].iter().all(|s| *s >= 100.0)
                    && lcp < 2.0
                    && cls < 0.05;
                if met { "met" } else { "NOT met" }
            } else {
                ""
            };
            println!(
                "{name:<9} {preset:<8} {:>5.0} {:>5.0} {:>5.0} {:>5.0} {lcp:>8.1} {cls:>6.3} {tbt:>8.0}  {targets}",
                scores[0], scores[1], scores[2], scores[3]
            );
        }
    }
    println!("mobile targets: performance >= 95, the rest 100, LCP under 2.0 s, CLS under 0.05");
    Ok(())
}

fn audit(chromium: &Path, url: &str, preset: &str, report: &Path) -> Result<()> {
    let mut command = Command::new("npx");
    command
        .args(["--yes", LIGHTHOUSE, url, "--quiet", "--output=json"])
        .arg(format!("--output-path={}", report.display()))
        .arg("--chrome-flags=--headless=new --no-sandbox")
        .env("CHROME_PATH", chromium);
    if preset == "desktop" {
        command.arg("--preset=desktop");
    }
    let status = command.status().context("running Lighthouse through npx")?;
    ensure!(status.success(), "Lighthouse failed on {url} ({preset})");
    Ok(())
}
