//! The Bazaar shell: one webview showing the web UI (embedded from `dist/`, served at
//! `tauri://localhost`), pointed at a Bazaar backend through `window.__BAZAAR__`.
//!
//! The UI reads `window.__BAZAAR__.apiBase` when it exists: it then calls that backend and
//! keeps its session as a bearer token in local storage, since a cookie cannot cross from
//! the app's origin to the backend's.

use bazaar_shared::page_policy::content_security_policy;
use tauri::utils::config::Csp;
use tauri::{Url, WebviewWindowBuilder};

/// Where the backend is when nothing says otherwise: `cargo xtask serve` on this machine.
pub const DEFAULT_API_URL: &str = "http://127.0.0.1:8080";

/// The backend this run talks to: `BAZAAR_API_URL` at run time, else the one it was built
/// with (mobile apps get no environment), else [`DEFAULT_API_URL`].
pub fn api_base() -> Result<Url, String> {
    let configured = std::env::var("BAZAAR_API_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
        .or_else(|| option_env!("BAZAAR_API_URL").map(str::to_owned))
        .unwrap_or_else(|| DEFAULT_API_URL.to_owned());
    let url = Url::parse(configured.trim())
        .map_err(|e| format!("BAZAAR_API_URL `{configured}` is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!(
            "BAZAAR_API_URL `{configured}` must be an http:// or https:// address"
        ));
    }
    Ok(url)
}

/// The script the webview runs before the page's own: tells the UI where its API is.
pub fn bootstrap_script(api_base: &Url) -> String {
    // Without the trailing slash Url adds, the UI appends "/api/v1/..." to it.
    let base = api_base.as_str().trim_end_matches('/');
    let base = serde_json::to_string(base).expect("a string serialises");
    format!("window.__BAZAAR__ = Object.freeze({{ apiBase: {base} }});")
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let api_base = match api_base() {
        Ok(url) => url,
        Err(problem) => {
            eprintln!("bazaar-desktop: {problem}");
            std::process::exit(2);
        }
    };
    let script = bootstrap_script(&api_base);
    let mut context = tauri::generate_context!();
    // The web UI's own policy, for the backend chosen at run time (tauri.conf.json cannot
    // know it): a script injected into the page can load nothing and send nowhere else.
    context.config_mut().app.security.csp = Some(Csp::Policy(content_security_policy(
        &api_base.origin().ascii_serialization(),
    )));
    tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            // The window is described in tauri.conf.json with `create: false`, so that it
            // gets the bootstrap script before its first page load.
            let config = app
                .config()
                .app
                .windows
                .iter()
                .find(|w| w.label == "main")
                .ok_or("tauri.conf.json has no window labelled main")?
                .clone();
            WebviewWindowBuilder::from_config(app, &config)?
                .initialization_script(&script)
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("the Bazaar window could not run");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_script_hands_the_ui_its_api_base_without_a_trailing_slash() {
        let url = Url::parse("http://127.0.0.1:9000/").unwrap();
        assert_eq!(
            bootstrap_script(&url),
            r#"window.__BAZAAR__ = Object.freeze({ apiBase: "http://127.0.0.1:9000" });"#
        );
    }

    /// The launcher icons `cargo tauri icon ../assets/favicon.svg` drew, which a mobile build
    /// copies into its project: each Android density and the App Store's 1024 px one.
    #[test]
    fn the_mobile_launcher_icons_are_here() {
        let icons = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("icons");
        let mut expected: Vec<String> = ["mdpi", "hdpi", "xhdpi", "xxhdpi", "xxxhdpi"]
            .iter()
            .flat_map(|density| {
                ["ic_launcher", "ic_launcher_round", "ic_launcher_foreground"]
                    .map(|name| format!("android/mipmap-{density}/{name}.png"))
            })
            .collect();
        expected.extend(
            [
                "ios/AppIcon-512@2x.png",
                "ios/AppIcon-60x60@3x.png",
                "icon.png",
            ]
            .map(String::from),
        );
        for icon in expected {
            let bytes = std::fs::read(icons.join(&icon)).unwrap_or_else(|e| panic!("{icon}: {e}"));
            assert!(
                bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
                "{icon} is not a PNG"
            );
        }
    }

    #[test]
    fn bootstrap_script_keeps_a_path_prefix_and_escapes_quotes() {
        let url = Url::parse("https://shop.example/bazaar\"x/").unwrap();
        let script = bootstrap_script(&url);
        assert!(
            script.contains(r#"apiBase: "https://shop.example/bazaar%22x""#),
            "{script}"
        );
    }
}
