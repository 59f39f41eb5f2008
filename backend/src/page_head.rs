//! What a public page tells search engines and link previews before any script runs: its
//! title and description, canonical address, Open Graph and Twitter card tags, and schema.org
//! structured data (JSON-LD), built from the records the API serves for that page.
//!
//! The web app's `index.html` marks the part of its head that is the page's own
//! (`<!--page-head-->` … `<!--/page-head-->`, written by `cargo xtask web`); [`Head::into_shell`]
//! puts a page's head there.

use crate::html::escape;
use bazaar_shared::catalog::{CATEGORIES, Product, Rating};
use bazaar_shared::image::Image;
use bazaar_shared::listing::ProductQuery;
use bazaar_shared::money::Money;
use bazaar_shared::shop::PublicShop;
use serde_json::{Value, json};

pub const SITE_NAME: &str = "Bazaar";
const HOME_DESCRIPTION: &str = "Independent shops, one checkout: browse products and flash \
     sales from many sellers, pay by card, PayPal or cash on delivery, and chat with the shop.";
/// Search engines show about this many characters of a description.
const DESCRIPTION_CHARS: usize = 160;
pub const HEAD_START: &str = "<!--page-head-->";
pub const HEAD_END: &str = "<!--/page-head-->";

#[derive(Debug)]
pub struct Head {
    pub title: String,
    pub description: String,
    /// Absolute. `None` for a page that is not there.
    pub canonical: Option<String>,
    /// Open Graph's `og:type`.
    pub kind: &'static str,
    pub image: Option<Image>,
    pub price: Option<Money>,
    /// schema.org objects, each written as its own JSON-LD script.
    pub structured: Vec<Value>,
}

/// The marketplace's front page. `base` is the public URL, without a trailing slash.
pub fn home(base: &str) -> Head {
    Head {
        title: format!("{SITE_NAME}: independent shops, one checkout"),
        description: HOME_DESCRIPTION.to_owned(),
        canonical: Some(format!("{base}/")),
        kind: "website",
        image: None,
        price: None,
        structured: vec![json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": SITE_NAME,
            "url": format!("{base}/"),
            "potentialAction": {
                "@type": "SearchAction",
                "target": format!("{base}/products?q={{search_term_string}}"),
                "query-input": "required name=search_term_string",
            },
        })],
    }
}

/// The product listing, titled after what it shows: a search, a category or everything.
/// `query_string` is the page's own, without `?`.
pub fn listing(base: &str, query: &ProductQuery, query_string: &str) -> Head {
    let category = query
        .category
        .as_deref()
        .and_then(|slug| CATEGORIES.iter().find(|(s, _)| *s == slug))
        .map(|(_, name)| *name);
    let (title, description) = match (query.search(), category) {
        (Some(words), _) => (
            format!("“{words}” · {SITE_NAME}"),
            format!("Products matching “{words}” from independent shops on {SITE_NAME}."),
        ),
        (None, Some(name)) => (
            format!("{name} · {SITE_NAME}"),
            format!(
                "{name} from independent shops on {SITE_NAME}: compare prices, ratings and sales."
            ),
        ),
        (None, None) => (
            format!("All products · {SITE_NAME}"),
            format!("Every product of every shop on {SITE_NAME}, with search, filters and sorts."),
        ),
    };
    let path = if query_string.is_empty() {
        format!("{base}/products")
    } else {
        format!("{base}/products?{query_string}")
    };
    Head {
        title,
        description,
        canonical: Some(path),
        kind: "website",
        image: None,
        price: None,
        structured: Vec::new(),
    }
}

pub fn events(base: &str) -> Head {
    Head {
        title: format!("Sales and events · {SITE_NAME}"),
        description: format!(
            "Flash sales running now and coming soon on {SITE_NAME}: limited-time prices from independent shops."
        ),
        canonical: Some(format!("{base}/events")),
        kind: "website",
        image: None,
        price: None,
        structured: Vec::new(),
    }
}

/// A product page: its picture and price in the preview, and a schema.org `Product` with its
/// `Offer` (and `AggregateRating` once reviewed) and the breadcrumb to it.
pub fn product(base: &str, product: &Product) -> Head {
    let card = &product.card;
    let url = format!("{base}/products/{}", card.id);
    let shop_url = format!("{base}/shops/{}", card.shop.id);
    let availability = if card.in_stock {
        "https://schema.org/InStock"
    } else {
        "https://schema.org/OutOfStock"
    };
    let mut offer = json!({
        "@type": "Offer",
        "url": url,
        "price": card.effective_price.decimal(),
        "priceCurrency": card.effective_price.currency,
        "availability": availability,
        "itemCondition": "https://schema.org/NewCondition",
        "seller": { "@type": "Organization", "name": card.shop.name, "url": shop_url },
    });
    if let Some(sale) = &card.sale {
        offer["priceValidUntil"] = json!(sale.ends_at.date().to_string());
    }
    let mut item = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": card.name,
        "description": product.description,
        "sku": card.id.to_string(),
        "url": url,
        "image": product.images.iter().map(|i| i.url.as_str()).collect::<Vec<_>>(),
        "brand": { "@type": "Brand", "name": card.shop.name },
        "offers": offer,
    });
    if let Some(rating) = aggregate_rating(&card.rating) {
        item["aggregateRating"] = rating;
    }
    let category = CATEGORIES
        .iter()
        .find(|(slug, _)| *slug == product.category);
    let mut crumbs = vec![(SITE_NAME.to_owned(), format!("{base}/"))];
    if let Some((slug, name)) = category {
        crumbs.push((
            (*name).to_owned(),
            format!("{base}/products?category={slug}"),
        ));
    }
    crumbs.push((card.name.clone(), url.clone()));
    Head {
        title: format!("{} · {} · {SITE_NAME}", card.name, card.shop.name),
        description: summary(&format!(
            "{} from {}. {}",
            card.effective_price, card.shop.name, product.description
        )),
        canonical: Some(url),
        kind: "product",
        image: product.images.first().cloned(),
        price: Some(card.effective_price.clone()),
        structured: vec![item, breadcrumbs(&crumbs)],
    }
}

/// A shop's page, described as a schema.org `Organization`.
pub fn shop(base: &str, shop: &PublicShop) -> Head {
    let url = format!("{base}/shops/{}", shop.id);
    let mut organization = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": shop.name,
        "description": shop.description,
        "url": url,
        "address": shop.address,
        "telephone": shop.phone,
    });
    if let Some(avatar) = &shop.avatar {
        organization["logo"] = json!(avatar.url);
    }
    if let Some(rating) = aggregate_rating(&shop.rating) {
        organization["aggregateRating"] = rating;
    }
    Head {
        title: format!("{} · {SITE_NAME}", shop.name),
        description: summary(&format!(
            "{} on {SITE_NAME}: {} products. {}",
            shop.name, shop.product_count, shop.description
        )),
        canonical: Some(url),
        kind: "profile",
        image: shop.avatar.clone(),
        price: None,
        structured: vec![organization],
    }
}

/// A public address with nothing there (a removed product, a mistyped id).
pub fn not_found() -> Head {
    Head {
        title: format!("Not found · {SITE_NAME}"),
        description: "This page does not exist, or no longer does.".to_owned(),
        canonical: None,
        kind: "website",
        image: None,
        price: None,
        structured: Vec::new(),
    }
}

fn aggregate_rating(rating: &Rating) -> Option<Value> {
    (rating.count > 0).then(|| {
        json!({
            "@type": "AggregateRating",
            "ratingValue": rating.average,
            "reviewCount": rating.count,
            "bestRating": 5,
            "worstRating": 1,
        })
    })
}

fn breadcrumbs(crumbs: &[(String, String)]) -> Value {
    let items: Vec<Value> = crumbs
        .iter()
        .enumerate()
        .map(|(i, (name, url))| {
            json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    })
}

/// `text` on one line, cut at a word to what a search result shows.
fn summary(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for word in words {
        if out.chars().count() + 1 + word.chars().count() > DESCRIPTION_CHARS - 1 {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

impl Head {
    /// The tags, in the order a reader of the source expects them.
    pub fn to_html(&self) -> String {
        let mut tags = vec![
            format!("<title>{}</title>", escape(&self.title)),
            meta_name("description", &self.description),
        ];
        match &self.canonical {
            Some(url) => {
                tags.push(format!(r#"<link rel="canonical" href="{}">"#, escape(url)));
                tags.push(meta_property("og:url", url));
            }
            None => tags.push(meta_name("robots", "noindex")),
        }
        tags.push(meta_property("og:site_name", SITE_NAME));
        tags.push(meta_property("og:type", self.kind));
        tags.push(meta_property("og:title", &self.title));
        tags.push(meta_property("og:description", &self.description));
        let card = if self.image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        };
        tags.push(meta_name("twitter:card", card));
        tags.push(meta_name("twitter:title", &self.title));
        tags.push(meta_name("twitter:description", &self.description));
        if let Some(image) = &self.image {
            if self.kind == "product" {
                // The page's largest picture: fetched beside the app rather than after it.
                tags.push(format!(
                    r#"<link rel="preload" as="image" href="{}" fetchpriority="high">"#,
                    escape(&image.url)
                ));
            }
            tags.push(meta_property("og:image", &image.url));
            tags.push(meta_property("og:image:width", &image.width.to_string()));
            tags.push(meta_property("og:image:height", &image.height.to_string()));
            tags.push(meta_name("twitter:image", &image.url));
        }
        if let Some(price) = &self.price {
            tags.push(meta_property("product:price:amount", &price.decimal()));
            tags.push(meta_property("product:price:currency", &price.currency));
        }
        for item in &self.structured {
            tags.push(format!(
                r#"<script type="application/ld+json">{}</script>"#,
                script_safe_json(item)
            ));
        }
        tags.join("\n")
    }

    /// `shell` (the app's `index.html`) with this head in place of the shell's own; the
    /// shell unchanged if it has no place marked for it.
    pub fn into_shell(self, shell: &str) -> String {
        let (Some(start), Some(end)) = (shell.find(HEAD_START), shell.find(HEAD_END)) else {
            return shell.to_owned();
        };
        if end < start {
            return shell.to_owned();
        }
        format!(
            "{}{HEAD_START}\n{}\n{}",
            &shell[..start],
            self.to_html(),
            &shell[end..]
        )
    }
}

fn meta_name(name: &str, content: &str) -> String {
    format!(
        r#"<meta name="{}" content="{}">"#,
        escape(name),
        escape(content)
    )
}

fn meta_property(property: &str, content: &str) -> String {
    format!(
        r#"<meta property="{}" content="{}">"#,
        escape(property),
        escape(content)
    )
}

/// JSON that cannot end its `<script>` element early: every `<` is written as `\u003c`
/// (the same string to a JSON reader).
fn script_safe_json(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_is_cut_at_a_word() {
        let long = "word ".repeat(100);
        let cut = summary(&long);
        assert!(cut.chars().count() <= DESCRIPTION_CHARS, "{cut}");
        assert!(cut.ends_with("word…"), "{cut}");
        assert_eq!(summary("  two\n words "), "two words");
    }

    #[test]
    fn structured_data_cannot_close_its_script() {
        let head = Head {
            structured: vec![json!({ "name": "</script><script>alert(1)</script>" })],
            ..not_found()
        };
        let html = head.to_html();
        assert!(!html.contains("</script><script>"), "{html}");
        let json = html
            .split_once(r#"<script type="application/ld+json">"#)
            .and_then(|(_, rest)| rest.split_once("</script>"))
            .map(|(json, _)| json)
            .unwrap();
        let parsed: Value = serde_json::from_str(json).unwrap();
        assert_eq!(parsed["name"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn the_head_replaces_the_shells_own() {
        let shell = format!(
            "<head>\n<meta charset=\"utf-8\">\n{HEAD_START}\n<title>Bazaar</title>\n{HEAD_END}\n</head>"
        );
        let page = home("https://shop.example").into_shell(&shell);
        assert_eq!(page.matches("<title>").count(), 1, "{page}");
        assert!(page.contains(r#"<link rel="canonical" href="https://shop.example/">"#));
        assert!(page.starts_with("<head>\n<meta charset=\"utf-8\">\n"));
        assert!(page.ends_with(&format!("{HEAD_END}\n</head>")));
        assert_eq!(not_found().into_shell("<head></head>"), "<head></head>");
    }

    #[test]
    fn a_missing_page_is_kept_out_of_indexes() {
        let html = not_found().to_html();
        assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
        assert!(!html.contains("canonical"));
    }
}
