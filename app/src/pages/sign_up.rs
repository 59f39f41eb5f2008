//! Creating a buyer account, or a seller account with its shop in the same form.

use crate::api;
use crate::components::form::{AuthCard, SubmitButton, TextField, use_form};
use crate::routes::Route;
use bazaar_shared::auth::{SellerSignupRequest, SignupRequest};
use bazaar_shared::shop::ShopInput;
use dioxus::prelude::*;

/// The e-mail address the activation link went to, once sign-up succeeded.
type SentTo = Signal<Option<String>>;

#[component]
pub fn SignUp() -> Element {
    let name = use_signal(String::new);
    let email = use_signal(String::new);
    let password = use_signal(String::new);
    let mut sent_to: SentTo = use_signal(|| None);
    let form = use_form();

    if let Some(address) = sent_to() {
        return rsx! { CheckYourEmail { address } };
    }

    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = SignupRequest {
            name: name(),
            email: email(),
            password: password(),
        };
        let address = body.email.trim().to_string();
        form.submit(
            &["name", "email", "password"],
            async move { api::signup(&body).await },
            move |_| sent_to.set(Some(address)),
        );
    };

    rsx! {
        AuthCard { title: "Create your account", lead: "Buy from independent shops across Bazaar.",
            form { onsubmit, novalidate: true,
                TextField { label: "Name", name: "name", autocomplete: "name", value: name, errors: form.errors }
                TextField { label: "E-mail", name: "email", kind: "email", autocomplete: "email", value: email, errors: form.errors }
                TextField {
                    label: "Password",
                    name: "password",
                    kind: "password",
                    autocomplete: "new-password",
                    hint: "At least 8 characters, and not a common one.",
                    value: password,
                    errors: form.errors,
                }
                SubmitButton { label: "Create account", busy: form.is_busy() }
            }
            div { class: "auth-links",
                p { "Already have an account? " Link { to: Route::SignIn {}, "Sign in" } }
                p { "Want to sell? " Link { to: Route::SellerSignUp {}, "Open a shop" } }
            }
        }
    }
}

const SELLER_FIELDS: &[&str] = &[
    "name",
    "email",
    "password",
    "shop.name",
    "shop.description",
    "shop.phone",
    "shop.address",
    "shop.postal_code",
];

#[component]
pub fn SellerSignUp() -> Element {
    let name = use_signal(String::new);
    let email = use_signal(String::new);
    let password = use_signal(String::new);
    let shop_name = use_signal(String::new);
    let description = use_signal(String::new);
    let phone = use_signal(String::new);
    let address = use_signal(String::new);
    let postal_code = use_signal(String::new);
    let mut sent_to: SentTo = use_signal(|| None);
    let form = use_form();

    if let Some(address) = sent_to() {
        return rsx! { CheckYourEmail { address } };
    }

    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = SellerSignupRequest {
            name: name(),
            email: email(),
            password: password(),
            shop: ShopInput {
                name: shop_name(),
                description: description(),
                phone: phone(),
                address: address(),
                postal_code: postal_code(),
            },
        };
        let to = body.email.trim().to_string();
        form.submit(
            SELLER_FIELDS,
            async move { api::seller_signup(&body).await },
            move |_| sent_to.set(Some(to)),
        );
    };

    rsx! {
        AuthCard { title: "Open your shop", lead: "One form for your account and your shop.",
            form { onsubmit, novalidate: true,
                fieldset {
                    legend { "You" }
                    TextField { label: "Your name", name: "name", autocomplete: "name", value: name, errors: form.errors }
                    TextField { label: "E-mail", name: "email", kind: "email", autocomplete: "email", value: email, errors: form.errors }
                    TextField {
                        label: "Password",
                        name: "password",
                        kind: "password",
                        autocomplete: "new-password",
                        hint: "At least 8 characters, and not a common one.",
                        value: password,
                        errors: form.errors,
                    }
                }
                fieldset {
                    legend { "Your shop" }
                    TextField { label: "Shop name", name: "shop.name", autocomplete: "organization", value: shop_name, errors: form.errors }
                    TextField {
                        label: "Description",
                        name: "shop.description",
                        hint: "Optional: what you sell, in a sentence or two.",
                        multiline: true,
                        value: description,
                        errors: form.errors,
                    }
                    TextField { label: "Phone", name: "shop.phone", kind: "tel", autocomplete: "tel", value: phone, errors: form.errors }
                    TextField { label: "Address", name: "shop.address", autocomplete: "street-address", value: address, errors: form.errors }
                    TextField { label: "Postal code", name: "shop.postal_code", autocomplete: "postal-code", value: postal_code, errors: form.errors }
                }
                SubmitButton { label: "Create account and shop", busy: form.is_busy() }
            }
            div { class: "auth-links",
                p { "Already have an account? " Link { to: Route::SignIn {}, "Sign in" } }
            }
        }
    }
}

/// After sign-up: the account waits for the link in the activation e-mail.
#[component]
fn CheckYourEmail(address: String) -> Element {
    rsx! {
        AuthCard { title: "Check your e-mail",
            p { "We sent an activation link to " strong { "{address}" } ". Open it to finish signing up." }
            p { class: "muted", "The link works for 24 hours." }
            div { class: "auth-links",
                Link { to: Route::ResendActivation {}, "Send the link again" }
                Link { to: Route::SignIn {}, "Back to sign in" }
            }
        }
    }
}
