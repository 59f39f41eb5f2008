//! An admin list's search, filters and sort as its URL keeps them: the API's own names and
//! values (`q`, `role`, `status`, `sort`, `shop_id`…), so the screen hands them to the server
//! as they are and a filtered list is one link to share. One type serves every list; the
//! server checks the values and says which one it did not accept.

use bazaar_shared::listing::{decode, encode};
use std::fmt;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters(Vec<(String, String)>);

impl Filters {
    /// Filters from (name, value) pairs; empty values are left out.
    pub fn of(pairs: &[(&str, &str)]) -> Self {
        pairs
            .iter()
            .fold(Self::default(), |filters, (name, value)| {
                filters.with(name, value)
            })
    }

    /// The value of `name`, empty when it is not set.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The same filters with `name` set to `value`, or left out when `value` is blank.
    pub fn with(&self, name: &str, value: &str) -> Self {
        let mut pairs: Vec<(String, String)> =
            self.0.iter().filter(|(n, _)| n != name).cloned().collect();
        let value = value.trim();
        if !value.is_empty() {
            // In name order whatever the order of the clicks: the same list is the same URL.
            let at = pairs.partition_point(|(n, _)| n.as_str() < name);
            pairs.insert(at, (name.to_owned(), value.to_owned()));
        }
        Self(pairs)
    }

    /// The names of the filters that are set.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(name, _)| name.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The API's query string for the page after `cursor` (the first with an empty one).
    pub fn page_query(&self, cursor: &str) -> String {
        let query = self.with("cursor", cursor).to_string();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }
}

/// The query string, without its `?`, values percent-encoded.
impl fmt::Display for Filters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, value)) in self.0.iter().enumerate() {
            let separator = if i == 0 { "" } else { "&" };
            write!(f, "{separator}{name}={}", encode(value))?;
        }
        Ok(())
    }
}

/// Reads a query string; it never fails. A page's cursor belongs to the list on screen, not
/// to its link, so `cursor` and `limit` are left out.
impl From<&str> for Filters {
    fn from(query: &str) -> Self {
        query
            .trim_start_matches('?')
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .filter(|(name, _)| !matches!(*name, "cursor" | "limit" | ""))
            .fold(Self::default(), |filters, (name, value)| {
                filters.with(&decode(name), &decode(value))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_read_back_from_the_query_string_they_write() {
        let filters = Filters::of(&[("q", "ann & co"), ("role", "seller"), ("status", "")]);
        assert_eq!(filters.to_string(), "q=ann%20%26%20co&role=seller");
        assert_eq!(Filters::from(filters.to_string().as_str()), filters);
        assert_eq!(filters.get("q"), "ann & co");
        assert_eq!(filters.get("status"), "");
    }

    #[test]
    fn the_same_filters_are_the_same_url_whatever_the_order_they_were_set_in() {
        let a = Filters::default()
            .with("status", "pending")
            .with("sort", "oldest");
        let b = Filters::default()
            .with("sort", "oldest")
            .with("status", "pending");
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "sort=oldest&status=pending");
    }

    #[test]
    fn a_blank_value_clears_its_filter() {
        let filters = Filters::of(&[("q", "lamp"), ("hidden", "true")]);
        assert_eq!(filters.with("q", "  ").to_string(), "hidden=true");
        assert!(filters.with("q", "").with("hidden", "").is_empty());
    }

    #[test]
    fn a_hand_typed_link_reads_without_failing_and_drops_page_positions() {
        let filters = Filters::from("?q=desk+lamp&cursor=abc&limit=5&junk&=x&role=%zz");
        assert_eq!(filters.get("q"), "desk lamp");
        assert_eq!(filters.get("role"), "%zz");
        assert_eq!(filters.get("cursor"), "");
        assert_eq!(filters.to_string(), "q=desk%20lamp&role=%25zz");
    }

    #[test]
    fn the_api_query_adds_the_cursor_of_the_page_asked_for() {
        let filters = Filters::of(&[("status", "pending")]);
        assert_eq!(filters.page_query(""), "?status=pending");
        assert_eq!(filters.page_query("eyJ9"), "?cursor=eyJ9&status=pending");
        assert_eq!(Filters::default().page_query(""), "");
    }
}
