//! Local fakes of the payment providers' HTTP APIs, on wiremock: they check what our clients
//! send and answer in each provider's wire format, keeping the state a test asserts on
//! (intents, orders, captures, refunds).

pub mod paypal;
pub mod stripe;

pub use paypal::FakePayPal;
pub use stripe::FakeStripe;

use std::sync::{Arc, Mutex};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Answers `verb` on paths matching `pattern` (anchored) with `answer`. The state's lock is
/// held through `answer`, so its check-then-change is atomic however requests race.
async fn route<S: Send + 'static>(
    server: &MockServer,
    verb: &str,
    pattern: &str,
    state: &Arc<Mutex<S>>,
    answer: fn(&mut S, &Request) -> ResponseTemplate,
) {
    let state = Arc::clone(state);
    Mock::given(method(verb))
        .and(path_regex(format!("^{pattern}$")))
        .respond_with(move |request: &Request| answer(&mut state.lock().unwrap(), request))
        .mount(server)
        .await;
}

/// The `index`-th segment of the request's path (`/v1/payment_intents/{id}/cancel` → 2: id).
fn path_segment(request: &Request, index: usize) -> String {
    request
        .url
        .path_segments()
        .and_then(|mut segments| segments.nth(index))
        .unwrap_or_default()
        .to_owned()
}

/// A header's value as text, if present.
fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Random hex for ids and secrets.
fn random_hex() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}
