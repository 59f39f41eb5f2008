//! Signing in with e-mail and password.

use crate::api;
use crate::components::form::{AuthCard, SubmitButton, TextField, use_form};
use crate::routes::Route;
use crate::session::{Session, use_session};
use crate::toast::use_toasts;
use bazaar_shared::FieldErrors;
use bazaar_shared::auth::LoginRequest;
use dioxus::prelude::*;

#[component]
pub fn SignIn() -> Element {
    let mut session = use_session();
    let toasts = use_toasts();
    let navigator = navigator();
    let email = use_signal(String::new);
    let password = use_signal(String::new);
    let form = use_form();

    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = LoginRequest {
            email: email(),
            password: password(),
        };
        form.submit(
            &["email", "password"],
            async move {
                let mut missing = FieldErrors::new();
                if body.email.trim().is_empty() {
                    missing.add("email", "enter the e-mail address you signed up with");
                }
                if body.password.is_empty() {
                    missing.add("password", "enter your password");
                }
                missing.into_result()?;
                api::auth::login(&body).await
            },
            move |me| {
                toasts.success(format!("Welcome back, {}.", me.name));
                session.set(Session::SignedIn(me));
                navigator.push(Route::Home {});
            },
        );
    };

    rsx! {
        AuthCard { title: "Sign in", lead: "Welcome back to Bazaar.",
            form { onsubmit, novalidate: true,
                TextField { label: "E-mail", name: "email", kind: "email", autocomplete: "email", value: email, errors: form.errors }
                TextField { label: "Password", name: "password", kind: "password", autocomplete: "current-password", value: password, errors: form.errors }
                SubmitButton { label: "Sign in", busy: form.is_busy() }
            }
            div { class: "auth-links",
                Link { to: Route::ForgotPassword {}, "Forgot your password?" }
                Link { to: Route::ResendActivation {}, "Didn't get the activation e-mail?" }
                p { "New to Bazaar? " Link { to: Route::SignUp {}, "Create an account" } }
            }
        }
    }
}
