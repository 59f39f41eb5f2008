//! What the UI's pages may load, in a browser (the backend's header) and in the desktop and
//! mobile shells (their webview's policy) alike.

/// The Content-Security-Policy of the UI talking to the backend at `api_origin`.
///
/// Stripe.js runs the card form (its script, its frames, its API); `wasm-unsafe-eval` lets
/// the page compile its own WebAssembly, nothing else; inline styles are what the UI sets on
/// elements (never scripts). Media and the websocket are at `api_origin`.
pub fn content_security_policy(api_origin: &str) -> String {
    let websocket = api_origin
        .replacen("https://", "wss://", 1)
        .replacen("http://", "ws://", 1);
    format!(
        "default-src 'self'; \
         script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com; \
         style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob: {api_origin} https://*.stripe.com; \
         connect-src 'self' {api_origin} {websocket} https://api.stripe.com; \
         frame-src https://js.stripe.com https://hooks.stripe.com; \
         object-src 'none'; base-uri 'self'; form-action 'self'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secure_origin_gets_a_secure_websocket_source() {
        let policy = content_security_policy("https://shop.example");
        assert!(policy.contains("connect-src 'self' https://shop.example wss://shop.example "));
        let policy = content_security_policy("http://127.0.0.1:8080");
        assert!(policy.contains(" ws://127.0.0.1:8080 "));
    }
}
