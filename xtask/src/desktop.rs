//! The Tauri desktop shell (`src-tauri/`): `cargo xtask desktop` builds and runs it, and
//! `cargo xtask test` runs its tests, the smoke test included when the machine can.

use crate::{cargo, on_path, target_dir};
use anyhow::{Context, Result, ensure};
use std::path::{Path, PathBuf};

const DEFAULT_API_URL: &str = "http://127.0.0.1:8080";

/// What a fresh Debian machine lacks to build the shell (.ci/run installs the same).
const BUILD_PACKAGES_MISSING: &str = "the desktop shell: install the Debian packages \
libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev \
libayatana-appindicator3-dev libxdo-dev (and pkg-config)";

/// `cargo xtask desktop [--no-run]`: the web UI, then the shell (debug) that embeds it,
/// then the shell itself, talking to `BAZAAR_API_URL` (default: `cargo xtask serve`'s).
pub fn run(root: &Path, launch: bool) -> Result<()> {
    if let Some(reason) = missing_build_packages() {
        anyhow::bail!("cannot build {reason}");
    }
    crate::web::build_web(root)?;
    cargo(root, &["build", "--package", "bazaar-desktop"], &[])?;
    let app = target_dir(root)?.join("debug").join("bazaar-desktop");
    let api = std::env::var("BAZAAR_API_URL").unwrap_or_else(|_| DEFAULT_API_URL.to_owned());

    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
    if !launch || !has_display {
        if !has_display {
            println!("no DISPLAY or WAYLAND_DISPLAY here, so not starting the window.");
        }
        println!(
            "The desktop app is built: {app}\n\
             Start a backend (`cargo xtask serve`), then run it with\n    \
             BAZAAR_API_URL={api} {app}\n\
             or, without a screen, under a virtual one: Xvfb :99 & DISPLAY=:99 {app}",
            app = app.display()
        );
        return Ok(());
    }

    println!("Bazaar desktop, talking to {api} (set BAZAAR_API_URL to change it)");
    if !backend_answers(&api) {
        println!("  nothing answers at {api}/api/health yet: start it with `cargo xtask serve`");
    }
    let status = std::process::Command::new(&app)
        .env("BAZAAR_API_URL", &api)
        .status()
        .with_context(|| format!("starting {}", app.display()))?;
    ensure!(status.success(), "the desktop app stopped with {status}");
    Ok(())
}

/// The `cargo xtask test` step: the shell's own tests, and the smoke test through
/// tauri-driver when Xvfb, WebKitWebDriver and tauri-driver are here. Returns what had to
/// be skipped.
pub fn test(root: &Path) -> Result<Option<&'static str>> {
    if let Some(reason) = missing_build_packages() {
        return Ok(Some(reason));
    }
    let smoke_missing = missing_for_smoke();
    crate::web::build_web(root)?;
    // The shell alone first, from a clean slate. Tauri compresses the UI into a cache beside
    // the crate's build output, and `cargo test` compiles the crate twice at once (the
    // library and its tests): the second compile found the wasm's cache file half-written
    // and embedded that, so the shell served index.html for the wasm and the app never
    // started. A warm target directory still ended that way after the UI changed (twice in
    // a row on one machine, gone after a clean), so the shell's own outputs are rebuilt.
    cargo(root, &["clean", "--package", "bazaar-desktop"], &[])?;
    cargo(root, &["build", "--package", "bazaar-desktop"], &[])?;
    match smoke_missing {
        None => {
            println!("==> desktop shell: its tests and the smoke test (tauri-driver under Xvfb)");
            let backend = backend_binary(root)?;
            let backend = backend.to_string_lossy();
            let mut path = tauri_driver_dirs();
            path.extend(
                std::env::var_os("PATH")
                    .map_or_else(Vec::new, |p| std::env::split_paths(&p).collect::<Vec<_>>()),
            );
            let path = std::env::join_paths(path)?;
            let path = path.to_string_lossy();
            cargo(
                root,
                &[
                    "test",
                    "--package",
                    "bazaar-desktop",
                    "--",
                    "--include-ignored",
                ],
                &[("BAZAAR_BACKEND_BIN", &backend), ("PATH", &path)],
            )?;
        }
        Some(_) => {
            println!("==> desktop shell: its tests (the smoke test cannot run here)");
            cargo(root, &["test", "--package", "bazaar-desktop"], &[])?;
        }
    }
    Ok(smoke_missing)
}

/// The `bazaar` binary for the smoke test. The workspace test step has just built it (cargo
/// builds the binaries integration tests start); a `cargo build -p bazaar-backend` would
/// resolve features for that one package and rebuild a good part of the backend.
fn backend_binary(root: &Path) -> Result<PathBuf> {
    let binary = target_dir(root)?.join("debug").join("bazaar");
    if !binary.is_file() {
        cargo(
            root,
            &["build", "--package", "bazaar-backend", "--bin", "bazaar"],
            &[],
        )?;
    }
    Ok(binary)
}

/// Why the shell cannot be compiled here, if it cannot: Tauri links webkit2gtk.
fn missing_build_packages() -> Option<&'static str> {
    let found = std::process::Command::new("pkg-config")
        .args(["--exists", "webkit2gtk-4.1", "gtk+-3.0", "libsoup-3.0"])
        .status()
        .is_ok_and(|s| s.success());
    (!found).then_some(BUILD_PACKAGES_MISSING)
}

/// Why the smoke test cannot run here, if it cannot.
fn missing_for_smoke() -> Option<&'static str> {
    if !on_path("Xvfb") {
        return Some("the desktop smoke test: install the Debian packages xvfb and xauth");
    }
    if !on_path("WebKitWebDriver") {
        return Some("the desktop smoke test: install the Debian package webkit2gtk-driver");
    }
    let tauri_driver = on_path("tauri-driver")
        || tauri_driver_dirs()
            .iter()
            .any(|dir| dir.join("tauri-driver").is_file());
    if !tauri_driver {
        return Some("the desktop smoke test: `cargo install tauri-driver --locked`");
    }
    None
}

/// Where `cargo install` puts tauri-driver, which need not be on PATH.
fn tauri_driver_dirs() -> Vec<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    cargo_home
        .map(|home| home.join("bin"))
        .into_iter()
        .collect()
}

/// Whether `{api}/api/health` answers, by a plain HTTP/1.0 request (no client library).
fn backend_answers(api: &str) -> bool {
    use std::io::{Read, Write};
    let Some(authority) = api.strip_prefix("http://").map(|a| a.trim_end_matches('/')) else {
        return true; // https: do not guess, the app will say.
    };
    let Ok(mut stream) = std::net::TcpStream::connect(authority) else {
        return false;
    };
    let request = format!("GET /api/health HTTP/1.0\r\nHost: {authority}\r\n\r\n");
    let mut answer = String::new();
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_to_string(&mut answer).is_ok()
        && answer.starts_with("HTTP/1.")
        && answer.contains(" 200 ")
}
