//! The signed-in account: details, avatar, addresses and password.

use crate::action::use_action;
use crate::api;
use crate::components::avatar_uploader::{AvatarUploader, PictureUpload};
use crate::components::form::{NewPasswordField, SelectField, SubmitButton, TextField, use_form};
use crate::components::status::use_load;
use crate::components::status::{ConfirmButton, EmptyState, LoadError, TextSkeleton};
use crate::components::title::PageTitle;
use crate::format;
use crate::routes::Route;
use crate::session::{Session, use_session};
use crate::toast::use_toasts;
use bazaar_shared::account::{Address, AddressInput, AddressLabel, AddressPatch, Me, UpdateMe};
use bazaar_shared::auth::ChangePasswordRequest;
use dioxus::prelude::*;

#[component]
pub fn Profile() -> Element {
    let session = use_session();
    let body = match &*session.read() {
        Session::Restoring => rsx! { TextSkeleton { lines: 6 } },
        Session::SignedOut => rsx! {
            h1 { "Your profile" }
            EmptyState { title: "Sign in to see your profile.",
                Link { class: "button button-primary", to: Route::SignIn {}, "Sign in" }
            }
        },
        Session::SignedIn(me) => rsx! {
            h1 { "{me.name}" }
            p { class: "muted", "{me.email} · member since {format::date(me.created_at)}" }
            div { class: "profile-grid",
                AvatarCard { me: me.clone() }
                DetailsForm { me: me.clone() }
            }
            Addresses {}
            PasswordForm {}
        },
    };
    rsx! {
        PageTitle { text: "Profile · Bazaar" }
        section { class: "container section narrow-wide", {body} }
    }
}

#[component]
fn AvatarCard(me: Me) -> Element {
    let mut session = use_session();
    let upload = move |file: web_sys::File| -> PictureUpload {
        Box::pin(async move {
            let me = api::account::set_avatar(&file).await?;
            session.set(Session::SignedIn(me));
            Ok(())
        })
    };
    rsx! {
        AvatarUploader {
            title: "Picture",
            alt: "Your picture",
            input_id: "avatar-file",
            current: me.avatar.as_ref().map(|a| a.thumb_url.clone()),
            initial: me.name.chars().next().unwrap_or('?'),
            upload,
            success: "Your picture is updated.",
        }
    }
}

#[component]
fn DetailsForm(me: Me) -> Element {
    let mut session = use_session();
    let toasts = use_toasts();
    let name = use_signal(|| me.name.clone());
    let phone = use_signal(|| me.phone.clone().unwrap_or_default());
    let form = use_form();
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = UpdateMe {
            name: Some(name()),
            phone: Some(phone()),
        };
        form.submit(
            &["name", "phone"],
            async move { api::account::update_me(&body).await },
            move |me| {
                session.set(Session::SignedIn(me));
                toasts.success("Your details are saved.");
            },
        );
    };
    rsx! {
        form { class: "card stack", onsubmit, novalidate: true,
            h2 { "Details" }
            TextField { label: "Name", name: "name", autocomplete: "name", value: name, errors: form.errors }
            TextField { label: "Phone", name: "phone", kind: "tel", autocomplete: "tel", hint: "Optional.", value: phone, errors: form.errors }
            SubmitButton { label: "Save details", busy: form.is_busy() }
        }
    }
}

#[component]
fn Addresses() -> Element {
    let mut list = use_load(|| async move { api::account::addresses().await });
    let mut adding = use_signal(|| false);
    let body = match &*list.read() {
        None => rsx! { TextSkeleton { lines: 3 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(addresses)) if addresses.is_empty() && !adding() => rsx! {
            p { class: "muted", "No addresses yet. Add one to check out faster." }
        },
        Some(Ok(addresses)) => rsx! {
            ul { class: "address-list",
                for address in addresses.iter().cloned() {
                    AddressItem { key: "{address.id}", address, on_change: move |_| list.restart() }
                }
            }
        },
    };
    rsx! {
        section { class: "card", aria_labelledby: "addresses-title",
            div { class: "section-head",
                h2 { id: "addresses-title", "Addresses" }
                if !adding() {
                    button { class: "button button-secondary", r#type: "button", onclick: move |_| adding.set(true), "Add an address" }
                }
            }
            {body}
            if adding() {
                AddressForm {
                    address: None,
                    on_done: move |saved: Option<Address>| {
                        adding.set(false);
                        if saved.is_some() { list.restart(); }
                    },
                }
            }
        }
    }
}

#[component]
fn AddressItem(address: Address, on_change: EventHandler<()>) -> Element {
    let toasts = use_toasts();
    let mut editing = use_signal(|| false);
    let changing = use_action();
    let id = address.id;
    if editing() {
        return rsx! {
            li { class: "address",
                AddressForm {
                    address: Some(address.clone()),
                    on_done: move |saved: Option<Address>| {
                        editing.set(false);
                        if saved.is_some() { on_change.call(()); }
                    },
                }
            }
        };
    }
    let make_default = move |_| {
        let body = AddressPatch {
            is_default: Some(true),
            ..Default::default()
        };
        let request = async move { api::account::update_address(id, &body).await };
        changing.run(request, move |_| {
            toasts.success("That is your default address now.");
            on_change.call(());
        });
    };
    let delete = move |_| {
        changing.run(api::account::delete_address(id), move |()| {
            toasts.success("Address deleted.");
            on_change.call(());
        });
    };
    let busy = changing.is_busy();
    let label = label_text(address.label);
    rsx! {
        li { class: "address",
            div {
                p { strong { "{label}" }
                    if address.is_default { span { class: "badge badge-brand", "Default" } }
                }
                address { class: "address-lines",
                    "{address.line1}"
                    if !address.line2.is_empty() { br {} "{address.line2}" }
                    br {}
                    "{address.postal_code} {address.city}, {address.country}"
                }
            }
            div { class: "row-actions",
                button { class: "button button-ghost", r#type: "button", disabled: busy, onclick: move |_| editing.set(true), "Edit" }
                if !address.is_default {
                    button { class: "button button-ghost", r#type: "button", disabled: busy, onclick: make_default, "Make default" }
                }
                ConfirmButton { label: "Delete", question: "Delete this address?", busy, on_confirm: delete }
            }
        }
    }
}

pub(crate) fn label_text(label: AddressLabel) -> &'static str {
    match label {
        AddressLabel::Home => "Home",
        AddressLabel::Office => "Office",
        AddressLabel::Other => "Other",
    }
}

const ADDRESS_FIELDS: &[&str] = &["label", "country", "city", "line1", "line2", "postal_code"];

/// Adds an address, or edits `address`; `on_done` closes it, with the address if it was saved.
#[component]
pub(crate) fn AddressForm(
    address: Option<Address>,
    on_done: EventHandler<Option<Address>>,
) -> Element {
    let toasts = use_toasts();
    let a = address.clone();
    let label = use_signal(|| a.as_ref().map_or("home", |a| a.label.as_str()).to_string());
    let country = use_signal(|| a.as_ref().map(|a| a.country.clone()).unwrap_or_default());
    let city = use_signal(|| a.as_ref().map(|a| a.city.clone()).unwrap_or_default());
    let line1 = use_signal(|| a.as_ref().map(|a| a.line1.clone()).unwrap_or_default());
    let line2 = use_signal(|| a.as_ref().map(|a| a.line2.clone()).unwrap_or_default());
    let postal_code = use_signal(|| {
        a.as_ref()
            .map(|a| a.postal_code.clone())
            .unwrap_or_default()
    });
    let mut is_default = use_signal(|| a.as_ref().is_some_and(|a| a.is_default));
    let form = use_form();
    let editing = address.as_ref().map(|a| a.id);
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let label = label().parse().unwrap_or(AddressLabel::Home);
        let request = async move {
            match editing {
                None => {
                    let body = AddressInput {
                        label,
                        country: country(),
                        city: city(),
                        line1: line1(),
                        line2: line2(),
                        postal_code: postal_code(),
                        is_default: is_default(),
                    };
                    api::account::add_address(&body).await
                }
                Some(id) => {
                    let body = AddressPatch {
                        label: Some(label),
                        country: Some(country()),
                        city: Some(city()),
                        line1: Some(line1()),
                        line2: Some(line2()),
                        postal_code: Some(postal_code()),
                        is_default: is_default().then_some(true),
                    };
                    api::account::update_address(id, &body).await
                }
            }
        };
        form.submit(ADDRESS_FIELDS, request, move |saved| {
            toasts.success("Address saved.");
            on_done.call(Some(saved));
        });
    };
    let options = [("home", "Home"), ("office", "Office"), ("other", "Other")]
        .map(|(v, t)| (v.to_string(), t.to_string()))
        .to_vec();
    rsx! {
        form { class: "address-form stack", onsubmit, novalidate: true,
            h3 { if editing.is_some() { "Edit address" } else { "New address" } }
            SelectField { label: "Label", name: "label", value: label, errors: form.errors, options }
            TextField { label: "Address line 1", name: "line1", autocomplete: "address-line1", value: line1, errors: form.errors }
            TextField { label: "Address line 2", name: "line2", autocomplete: "address-line2", hint: "Optional.", value: line2, errors: form.errors }
            div { class: "field-row",
                TextField { label: "Postal code", name: "postal_code", autocomplete: "postal-code", value: postal_code, errors: form.errors }
                TextField { label: "City", name: "city", autocomplete: "address-level2", value: city, errors: form.errors }
            }
            TextField { label: "Country", name: "country", autocomplete: "country-name", value: country, errors: form.errors }
            label { class: "checkbox",
                input { r#type: "checkbox", checked: is_default(), onchange: move |e| is_default.set(e.checked()) }
                "Use as my default address"
            }
            div { class: "row-actions",
                SubmitButton { label: "Save address", busy: form.is_busy() }
                button { class: "button button-ghost", r#type: "button", onclick: move |_| on_done.call(None), "Cancel" }
            }
        }
    }
}

#[component]
fn PasswordForm() -> Element {
    let toasts = use_toasts();
    let mut current = use_signal(String::new);
    let mut new_password = use_signal(String::new);
    let form = use_form();
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = ChangePasswordRequest {
            current_password: current(),
            new_password: new_password(),
        };
        form.submit(
            &["current_password", "new_password"],
            async move { api::account::change_password(&body).await },
            move |_| {
                current.set(String::new());
                new_password.set(String::new());
                toasts.success("Your password is changed. Other devices are signed out.");
            },
        );
    };
    rsx! {
        form { class: "card stack", onsubmit, novalidate: true,
            h2 { "Password" }
            TextField { label: "Current password", name: "current_password", kind: "password", autocomplete: "current-password", value: current, errors: form.errors }
            NewPasswordField { label: "New password", name: "new_password", value: new_password, errors: form.errors }
            SubmitButton { label: "Change password", busy: form.is_busy() }
        }
    }
}
