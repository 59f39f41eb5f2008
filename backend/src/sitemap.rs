//! `/sitemap.xml` and `/robots.txt`: how search engines find every public page.
//!
//! `/sitemap.xml` is an index of pages of at most [`PAGE_SIZE`] addresses: the fixed pages
//! (home, the listing and each category, the events), then the shops and the listed products
//! in id order. A page's `lastmod` is when its record last changed.

use crate::AppState;
use crate::db::{self, sitemap};
use crate::error::{ApiError, ApiResult};
use crate::html::escape;
use bazaar_shared::catalog::CATEGORIES;

/// Addresses per sitemap page (the protocol allows 50,000; smaller pages are cheaper queries).
pub const PAGE_SIZE: i64 = 10_000;

/// What a sitemap page lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Pages,
    Shops(i64),
    Products(i64),
}

impl Part {
    /// `pages`, `shops-3`, `products-1`: as in `/sitemaps/{name}.xml`.
    pub fn parse(name: &str) -> Option<Self> {
        if name == "pages" {
            return Some(Self::Pages);
        }
        let (kind, page) = name.split_once('-')?;
        let page: i64 = page.parse().ok().filter(|p| *p >= 1)?;
        match kind {
            "shops" => Some(Self::Shops(page)),
            "products" => Some(Self::Products(page)),
            _ => None,
        }
    }
}

pub fn robots_txt(base: &str) -> String {
    // The API stays open: a crawler that runs the app reads its data there.
    let private = [
        "/cart",
        "/checkout",
        "/orders",
        "/wishlist",
        "/profile",
        "/inbox",
        "/shop/",
        "/admin",
    ];
    let mut text = String::from("User-agent: *\n");
    for path in private {
        text.push_str(&format!("Disallow: {path}\n"));
    }
    text.push_str(&format!("\nSitemap: {base}/sitemap.xml\n"));
    text
}

/// The index: one entry per page of each part.
pub async fn index(state: &AppState) -> ApiResult<String> {
    let base = &state.config.public_url;
    let mut conn = state.db.pool.acquire().await?;
    let shops = page_count(sitemap::count_shops(&mut conn).await?);
    let products = page_count(sitemap::count_products(&mut conn).await?);
    let mut locs = vec![format!("{base}/sitemaps/pages.xml")];
    locs.extend((1..=shops).map(|n| format!("{base}/sitemaps/shops-{n}.xml")));
    locs.extend((1..=products).map(|n| format!("{base}/sitemaps/products-{n}.xml")));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for loc in locs {
        xml.push_str(&format!("<sitemap><loc>{}</loc></sitemap>\n", escape(&loc)));
    }
    xml.push_str("</sitemapindex>\n");
    Ok(xml)
}

/// One page of the sitemap; a page past the last is not found.
pub async fn part(state: &AppState, part: Part) -> ApiResult<String> {
    let base = &state.config.public_url;
    let entries: Vec<(String, Option<i64>)> = match part {
        Part::Pages => {
            let mut pages = vec![
                format!("{base}/"),
                format!("{base}/products"),
                format!("{base}/events"),
            ];
            pages.extend(
                CATEGORIES
                    .iter()
                    .map(|(slug, _)| format!("{base}/products?category={slug}")),
            );
            pages.into_iter().map(|loc| (loc, None)).collect()
        }
        Part::Shops(page) | Part::Products(page) => {
            let offset = (page - 1).saturating_mul(PAGE_SIZE);
            let mut conn = state.db.pool.acquire().await?;
            let (path, rows) = if let Part::Shops(_) = part {
                ("shops", sitemap::shops(&mut conn, offset, PAGE_SIZE).await?)
            } else {
                (
                    "products",
                    sitemap::products(&mut conn, offset, PAGE_SIZE).await?,
                )
            };
            if rows.is_empty() {
                return Err(ApiError::NotFound("sitemap page"));
            }
            rows.into_iter()
                .map(|(id, changed)| (format!("{base}/{path}/{id}"), Some(changed)))
                .collect()
        }
    };
    Ok(urlset(&entries))
}

fn page_count(total: i64) -> i64 {
    (total + PAGE_SIZE - 1) / PAGE_SIZE
}

fn urlset(entries: &[(String, Option<i64>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, changed) in entries {
        xml.push_str(&format!("<url><loc>{}</loc>", escape(loc)));
        if let Some(micros) = changed {
            xml.push_str(&format!(
                "<lastmod>{}</lastmod>",
                db::from_micros(*micros).date()
            ));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_names_are_read_strictly() {
        assert_eq!(Part::parse("pages"), Some(Part::Pages));
        assert_eq!(Part::parse("shops-2"), Some(Part::Shops(2)));
        assert_eq!(Part::parse("products-1"), Some(Part::Products(1)));
        for bad in [
            "products-0",
            "products--1",
            "products-x",
            "users-1",
            "products",
            "",
        ] {
            assert_eq!(Part::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn pages_are_counted_up() {
        assert_eq!(page_count(0), 0);
        assert_eq!(page_count(1), 1);
        assert_eq!(page_count(PAGE_SIZE), 1);
        assert_eq!(page_count(PAGE_SIZE + 1), 2);
    }

    #[test]
    fn entries_are_escaped_and_dated() {
        let xml = urlset(&[(
            "https://x.example/products?category=a&b".to_owned(),
            Some(db::micros(time::macros::datetime!(2026-11-29 10:00 UTC))),
        )]);
        assert!(xml.contains(
            "<url><loc>https://x.example/products?category=a&amp;b</loc><lastmod>2026-11-29</lastmod></url>"
        ), "{xml}");
    }
}
