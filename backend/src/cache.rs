//! A micro-cache of public pages (the listing's JSON, the public pages' HTML, the sitemap),
//! keyed by path and query: the catalog is read far more than it changes.
//!
//! Any successful write handled by this instance that can change a listing empties it at
//! once (so a seller sees their change on the next request); a short time-to-live bounds how long a change made through
//! another instance, or by the clock (a sale starting), takes to show.

use bytes::Bytes;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::future::Future;
use std::time::{Duration, Instant};

/// Writes that never change what a listing shows; chat above all, which writes often.
const WRITES_OUTSIDE_LISTINGS: &[&str] = &[
    "/api/v1/conversations",
    "/api/v1/me/cart",
    "/api/v1/me/wishlist",
    "/api/v1/checkout/quote",
    "/api/v1/me/shop/withdrawals",
    "/api/v1/admin/withdrawals",
];

/// Whether a write to `path` may change a listing page, and so must empty the cache.
pub fn write_can_change_listings(path: &str) -> bool {
    !WRITES_OUTSIDE_LISTINGS
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

/// Past this many pages the cache starts over rather than grow without bound.
const MAX_ENTRIES: usize = 2_000;

pub struct ListingCache {
    ttl: Duration,
    pages: Mutex<HashMap<String, (Instant, Bytes)>>,
}

impl ListingCache {
    /// A zero `ttl` turns caching off.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            pages: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &str) -> Option<Bytes> {
        if self.ttl.is_zero() {
            return None;
        }
        let pages = self.pages.lock();
        let (stored, body) = pages.get(key)?;
        (stored.elapsed() < self.ttl).then(|| body.clone())
    }

    pub fn put(&self, key: String, body: Bytes) {
        if self.ttl.is_zero() {
            return;
        }
        let mut pages = self.pages.lock();
        if pages.len() >= MAX_ENTRIES {
            pages.clear();
        }
        pages.insert(key, (Instant::now(), body));
    }

    /// The page at `key`, made by `make` and kept when it is not cached.
    pub async fn get_or_make<E>(
        &self,
        key: &str,
        make: impl Future<Output = Result<Bytes, E>>,
    ) -> Result<Bytes, E> {
        if let Some(body) = self.get(key) {
            return Ok(body);
        }
        let body = make.await?;
        self.put(key.to_owned(), body.clone());
        Ok(body)
    }

    /// Forgets every page: called after each successful write.
    pub fn invalidate(&self) {
        self.pages.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_cart_and_wishlist_writes_keep_the_cache() {
        assert!(!write_can_change_listings(
            "/api/v1/conversations/1/messages"
        ));
        assert!(!write_can_change_listings("/api/v1/me/cart/items/1"));
        assert!(write_can_change_listings("/api/v1/products/1"));
        assert!(write_can_change_listings("/api/v1/me/shop"));
    }

    #[test]
    fn an_admins_ban_hide_or_review_removal_empties_the_cache() {
        for path in [
            "/api/v1/admin/users/1",
            "/api/v1/admin/products/1",
            "/api/v1/admin/events/1",
            "/api/v1/admin/reviews/1",
            "/api/v1/admin/orders/1/status",
        ] {
            assert!(write_can_change_listings(path), "{path}");
        }
        assert!(!write_can_change_listings("/api/v1/admin/withdrawals/1"));
    }

    #[test]
    fn pages_live_until_their_ttl_or_the_next_write() {
        let cache = ListingCache::new(Duration::from_secs(60));
        cache.put("a".into(), Bytes::from_static(b"page"));
        assert_eq!(cache.get("a").as_deref(), Some(&b"page"[..]));
        cache.invalidate();
        assert_eq!(cache.get("a"), None);
        let expired = ListingCache::new(Duration::from_nanos(1));
        expired.put("a".into(), Bytes::from_static(b"page"));
        std::thread::sleep(Duration::from_millis(1));
        assert_eq!(expired.get("a"), None);
        let off = ListingCache::new(Duration::ZERO);
        off.put("a".into(), Bytes::from_static(b"page"));
        assert_eq!(off.get("a"), None);
    }

    #[test]
    fn a_panic_while_the_cache_is_locked_leaves_it_working() {
        let cache = std::sync::Arc::new(ListingCache::new(Duration::from_secs(60)));
        cache.put("page".into(), Bytes::from_static(b"old"));
        let held = cache.clone();
        let crashed = std::thread::spawn(move || {
            let _pages = held.pages.lock();
            panic!("a request failed while holding the cache");
        })
        .join();
        assert!(crashed.is_err());
        cache.invalidate();
        assert_eq!(
            cache.get("page"),
            None,
            "a write after the panic still empties it"
        );
        cache.put("page".into(), Bytes::from_static(b"new"));
        assert_eq!(cache.get("page"), Some(Bytes::from_static(b"new")));
    }
}
