//! Lists the API serves a page at a time (`{items, next_cursor}`): the first page loads with
//! the component, "Show more" appends the next. One shell for every such list.

use crate::action::{Action, use_action};
use crate::api::ApiError;
use crate::components::status::{Load, use_load};
use bazaar_shared::catalog::Page;
use dioxus::prelude::*;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, ApiError>>>>;
type Fetch<T> = Rc<RefCell<Box<dyn FnMut(String) -> PageFuture<T>>>>;

/// The pages after the first, for the first page they follow.
struct More<T> {
    generation: u64,
    items: Vec<T>,
    /// `None` until a further page came: the first page's cursor holds until then.
    next_cursor: Option<Option<String>>,
}

pub struct Pages<T: 'static> {
    first: Load<Result<Page<T>, ApiError>>,
    more: Signal<More<T>>,
    loading: Action,
    fetch: CopyValue<Fetch<T>>,
}

impl<T> Clone for Pages<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Pages<T> {}

impl<T> PartialEq for Pages<T> {
    fn eq(&self, other: &Self) -> bool {
        self.first == other.first && self.more == other.more
    }
}

/// `fetch(cursor)` loads one page (the first with an empty cursor). Signals it reads while
/// called reload the list from its first page when they change.
pub fn use_pages<T: Clone + 'static, F: Future<Output = Result<Page<T>, ApiError>> + 'static>(
    mut fetch: impl FnMut(String) -> F + 'static,
) -> Pages<T> {
    let fetch: CopyValue<Fetch<T>> = use_hook(|| {
        let boxed: Box<dyn FnMut(String) -> PageFuture<T>> =
            Box::new(move |cursor| Box::pin(fetch(cursor)));
        CopyValue::new(Rc::new(RefCell::new(boxed)))
    });
    let mut more = use_signal(|| More {
        generation: 0,
        items: Vec::new(),
        next_cursor: None,
    });
    let loading = use_action();
    let first = use_load(move || {
        // A new first page drops what was appended to the old one, and any page on its way.
        let stale = {
            let more = more.peek();
            !more.items.is_empty() || more.next_cursor.is_some() || !loading.is_idle()
        };
        if stale {
            let generation = more.peek().generation + 1;
            more.set(More {
                generation,
                items: Vec::new(),
                next_cursor: None,
            });
        }
        let fetch = fetch.peek().clone();
        (fetch.borrow_mut())(String::new())
    });
    Pages {
        first,
        more,
        loading,
        fetch,
    }
}

impl<T: Clone + 'static> Pages<T> {
    /// Every item loaded so far; `None` while the first page loads.
    pub fn items(&self) -> Option<Result<Vec<T>, ApiError>> {
        let first = self.first.read();
        Some(match first.as_ref()? {
            Ok(page) => {
                let mut items = page.items.clone();
                items.extend(self.more.read().items.iter().cloned());
                Ok(items)
            }
            Err(e) => Err(e.clone()),
        })
    }

    fn next_cursor(&self) -> Option<String> {
        match &self.more.read().next_cursor {
            Some(next) => next.clone(),
            None => match &*self.first.read() {
                Some(Ok(page)) => page.next_cursor.clone(),
                _ => None,
            },
        }
    }

    pub fn has_more(&self) -> bool {
        self.next_cursor().is_some()
    }

    pub fn loading_more(&self) -> bool {
        self.loading.is_busy()
    }

    pub fn load_more(mut self) {
        let Some(cursor) = self.next_cursor() else {
            return;
        };
        if !self.loading.is_idle() {
            return;
        }
        let generation = self.more.peek().generation;
        let fetch = self.fetch.peek().clone();
        let page = (fetch.borrow_mut())(cursor);
        self.loading.run(page, move |page| {
            // An answer for a list that has been reloaded meanwhile is dropped.
            if self.more.peek().generation == generation {
                let mut more = self.more.write();
                more.items.extend(page.items);
                more.next_cursor = Some(page.next_cursor);
            }
        });
    }

    /// Loads the list again from its first page.
    pub fn restart(mut self) {
        self.first.restart();
    }

    /// Changes the loaded items in place, e.g. with an update the server pushed.
    pub fn update(mut self, mut change: impl FnMut(&mut T)) {
        if let Some(Ok(page)) = &mut *self.first.write() {
            page.items.iter_mut().for_each(&mut change);
        }
        self.more.write().items.iter_mut().for_each(change);
    }
}

/// The "Show more" button under a paged list.
#[component]
pub fn MoreButton(busy: bool, onclick: EventHandler<()>) -> Element {
    rsx! {
        div { class: "load-more",
            button {
                class: "button button-secondary",
                r#type: "button",
                disabled: busy,
                aria_busy: busy,
                onclick: move |_| onclick.call(()),
                if busy { "Loading…" } else { "Show more" }
            }
        }
    }
}
