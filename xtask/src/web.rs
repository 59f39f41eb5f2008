//! `cargo xtask web`: builds the Dioxus UI into a ready-to-serve `dist/`.
//!
//! No dx CLI and no Node: cargo builds the wasm, `wasm-opt` shrinks it when one is on PATH,
//! and wasm-bindgen runs as a library. Every asset gets a content hash in its name so the server
//! can cache it forever; only `index.html` must be revalidated. Each text or wasm file gets
//! `.gz` and `.br` siblings for the server to send as they are.
//!
//! The site is an installable app too: PNG icons drawn from the favicon ([`icons`]), a web app
//! manifest and a service worker `sw.js` that precaches this build's shell ([`pwa`]).

mod icons;
mod pwa;

use anyhow::{Context, Result, ensure};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";
const APP_PACKAGE: &str = "bazaar-app";
/// Base name of the wasm-bindgen output (`bazaar_app.js`, `bazaar_app_bg.wasm`).
const OUT_NAME: &str = "bazaar_app";
const COMPRESSIBLE: &[&str] = &[
    "html",
    "js",
    "wasm",
    "css",
    "svg",
    "json",
    "txt",
    "webmanifest",
];

/// Builds the UI and writes the site to `<workspace_root>/dist/`, which it returns.
pub fn build_web(workspace_root: &Path) -> Result<PathBuf> {
    println!("==> building the web UI (the first build compiles the app to wasm: minutes)");
    ensure_wasm_target()?;
    let target_dir = crate::target_dir(workspace_root)?;
    let wasm = build_wasm(workspace_root, &target_dir)?;
    let dist = workspace_root.join("dist");
    let inputs = inputs_digest(&wasm, &workspace_root.join("assets"))?;
    if fs::read_to_string(dist.join(INPUTS_FILE)).is_ok_and(|built| built == inputs) {
        println!("web UI unchanged: keeping {}", dist.display());
        return Ok(dist);
    }

    let work = target_dir.join("bazaar-web");
    let bindgen_out = work.join("bindgen");
    recreate_dir(&bindgen_out)?;
    // wasm-opt runs on cargo's output, before wasm-bindgen: the binaryen that crates.io
    // offers (116) cannot parse the `table.fill` of wasm-bindgen's externref glue, and
    // optimising first still takes a third off the wasm (the browser flows run on it).
    let wasm = optimize_wasm(&wasm, &work)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .out_name(OUT_NAME)
        .web(true)?
        .typescript(false)
        .debug(false)
        // Function names and the toolchain's signature: nothing a browser needs.
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&bindgen_out)
        .context("wasm-bindgen failed")?;
    // It has written an empty wasm without an error (for an opt-level "s" build): never ship that.
    let bindgen_wasm = bindgen_out.join(format!("{OUT_NAME}_bg.wasm"));
    ensure!(
        fs::metadata(&bindgen_wasm)?.len() > 0,
        "wasm-bindgen wrote an empty {}",
        bindgen_wasm.display()
    );

    // Build next to dist/ and swap it in at the end, so a running server never sees half a site.
    let staging = workspace_root.join("dist.staging");
    recreate_dir(&staging)?;
    let site = match write_site(workspace_root, &bindgen_out, &staging) {
        Ok(site) => site,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    write_file(&staging.join(INPUTS_FILE), inputs.as_bytes())?;
    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("removing {}", dist.display()))?;
    }
    fs::rename(&staging, &dist).context("moving the new site into dist/")?;

    report_sizes(&dist, &site)?;
    Ok(dist)
}

/// In `dist/`, the [`inputs_digest`] it was built from. A hidden name: never served.
const INPUTS_FILE: &str = ".inputs";

/// What the site is made of: the app's wasm as cargo built it, the assets, whether wasm-opt
/// is there, and this program, whose code writes the rest. The same inputs give the same
/// site, so a build that finds them unchanged keeps `dist/` (wasm-bindgen, wasm-opt and the
/// compressors take most of a minute).
fn inputs_digest(wasm: &Path, assets: &Path) -> Result<String> {
    let mut digest = Sha256::new();
    digest.update(fs::read(wasm)?);
    let mut files = files_under(assets)?;
    files.sort();
    for file in files {
        digest.update(file.strip_prefix(assets)?.to_string_lossy().as_bytes());
        digest.update(fs::read(&file)?);
    }
    let wasm_opt = Command::new("wasm-opt").arg("--version").output();
    digest.update(wasm_opt.map(|o| o.stdout).unwrap_or_default());
    digest.update(fs::read(std::env::current_exe()?)?);
    Ok(hex16(&digest.finalize()))
}

/// The names the site's entry points got, for the size report.
struct Site {
    wasm: String,
    js: String,
    css: String,
}

fn write_site(root: &Path, bindgen_out: &Path, dist: &Path) -> Result<Site> {
    // What the service worker keeps for the app to start offline (besides index.html).
    let mut shell = Vec::new();
    // The glue imports wasm-bindgen's snippets by relative path: hash them first, then point
    // the glue at the hashed names.
    let mut glue = fs::read_to_string(bindgen_out.join(format!("{OUT_NAME}.js")))?;
    let snippets = bindgen_out.join("snippets");
    if snippets.is_dir() {
        for file in files_under(&snippets)? {
            let relative = file
                .strip_prefix(bindgen_out)?
                .to_string_lossy()
                .replace('\\', "/");
            let hashed = write_hashed(dist, &relative, &fs::read(&file)?)?;
            glue = glue.replace(&format!("./{relative}"), &format!("./{hashed}"));
            shell.push(hashed);
        }
    }
    let js = write_hashed(dist, &format!("{OUT_NAME}.js"), glue.as_bytes())?;
    let wasm_bytes = fs::read(bindgen_out.join(format!("{OUT_NAME}_bg.wasm")))?;
    let wasm = write_hashed(dist, &format!("{OUT_NAME}_bg.wasm"), &wasm_bytes)?;

    let boot_js = format!(
        "import init from \"./{js}\";\ninit({{ module_or_path: new URL(\"./{wasm}\", import.meta.url) }});\n"
    );
    let boot = write_hashed(dist, "boot.js", boot_js.as_bytes())?;

    let assets = root.join("assets");
    let css = write_hashed(dist, "styles.css", &concatenated_css(&assets.join("css"))?)?;
    let favicon = write_hashed(dist, "favicon.svg", &fs::read(assets.join("favicon.svg"))?)?;
    let icons = assets.join("icons");
    if icons.is_dir() {
        for file in files_under(&icons)? {
            let relative = file
                .strip_prefix(&assets)?
                .to_string_lossy()
                .replace('\\', "/");
            write_file(&dist.join(&relative), &fs::read(&file)?)?;
            shell.push(relative);
        }
    }
    shell.extend([
        js.clone(),
        wasm.clone(),
        boot.clone(),
        css.clone(),
        favicon.clone(),
    ]);

    let app_icons = write_app_icons(&assets.join("favicon.svg"), dist)?;
    write_file(
        &dist.join(pwa::MANIFEST),
        pwa::manifest(&app_icons).as_bytes(),
    )?;

    let index = index_html(&IndexAssets {
        css: &css,
        favicon: &favicon,
        touch_icon: &app_icons[0].path,
        js: &js,
        wasm: &wasm,
        boot: &boot,
    });
    write_file(&dist.join("index.html"), index.as_bytes())?;

    // The worker's version changes with anything it keeps, so every build that changes the
    // shell installs a new worker (the browser compares sw.js byte for byte).
    shell.sort();
    let mut digest = Sha256::new();
    digest.update(index.as_bytes());
    for path in &shell {
        digest.update(path.as_bytes());
        digest.update(b"\n");
    }
    let version = hex16(&digest.finalize());
    write_file(
        &dist.join(pwa::SERVICE_WORKER),
        pwa::service_worker(&version, &shell).as_bytes(),
    )?;

    for file in files_under(dist)? {
        let compressible = file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if compressible {
            precompress(&file)?;
        }
    }
    Ok(Site { wasm, js, css })
}

/// The manifest's icons, drawn from the favicon: 192 and 512 px as they are, and a maskable
/// 512 px one (full-bleed, for launchers that cut their own shape). Hashed names: the manifest
/// (revalidated) points at the current ones.
fn write_app_icons(favicon: &Path, dist: &Path) -> Result<Vec<pwa::IconFile>> {
    let svg =
        fs::read_to_string(favicon).with_context(|| format!("reading {}", favicon.display()))?;
    let drawing = icons::Drawing::from_svg(&svg)
        .with_context(|| format!("drawing the app icons from {}", favicon.display()))?;
    [(192, false), (512, false), (512, true)]
        .into_iter()
        .map(|(px, maskable)| {
            let png = drawing.png(px, maskable)?;
            let name = if maskable {
                format!("icons/app-maskable-{px}.png")
            } else {
                format!("icons/app-{px}.png")
            };
            Ok(pwa::IconFile {
                path: write_hashed(dist, &name, &png)?,
                px,
                maskable,
            })
        })
        .collect()
}

struct IndexAssets<'a> {
    css: &'a str,
    favicon: &'a str,
    touch_icon: &'a str,
    js: &'a str,
    wasm: &'a str,
    boot: &'a str,
}

fn index_html(a: &IndexAssets) -> String {
    // Absolute paths: index.html is also the answer for deep links like /activate?token=….
    format!(
        r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#0f5f57">
<!--page-head-->
<title>Bazaar</title>
<meta name="description" content="Bazaar: independent shops, one checkout.">
<!--/page-head-->
<link rel="icon" type="image/svg+xml" href="/{favicon}">
<link rel="apple-touch-icon" href="/{touch_icon}">
<link rel="manifest" href="/{manifest}">
<link rel="stylesheet" href="/{css}">
<link rel="modulepreload" href="/{js}">
<link rel="preload" href="/{wasm}" as="fetch" type="application/wasm" crossorigin>
</head>
<body>
<div id="main"></div>
<noscript><p class="noscript">Bazaar needs JavaScript to run in your browser.</p></noscript>
<script type="module" src="/{boot}"></script>
</body>
</html>
"##,
        favicon = a.favicon,
        touch_icon = a.touch_icon,
        manifest = pwa::MANIFEST,
        css = a.css,
        js = a.js,
        wasm = a.wasm,
        boot = a.boot,
    )
}

/// All `assets/css/*.css` in name order, as one stylesheet: one request, tokens first.
fn concatenated_css(dir: &Path) -> Result<Vec<u8>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    files.retain(|f| f.extension().is_some_and(|e| e == "css"));
    files.sort();
    ensure!(!files.is_empty(), "no stylesheets in {}", dir.display());
    let mut css = Vec::new();
    for file in files {
        writeln!(
            css,
            "/* {} */",
            file.file_name().unwrap_or_default().to_string_lossy()
        )?;
        css.extend(fs::read(&file)?);
        css.push(b'\n');
    }
    Ok(css)
}

/// Writes `bytes` as `<stem>-<hash16>.<ext>` at `relative`'s place in `dist`; returns that path.
fn write_hashed(dist: &Path, relative: &str, bytes: &[u8]) -> Result<String> {
    let hash = hex16(&Sha256::digest(bytes));
    let (dir, name) = relative
        .rsplit_once('/')
        .map_or(("", relative), |(d, n)| (d, n));
    let hashed_name = match name.split_once('.') {
        Some((stem, ext)) => format!("{stem}-{hash}.{ext}"),
        None => format!("{name}-{hash}"),
    };
    let hashed = if dir.is_empty() {
        hashed_name
    } else {
        format!("{dir}/{hashed_name}")
    };
    write_file(&dist.join(&hashed), bytes)?;
    Ok(hashed)
}

fn hex16(digest: &[u8]) -> String {
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// Writes `file.gz` and `file.br` next to `file`, unless compression does not pay.
fn precompress(file: &Path) -> Result<()> {
    let raw = fs::read(file)?;
    // Zopfli writes ordinary gzip, some 4% smaller than zlib's best, for browsers that
    // cannot take brotli; it costs seconds, once per build.
    let mut gz = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        raw.as_slice(),
        &mut gz,
    )?;
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut br = Vec::new();
    brotli::enc::BrotliCompress(&mut raw.as_slice(), &mut br, &params)?;
    for (bytes, ext) in [(gz, "gz"), (br, "br")] {
        if bytes.len() < raw.len() {
            let mut name = file.as_os_str().to_owned();
            name.push(format!(".{ext}"));
            fs::write(PathBuf::from(name), bytes)?;
        }
    }
    Ok(())
}

fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn recreate_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

/// Adds the wasm target through rustup when it is missing; without rustup, cargo will say.
fn ensure_wasm_target() -> Result<()> {
    let Ok(installed) = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
    else {
        return Ok(());
    };
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == WASM_TARGET)
    {
        return Ok(());
    }
    let status = Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .status()?;
    ensure!(status.success(), "`rustup target add {WASM_TARGET}` failed");
    Ok(())
}

fn build_wasm(root: &Path, target_dir: &Path) -> Result<PathBuf> {
    let status = crate::cargo_command()
        .args([
            "build",
            "--package",
            APP_PACKAGE,
            "--target",
            WASM_TARGET,
            "--profile",
            PROFILE,
        ])
        .current_dir(root)
        .status()
        .context("running cargo build for the UI")?;
    ensure!(
        status.success(),
        "building {APP_PACKAGE} for {WASM_TARGET} failed"
    );
    let wasm = target_dir
        .join(WASM_TARGET)
        .join(PROFILE)
        .join(format!("{APP_PACKAGE}.wasm"));
    ensure!(wasm.is_file(), "cargo did not produce {}", wasm.display());
    Ok(wasm)
}

/// `wasm-opt -Oz` of the wasm into `work/`, when a wasm-opt is on PATH; else the wasm as it
/// is, since the build is complete without it.
fn optimize_wasm(wasm: &Path, work: &Path) -> Result<PathBuf> {
    let Ok(version) = Command::new("wasm-opt").arg("--version").output() else {
        eprintln!(
            "wasm-opt not on PATH: the UI stays about a third larger \
             (`cargo install wasm-opt --locked` installs it)"
        );
        return Ok(wasm.to_owned());
    };
    let optimized = work.join(format!("{OUT_NAME}.opt.wasm"));
    // Rust's wasm32 target emits these post-MVP features; wasm-opt must accept them.
    let status = Command::new("wasm-opt")
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(&optimized)
        .status()?;
    if status.success() {
        Ok(optimized)
    } else {
        eprintln!(
            "{} failed: keeping the unoptimised wasm",
            String::from_utf8_lossy(&version.stdout).trim()
        );
        Ok(wasm.to_owned())
    }
}

fn report_sizes(dist: &Path, site: &Site) -> Result<()> {
    let mut rows = BTreeMap::new();
    for name in [&site.wasm, &site.js, &site.css] {
        let size = |suffix: &str| {
            fs::metadata(dist.join(format!("{name}{suffix}")))
                .map(|m| m.len().div_ceil(1024).to_string() + " KiB")
                .unwrap_or_else(|_| "-".into())
        };
        rows.insert(name.clone(), (size(""), size(".gz"), size(".br")));
    }
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "dist/", "raw", "gzip", "brotli"
    );
    for (name, (raw, gz, br)) in rows {
        println!("{name:<44} {raw:>10} {gz:>10} {br:>10}");
    }
    Ok(())
}
