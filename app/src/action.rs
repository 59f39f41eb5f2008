//! What a button or a form asks of the server: one request at a time, a busy flag for the
//! button to show, and a failure reported once, as a toast.

use crate::api::ApiError;
use crate::toast::{Toasts, use_toasts};
use dioxus::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// What to do with the answer, once it came.
type OnSuccess = Box<dyn FnOnce()>;
type Request = Pin<Box<dyn Future<Output = Result<OnSuccess, ApiError>>>>;

#[derive(Clone, Copy, PartialEq)]
pub struct Action {
    busy: Signal<bool>,
    toasts: Toasts,
}

pub fn use_action() -> Action {
    Action {
        busy: use_signal(|| false),
        toasts: use_toasts(),
    }
}

impl Action {
    /// Whether a request is on its way; a component reading it re-renders when that changes.
    pub fn is_busy(&self) -> bool {
        (self.busy)()
    }

    /// The same, read from an event handler: it subscribes nothing.
    pub fn is_idle(&self) -> bool {
        !*self.busy.peek()
    }

    /// Sends `request` unless one is still on its way: `on_success` gets the answer, a
    /// failure becomes a toast.
    pub fn run<T: 'static>(
        self,
        request: impl Future<Output = Result<T, ApiError>> + 'static,
        on_success: impl FnOnce(T) + 'static,
    ) {
        let toasts = self.toasts;
        self.run_or_else(request, on_success, move |error| {
            toasts.error(error.message())
        });
    }

    /// [`Action::run`] where `on_error` shows the failure instead (a form puts messages by
    /// their fields).
    pub fn run_or_else<T: 'static>(
        self,
        request: impl Future<Output = Result<T, ApiError>> + 'static,
        on_success: impl FnOnce(T) + 'static,
        on_error: impl FnOnce(ApiError) + 'static,
    ) {
        // Only this shell is generic: the busy flag and the task are one copy in the wasm
        // instead of one per button.
        self.start(
            Box::pin(async move {
                let answer = request.await?;
                Ok(Box::new(move || on_success(answer)) as OnSuccess)
            }),
            Box::new(on_error),
        );
    }

    fn start(mut self, request: Request, on_error: Box<dyn FnOnce(ApiError)>) {
        if !self.is_idle() {
            return;
        }
        self.busy.set(true);
        spawn(async move {
            let outcome = request.await;
            self.busy.set(false);
            match outcome {
                Ok(on_success) => on_success(),
                Err(error) => on_error(error),
            }
        });
    }
}
