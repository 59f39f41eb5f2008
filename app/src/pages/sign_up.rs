//! Creating a buyer account, or a seller account with its shop in the same form.

use crate::api::{self, ApiError};
use crate::components::form::{
    AuthCard, FormState, NewPasswordField, SubmitButton, TextField, use_form,
};
use crate::routes::Route;
use bazaar_shared::FieldErrors;
use bazaar_shared::auth::{SellerSignupRequest, SignupRequest};
use bazaar_shared::shop::ShopInput;
use dioxus::prelude::*;
use std::future::Future;

/// The e-mail address the activation link went to, once sign-up succeeded.
type SentTo = Signal<Option<String>>;

/// The name, e-mail and password every new account starts with.
#[derive(Clone, Copy, PartialEq)]
struct AccountFields {
    name: Signal<String>,
    email: Signal<String>,
    password: Signal<String>,
}

fn use_account_fields() -> AccountFields {
    AccountFields {
        name: use_signal(String::new),
        email: use_signal(String::new),
        password: use_signal(String::new),
    }
}

impl AccountFields {
    fn request(&self) -> SignupRequest {
        SignupRequest {
            name: (self.name)(),
            email: (self.email)(),
            password: (self.password)(),
        }
    }
}

/// The name, e-mail and password inputs of both sign-up forms.
#[component]
fn AccountInputs(
    name_label: &'static str,
    account: AccountFields,
    errors: Signal<FieldErrors>,
) -> Element {
    rsx! {
        TextField { label: name_label, name: "name", autocomplete: "name", value: account.name, errors }
        TextField { label: "E-mail", name: "email", kind: "email", autocomplete: "email", value: account.email, errors }
        NewPasswordField { label: "Password", name: "password", value: account.password, errors }
    }
}

/// What both sign-up forms keep: the account fields, the request state, and where the
/// activation link went once the sign-up is accepted.
#[derive(Clone, Copy, PartialEq)]
struct SignUpForm {
    account: AccountFields,
    form: FormState,
    sent_to: SentTo,
}

fn use_sign_up_form() -> SignUpForm {
    SignUpForm {
        account: use_account_fields(),
        sent_to: use_signal(|| None),
        form: use_form(),
    }
}

impl SignUpForm {
    /// Sends a sign-up for `email`; once it is accepted the page says where the link went.
    fn send<T: 'static>(
        self,
        fields: &'static [&'static str],
        email: &str,
        request: impl Future<Output = Result<T, ApiError>> + 'static,
    ) {
        let mut sent_to = self.sent_to;
        let address = email.trim().to_string();
        self.form
            .submit(fields, request, move |_| sent_to.set(Some(address)));
    }
}

#[component]
pub fn SignUp() -> Element {
    let sign_up = use_sign_up_form();
    let SignUpForm { account, form, .. } = sign_up;

    if let Some(address) = (sign_up.sent_to)() {
        return rsx! { CheckYourEmail { address } };
    }

    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = account.request();
        let email = body.email.clone();
        sign_up.send(&["name", "email", "password"], &email, async move {
            api::auth::signup(&body).await
        });
    };

    rsx! {
        AuthCard { title: "Create your account", lead: "Buy from independent shops across Bazaar.",
            form { onsubmit, novalidate: true,
                AccountInputs { name_label: "Name", account, errors: form.errors }
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
    let sign_up = use_sign_up_form();
    let SignUpForm { account, form, .. } = sign_up;
    let shop_name = use_signal(String::new);
    let description = use_signal(String::new);
    let phone = use_signal(String::new);
    let address = use_signal(String::new);
    let postal_code = use_signal(String::new);

    if let Some(address) = (sign_up.sent_to)() {
        return rsx! { CheckYourEmail { address } };
    }

    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let SignupRequest {
            name,
            email,
            password,
        } = account.request();
        let body = SellerSignupRequest {
            name,
            email: email.clone(),
            password,
            shop: ShopInput {
                name: shop_name(),
                description: description(),
                phone: phone(),
                address: address(),
                postal_code: postal_code(),
            },
        };
        sign_up.send(SELLER_FIELDS, &email, async move {
            api::auth::seller_signup(&body).await
        });
    };

    rsx! {
        AuthCard { title: "Open your shop", lead: "One form for your account and your shop.",
            form { onsubmit, novalidate: true,
                fieldset {
                    legend { "You" }
                    AccountInputs { name_label: "Your name", account, errors: form.errors }
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
