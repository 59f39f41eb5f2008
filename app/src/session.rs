//! Who is signed in, shared through a context signal.

use bazaar_shared::account::Me;
use dioxus::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum Session {
    /// The answer of `GET /me` at start has not come yet.
    Restoring,
    SignedOut,
    SignedIn(Me),
}

impl Session {
    pub fn user(&self) -> Option<&Me> {
        match self {
            Self::SignedIn(me) => Some(me),
            _ => None,
        }
    }
}

/// The session signal the app root provides.
pub fn use_session() -> Signal<Session> {
    use_context::<Signal<Session>>()
}
