//! The product list: a filter panel, sorting, a grid and "load more"; every filter lives in
//! the URL, so back, forward and shared links show the same list.

use crate::action::use_action;
use crate::api::catalog::{ProductQuery, products};
use crate::components::catalog::{ProductGrid, ProductGridSkeleton};
use crate::components::status::use_load;
use crate::components::status::{EmptyState, LoadError};
use crate::format;
use crate::routes::Route;
use bazaar_shared::catalog::{CATEGORIES, ProductCard};
use dioxus::prelude::*;
use std::fmt;

/// The products page's query string. Prices are in minor units, like the API's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub q: String,
    pub category: String,
    pub min_price: String,
    pub max_price: String,
    pub min_rating: String,
    pub in_stock: bool,
    pub sort: String,
}

impl From<&str> for Filter {
    fn from(query: &str) -> Self {
        let mut filter = Filter::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value);
            match key {
                "q" => filter.q = value,
                "category" => filter.category = value,
                "min_price" => filter.min_price = value,
                "max_price" => filter.max_price = value,
                "min_rating" => filter.min_rating = value,
                "in_stock" => filter.in_stock = value == "true",
                "sort" => filter.sort = value,
                _ => {}
            }
        }
        filter
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let in_stock = if self.in_stock { "true" } else { "" };
        let pairs = [
            ("q", self.q.as_str()),
            ("category", &self.category),
            ("min_price", &self.min_price),
            ("max_price", &self.max_price),
            ("min_rating", &self.min_rating),
            ("in_stock", in_stock),
            ("sort", &self.sort),
        ];
        let mut first = true;
        for (key, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
            let sep = if first { "" } else { "&" };
            first = false;
            write!(f, "{sep}{key}={}", encode(value))?;
        }
        Ok(())
    }
}

fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

fn decode(value: &str) -> String {
    let value = value.replace('+', " ");
    js_sys::decode_uri_component(&value)
        .map(String::from)
        .unwrap_or(value)
}

impl Filter {
    fn query(&self) -> ProductQuery {
        ProductQuery {
            q: self.q.clone(),
            category: self.category.clone(),
            min_price: self.min_price.clone(),
            max_price: self.max_price.clone(),
            min_rating: self.min_rating.clone(),
            in_stock: if self.in_stock {
                "true".into()
            } else {
                String::new()
            },
            sort: self.sort.clone(),
            ..Default::default()
        }
    }
}

const SORTS: &[(&str, &str)] = &[
    ("", "Best match / newest"),
    ("newest", "Newest"),
    ("price_asc", "Price: low to high"),
    ("price_desc", "Price: high to low"),
    ("best_selling", "Best selling"),
    ("top_rated", "Top rated"),
    ("discount", "Biggest discount"),
];

/// Pages fetched with "load more", for the filter they belong to.
#[derive(Clone, Default, PartialEq)]
struct MorePages {
    filter: Filter,
    items: Vec<ProductCard>,
    next_cursor: Option<String>,
}

#[component]
pub fn Products(filter: Filter) -> Element {
    let first_page = use_load(use_reactive!(|filter| async move {
        products(&filter.query(), "").await
    }));
    let mut more = use_signal(MorePages::default);
    let loading_more = use_action();

    let heading = match (filter.q.trim(), filter.category.as_str()) {
        ("", "") => "All products".to_string(),
        ("", slug) => format::category_name(slug).to_string(),
        (q, _) => format!("Results for “{q}”"),
    };

    let results = match &*first_page.read() {
        None => rsx! { ProductGridSkeleton {} },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(page)) => {
            let extra = more.read();
            let (mut items, next) = (page.items.clone(), page.next_cursor.clone());
            let next = if extra.filter == filter && !extra.items.is_empty() {
                items.extend(extra.items.iter().cloned());
                extra.next_cursor.clone()
            } else {
                next
            };
            let count = items.len();
            if items.is_empty() {
                rsx! {
                    EmptyState { title: "No products match these filters.",
                        Link { class: "button button-secondary", to: Route::Products { filter: Filter::default() }, "Clear all filters" }
                    }
                }
            } else {
                let for_more = filter.clone();
                rsx! {
                    p { class: "muted result-count", aria_live: "polite", "{count} products shown" }
                    ProductGrid { products: items }
                    if let Some(cursor) = next {
                        div { class: "load-more",
                            button {
                                class: "button button-secondary",
                                r#type: "button",
                                disabled: loading_more.is_busy(),
                                aria_busy: loading_more.is_busy(),
                                onclick: move |_| {
                                    let filter = for_more.clone();
                                    let (query, cursor) = (filter.query(), cursor.clone());
                                    let page = async move { products(&query, &cursor).await };
                                    loading_more.run(page, move |page| {
                                        let mut m = more.write();
                                        if m.filter != filter {
                                            *m = MorePages { filter, ..Default::default() };
                                        }
                                        m.items.extend(page.items);
                                        m.next_cursor = page.next_cursor;
                                    });
                                },
                                if loading_more.is_busy() { "Loading…" } else { "Load more" }
                            }
                        }
                    }
                }
            }
        }
    };

    rsx! {
        document::Title { "{heading} · Bazaar" }
        section { class: "container section",
            h1 { "{heading}" }
            div { class: "listing",
                FilterPanel { filter: filter.clone() }
                div { class: "listing-results",
                    SortSelect { filter: filter.clone() }
                    {results}
                }
            }
        }
    }
}

#[component]
fn SortSelect(filter: Filter) -> Element {
    let navigator = navigator();
    rsx! {
        div { class: "listing-toolbar",
            label { r#for: "sort", "Sort by" }
            select {
                id: "sort",
                onchange: move |e| {
                    navigator.push(Route::Products { filter: Filter { sort: e.value(), ..filter.clone() } });
                },
                for (value, text) in SORTS.iter().copied() {
                    option { key: "{value}", value, selected: filter.sort == value, "{text}" }
                }
            }
        }
    }
}

/// Category, price range, rating and stock; applying them changes the URL.
#[component]
fn FilterPanel(filter: Filter) -> Element {
    let navigator = navigator();
    let mut category = use_signal(|| filter.category.clone());
    let mut min_price = use_signal(|| price_field(&filter.min_price));
    let mut max_price = use_signal(|| price_field(&filter.max_price));
    let mut min_rating = use_signal(|| filter.min_rating.clone());
    let mut in_stock = use_signal(|| filter.in_stock);
    let mut price_error = use_signal(|| None::<String>);

    // The URL is the truth: back and forward put the panel in step with it.
    let synced = filter.clone();
    use_effect(use_reactive!(|synced| {
        category.set(synced.category.clone());
        min_price.set(price_field(&synced.min_price));
        max_price.set(price_field(&synced.max_price));
        min_rating.set(synced.min_rating.clone());
        in_stock.set(synced.in_stock);
    }));

    let base = filter.clone();
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let (min, max) = (min_price(), max_price());
        let parse = |s: &str| -> Result<String, ()> {
            if s.trim().is_empty() {
                Ok(String::new())
            } else {
                format::parse_price(s).map(|c| c.to_string()).ok_or(())
            }
        };
        let (Ok(min), Ok(max)) = (parse(&min), parse(&max)) else {
            price_error.set(Some("Prices are numbers like 12 or 12.50.".into()));
            return;
        };
        price_error.set(None);
        navigator.push(Route::Products {
            filter: Filter {
                category: category(),
                min_price: min,
                max_price: max,
                min_rating: min_rating(),
                in_stock: in_stock(),
                ..base.clone()
            },
        });
    };

    rsx! {
        form { class: "filter-panel", aria_label: "Filters", onsubmit,
            h2 { class: "filter-title", "Filters" }
            div { class: "field",
                label { r#for: "filter-category", "Category" }
                select {
                    id: "filter-category",
                    onchange: move |e| category.set(e.value()),
                    option { value: "", selected: category().is_empty(), "All categories" }
                    for (slug, name) in CATEGORIES.iter().copied() {
                        option { key: "{slug}", value: slug, selected: category() == slug, "{name}" }
                    }
                }
            }
            fieldset { class: "price-range",
                legend { class: "field-legend", "Price" }
                div { class: "field",
                    label { r#for: "filter-min-price", "From" }
                    input { id: "filter-min-price", inputmode: "decimal", placeholder: "0", value: "{min_price}", oninput: move |e| min_price.set(e.value()) }
                }
                div { class: "field",
                    label { r#for: "filter-max-price", "To" }
                    input { id: "filter-max-price", inputmode: "decimal", placeholder: "any", value: "{max_price}", oninput: move |e| max_price.set(e.value()) }
                }
                if let Some(error) = price_error() {
                    p { class: "field-errors", role: "alert", "{error}" }
                }
            }
            div { class: "field",
                label { r#for: "filter-rating", "Rating" }
                select {
                    id: "filter-rating",
                    onchange: move |e| min_rating.set(e.value()),
                    option { value: "", selected: min_rating().is_empty(), "Any rating" }
                    for stars in ["4", "3", "2", "1"] {
                        option { key: "{stars}", value: stars, selected: min_rating() == stars, "{stars} stars and up" }
                    }
                }
            }
            label { class: "checkbox",
                input { id: "filter-in-stock", r#type: "checkbox", checked: in_stock(), onchange: move |e| in_stock.set(e.checked()) }
                "In stock only"
            }
            button { class: "button button-primary button-wide", r#type: "submit", "Apply filters" }
            Link { class: "button button-ghost button-wide", to: Route::Products { filter: Filter { q: filter.q.clone(), ..Default::default() } }, "Clear filters" }
        }
    }
}

/// Minor units from the URL as the text of a price field.
fn price_field(minor: &str) -> String {
    minor
        .parse::<i64>()
        .map(format::price_input)
        .unwrap_or_default()
}
