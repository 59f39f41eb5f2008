//! The frame of every admin list screen: its heading, search box and filter menus. Changing
//! one changes the URL (the screen's route with other `Filters`), so reload and back keep it.

use super::AdminScreen;
use crate::components::title::PageTitle;
use crate::pages::admin::filters::Filters;
use crate::routes::Route;
use dioxus::prelude::*;

/// A filter menu: the query name, its label, what no choice means, and (value, text)
/// choices.
#[derive(Clone, Debug, PartialEq)]
pub struct Menu {
    pub name: &'static str,
    pub label: &'static str,
    pub any: &'static str,
    pub options: Vec<(&'static str, String)>,
}

impl Menu {
    pub fn new(name: &'static str, label: &'static str, options: &[(&'static str, &str)]) -> Self {
        Self {
            name,
            label,
            any: "All",
            options: options.iter().map(|(v, t)| (*v, t.to_string())).collect(),
        }
    }

    /// The sort menu; no choice is the server's default order, newest first.
    pub fn sort(options: &[(&'static str, &str)]) -> Self {
        Self {
            any: "Newest first",
            ..Self::new("sort", "Sort", options)
        }
    }
}

/// What a list can be searched and filtered by.
#[derive(Clone, Debug, PartialEq)]
pub struct Controls {
    /// The search box's placeholder, for lists the API searches (`q`).
    pub search: Option<&'static str>,
    pub menus: Vec<Menu>,
    /// Date fields (name, label) of a date range, kept as UTC midnight in RFC 3339.
    pub days: &'static [(&'static str, &'static str)],
}

#[component]
pub fn ListScreen(
    screen: AdminScreen,
    filters: Filters,
    controls: Controls,
    children: Element,
) -> Element {
    let title = screen.title();
    let Controls {
        search,
        menus,
        days,
    } = controls;
    let navigator = navigator();
    let mut words = use_signal(|| filters.get("q").to_owned());
    // The URL is the truth: back and forward put the box in step with it.
    let q = filters.get("q").to_owned();
    use_effect(use_reactive!(|q| words.set(q)));

    let at = move |filters| Route::AdminListPage { screen, filters };
    let go = {
        let filters = filters.clone();
        move |name: &str, value: &str| {
            navigator.push(at(filters.with(name, value)));
        }
    };
    // Filters set by a link from another screen (a shop, a buyer, a record's history) have
    // no menu: each shows as a chip that clears it.
    let shown: Vec<&str> = menus
        .iter()
        .map(|m| m.name)
        .chain(days.iter().map(|(name, _)| *name))
        .chain(["q"])
        .collect();
    let chips: Vec<(String, String)> = filters
        .names()
        .filter(|name| !shown.contains(name))
        .map(|name| (name.to_owned(), filters.get(name).to_owned()))
        .collect();

    rsx! {
        PageTitle { text: "{title} · Admin · Bazaar" }
        h1 { "{title}" }
        div { class: "admin-toolbar",
            if let Some(placeholder) = search {
                form {
                    class: "admin-search",
                    role: "search",
                    onsubmit: {
                        let go = go.clone();
                        move |e: FormEvent| {
                            e.prevent_default();
                            go("q", &words.peek());
                        }
                    },
                    label { class: "visually-hidden", r#for: "admin-q", "Search {title}" }
                    input {
                        id: "admin-q",
                        r#type: "search",
                        placeholder,
                        value: "{words}",
                        oninput: move |e| words.set(e.value()),
                    }
                    button { class: "button button-secondary", r#type: "submit", "Search" }
                }
            }
            for menu in menus {
                div { key: "{menu.name}", class: "field admin-filter",
                    label { r#for: "filter-{menu.name}", "{menu.label}" }
                    select {
                        id: "filter-{menu.name}",
                        onchange: {
                            let go = go.clone();
                            move |e: FormEvent| go(menu.name, &e.value())
                        },
                        option { value: "", selected: filters.get(menu.name).is_empty(), "{menu.any}" }
                        for (value, text) in menu.options.iter() {
                            option { key: "{value}", value: *value, selected: filters.get(menu.name) == *value, "{text}" }
                        }
                    }
                }
            }
            for &(name, label) in days {
                div { key: "{name}", class: "field admin-filter",
                    label { r#for: "filter-{name}", "{label}" }
                    input {
                        id: "filter-{name}",
                        r#type: "date",
                        value: filters.get(name).get(..10).unwrap_or_default(),
                        onchange: {
                            let go = go.clone();
                            move |e: FormEvent| {
                                let day = e.value();
                                go(name, &if day.is_empty() { day } else { format!("{day}T00:00:00Z") });
                            }
                        },
                    }
                }
            }
            if !filters.is_empty() {
                Link { class: "button button-ghost admin-clear", to: at(Filters::default()), "Clear filters" }
            }
        }
        if !chips.is_empty() {
            ul { class: "filter-chips", aria_label: "Other filters",
                for (name, value) in chips {
                    li { key: "{name}",
                        Link {
                            class: "chip",
                            to: at(filters.with(&name, "")),
                            aria_label: "Clear {name}",
                            "{name}: {value} ×"
                        }
                    }
                }
            }
        }
        {children}
    }
}
