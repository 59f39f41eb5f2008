//! Shop settings: profile, avatar, and where payouts go.

use crate::action::use_action;
use crate::api;
use crate::components::avatar_uploader::{AvatarUploader, PictureUpload};
use crate::components::form::{SubmitButton, TextField, use_form};
use crate::components::status::use_load;
use crate::components::status::{ConfirmButton, LoadError, TextSkeleton};
use crate::components::title::PageTitle;
use crate::toast::use_toasts;
use bazaar_shared::shop::{MyShop, ShopPatch, WithdrawMethodInput};
use dioxus::prelude::*;

#[component]
pub fn ShopSettings() -> Element {
    let mut shop = use_load(|| async move { api::shop::my_shop().await });
    let body = match &*shop.read() {
        None => rsx! { TextSkeleton { lines: 8 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(s)) => rsx! {
            ShopAvatar { shop: s.clone(), on_saved: move |_| shop.restart() }
            ShopProfileForm { shop: s.clone() }
            WithdrawMethodForm { shop: s.clone(), on_saved: move |_| shop.restart() }
        },
    };
    rsx! {
        PageTitle { text: "Settings · My shop · Bazaar" }
        h1 { "Shop settings" }
        div { class: "stack", {body} }
    }
}

#[component]
fn ShopAvatar(shop: MyShop, on_saved: EventHandler<()>) -> Element {
    let upload = move |file: web_sys::File| -> PictureUpload {
        Box::pin(async move {
            api::shop::set_shop_avatar(&file).await?;
            on_saved.call(());
            Ok(())
        })
    };
    rsx! {
        AvatarUploader {
            title: "Shop picture",
            alt: "The shop's picture",
            input_id: "shop-avatar-file",
            current: shop.shop.avatar.as_ref().map(|a| a.thumb_url.clone()),
            initial: shop.shop.name.chars().next().unwrap_or('S'),
            upload,
            success: "The shop's picture is updated.",
        }
    }
}

#[component]
fn ShopProfileForm(shop: MyShop) -> Element {
    let toasts = use_toasts();
    let name = use_signal(|| shop.shop.name.clone());
    let description = use_signal(|| shop.shop.description.clone());
    let phone = use_signal(|| shop.shop.phone.clone());
    let address = use_signal(|| shop.shop.address.clone());
    let postal_code = use_signal(|| shop.postal_code.clone());
    let form = use_form();
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = ShopPatch {
            name: Some(name()),
            description: Some(description()),
            phone: Some(phone()),
            address: Some(address()),
            postal_code: Some(postal_code()),
        };
        form.submit(
            &["name", "description", "phone", "address", "postal_code"],
            async move { api::shop::update_shop(&body).await },
            move |_| toasts.success("Shop profile saved."),
        );
    };
    rsx! {
        form { class: "card stack", onsubmit, novalidate: true,
            h2 { "Profile" }
            TextField { label: "Shop name", name: "name", autocomplete: "organization", value: name, errors: form.errors }
            TextField { label: "Description", name: "description", multiline: true, value: description, errors: form.errors }
            TextField { label: "Phone", name: "phone", kind: "tel", autocomplete: "tel", value: phone, errors: form.errors }
            TextField { label: "Address", name: "address", autocomplete: "street-address", value: address, errors: form.errors }
            TextField { label: "Postal code", name: "postal_code", autocomplete: "postal-code", value: postal_code, errors: form.errors }
            SubmitButton { label: "Save profile", busy: form.is_busy() }
        }
    }
}

const WITHDRAW_FIELDS: &[&str] = &[
    "bank_name",
    "bank_country",
    "swift_code",
    "account_number",
    "holder_name",
    "bank_address",
];

#[component]
fn WithdrawMethodForm(shop: MyShop, on_saved: EventHandler<()>) -> Element {
    let toasts = use_toasts();
    let current = shop.withdraw_method.clone();
    let c = current.clone();
    let bank_name = use_signal(|| c.as_ref().map(|m| m.bank_name.clone()).unwrap_or_default());
    let bank_country = use_signal(|| {
        c.as_ref()
            .map(|m| m.bank_country.clone())
            .unwrap_or_default()
    });
    let swift_code = use_signal(|| c.as_ref().map(|m| m.swift_code.clone()).unwrap_or_default());
    let account_number = use_signal(String::new);
    let holder_name = use_signal(|| {
        c.as_ref()
            .map(|m| m.holder_name.clone())
            .unwrap_or_default()
    });
    let bank_address = use_signal(|| {
        c.as_ref()
            .map(|m| m.bank_address.clone())
            .unwrap_or_default()
    });
    let form = use_form();
    let deleting = use_action();
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let body = WithdrawMethodInput {
            bank_name: bank_name(),
            bank_country: bank_country(),
            swift_code: swift_code(),
            account_number: account_number(),
            holder_name: holder_name(),
            bank_address: bank_address(),
        };
        form.submit(
            WITHDRAW_FIELDS,
            async move { api::shop::set_withdraw_method(&body).await },
            move |_| {
                toasts.success("Withdraw method saved.");
                on_saved.call(());
            },
        );
    };
    let delete = move |_| {
        deleting.run(api::shop::delete_withdraw_method(), move |()| {
            toasts.success("Withdraw method removed.");
            on_saved.call(());
        });
    };
    rsx! {
        form { class: "card stack", onsubmit, novalidate: true,
            h2 { "Withdraw method" }
            if let Some(m) = current.as_ref() {
                p { "Payouts go to account " strong { "{m.account_number_masked}" } " at {m.bank_name}." }
                div { class: "row-actions",
                    ConfirmButton { label: "Remove withdraw method", question: "Remove it?", confirm_label: "Yes, remove", busy: deleting.is_busy(), on_confirm: delete }
                }
                p { class: "muted", "To change it, fill in the form again, with the whole account number." }
            } else {
                p { class: "muted", "Where your earnings are paid out." }
            }
            TextField { label: "Bank name", name: "bank_name", value: bank_name, errors: form.errors }
            TextField { label: "Bank country", name: "bank_country", autocomplete: "country-name", value: bank_country, errors: form.errors }
            TextField { label: "SWIFT / BIC", name: "swift_code", value: swift_code, errors: form.errors }
            TextField { label: "Account number (IBAN)", name: "account_number", value: account_number, errors: form.errors }
            TextField { label: "Account holder", name: "holder_name", autocomplete: "name", value: holder_name, errors: form.errors }
            TextField { label: "Bank address", name: "bank_address", value: bank_address, errors: form.errors }
            SubmitButton { label: "Save withdraw method", busy: form.is_busy() }
        }
    }
}
