//! What makes the web build an installable app on a phone: the web app manifest (the sellers'
//! app: it starts on the shop's dashboard) and the service worker `/sw.js`, which knows this
//! build's hashed files by name and carries a version made from them, so a new build installs
//! a new worker and the old cache goes.

use serde_json::json;

/// Where the installed app opens: the seller dashboard (`Route::SellerOverview`).
pub const START_URL: &str = "/shop";
pub const MANIFEST: &str = "manifest.webmanifest";
pub const SERVICE_WORKER: &str = "sw.js";
const THEME: &str = "#0f5f57";
const BACKGROUND: &str = "#f7f6f2";

/// A PNG icon of the manifest: its path in `dist/`, its size, and whether it is maskable.
pub struct IconFile {
    pub path: String,
    pub px: u32,
    pub maskable: bool,
}

pub fn manifest(icons: &[IconFile]) -> String {
    let icons: Vec<_> = icons
        .iter()
        .map(|icon| {
            json!({
                "src": format!("/{}", icon.path),
                "sizes": format!("{0}x{0}", icon.px),
                "type": "image/png",
                "purpose": if icon.maskable { "maskable" } else { "any" },
            })
        })
        .collect();
    let manifest = json!({
        "id": START_URL,
        "name": "Bazaar for sellers",
        "short_name": "Bazaar",
        "description": "Run your Bazaar shop from your phone: orders, messages, products.",
        "lang": "en",
        "start_url": START_URL,
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        "categories": ["business", "shopping"],
        "icons": icons,
    });
    serde_json::to_string_pretty(&manifest).expect("a JSON value serialises") + "\n"
}

/// The service worker of a build whose shell needs `precache` (paths in `dist/`, without the
/// leading slash); `version` names its cache.
pub fn service_worker(version: &str, precache: &[String]) -> String {
    let precache: Vec<String> = std::iter::once("/index.html".to_string())
        .chain(precache.iter().map(|p| format!("/{p}")))
        .collect();
    let precache = serde_json::to_string_pretty(&precache).expect("strings serialise");
    let offline = serde_json::to_string(OFFLINE_PAGE).expect("a string serialises");
    format!(
        r#"// Bazaar's service worker, written by `cargo xtask web` for one build: do not edit.
//
// - Installing keeps the app shell of this build (index.html and its hashed files).
// - Hashed files (name-<16 hex>.ext) never change: served from the cache first.
// - Pages (navigations) come from the network first; without one, the kept shell, which
//   says itself that the shop needs a connection; with nothing kept, the offline page below.
// - /api/, /media/ and /metrics are never touched: answers and pictures must be fresh.
// - Activating removes the caches of earlier builds.
"use strict";

const VERSION = "{version}";
const CACHE = "bazaar-shell-" + VERSION;
const SHELL = "/index.html";
const PRECACHE = {precache};
const HASHED = /-[0-9a-f]{{16}}\.[A-Za-z0-9.]+$/;
const NEVER = ["/api/", "/media/", "/metrics"];
const OFFLINE_PAGE = {offline};

self.addEventListener("install", (event) => {{
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, {{ cache: "no-cache" }}))))
      .then(() => self.skipWaiting())
  );
}});

self.addEventListener("activate", (event) => {{
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("bazaar-shell-") && key !== CACHE)
          .map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
}});

self.addEventListener("fetch", (event) => {{
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (NEVER.some((prefix) => url.pathname === prefix.replace(/\/$/, "") || url.pathname.startsWith(prefix))) return;
  if (request.mode === "navigate") {{
    event.respondWith(page(request));
  }} else if (HASHED.test(url.pathname)) {{
    event.respondWith(cacheFirst(request));
  }} else {{
    event.respondWith(networkFirst(request));
  }}
}});

async function page(request) {{
  try {{
    return await fetch(request);
  }} catch (offline) {{
    const cache = await caches.open(CACHE);
    const shell = await cache.match(SHELL, {{ ignoreVary: true }});
    return shell || new Response(OFFLINE_PAGE, {{
      status: 503,
      headers: {{ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }},
    }});
  }}
}}

async function cacheFirst(request) {{
  const kept = await caches.match(request, {{ ignoreVary: true }});
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {{
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }}
  return response;
}}

// Unhashed files (the manifest, icons): fresh when possible, the kept copy otherwise.
async function networkFirst(request) {{
  try {{
    return await fetch(request);
  }} catch (offline) {{
    const kept = await caches.match(request, {{ ignoreVary: true }});
    if (kept) return kept;
    throw offline;
  }}
}}
"#
    )
}

/// Shown for a page asked for offline when not even the shell is kept. Self-contained: no
/// script, no file it would need the network for.
const OFFLINE_PAGE: &str = r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#0f5f57">
<title>Offline · Bazaar</title>
<style>
body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 1.5rem; box-sizing: border-box;
  font: 1rem/1.5 system-ui, sans-serif; color: #1f2328; background: #f7f6f2; text-align: center; }
main { max-width: 28rem; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
a { display: inline-block; margin-top: 1rem; padding: .6rem 1.2rem; border-radius: .5rem;
  background: #0f5f57; color: #fff; text-decoration: none; font-weight: 600; }
</style>
</head>
<body>
<main>
<h1>The shop needs a connection</h1>
<p>Bazaar could not reach its server. Check that you are online, then try again.</p>
<a href="">Try again</a>
</main>
</body>
</html>
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_starts_the_sellers_app_standalone() {
        let icons = [
            IconFile {
                path: "icons/app-192-0123456789abcdef.png".into(),
                px: 192,
                maskable: false,
            },
            IconFile {
                path: "icons/app-maskable-512-0123456789abcdef.png".into(),
                px: 512,
                maskable: true,
            },
        ];
        let manifest: serde_json::Value = serde_json::from_str(&manifest(&icons)).unwrap();
        assert_eq!(manifest["start_url"], "/shop");
        assert_eq!(manifest["scope"], "/");
        assert_eq!(manifest["display"], "standalone");
        assert_eq!(manifest["icons"][1]["sizes"], "512x512");
        assert_eq!(manifest["icons"][1]["purpose"], "maskable");
        assert_eq!(
            manifest["icons"][0]["src"],
            "/icons/app-192-0123456789abcdef.png"
        );
    }

    #[test]
    fn the_worker_names_its_build_and_keeps_the_shell() {
        let worker = service_worker("abc123", &["bazaar_app-0123456789abcdef.js".into()]);
        assert!(worker.contains(r#"const VERSION = "abc123";"#));
        assert!(worker.contains(r#""/index.html","#));
        assert!(worker.contains(r#""/bazaar_app-0123456789abcdef.js""#));
        assert!(worker.contains("The shop needs a connection"));
        assert!(worker.contains(r#"const HASHED = /-[0-9a-f]{16}\.[A-Za-z0-9.]+$/;"#));
    }
}
