//! Getting back into an account: a new activation link, a forgotten password, a reset.

use crate::api;
use crate::components::form::{AuthCard, NewPasswordField, SubmitButton, TextField, use_form};
use crate::routes::Route;
use crate::toast::use_toasts;
use bazaar_shared::auth::{EmailRequest, ResetPasswordRequest};
use dioxus::prelude::*;

#[component]
pub fn ResendActivation() -> Element {
    let email = use_signal(String::new);
    let mut sent = use_signal(|| None::<String>);
    let form = use_form();

    if let Some(message) = sent() {
        return rsx! {
            AuthCard { title: "Check your e-mail",
                p { "{message}" }
                div { class: "auth-links", Link { to: Route::SignIn {}, "Back to sign in" } }
            }
        };
    }

    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = EmailRequest { email: email() };
        form.submit(&["email"], async move { api::resend_activation(&body).await }, move |notice| {
            sent.set(Some(notice.unwrap_or_else(|| {
                "If that address has an account waiting for activation, a new link is on its way.".to_string()
            })))
        });
    };

    rsx! {
        AuthCard { title: "Send the activation link again", lead: "Enter the e-mail address you signed up with.",
            form { onsubmit, novalidate: true,
                TextField { label: "E-mail", name: "email", kind: "email", autocomplete: "email", value: email, errors: form.errors }
                SubmitButton { label: "Send link", busy: form.is_busy() }
            }
        }
    }
}

#[component]
pub fn ForgotPassword() -> Element {
    let email = use_signal(String::new);
    let mut sent = use_signal(|| None::<String>);
    let form = use_form();

    if let Some(message) = sent() {
        return rsx! {
            AuthCard { title: "Check your e-mail",
                p { "{message}" }
                p { class: "muted", "The link works for 24 hours." }
                div { class: "auth-links", Link { to: Route::SignIn {}, "Back to sign in" } }
            }
        };
    }

    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = EmailRequest { email: email() };
        form.submit(&["email"], async move { api::forgot_password(&body).await }, move |notice| {
            sent.set(Some(notice.unwrap_or_else(|| {
                "If that address has an account, a link to choose a new password is on its way.".to_string()
            })))
        });
    };

    rsx! {
        AuthCard { title: "Forgot your password?", lead: "We'll e-mail you a link to choose a new one.",
            form { onsubmit, novalidate: true,
                TextField { label: "E-mail", name: "email", kind: "email", autocomplete: "email", value: email, errors: form.errors }
                SubmitButton { label: "Send reset link", busy: form.is_busy() }
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
                api::reset_password(&body).await
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
