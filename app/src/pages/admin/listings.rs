//! What shops list and what buyers wrote: products and events to hide or restore, reviews
//! to remove.

use super::AdminScreen;
use super::actions::ReasonAction;
use super::list::{Controls, Menu};
use super::table::{AdminList, Cell, Record, Screen, fetch_rows};
use crate::action::use_action;
use crate::api;
use crate::format;
use crate::routes::Route;
use crate::toast::use_toasts;
use bazaar_shared::admin::{AdminEvent, AdminProduct, AdminReview, Hidden};
use bazaar_shared::catalog::{CATEGORIES, ProductStatus};
use bazaar_shared::event::EventStatus;
use dioxus::prelude::*;

const HIDDEN_MENU: &[(&str, &str)] = &[("true", "Hidden"), ("false", "Not hidden")];

/// Whether buyers can see it: hidden by an admin or with its shop's ban first.
fn visibility(hidden: &Option<Hidden>, shop_banned: bool, otherwise: Cell) -> Cell {
    if hidden.is_some() {
        Cell::badge("hidden", "badge-danger")
    } else if shop_banned {
        Cell::badge("shop banned", "badge-danger")
    } else {
        otherwise
    }
}

fn hidden_line(
    details: &mut Vec<(&'static str, String)>,
    hidden: &Option<Hidden>,
    shop_banned: bool,
) {
    if let Some(hidden) = hidden {
        details.push((
            "Hidden",
            format!("{} — {}", format::date_time(hidden.at), hidden.reason),
        ));
    }
    if shop_banned {
        details.push(("Shop", "its owner is banned, which hides it too".into()));
    }
}

impl Record for AdminProduct {
    const RESOURCE: &'static str = "products";
    const COLUMNS: &'static [&'static str] =
        &["Product", "Shop", "Price", "Stock", "Sold", "Status"];

    fn key(&self) -> String {
        self.id.to_string()
    }

    fn cells(&self) -> Vec<Cell> {
        let status = match self.status {
            ProductStatus::Active => Cell::badge("active", "badge-success"),
            ProductStatus::Archived => Cell::badge("archived", "badge-muted"),
        };
        vec![
            Cell::text(&self.name),
            Cell::text(&self.shop.name),
            Cell::text(format::price(&self.price)),
            Cell::text(self.stock.to_string()),
            Cell::text(self.sold_count.to_string()),
            visibility(&self.hidden, self.shop_banned, status),
        ]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn details(&self) -> Vec<(&'static str, String)> {
        let mut details = vec![
            ("Shop", self.shop.name.clone()),
            ("Category", format::category_name(&self.category).to_owned()),
            ("Price", format::price(&self.price)),
            (
                "Stock",
                format!("{} in stock, {} sold", self.stock, self.sold_count),
            ),
            ("Status", self.status.as_str().to_owned()),
            ("Listed", format::date_time(self.created_at)),
        ];
        hidden_line(&mut details, &self.hidden, self.shop_banned);
        details
    }
}

/// The search box and menus of the products list.
pub fn product_controls() -> Controls {
    let menus = vec![
        Menu::new("category", "Category", CATEGORIES),
        Menu::new(
            "status",
            "Status",
            &[("active", "Active"), ("archived", "Archived")],
        ),
        Menu::new("hidden", "Hidden", HIDDEN_MENU),
        Menu::sort(&[
            ("oldest", "Oldest first"),
            ("price_asc", "Price: low to high"),
            ("price_desc", "Price: high to low"),
            ("best_selling", "Best selling"),
            ("stock_asc", "Least stock"),
        ]),
    ];
    Controls {
        search: Some("Product name"),
        menus,
        days: &[],
    }
}

pub const PRODUCTS: Screen = Screen {
    fetch: fetch_rows::<AdminProduct>,
    columns: AdminProduct::COLUMNS,
    controls: product_controls,
    actions: |row, list| match row.record::<AdminProduct>() {
        Some(product) => rsx! { ProductActions { product, list } },
        None => rsx! {},
    },
};

#[component]
fn ProductActions(product: AdminProduct, list: AdminList) -> Element {
    let toasts = use_toasts();
    let action = use_action();
    let (id, hidden) = (product.id, product.hidden.is_some());
    rsx! {
        {hide_toggle(hidden, action.is_busy(), EventHandler::new(move |reason| {
            action.run(api::admin::set_product_hidden(id, !hidden, reason), move |changed| {
                toasts.success(hidden_toast("product", hidden));
                list.replace(changed);
            });
        }))}
        div { class: "drawer-links",
            Link { to: Route::ProductPage { id }, "Product page" }
            Link { to: AdminScreen::Products.with(&[("shop_id", &product.shop.id.to_string())]), "Shop's products" }
            Link { to: AdminScreen::Audit.with(&[("target_id", &id.to_string())]), "History" }
        }
    }
}

/// Hide from the marketplace (the shop sees the reason) or restore.
fn hide_toggle(hidden: bool, busy: bool, on_confirm: EventHandler<String>) -> Element {
    let reason_id = if hidden {
        "reason-restore"
    } else {
        "reason-hide"
    };
    rsx! {
        ReasonAction {
            key: "{hidden}",
            id: reason_id,
            label: if hidden { "Restore" } else { "Hide" },
            confirm: if hidden { "Restore to the marketplace" } else { "Hide from the marketplace" },
            danger: !hidden,
            busy,
            on_confirm,
        }
    }
}

fn hidden_toast(what: &str, was_hidden: bool) -> String {
    if was_hidden {
        format!("The {what} is back on the marketplace.")
    } else {
        format!("The {what} is hidden; its shop sees why.")
    }
}

fn event_status(status: EventStatus) -> Cell {
    match status {
        EventStatus::Upcoming => Cell::badge("upcoming", "badge-brand"),
        EventStatus::Running => Cell::badge("running", "badge-success"),
        EventStatus::Ended => Cell::badge("ended", "badge-muted"),
    }
}

impl Record for AdminEvent {
    const RESOURCE: &'static str = "events";
    const COLUMNS: &'static [&'static str] =
        &["Event", "Shop", "Product", "Price", "Status", "Starts"];

    fn key(&self) -> String {
        self.id.to_string()
    }

    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::text(&self.name),
            Cell::text(&self.shop.name),
            Cell::text(&self.product.name),
            Cell::text(format::price(&self.event_price)),
            visibility(&self.hidden, self.shop_banned, event_status(self.status)),
            Cell::text(format::date(self.starts_at)),
        ]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn details(&self) -> Vec<(&'static str, String)> {
        let limit = self
            .unit_limit
            .map_or("no limit".into(), |l| format!("of {l}"));
        let mut details = vec![
            ("Shop", self.shop.name.clone()),
            ("Product", self.product.name.clone()),
            ("Event price", format::price(&self.event_price)),
            (
                "Runs",
                format!(
                    "{} to {}",
                    format::date_time(self.starts_at),
                    format::date_time(self.ends_at)
                ),
            ),
            ("Sold", format!("{} units, {limit}", self.units_sold)),
        ];
        hidden_line(&mut details, &self.hidden, self.shop_banned);
        details
    }
}

/// The search box and menus of the events list.
pub fn event_controls() -> Controls {
    let menus = vec![
        Menu::new(
            "status",
            "Status",
            &[
                ("upcoming", "Upcoming"),
                ("running", "Running"),
                ("ended", "Ended"),
            ],
        ),
        Menu::new("hidden", "Hidden", HIDDEN_MENU),
        Menu::sort(&[
            ("oldest", "Oldest first"),
            ("starts_latest", "Latest start"),
        ]),
    ];
    Controls {
        search: Some("Event name"),
        menus,
        days: &[],
    }
}

pub const EVENTS: Screen = Screen {
    fetch: fetch_rows::<AdminEvent>,
    columns: AdminEvent::COLUMNS,
    controls: event_controls,
    actions: |row, list| match row.record::<AdminEvent>() {
        Some(event) => rsx! { EventActions { event, list } },
        None => rsx! {},
    },
};

#[component]
fn EventActions(event: AdminEvent, list: AdminList) -> Element {
    let toasts = use_toasts();
    let action = use_action();
    let (id, hidden) = (event.id, event.hidden.is_some());
    rsx! {
        {hide_toggle(hidden, action.is_busy(), EventHandler::new(move |reason| {
            action.run(api::admin::set_event_hidden(id, !hidden, reason), move |changed| {
                toasts.success(hidden_toast("event", hidden));
                list.replace(changed);
            });
        }))}
        div { class: "drawer-links",
            Link { to: Route::ProductPage { id: event.product.id }, "Product page" }
            Link { to: AdminScreen::Audit.with(&[("target_id", &id.to_string())]), "History" }
        }
    }
}

impl Record for AdminReview {
    const RESOURCE: &'static str = "reviews";
    const COLUMNS: &'static [&'static str] =
        &["Product", "Rating", "Author", "Shop", "Comment", "Written"];

    fn key(&self) -> String {
        self.id.to_string()
    }

    fn cells(&self) -> Vec<Cell> {
        let comment: String = self.comment.chars().take(60).collect();
        let ellipsis = if self.comment.chars().count() > 60 {
            "…"
        } else {
            ""
        };
        vec![
            Cell::text(&self.product.name),
            Cell::text(stars(self.rating)),
            Cell::text(&self.author.name),
            Cell::text(&self.shop.name),
            Cell::text(format!("{comment}{ellipsis}")),
            Cell::text(format::date(self.created_at)),
        ]
    }

    fn title(&self) -> String {
        format!("{}’s review of {}", self.author.name, self.product.name)
    }

    fn details(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Rating", stars(self.rating)),
            ("Comment", self.comment.clone()),
            ("Shop", self.shop.name.clone()),
            ("Written", format::date_time(self.created_at)),
        ]
    }
}

fn stars(rating: u8) -> String {
    format!("{rating} of 5")
}

/// The search box and menus of the reviews list.
pub fn review_controls() -> Controls {
    let menus = vec![
        Menu::new(
            "rating",
            "Stars",
            &[
                ("1", "1 star"),
                ("2", "2 stars"),
                ("3", "3 stars"),
                ("4", "4 stars"),
                ("5", "5 stars"),
            ],
        ),
        Menu::sort(&[("oldest", "Oldest first"), ("rating_asc", "Fewest stars")]),
    ];
    Controls {
        search: Some("Words in the comment"),
        menus,
        days: &[],
    }
}

pub const REVIEWS: Screen = Screen {
    fetch: fetch_rows::<AdminReview>,
    columns: AdminReview::COLUMNS,
    controls: review_controls,
    actions: |row, list| match row.record::<AdminReview>() {
        Some(review) => rsx! { ReviewActions { review, list } },
        None => rsx! {},
    },
};

/// Removing a review takes it off the list: the list loads again without it.
#[component]
fn ReviewActions(review: AdminReview, list: AdminList) -> Element {
    let toasts = use_toasts();
    let action = use_action();
    let id = review.id;
    rsx! {
        ReasonAction {
            id: "reason-remove",
            label: "Remove review",
            confirm: "Remove for good",
            danger: true,
            busy: action.is_busy(),
            on_confirm: move |reason| {
                action.run(api::admin::remove_review(id, reason), move |()| {
                    toasts.success("The review is removed.");
                    list.reload();
                });
            },
        }
        div { class: "drawer-links",
            Link { to: Route::ProductPage { id: review.product.id }, "Product page" }
            Link { to: AdminScreen::Reviews.with(&[("author_id", &review.author.id.to_string())]), "Author's reviews" }
        }
    }
}
