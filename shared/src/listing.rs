//! The product listing's query: what `GET /products` reads, and what the products page keeps
//! in its URL, with the same names and values, so a filtered list is one link to share.

use crate::ShopId;
use crate::catalog::ProductSort;
use serde::Deserialize;
use std::fmt;

/// Search, filters, sort and page of the product listing. Every field is optional; the
/// server checks the values (`backend/src/http/products.rs`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ProductQuery {
    /// Words to search for in names, tags and descriptions.
    pub q: Option<String>,
    pub category: Option<String>,
    pub shop_id: Option<ShopId>,
    /// Minor units; compared with the effective (sale) price.
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    /// 0 to 5, in steps of 0.1.
    pub min_rating: Option<f64>,
    pub in_stock: Option<bool>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<ProductSort>,
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

impl ProductQuery {
    /// The search words, or nothing when only spaces were typed.
    pub fn search(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }

    /// The same query from the page after the one `cursor` names.
    pub fn after(&self, cursor: &str) -> Self {
        Self {
            cursor: Some(cursor.to_owned()).filter(|c| !c.is_empty()),
            ..self.clone()
        }
    }
}

/// The query string, without its `?`: only the fields that are set, values percent-encoded.
impl fmt::Display for ProductQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs = [
            ("q", self.q.clone()),
            ("category", self.category.clone()),
            ("shop_id", self.shop_id.map(|id| id.to_string())),
            ("min_price", self.min_price.map(|p| p.to_string())),
            ("max_price", self.max_price.map(|p| p.to_string())),
            ("min_rating", self.min_rating.map(write_stars)),
            ("in_stock", self.in_stock.map(|s| s.to_string())),
            ("sort", self.sort.map(|s| s.as_str().to_owned())),
            ("limit", self.limit.map(|l| l.to_string())),
            ("cursor", self.cursor.clone()),
        ];
        let mut separator = "";
        for (name, value) in pairs {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                write!(f, "{separator}{name}={}", encode(&value))?;
                separator = "&";
            }
        }
        Ok(())
    }
}

/// Reads a query string as written above. It never fails: a link typed by hand may hold
/// anything, and a value that does not read is left out like an unknown name.
impl From<&str> for ProductQuery {
    fn from(query: &str) -> Self {
        let mut read = Self::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value);
            if value.is_empty() {
                continue;
            }
            match name {
                "q" => read.q = Some(value),
                "category" => read.category = Some(value),
                "shop_id" => read.shop_id = value.parse().ok(),
                "min_price" => read.min_price = value.parse().ok(),
                "max_price" => read.max_price = value.parse().ok(),
                "min_rating" => read.min_rating = read_stars(&value),
                "in_stock" => read.in_stock = value.parse().ok(),
                "sort" => read.sort = value.parse().ok(),
                "limit" => read.limit = value.parse().ok(),
                "cursor" => read.cursor = Some(value),
                _ => {}
            }
        }
        read
    }
}

/// A rating to a tenth of a star, as the server compares it: `4`, `3.5`. Integers only, so
/// the UI's wasm carries no float printing or parsing for it.
fn write_stars(stars: f64) -> String {
    let tenths = (stars * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
    if tenth == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{tenth}")
    }
}

/// `4` or `3.5` as written above; anything else (a sign, hundredths) does not read.
fn read_stars(text: &str) -> Option<f64> {
    let (whole, tenth) = text.split_once('.').unwrap_or((text, "0"));
    if tenth.len() != 1
        || !whole
            .bytes()
            .chain(tenth.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let tenths = whole.parse::<u32>().ok()?.checked_mul(10)? + tenth.parse::<u32>().ok()?;
    Some(f64::from(tenths) / 10.0)
}

/// Every byte but the unreserved ones (RFC 3986) as `%XX`. (The admin screens' query
/// strings use it too.)
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `%XX` escapes and `+` for a space, as forms and browsers write them; a stray `%` stays.
pub fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .filter(|_| bytes[i] == b'%')
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (escaped, bytes[i]) {
            (Some(byte), _) => {
                out.push(byte);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, byte) => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn everything() -> ProductQuery {
        ProductQuery {
            q: Some("desk lamp".into()),
            category: Some("home".into()),
            shop_id: Some("0190f5a0-0000-7000-8000-000000000001".parse().unwrap()),
            min_price: Some(1_250),
            max_price: Some(9_900),
            min_rating: Some(3.5),
            in_stock: Some(true),
            sort: Some(ProductSort::PriceAsc),
            limit: Some(48),
            cursor: Some("eyJrIjoxfQ".into()),
        }
    }

    #[test]
    fn the_query_string_uses_the_api_names_and_leaves_out_what_is_unset() {
        assert_eq!(
            everything().to_string(),
            "q=desk%20lamp&category=home&shop_id=0190f5a0-0000-7000-8000-000000000001\
             &min_price=1250&max_price=9900&min_rating=3.5&in_stock=true&sort=price_asc\
             &limit=48&cursor=eyJrIjoxfQ"
        );
        assert_eq!(ProductQuery::default().to_string(), "");
        let in_stock = ProductQuery {
            in_stock: Some(true),
            q: Some(String::new()),
            ..Default::default()
        };
        assert_eq!(in_stock.to_string(), "in_stock=true");
    }

    #[test]
    fn a_query_reads_back_from_its_string() {
        assert_eq!(
            ProductQuery::from(everything().to_string().as_str()),
            everything()
        );
        let awkward = ProductQuery {
            q: Some("50% off & more = “deals” + ünïcode".into()),
            ..Default::default()
        };
        assert_eq!(ProductQuery::from(awkward.to_string().as_str()), awkward);
    }

    #[test]
    fn values_that_do_not_read_are_left_out() {
        let read =
            ProductQuery::from("?q=lamp+shade&min_price=cheap&sort=random&colour=red&in_stock");
        assert_eq!(
            read,
            ProductQuery {
                q: Some("lamp shade".into()),
                ..Default::default()
            }
        );
        assert_eq!(ProductQuery::from("q=100%").q.as_deref(), Some("100%"));
    }

    #[test]
    fn ratings_are_written_and_read_to_a_tenth_of_a_star() {
        let written = |stars| {
            ProductQuery {
                min_rating: Some(stars),
                ..Default::default()
            }
            .to_string()
        };
        assert_eq!(written(4.0), "min_rating=4");
        assert_eq!(written(3.5), "min_rating=3.5");
        assert_eq!(written(3.25), "min_rating=3.3");
        assert_eq!(written(0.0), "min_rating=0");
        assert_eq!(written(-0.5), "min_rating=-0.5");
        let read = |text: &str| ProductQuery::from(text).min_rating;
        assert_eq!(read("min_rating=4"), Some(4.0));
        assert_eq!(read("min_rating=4.5"), Some(4.5));
        assert_eq!(read("min_rating=0.1"), Some(0.1));
        for text in [
            "min_rating=4.25",
            "min_rating=-1",
            "min_rating=.5",
            "min_rating=4.",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }

    #[test]
    fn blank_search_words_are_no_search() {
        let blank = ProductQuery {
            q: Some("   ".into()),
            ..Default::default()
        };
        assert_eq!(blank.search(), None);
        assert_eq!(everything().search(), Some("desk lamp"));
    }

    #[test]
    fn the_next_page_keeps_the_filters() {
        let next = everything().after("abc");
        assert_eq!(next.cursor.as_deref(), Some("abc"));
        assert_eq!(next.after("").cursor, None);
        assert_eq!(next.category, everything().category);
    }
}
