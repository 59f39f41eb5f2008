//! Getting back into an account: a new activation link, a forgotten password, a reset.

use crate::api::{self, ApiError};
use crate::components::form::{AuthCard, NewPasswordField, SubmitButton, TextField, use_form};
use crate::routes::Route;
use crate::toast::use_toasts;
use bazaar_shared::auth::{EmailRequest, ResetPasswordRequest};
use dioxus::prelude::*;
use std::future::Future;
use std::pin::Pin;

#[component]
pub fn ResendActivation() -> Element {
    rsx! {
        EmailLinkForm {
            title: "Send the activation link again",
            lead: "Enter the e-mail address you signed up with.",
            button: "Send link",
            send: |body: EmailRequest| -> LinkRequest {
                Box::pin(async move { api::auth::resend_activation(&body).await })
            },
            fallback_notice: "If that address has an account waiting for activation, a new link is on its way.",
        }
    }
}

#[component]
pub fn ForgotPassword() -> Element {
    rsx! {
        EmailLinkForm {
            title: "Forgot your password?",
            lead: "We'll e-mail you a link to choose a new one.",
            button: "Send reset link",
            send: |body: EmailRequest| -> LinkRequest {
                Box::pin(async move { api::auth::forgot_password(&body).await })
            },
            fallback_notice: "If that address has an account, a link to choose a new password is on its way.",
            sent_note: "The link works for 24 hours.",
        }
    }
}

/// Asking for a link by e-mail; the server's notice says what happens next, if it sends one.
type LinkRequest = Pin<Box<dyn Future<Output = Result<Option<String>, ApiError>>>>;

/// An e-mail address form that `send`s a link, then says to check the inbox.
#[component]
fn EmailLinkForm(
    title: &'static str,
    lead: &'static str,
    button: &'static str,
    send: Callback<EmailRequest, LinkRequest>,
    /// Shown once sent when the server gave no notice of its own.
    fallback_notice: &'static str,
    /// An extra line under the notice once sent.
    #[props(default)]
    sent_note: &'static str,
) -> Element {
    let email = use_signal(String::new);
    let mut sent = use_signal(|| None::<String>);
    let form = use_form();

    if let Some(message) = sent() {
        return rsx! {
            AuthCard { title: "Check your e-mail",
                p { "{message}" }
                if !sent_note.is_empty() {
                    p { class: "muted", "{sent_note}" }
                }
                div { class: "auth-links", Link { to: Route::SignIn {}, "Back to sign in" } }
            }
        };
    }

    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = EmailRequest { email: email() };
        form.submit(&["email"], send.call(body), move |notice| {
            sent.set(Some(notice.unwrap_or_else(|| fallback_notice.to_string())))
        });
    };

    rsx! {
        AuthCard { title, lead,
            form { onsubmit, novalidate: true,
                TextField { label: "E-mail", name: "email", kind: "email", autocomplete: "email", value: email, errors: form.errors }
                SubmitButton { label: button, busy: form.is_busy() }
            }
        }
    }
}

#[component]
pub fn ResetPassword(token: String) -> Element {
    let password = use_signal(String::new);
    let confirmation = use_signal(String::new);
    let toasts = use_toasts();
    let navigator = navigator();
    let form = use_form();

    if token.trim().is_empty() {
        return rsx! {
            AuthCard { title: "That link is incomplete",
                p { "Open the whole link from the e-mail, or ask for a new one." }
                Link { class: "button button-primary", to: Route::ForgotPassword {}, "Send a new link" }
            }
        };
    }

    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = ResetPasswordRequest {
            token: token.clone(),
            password: password(),
        };
        let same = body.password == confirmation();
        form.submit(
            &["password", "confirmation"],
            async move {
                if !same {
                    let mut errors = body.validate().err().unwrap_or_default();
                    errors.add("confirmation", "must match the new password");
                    return Err(errors.into());
                }
                api::auth::reset_password(&body).await
            },
            move |_| {
                toasts.success("Your password is changed. Sign in with the new one.");
                navigator.push(Route::SignIn {});
            },
        );
    };

    rsx! {
        AuthCard { title: "Choose a new password",
            form { onsubmit, novalidate: true,
                NewPasswordField { label: "New password", name: "password", value: password, errors: form.errors }
                TextField {
                    label: "New password, again",
                    name: "confirmation",
                    kind: "password",
                    autocomplete: "new-password",
                    value: confirmation,
                    errors: form.errors,
                }
                SubmitButton { label: "Change password", busy: form.is_busy() }
            }
        }
    }
}
