//! One table, drawer and "show more" for every admin list: a screen says what its record's
//! row and details are (`Record`) and which actions its drawer offers; the rest is here.

use crate::api;
use crate::components::layout::use_document_listener;
use crate::components::paged::{MoreButton, Pages, use_pages};
use crate::components::status::{EmptyState, LoadError, TextSkeleton};
use crate::pages::admin::filters::Filters;
use dioxus::prelude::*;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;

/// One cell of a row: text, or a badge in a tone (`badge-danger`, `badge-success`…).
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    text: String,
    tone: Option<&'static str>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            tone: None,
        }
    }

    pub fn badge(text: impl Into<String>, tone: &'static str) -> Self {
        Self {
            text: text.into(),
            tone: Some(tone),
        }
    }
}

/// What an admin list shows of one of its records.
pub trait Record: Clone + PartialEq + DeserializeOwned + 'static {
    /// The list's path under `/api/v1/admin/`.
    const RESOURCE: &'static str;
    /// The table's headers; `cells` gives one cell for each, the first naming the record.
    const COLUMNS: &'static [&'static str];
    fn key(&self) -> String;
    fn cells(&self) -> Vec<Cell>;
    /// The drawer's heading.
    fn title(&self) -> String;
    /// The drawer's (label, value) lines.
    fn details(&self) -> Vec<(&'static str, String)>;
}

/// A list's pages and the record open in its drawer.
pub struct AdminList<T: 'static> {
    pub pages: Pages<T>,
    open: Signal<Option<String>>,
}

impl<T> Clone for AdminList<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for AdminList<T> {}

impl<T> PartialEq for AdminList<T> {
    fn eq(&self, other: &Self) -> bool {
        self.pages == other.pages && self.open == other.open
    }
}

/// The list of `T` these filters select, from its first page. The component calling it is
/// keyed by its filters, so other filters are another list.
pub fn use_admin_list<T: Record>(filters: Filters) -> AdminList<T> {
    let pages =
        use_pages(move |cursor| api::admin::list::<T>(T::RESOURCE, &filters.page_query(&cursor)));
    AdminList {
        pages,
        open: use_signal(|| None),
    }
}

impl<T: Record> AdminList<T> {
    /// Puts the server's new version of a record in its row (and its open drawer).
    pub fn replace(self, changed: T) {
        let key = changed.key();
        self.pages.update(|item| {
            if item.key() == key {
                *item = changed.clone();
            }
        });
    }

    /// Loads the list again (a record left it) and closes the drawer.
    pub fn reload(mut self) {
        self.open.set(None);
        self.pages.restart();
    }

    /// The table, "show more", and the drawer of the open record with its `actions`. Only
    /// the reading of `T` is generic; `ListView` draws, one copy for every list.
    pub fn render(self, actions: impl FnOnce(T) -> Element) -> Element {
        let (shown, opened) = match self.pages.items() {
            None => (Shown::Loading, None),
            Some(Err(e)) => (Shown::Failed(e.message()), None),
            Some(Ok(items)) => {
                let rows = items.iter().map(|i| (i.key(), i.cells())).collect();
                let open = (self.open)();
                let opened = open.and_then(|key| items.into_iter().find(|i| i.key() == key));
                (Shown::Rows(rows), opened)
            }
        };
        let pages = self.pages;
        rsx! {
            ListView {
                shown,
                columns: T::COLUMNS,
                open: self.open,
                more: pages.has_more().then(|| pages.loading_more()),
                on_more: move |_| pages.load_more(),
                drawer: opened.map(|record| Opened {
                    key: record.key(),
                    title: record.title(),
                    details: record.details(),
                    actions: actions(record),
                }),
            }
        }
    }
}

#[derive(Clone, PartialEq)]
enum Shown {
    Loading,
    Failed(String),
    /// (key, cells) of each record.
    Rows(Vec<(String, Vec<Cell>)>),
}

/// The record open in the drawer, read.
#[derive(Clone, PartialEq)]
struct Opened {
    key: String,
    title: String,
    details: Vec<(&'static str, String)>,
    actions: Element,
}

/// `more`: whether there are more pages, with whether one is loading.
#[component]
fn ListView(
    shown: Shown,
    columns: &'static [&'static str],
    open: Signal<Option<String>>,
    more: Option<bool>,
    on_more: EventHandler<()>,
    drawer: Option<Opened>,
) -> Element {
    let rows = match shown {
        Shown::Loading => return rsx! { TextSkeleton { lines: 6 } },
        Shown::Failed(message) => return rsx! { LoadError { message } },
        Shown::Rows(rows) if rows.is_empty() => {
            return rsx! { EmptyState { title: "Nothing matches these filters." } };
        }
        Shown::Rows(rows) => rows,
    };
    rsx! {
        Table { columns, rows, open: open(), on_open: move |key| open.set(Some(key)) }
        if let Some(busy) = more {
            MoreButton { busy, onclick: move |_| on_more.call(()) }
        }
        if let Some(record) = drawer {
            Drawer {
                key: "{record.key}",
                title: record.title,
                details: record.details,
                on_close: move |_| open.set(None),
                {record.actions}
            }
        }
    }
}

/// Not generic, so one copy in the wasm serves every list.
#[component]
fn Table(
    columns: &'static [&'static str],
    rows: Vec<(String, Vec<Cell>)>,
    open: Option<String>,
    on_open: EventHandler<String>,
) -> Element {
    rsx! {
        div { class: "table-wrap",
            table { class: "data-table admin-table",
                thead {
                    tr {
                        for column in columns.iter() {
                            th { key: "{column}", scope: "col", "{column}" }
                        }
                    }
                }
                tbody {
                    for (key, cells) in rows {
                        tr {
                            key: "{key}",
                            class: if open.as_deref() == Some(key.as_str()) { "row-open" },
                            "data-key": "{key}",
                            for (i, (cell, column)) in cells.into_iter().zip(columns.iter()).enumerate() {
                                td { key: "{i}", "data-label": "{column}",
                                    if i == 0 {
                                        // The row's name opens it: a button, so keyboards reach it.
                                        button {
                                            class: "link-button",
                                            r#type: "button",
                                            aria_expanded: open.as_deref() == Some(key.as_str()),
                                            aria_controls: "admin-drawer",
                                            onclick: {
                                                let key = key.clone();
                                                move |_| on_open.call(key.clone())
                                            },
                                            "{cell.text}"
                                        }
                                    } else if let Some(tone) = cell.tone {
                                        span { class: "badge {tone}", "{cell.text}" }
                                    } else {
                                        "{cell.text}"
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The open record beside the table (over it on a phone): its details and its actions.
/// Escape or the close button shuts it.
#[component]
fn Drawer(
    title: String,
    details: Vec<(&'static str, String)>,
    on_close: EventHandler<()>,
    children: Element,
) -> Element {
    use_document_listener("keydown", move |event| {
        if event
            .dyn_ref::<web_sys::KeyboardEvent>()
            .is_some_and(|k| k.key() == "Escape")
        {
            on_close.call(());
        }
    });
    rsx! {
        aside { id: "admin-drawer", class: "drawer", aria_labelledby: "drawer-title",
            div { class: "drawer-head",
                // Focus moves here on opening, so keyboard and screen reader users land on it.
                h2 {
                    id: "drawer-title",
                    tabindex: "-1",
                    onmounted: move |e: MountedEvent| async move {
                        let _ = e.data().set_focus(true).await;
                    },
                    "{title}"
                }
                button {
                    class: "button button-ghost drawer-close",
                    r#type: "button",
                    aria_label: "Close",
                    onclick: move |_| on_close.call(()),
                    "×"
                }
            }
            dl { class: "drawer-details",
                for (label, value) in details {
                    div { key: "{label}",
                        dt { "{label}" }
                        dd { "{value}" }
                    }
                }
            }
            div { class: "drawer-actions", {children} }
        }
    }
}
