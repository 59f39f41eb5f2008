//! The product list: a filter panel, sorting, a grid and "load more"; every filter lives in
//! the URL, so back, forward and shared links show the same list.

use crate::action::use_action;
use crate::api::catalog::products;
use crate::components::catalog::{ProductGrid, ProductGridSkeleton};
use crate::components::status::use_load;
use crate::components::status::{EmptyState, LoadError};
use crate::components::title::PageTitle;
use crate::format;
use crate::input;
use crate::routes::Route;
use bazaar_shared::catalog::{CATEGORIES, ProductCard, ProductSort};
use bazaar_shared::listing::ProductQuery;
use dioxus::prelude::*;

/// The sort menu; no sort is the server's choice: best match when searching, else newest.
const SORTS: &[(Option<ProductSort>, &str)] = &[
    (None, "Best match / newest"),
    (Some(ProductSort::Newest), "Newest"),
    (Some(ProductSort::PriceAsc), "Price: low to high"),
    (Some(ProductSort::PriceDesc), "Price: high to low"),
    (Some(ProductSort::BestSelling), "Best selling"),
    (Some(ProductSort::TopRated), "Top rated"),
    (Some(ProductSort::Discount), "Biggest discount"),
];

/// Pages fetched with "load more", for the query they belong to.
#[derive(Clone, Default, PartialEq)]
struct MorePages {
    query: ProductQuery,
    items: Vec<ProductCard>,
    next_cursor: Option<String>,
}

#[component]
pub fn Products(query: ProductQuery) -> Element {
    let first_page = use_load(use_reactive!(|query| products(&query)));
    let mut more = use_signal(MorePages::default);
    let loading_more = use_action();

    let heading = match (query.search(), query.category.as_deref()) {
        (None, None) => "All products".to_string(),
        (None, Some(slug)) => format::category_name(slug).to_string(),
        (Some(q), _) => format!("Results for “{q}”"),
    };

    let results = match &*first_page.read() {
        None => rsx! { ProductGridSkeleton {} },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(page)) => {
            let extra = more.read();
            let (mut items, next) = (page.items.clone(), page.next_cursor.clone());
            let next = if extra.query == query && !extra.items.is_empty() {
                items.extend(extra.items.iter().cloned());
                extra.next_cursor.clone()
            } else {
                next
            };
            let count = items.len();
            if items.is_empty() {
                rsx! {
                    EmptyState { title: "No products match these filters.",
                        Link { class: "button button-secondary", to: Route::Products { query: ProductQuery::default() }, "Clear all filters" }
                    }
                }
            } else {
                let for_more = query.clone();
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
                                    let query = for_more.clone();
                                    loading_more.run(products(&query.after(&cursor)), move |page| {
                                        let mut m = more.write();
                                        if m.query != query {
                                            *m = MorePages { query, ..Default::default() };
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
        PageTitle { text: "{heading} · Bazaar" }
        section { class: "container section",
            h1 { "{heading}" }
            div { class: "listing",
                FilterPanel { query: query.clone() }
                div { class: "listing-results",
                    SortSelect { query: query.clone() }
                    {results}
                }
            }
        }
    }
}

#[component]
fn SortSelect(query: ProductQuery) -> Element {
    let navigator = navigator();
    rsx! {
        div { class: "listing-toolbar",
            label { r#for: "sort", "Sort by" }
            select {
                id: "sort",
                onchange: move |e| {
                    let sort = e.value().parse().ok();
                    navigator.push(Route::Products { query: ProductQuery { sort, ..query.clone() } });
                },
                for (sort, text) in SORTS.iter().copied() {
                    option {
                        key: "{text}",
                        value: sort.map_or("", ProductSort::as_str),
                        selected: query.sort == sort,
                        "{text}"
                    }
                }
            }
        }
    }
}

/// Category, price range, rating and stock; applying them changes the URL.
#[component]
fn FilterPanel(query: ProductQuery) -> Element {
    let navigator = navigator();
    let mut category = use_signal(|| query.category.clone().unwrap_or_default());
    let mut min_price = use_signal(|| price_field(query.min_price));
    let mut max_price = use_signal(|| price_field(query.max_price));
    let mut min_rating = use_signal(|| menu_stars(query.min_rating));
    let mut in_stock = use_signal(|| query.in_stock == Some(true));
    let mut price_error = use_signal(|| None::<String>);

    // The URL is the truth: back and forward put the panel in step with it.
    let synced = query.clone();
    use_effect(use_reactive!(|synced| {
        category.set(synced.category.clone().unwrap_or_default());
        min_price.set(price_field(synced.min_price));
        max_price.set(price_field(synced.max_price));
        min_rating.set(menu_stars(synced.min_rating));
        in_stock.set(synced.in_stock == Some(true));
    }));

    let base = query.clone();
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let Some((min, max)) = input::price_range(&min_price(), &max_price()) else {
            price_error.set(Some("Prices are numbers like 12 or 12.50.".into()));
            return;
        };
        price_error.set(None);
        navigator.push(Route::Products {
            query: ProductQuery {
                category: Some(category()).filter(|c| !c.is_empty()),
                min_price: min,
                max_price: max,
                min_rating: min_rating().map(f64::from),
                in_stock: in_stock().then_some(true),
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
                    onchange: move |e| min_rating.set(e.value().parse().ok()),
                    option { value: "", selected: min_rating().is_none(), "Any rating" }
                    for stars in MENU_STARS {
                        option { key: "{stars}", value: "{stars}", selected: min_rating() == Some(stars), "{stars} stars and up" }
                    }
                }
            }
            label { class: "checkbox",
                input { id: "filter-in-stock", r#type: "checkbox", checked: in_stock(), onchange: move |e| in_stock.set(e.checked()) }
                "In stock only"
            }
            button { class: "button button-primary button-wide", r#type: "submit", "Apply filters" }
            Link { class: "button button-ghost button-wide", to: Route::Products { query: ProductQuery { q: query.q.clone(), ..Default::default() } }, "Clear filters" }
        }
    }
}

/// Minor units from the URL as the text of a price field.
fn price_field(minor: Option<i64>) -> String {
    minor.map(format::price_input).unwrap_or_default()
}

/// The rating menu's choices: whole stars and up.
const MENU_STARS: [u8; 4] = [4, 3, 2, 1];

/// The menu's choice for the URL's minimum rating; none for one it does not offer.
fn menu_stars(min_rating: Option<f64>) -> Option<u8> {
    MENU_STARS
        .into_iter()
        .find(|&stars| min_rating == Some(f64::from(stars)))
}
