//! Tauri's build step, after making sure the web UI folder it embeds exists.

use std::path::Path;

/// Shown when the shell is built before the web UI (a plain `cargo build` or `cargo test
/// --workspace` on a fresh clone): `cargo xtask web` replaces the whole folder.
const PLACEHOLDER: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Bazaar</title></head><body><p>The web UI was not built when this shell was compiled: \
run <code>cargo xtask desktop</code>.</p></body></html>\n";

fn main() {
    // generate_context!() refuses to compile without tauri.conf.json's frontendDist.
    let dist = Path::new("../dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(dist).expect("creating ../dist");
        std::fs::write(dist.join("index.html"), PLACEHOLDER).expect("writing ../dist/index.html");
        println!(
            "cargo:warning=no web UI in dist/: embedding a placeholder (run `cargo xtask web`)"
        );
    }
    // The UI is embedded when the crate compiles: a new web build must recompile it, so the
    // whole folder is watched (tauri-build does not watch it).
    println!("cargo:rerun-if-changed=../dist");
    tauri_build::build();
}
