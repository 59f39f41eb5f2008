//! One table, drawer and "show more" for every admin list: a screen says what its record's
//! row and details are (`Record`) and which actions its drawer offers; the rest is here.

use super::AdminScreen;
use super::filters::Filters;
use super::list::Controls;
use crate::api::{self, ApiError};
use crate::components::layout::use_document_listener;
use crate::components::paged::{MoreButton, Pages, use_pages};
use crate::components::status::{EmptyState, LoadError, TextSkeleton};
use bazaar_shared::catalog::Page;
use dioxus::prelude::*;
use futures_util::FutureExt;
use serde::de::DeserializeOwned;
use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
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
pub trait Record: Clone + DeserializeOwned + 'static {
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

/// A record as the table and the drawer show it, read once when its page comes, with the
/// record itself for the drawer's actions. Lists hold rows, not records, so the list
/// machinery is compiled once rather than once per kind of record.
#[derive(Clone)]
pub struct Row {
    key: String,
    cells: Vec<Cell>,
    title: String,
    details: Vec<(&'static str, String)>,
    record: Rc<dyn Any>,
}

impl PartialEq for Row {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.record, &other.record)
    }
}

impl Row {
    fn of<T: Record>(record: T) -> Self {
        Self {
            key: record.key(),
            cells: record.cells(),
            title: record.title(),
            details: record.details(),
            record: Rc::new(record),
        }
    }

    /// The record, when it is a `T` (a screen's rows always are its own kind).
    pub fn record<T: Record>(&self) -> Option<T> {
        self.record.downcast_ref::<T>().cloned()
    }
}

type RowsFuture = Pin<Box<dyn Future<Output = Result<Page<Row>, ApiError>>>>;

/// What a list screen is made of; each screen's module has one.
pub struct Screen {
    /// A page of rows for a query string (filters and cursor).
    pub fetch: fn(String) -> RowsFuture,
    pub columns: &'static [&'static str],
    pub controls: fn() -> Controls,
    /// The drawer's actions for the open row.
    pub actions: fn(&Row, AdminList) -> Element,
}

/// The `fetch` of a `Screen` listing `T`.
pub fn fetch_rows<T: Record>(query: String) -> RowsFuture {
    Box::pin(api::admin::list::<T>(T::RESOURCE, &query).map(|page| {
        page.map(|page| Page {
            items: page.items.into_iter().map(Row::of).collect(),
            next_cursor: page.next_cursor,
        })
    }))
}

/// A list's pages and the row open in its drawer.
#[derive(Clone, Copy, PartialEq)]
pub struct AdminList {
    pages: Pages<Row>,
    open: Signal<Option<String>>,
}

impl AdminList {
    /// Puts the server's new version of a record in its row (and its open drawer).
    pub fn replace<T: Record>(self, changed: T) {
        let row = Row::of(changed);
        self.pages.update(|item| {
            if item.key == row.key {
                *item = row.clone();
            }
        });
    }

    /// Loads the list again (a record left it) and closes the drawer.
    pub fn reload(mut self) {
        self.open.set(None);
        self.pages.restart();
    }
}

/// The table, "show more", and the drawer of the open row with the screen's actions, for
/// the rows these filters select from the first page on. Keyed by screen and filters: other
/// filters are another list.
#[component]
pub fn ListBody(screen: AdminScreen, filters: Filters) -> Element {
    let spec = screen.spec();
    let pages = use_pages(move |cursor| (spec.fetch)(filters.page_query(&cursor)));
    let mut open = use_signal(|| None::<String>);
    let list = AdminList { pages, open };
    let rows = match pages.items() {
        None => return rsx! { TextSkeleton { lines: 6 } },
        Some(Err(e)) => return rsx! { LoadError { message: e.message() } },
        Some(Ok(rows)) if rows.is_empty() => {
            return rsx! { EmptyState { title: "Nothing matches these filters." } };
        }
        Some(Ok(rows)) => rows,
    };
    let opened = open().and_then(|key| rows.iter().find(|r| r.key == key).cloned());
    let cells: Vec<(String, Vec<Cell>)> = rows.into_iter().map(|r| (r.key, r.cells)).collect();
    rsx! {
        Table { columns: spec.columns, rows: cells, open: open(), on_open: move |key| open.set(Some(key)) }
        if pages.has_more() {
            MoreButton { busy: pages.loading_more(), onclick: move |_| pages.load_more() }
        }
        if let Some(row) = opened {
            Drawer {
                key: "{row.key}",
                title: row.title.clone(),
                details: row.details.clone(),
                on_close: move |_| {
                    // Back to the row's button that opened it, so keyboard users keep their place.
                    if let Some(key) = open.take() {
                        crate::browser::focus(&format!("tr[data-key='{key}'] .link-button"));
                    }
                },
                {(spec.actions)(&row, list)}
            }
        }
    }
}

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
/// Escape or the close button shuts it, and focus goes back to the row that opened it.
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
