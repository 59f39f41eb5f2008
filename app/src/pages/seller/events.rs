//! The seller's events: a list, one editor for new and existing events, delete.

use crate::action::use_action;
use crate::api;
use crate::api::config::{CLIENT_CONFIG, currency};
use crate::components::catalog::Countdown;
use crate::components::form::{SelectField, SubmitButton, TextField, use_form};
use crate::components::image_picker::{ImagePicker, PickedFile, release};
use crate::components::status::use_load;
use crate::components::status::{ConfirmButton, EmptyState, LoadError, TextSkeleton};
use crate::components::title::PageTitle;
use crate::format;
use crate::input;
use crate::routes::Route;
use crate::session::use_session;
use crate::toast::use_toasts;
use bazaar_shared::event::{Event, EventInput, EventPatch, EventStatus, MAX_EVENT_BANNERS};
use bazaar_shared::money::Money;
use bazaar_shared::{EventId, FieldErrors, ProductId};
use dioxus::prelude::*;

#[component]
pub fn SellerEvents() -> Element {
    let session = use_session();
    let shop_id = session.read().user().and_then(|m| m.shop_id);
    let mut list = use_load(use_reactive!(|shop_id| async move {
        api::catalog::events(shop_id, "").await
    }));
    let body = match &*list.read() {
        None => rsx! { TextSkeleton { lines: 4 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(page)) if page.items.is_empty() => rsx! {
            EmptyState { title: "No events yet.",
                p { class: "muted", "An event sells one product at a lower price for a while." }
                Link { class: "button button-primary", to: Route::NewEvent {}, "Create an event" }
            }
        },
        Some(Ok(page)) => rsx! {
            ul { class: "event-rows",
                for event in page.items.iter().cloned() {
                    EventRow { key: "{event.summary.id}", event, on_deleted: move |_| list.restart() }
                }
            }
        },
    };
    rsx! {
        PageTitle { text: "Events · My shop · Bazaar" }
        div { class: "section-head",
            h1 { "Events" }
            Link { class: "button button-primary", to: Route::NewEvent {}, "Create an event" }
        }
        {body}
    }
}

fn status_text(status: EventStatus) -> &'static str {
    match status {
        EventStatus::Upcoming => "Upcoming",
        EventStatus::Running => "Running",
        EventStatus::Ended => "Ended",
    }
}

#[component]
fn EventRow(event: Event, on_deleted: EventHandler<()>) -> Element {
    let toasts = use_toasts();
    let deleting = use_action();
    let s = event.summary.clone();
    let id = s.id;
    let delete = move |_| {
        deleting.run(api::catalog::delete_event(id), move |()| {
            toasts.success("Event deleted.");
            on_deleted.call(());
        });
    };
    rsx! {
        li { class: "card event-row",
            div {
                p { strong { "{s.name}" } " " span { class: "badge badge-muted", "{status_text(s.status)}" } }
                p { class: "muted", "{event.product.name} at {format::price(&s.event_price)}" }
                p { class: "muted", "{format::date_time(s.starts_at)} – {format::date_time(s.ends_at)}" }
                if s.status == EventStatus::Running {
                    p { "Ends in " Countdown { until: s.ends_at } }
                }
            }
            div { class: "row-actions",
                Link { class: "button button-ghost", to: Route::EditEvent { id }, "Edit" }
                ConfirmButton { label: "Delete", question: "Delete {s.name}?", busy: deleting.is_busy(), on_confirm: delete }
            }
        }
    }
}

#[component]
pub fn NewEvent() -> Element {
    rsx! {
        PageTitle { text: "New event · My shop · Bazaar" }
        h1 { "New event" }
        EventForm { event: None }
    }
}

#[component]
pub fn EditEvent(id: EventId) -> Element {
    let event = use_load(use_reactive!(|id| async move {
        api::catalog::event(id).await.map_err(|e| e.message())
    }));
    let body = match &*event.read() {
        None => rsx! { TextSkeleton { lines: 6 } },
        Some(Err(why)) => rsx! { LoadError { message: why.clone() } },
        Some(Ok(e)) => rsx! { EventForm { key: "{e.summary.id}", event: Some(e.clone()) } },
    };
    rsx! {
        PageTitle { text: "Edit event · My shop · Bazaar" }
        h1 { "Edit event" }
        {body}
    }
}

const EVENT_FIELDS: &[&str] = &[
    "product_id",
    "name",
    "description",
    "event_price",
    "starts_at",
    "ends_at",
    "unit_limit",
    "banners",
];

#[component]
fn EventForm(event: Option<Event>) -> Element {
    let toasts = use_toasts();
    let navigator = navigator();
    let products = use_load(|| async move { api::catalog::my_products().await });
    let e = event.clone();
    let product_id = use_signal(|| {
        e.as_ref()
            .map(|e| e.product.id.to_string())
            .unwrap_or_default()
    });
    let name = use_signal(|| {
        e.as_ref()
            .map(|e| e.summary.name.clone())
            .unwrap_or_default()
    });
    let description = use_signal(|| {
        e.as_ref()
            .map(|e| e.description.clone())
            .unwrap_or_default()
    });
    let event_price = use_signal(|| {
        e.as_ref()
            .map(|e| format::price_input(e.summary.event_price.amount))
            .unwrap_or_default()
    });
    let starts_at = use_signal(|| {
        format::datetime_local(e.as_ref().map_or_else(format::now, |e| e.summary.starts_at))
    });
    let ends_at = use_signal(|| {
        format::datetime_local(e.as_ref().map_or_else(
            || format::now() + time::Duration::days(7),
            |e| e.summary.ends_at,
        ))
    });
    let unit_limit = use_signal(|| {
        e.as_ref()
            .and_then(|e| e.summary.unit_limit)
            .map(|u| u.to_string())
            .unwrap_or_default()
    });
    let banners = use_signal(Vec::<PickedFile>::new);
    let form = use_form();
    let existing = event.as_ref().map(|e| e.summary.id);

    let onsubmit = move |ev: FormEvent| {
        ev.prevent_default();
        let mut errors = FieldErrors::new();
        let product: Option<ProductId> = product_id().parse().ok();
        if product.is_none() && existing.is_none() {
            errors.add("product_id", "choose the product on sale");
        }
        let price = input::price(&mut errors, "event_price", &event_price());
        let start = input::date_time(&starts_at());
        let end = input::date_time(&ends_at());
        if start.is_none() {
            errors.add("starts_at", "choose when the event starts");
        }
        if end.is_none() {
            errors.add("ends_at", "choose when the event ends");
        }
        let unit_limit = input::optional_limit(&mut errors, "unit_limit", &unit_limit());
        let pictures: Vec<web_sys::File> = banners.peek().iter().map(|f| f.file.clone()).collect();
        if pictures.len() > MAX_EVENT_BANNERS {
            errors.add("banners", format!("at most {MAX_EVENT_BANNERS} banners"));
        }
        let (name, description) = (name(), description());
        let request = async move {
            errors.into_result()?;
            let (Some(starts_at), Some(ends_at)) = (start, end) else {
                unreachable!("missing times were reported above")
            };
            let event_price = Money::new(price, &currency());
            let saved = match existing {
                None => {
                    let body = EventInput {
                        product_id: product.expect("checked above"),
                        name,
                        description,
                        event_price,
                        starts_at,
                        ends_at,
                        unit_limit,
                    };
                    api::catalog::create_event(&body, format::now()).await?
                }
                Some(id) => {
                    let body = EventPatch {
                        name: Some(name),
                        description: Some(description),
                        event_price: Some(event_price),
                        starts_at: Some(starts_at),
                        ends_at: Some(ends_at),
                        clear_unit_limit: unit_limit.is_none(),
                        unit_limit,
                    };
                    api::catalog::update_event(id, &body).await?
                }
            };
            if pictures.is_empty() {
                Ok(saved)
            } else {
                api::catalog::add_event_banners(saved.summary.id, &pictures).await
            }
        };
        form.submit(EVENT_FIELDS, request, move |saved: Event| {
            release(&banners.peek());
            toasts.success(format!("{} is saved.", saved.summary.name));
            navigator.push(Route::SellerEvents {});
        });
    };

    let product_options: Vec<(String, String)> = match &*products.read() {
        Some(Ok(page)) => std::iter::once((String::new(), "Choose a product…".to_string()))
            .chain(page.items.iter().map(|p| {
                (
                    p.id.to_string(),
                    format!("{} ({})", p.name, format::price(&p.price)),
                )
            }))
            .collect(),
        _ => vec![(String::new(), "Loading your products…".to_string())],
    };
    let banner_error = form.errors.read().get("banners").map(|m| m.join(", "));
    let current_banners = event
        .as_ref()
        .map(|e| e.banners.clone())
        .unwrap_or_default();
    let submit_label = if existing.is_none() {
        "Create event"
    } else {
        "Save event"
    };
    rsx! {
        form { class: "card stack", onsubmit, novalidate: true,
            if existing.is_none() {
                SelectField { label: "Product", name: "product_id", value: product_id, errors: form.errors, options: product_options }
            } else if let Some(e) = event.as_ref() {
                p { "Product: " strong { "{e.product.name}" } }
            }
            TextField { label: "Event name", name: "name", value: name, errors: form.errors }
            TextField { label: "Description", name: "description", multiline: true, hint: "Optional.", value: description, errors: form.errors }
            TextField { label: format::price_label("Event price", &CLIENT_CONFIG.read().currency), name: "event_price", hint: "Below the product's price.", value: event_price, errors: form.errors }
            div { class: "field-row",
                TextField { label: "Starts", name: "starts_at", kind: "datetime-local", hint: "Your local time.", value: starts_at, errors: form.errors }
                TextField { label: "Ends", name: "ends_at", kind: "datetime-local", hint: "Your local time.", value: ends_at, errors: form.errors }
            }
            TextField { label: "Unit limit", name: "unit_limit", kind: "number", hint: "Optional: how many may sell at the event price.", value: unit_limit, errors: form.errors }
            if !current_banners.is_empty() {
                BannerList { event: event.clone().expect("banners belong to an event") }
            }
            ImagePicker {
                id: "event-banners",
                label: "Banners",
                hint: "Optional, up to {MAX_EVENT_BANNERS} pictures.",
                multiple: true,
                files: banners,
                error: banner_error,
            }
            SubmitButton { label: submit_label, busy: form.is_busy() }
        }
    }
}

#[component]
fn BannerList(event: Event) -> Element {
    let toasts = use_toasts();
    let mut banners = use_signal(|| event.banners.clone());
    let removing = use_action();
    let id = event.summary.id;
    rsx! {
        ul { class: "image-manager", aria_label: "Current banners",
            for banner in banners.read().iter().cloned() {
                li { key: "{banner.id}",
                    img { src: "{banner.thumb_url}", alt: "Banner", width: "{banner.width}", height: "{banner.height}", loading: "lazy" }
                    button {
                        class: "button button-danger-outline", r#type: "button", disabled: removing.is_busy(),
                        onclick: move |_| {
                            removing.run(api::catalog::delete_event_banner(id, banner.id), move |event| {
                                banners.set(event.banners);
                                toasts.success("Banner removed.");
                            });
                        },
                        "Remove banner"
                    }
                }
            }
        }
    }
}
