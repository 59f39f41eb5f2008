//! The seller's products: a table, and one editor for new and existing products with
//! their pictures (upload several, reorder, remove), archiving and deleting.

use crate::action::{Action, use_action};
use crate::api;
use crate::api::config::{CLIENT_CONFIG, currency};
use crate::components::catalog::Thumbnail;
use crate::components::form::{SelectField, SubmitButton, TextField, use_form};
use crate::components::image_picker::{ImagePicker, PickedFile, clear_input, release};
use crate::components::status::use_load;
use crate::components::status::{ConfirmButton, EmptyState, LoadError, TextSkeleton};
use crate::components::title::PageTitle;
use crate::format;
use crate::input;
use crate::routes::Route;
use crate::toast::{Toasts, use_toasts};
use bazaar_shared::catalog::{
    CATEGORIES, MAX_PRODUCT_IMAGES, Product, ProductCard, ProductInput, ProductPatch, ProductStatus,
};
use bazaar_shared::money::Money;
use bazaar_shared::{FieldErrors, ProductId};
use dioxus::prelude::*;

#[component]
pub fn SellerProducts() -> Element {
    let mut list = use_load(|| async move { api::catalog::my_products().await });
    let body = match &*list.read() {
        None => rsx! { TextSkeleton { lines: 5 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(page)) if page.items.is_empty() => rsx! {
            EmptyState { title: "No products yet.",
                Link { class: "button button-primary", to: Route::NewProduct {}, "Add your first product" }
            }
        },
        Some(Ok(page)) => rsx! {
            div { class: "table-wrap",
                table { class: "data-table product-table",
                    caption { class: "visually-hidden", "Your products" }
                    thead {
                        tr {
                            th { scope: "col", "Product" }
                            th { scope: "col", "Price" }
                            th { scope: "col", "Stock" }
                            th { scope: "col", "Status" }
                            th { scope: "col", "Sold" }
                            th { scope: "col", span { class: "visually-hidden", "Actions" } }
                        }
                    }
                    tbody {
                        for product in page.items.iter().cloned() {
                            ProductRow { key: "{product.id}", product, on_deleted: move |_| list.restart() }
                        }
                    }
                }
            }
        },
    };
    rsx! {
        PageTitle { text: "Products · My shop · Bazaar" }
        div { class: "section-head",
            h1 { "Products" }
            Link { class: "button button-primary", to: Route::NewProduct {}, "Add a product" }
        }
        {body}
    }
}

#[component]
fn ProductRow(product: ProductCard, on_deleted: EventHandler<()>) -> Element {
    let toasts = use_toasts();
    let deleting = use_action();
    let id = product.id;
    let archived = product.status == ProductStatus::Archived;
    let delete = move |_| delete_product(id, deleting, toasts, move || on_deleted.call(()));
    rsx! {
        tr { "data-product-id": "{id}", class: if archived { "row-archived" } else { "" },
            td { "data-label": "Product",
                div { class: "table-product",
                    Thumbnail { image: product.thumbnail.clone(), alt: product.name.clone() }
                    Link { to: Route::EditProduct { id }, "{product.name}" }
                }
            }
            td { "data-label": "Price", "{format::price(&product.effective_price)}" }
            td { "data-label": "Stock",
                if product.stock > 0 { "{product.stock}" } else { span { class: "badge badge-danger", "Sold out" } }
            }
            td { "data-label": "Status",
                if archived {
                    span { class: "badge badge-muted", "Archived" }
                } else {
                    span { class: "badge badge-brand", "Listed" }
                }
            }
            td { "data-label": "Sold", "{product.sold_count}" }
            td { class: "row-actions",
                Link { class: "button button-ghost", to: Route::EditProduct { id }, "Edit" }
                ConfirmButton { label: "Delete", question: "Delete {product.name}?", busy: deleting.is_busy(), on_confirm: delete }
            }
        }
    }
}

#[component]
pub fn NewProduct() -> Element {
    rsx! {
        PageTitle { text: "New product · My shop · Bazaar" }
        h1 { "New product" }
        ProductForm { product: None }
    }
}

#[component]
pub fn EditProduct(id: ProductId) -> Element {
    let mut product = use_load(use_reactive!(|id| async move {
        api::catalog::product(id).await.map_err(|e| e.message())
    }));
    let body = match &*product.read() {
        None => rsx! { TextSkeleton { lines: 8 } },
        Some(Err(why)) => rsx! { LoadError { message: why.clone() } },
        Some(Ok(p)) => rsx! {
            ProductForm { key: "{p.card.id}", product: Some(p.clone()) }
            ProductImages { product: p.clone(), on_change: move |_| product.restart() }
            ProductDanger { product: p.clone(), on_change: move |_| product.restart() }
        },
    };
    let hidden = match &*product.read() {
        Some(Ok(p)) => p.hidden.clone(),
        _ => None,
    };
    rsx! {
        PageTitle { text: "Edit product · My shop · Bazaar" }
        h1 { "Edit product" }
        if let Some(hidden) = hidden {
            div { class: "moderation-notice", role: "status", "data-testid": "hidden-by-admin",
                p { strong { "Hidden by an admin." } " Shoppers cannot find or buy it. The reason given: {hidden.reason}" }
            }
        }
        {body}
    }
}

const PRODUCT_FIELDS: &[&str] = &[
    "name",
    "description",
    "category",
    "tags",
    "original_price",
    "price",
    "stock",
    "images",
];

/// Name, description, category, tags, prices and stock; for a new product also its pictures.
#[component]
fn ProductForm(product: Option<Product>) -> Element {
    let toasts = use_toasts();
    let navigator = navigator();
    let p = product.clone();
    let name = use_signal(|| p.as_ref().map(|p| p.card.name.clone()).unwrap_or_default());
    let description = use_signal(|| {
        p.as_ref()
            .map(|p| p.description.clone())
            .unwrap_or_default()
    });
    let category = use_signal(|| {
        p.as_ref()
            .map_or_else(|| "other".to_string(), |p| p.category.clone())
    });
    let tags = use_signal(|| p.as_ref().map(|p| p.tags.join(", ")).unwrap_or_default());
    let original_price = use_signal(|| {
        p.as_ref()
            .map(|p| format::price_input(p.card.original_price.amount))
            .unwrap_or_default()
    });
    let price = use_signal(|| {
        p.as_ref()
            .map(|p| format::price_input(p.card.price.amount))
            .unwrap_or_default()
    });
    let stock = use_signal(|| {
        p.as_ref()
            .map_or_else(|| "1".to_string(), |p| p.card.stock.to_string())
    });
    let files = use_signal(Vec::<PickedFile>::new);
    let form = use_form();
    let existing = product.as_ref().map(|p| p.card.id);

    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let mut errors = FieldErrors::new();
        let money = |amount| Money::new(amount, &currency());
        let original = money(input::price(
            &mut errors,
            "original_price",
            &original_price(),
        ));
        let now = money(input::price(&mut errors, "price", &price()));
        let stock = input::whole_number(
            &mut errors,
            "stock",
            &stock(),
            "enter how many you have, as a whole number",
        );
        let tags = input::tags(&tags());
        let pictures: Vec<web_sys::File> = files.peek().iter().map(|f| f.file.clone()).collect();
        if existing.is_none() && pictures.is_empty() {
            errors.add("images", "add at least one picture");
        }
        if pictures.len() > MAX_PRODUCT_IMAGES {
            errors.add("images", format!("at most {MAX_PRODUCT_IMAGES} pictures"));
        }
        let (name, description, category) = (name(), description(), category());
        let request = async move {
            errors.into_result()?;
            match existing {
                None => {
                    let body = ProductInput {
                        name,
                        description,
                        category,
                        tags,
                        original_price: original,
                        price: now,
                        stock,
                    };
                    let created = api::catalog::create_product(&body).await?;
                    api::catalog::add_product_images(created.card.id, &pictures).await
                }
                Some(id) => {
                    let body = ProductPatch {
                        name: Some(name),
                        description: Some(description),
                        category: Some(category),
                        tags: Some(tags),
                        original_price: Some(original),
                        price: Some(now),
                        stock: Some(stock),
                        status: None,
                    };
                    api::catalog::update_product(id, &body).await
                }
            }
        };
        form.submit(PRODUCT_FIELDS, request, move |saved: Product| {
            release(&files.peek());
            if existing.is_none() {
                toasts.success(format!("{} is listed.", saved.card.name));
                navigator.push(Route::SellerProducts {});
            } else {
                toasts.success("Changes saved.");
            }
        });
    };
    let categories: Vec<(String, String)> = CATEGORIES
        .iter()
        .map(|(s, n)| (s.to_string(), n.to_string()))
        .collect();
    let image_error = form.errors.read().get("images").map(|m| m.join(", "));
    let submit_label = if existing.is_none() {
        "Create product"
    } else {
        "Save changes"
    };
    rsx! {
        form { class: "card stack product-form", onsubmit, novalidate: true,
            TextField { label: "Name", name: "name", value: name, errors: form.errors }
            TextField { label: "Description", name: "description", multiline: true, value: description, errors: form.errors }
            SelectField { label: "Category", name: "category", value: category, errors: form.errors, options: categories }
            TextField { label: "Tags", name: "tags", hint: "Optional, separated by commas.", value: tags, errors: form.errors }
            div { class: "field-row",
                TextField { label: format::price_label("Original price", &CLIENT_CONFIG.read().currency), name: "original_price", kind: "text", hint: "e.g. 40 or 39.90", value: original_price, errors: form.errors }
                TextField { label: format::price_label("Price", &CLIENT_CONFIG.read().currency), name: "price", kind: "text", hint: "At most the original price.", value: price, errors: form.errors }
            }
            TextField { label: "Stock", name: "stock", kind: "number", value: stock, errors: form.errors }
            if existing.is_none() {
                ImagePicker {
                    id: "product-images",
                    label: "Pictures",
                    hint: "Up to {MAX_PRODUCT_IMAGES}, JPEG, PNG or WebP. The first is the cover.",
                    multiple: true,
                    camera: true,
                    files,
                    error: image_error,
                }
            }
            SubmitButton { label: submit_label, busy: form.is_busy() }
        }
    }
}

/// The pictures of an existing product: add more, move, remove.
#[component]
fn ProductImages(product: Product, on_change: EventHandler<()>) -> Element {
    let toasts = use_toasts();
    let changing = use_action();
    let mut files = use_signal(Vec::<PickedFile>::new);
    let id = product.card.id;
    let images = product.images.clone();
    let room = MAX_PRODUCT_IMAGES.saturating_sub(images.len());

    // What every change of the pictures ends with, saying `done`.
    let saved = move |done: &'static str| {
        move |_: Product| {
            toasts.success(done);
            on_change.call(());
        }
    };
    let upload = move |e: FormEvent| {
        e.prevent_default();
        let picked: Vec<web_sys::File> = files.peek().iter().map(|f| f.file.clone()).collect();
        if picked.is_empty() {
            toasts.error("Choose pictures first.");
            return;
        }
        release(&files.peek());
        files.set(Vec::new());
        clear_input("more-images");
        changing.run(
            api::catalog::add_product_images(id, &picked),
            saved("Pictures added."),
        );
    };
    let count = images.len();
    let busy = changing.is_busy();
    rsx! {
        section { class: "card stack", aria_labelledby: "pictures-title",
            h2 { id: "pictures-title", "Pictures" }
            ol { class: "image-manager",
                for (i, image) in images.iter().cloned().enumerate() {
                    li { key: "{image.id}",
                        img { src: "{image.thumb_url}", alt: "Picture {i + 1} of {product.card.name}", width: "{image.width}", height: "{image.height}", loading: "lazy" }
                        div { class: "image-actions",
                            button {
                                class: "button button-ghost", r#type: "button", disabled: busy || i == 0,
                                aria_label: "Move picture {i + 1} earlier",
                                onclick: {
                                    let images = images.clone();
                                    move |_| {
                                        let mut order: Vec<_> = images.iter().map(|im| im.id).collect();
                                        order.swap(i, i - 1);
                                        changing.run(api::catalog::reorder_product_images(id, order), saved("Order saved."));
                                    }
                                },
                                "←"
                            }
                            button {
                                class: "button button-ghost", r#type: "button", disabled: busy || i + 1 == count,
                                aria_label: "Move picture {i + 1} later",
                                onclick: {
                                    let images = images.clone();
                                    move |_| {
                                        let mut order: Vec<_> = images.iter().map(|im| im.id).collect();
                                        order.swap(i, i + 1);
                                        changing.run(api::catalog::reorder_product_images(id, order), saved("Order saved."));
                                    }
                                },
                                "→"
                            }
                            button {
                                class: "button button-danger-outline", r#type: "button", disabled: busy || count == 1,
                                aria_label: "Remove picture {i + 1}",
                                title: if count == 1 { "A product keeps at least one picture" } else { "Remove" },
                                onclick: move |_| {
                                    changing.run(api::catalog::delete_product_image(id, image.id), saved("Picture removed."));
                                },
                                "Remove"
                            }
                        }
                    }
                }
            }
            if room > 0 {
                form { class: "stack", onsubmit: upload,
                    ImagePicker { id: "more-images", label: "Add pictures", hint: "Room for {room} more.", multiple: true, camera: true, files }
                    SubmitButton { label: "Upload pictures", busy }
                }
            }
        }
    }
}

/// Deletes the product for good, then `and_then` (the table refreshes, the editor leaves).
fn delete_product(
    id: ProductId,
    deleting: Action,
    toasts: Toasts,
    and_then: impl FnOnce() + 'static,
) {
    deleting.run(api::catalog::delete_product(id), move |()| {
        toasts.success("Product deleted.");
        and_then();
    });
}

/// Archive (hide from shoppers) or delete for good.
#[component]
fn ProductDanger(product: Product, on_change: EventHandler<()>) -> Element {
    let toasts = use_toasts();
    let navigator = navigator();
    let changing = use_action();
    let id = product.card.id;
    let archived = product.card.status == ProductStatus::Archived;
    let toggle_archive = move |_| {
        let status = if archived {
            ProductStatus::Active
        } else {
            ProductStatus::Archived
        };
        let body = ProductPatch {
            status: Some(status),
            ..Default::default()
        };
        let request = async move { api::catalog::update_product(id, &body).await };
        changing.run(request, move |_| {
            toasts.success(if archived {
                "The product is listed again."
            } else {
                "The product is archived: shoppers no longer see it."
            });
            on_change.call(());
        });
    };
    let delete = move |_| {
        delete_product(id, changing, toasts, move || {
            navigator.push(Route::SellerProducts {});
        })
    };
    rsx! {
        section { class: "card stack", aria_labelledby: "status-title",
            h2 { id: "status-title", "Status" }
            p {
                if archived { "Archived: hidden from shoppers." } else { "Listed: shoppers can find and buy it." }
            }
            div { class: "row-actions",
                Link { class: "button button-ghost", to: Route::ProductPage { id }, "View as a shopper" }
                button { class: "button button-secondary", r#type: "button", disabled: changing.is_busy(), onclick: toggle_archive,
                    if archived { "List again" } else { "Archive" }
                }
                ConfirmButton { label: "Delete product", question: "Delete this product for good?", busy: changing.is_busy(), on_confirm: delete }
            }
        }
    }
}
