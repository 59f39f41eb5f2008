//! The public pages as a crawler or a chat app's link preview reads them: one plain GET, no
//! script run. And the sitemap and robots.txt that lead crawlers to them.

use crate::helpers::{TestApp, listed_product, product_input, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The shell `cargo xtask web` writes, cut down to what the server fills in.
const SHELL: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
    <!--page-head-->\n<title>Bazaar</title>\n<!--/page-head-->\n</head>\n\
    <body>\n<div id=\"main\"></div>\n</body>\n</html>\n";

async fn app_with_shell() -> TestApp {
    let app = spawn_app().await;
    let dist = &app.state.config.web_dist;
    std::fs::create_dir_all(dist).unwrap();
    std::fs::write(dist.join("index.html"), SHELL).unwrap();
    app
}

async fn page(app: &TestApp, path: &str, status: StatusCode) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), status, "GET {path}");
    let content_type = response.headers()["content-type"].to_str().unwrap();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(response.headers().contains_key("content-security-policy"));
    response.text().await.unwrap()
}

/// Every JSON-LD object of the page, each parsed (so each is valid JSON).
fn structured_data(html: &str) -> Vec<Value> {
    html.split(r#"<script type="application/ld+json">"#)
        .skip(1)
        .map(|rest| {
            let json = rest.split_once("</script>").expect("a closed script").0;
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
        })
        .collect()
}

fn of_type<'a>(items: &'a [Value], kind: &str) -> &'a Value {
    items
        .iter()
        .find(|item| item["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {items:?}"))
}

fn meta(html: &str, property: &str) -> String {
    let marker = format!(r#"property="{property}" content=""#);
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {property} in {html}"))
        + marker.len();
    html[start..].split_once('"').unwrap().0.to_owned()
}

#[tokio::test]
async fn a_product_page_shows_its_name_price_picture_and_structured_data_without_scripts() {
    let app = app_with_shell().await;
    let seller = app.active_seller("sam@example.com").await;
    let id = listed_product(&app, &seller, product_input("Brass lamp <deluxe>", 4250)).await;
    let product = app.get_json(&format!("/api/v1/products/{id}")).await;
    let picture = product["images"][0]["url"].as_str().unwrap();

    let html = page(&app, &format!("/products/{id}"), StatusCode::OK).await;

    assert!(
        html.contains("<title>Brass lamp &lt;deluxe&gt; · Sam&#39;s Goods · Bazaar</title>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<title>").count(),
        1,
        "the shell's own title is replaced"
    );
    assert!(
        html.contains(r#"<div id="main"></div>"#),
        "the app still mounts"
    );
    let url = app.url(&format!("/products/{id}"));
    assert!(html.contains(&format!(r#"<link rel="canonical" href="{url}">"#)));
    assert_eq!(meta(&html, "og:type"), "product");
    assert_eq!(meta(&html, "og:image"), picture);
    assert_eq!(meta(&html, "og:image:width"), "64");
    assert_eq!(meta(&html, "product:price:amount"), "42.50");
    assert_eq!(meta(&html, "product:price:currency"), "USD");

    let items = structured_data(&html);
    let item = of_type(&items, "Product");
    assert_eq!(item["@context"], "https://schema.org");
    assert_eq!(item["name"], "Brass lamp <deluxe>");
    assert_eq!(item["image"], json!([picture]));
    assert_eq!(item["url"], url);
    assert_eq!(item["offers"]["@type"], "Offer");
    assert_eq!(item["offers"]["price"], "42.50");
    assert_eq!(item["offers"]["priceCurrency"], "USD");
    assert_eq!(item["offers"]["availability"], "https://schema.org/InStock");
    assert_eq!(item["offers"]["seller"]["name"], "Sam's Goods");
    assert!(
        item.get("aggregateRating").is_none(),
        "no rating before any review"
    );
    let crumbs = of_type(&items, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    assert_eq!(
        crumbs,
        ["Bazaar", "Home and kitchen", "Brass lamp <deluxe>"]
    );
}

#[tokio::test]
async fn a_missing_or_unlisted_product_page_is_a_404_kept_out_of_indexes() {
    let app = app_with_shell().await;
    let seller = app.active_seller("sam@example.com").await;
    let response = app
        .send_as(
            reqwest::Method::POST,
            &seller.token,
            "/api/v1/products",
            &product_input("Unpictured", 500),
        )
        .await;
    let unpictured: Value = response.json().await.unwrap();

    for path in [
        format!("/products/{}", unpictured["id"].as_str().unwrap()),
        "/products/0190f5f2-8c1e-7000-8000-000000000000".to_owned(),
        "/products/not-an-id".to_owned(),
        "/shops/0190f5f2-8c1e-7000-8000-000000000000".to_owned(),
    ] {
        let html = page(&app, &path, StatusCode::NOT_FOUND).await;
        assert!(html.contains("<title>Not found · Bazaar</title>"), "{path}");
        assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
        assert!(!html.contains("Unpictured"), "{path}: {html}");
        assert!(
            html.contains(r#"<div id="main"></div>"#),
            "the app shows its not-found screen"
        );
    }
}

#[tokio::test]
async fn a_shop_page_describes_the_shop_as_an_organization() {
    let app = app_with_shell().await;
    let seller = app.active_seller("sam@example.com").await;
    listed_product(&app, &seller, product_input("Mug", 900)).await;
    let mine: Value = app
        .get_as(&seller.token, "/api/v1/me/shop")
        .await
        .json()
        .await
        .unwrap();
    let id = mine["id"].as_str().unwrap();

    let html = page(&app, &format!("/shops/{id}"), StatusCode::OK).await;

    assert!(
        html.contains("<title>Sam&#39;s Goods · Bazaar</title>"),
        "{html}"
    );
    assert_eq!(meta(&html, "og:type"), "profile");
    let items = structured_data(&html);
    let organization = of_type(&items, "Organization");
    assert_eq!(organization["name"], "Sam's Goods");
    assert_eq!(organization["url"], app.url(&format!("/shops/{id}")));
    assert_eq!(organization["description"], "Hand-made things");
}

#[tokio::test]
async fn the_home_listing_and_events_pages_have_their_own_heads() {
    let app = app_with_shell().await;

    let home = page(&app, "/", StatusCode::OK).await;
    let site = of_type(&structured_data(&home), "WebSite").clone();
    assert_eq!(
        site["potentialAction"]["target"],
        app.url("/products?q={search_term_string}")
    );
    assert!(home.contains(&format!(
        r#"<link rel="canonical" href="{}">"#,
        app.url("/")
    )));

    let category = page(&app, "/products?category=home", StatusCode::OK).await;
    assert!(
        category.contains("<title>Home and kitchen · Bazaar</title>"),
        "{category}"
    );
    let search = page(&app, "/products?q=brass%20lamp", StatusCode::OK).await;
    assert!(
        search.contains("<title>“brass lamp” · Bazaar</title>"),
        "{search}"
    );
    // A query the API refuses still gets the page: the app says what is wrong.
    let odd = page(&app, "/products?min_price=cheap", StatusCode::OK).await;
    assert!(
        odd.contains("<title>All products · Bazaar</title>"),
        "{odd}"
    );

    let events = page(&app, "/events", StatusCode::OK).await;
    assert!(events.contains("<title>Sales and events · Bazaar</title>"));

    // Screens that are not public pages are still the app's shell, untouched.
    let cart = page(&app, "/cart", StatusCode::OK).await;
    assert_eq!(cart, SHELL);
}

#[tokio::test]
async fn robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_screens() {
    let app = app_with_shell().await;
    let response = app.get("/robots.txt").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = response.text().await.unwrap();
    assert!(text.starts_with("User-agent: *\n"), "{text}");
    for private in ["/cart", "/checkout", "/admin", "/shop/"] {
        assert!(text.contains(&format!("Disallow: {private}\n")), "{text}");
    }
    assert!(
        !text.contains("Disallow: /api"),
        "a crawler that runs the app needs the API"
    );
    assert!(text.contains(&format!("Sitemap: {}\n", app.url("/sitemap.xml"))));
}

async fn sitemap_locs(app: &TestApp, path: &str) -> Vec<String> {
    let response = app.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    let xml = response.text().await.unwrap();
    assert!(xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#));
    xml.split("<loc>")
        .skip(1)
        .map(|rest| rest.split_once("</loc>").unwrap().0.replace("&amp;", "&"))
        .collect()
}

#[tokio::test]
async fn the_sitemap_lists_a_new_product_at_once_and_drops_an_archived_one() {
    let app = app_with_shell().await;
    let index = sitemap_locs(&app, "/sitemap.xml").await;
    assert_eq!(
        index,
        [app.url("/sitemaps/pages.xml")],
        "nothing listed yet"
    );
    let pages = sitemap_locs(&app, "/sitemaps/pages.xml").await;
    assert!(pages.contains(&app.url("/")));
    assert!(pages.contains(&app.url("/products?category=home")));
    assert_eq!(
        app.get("/sitemaps/products-1.xml").await.status(),
        StatusCode::NOT_FOUND
    );

    let seller = app.active_seller("sam@example.com").await;
    let lamp = listed_product(&app, &seller, product_input("Lamp", 4250)).await;
    let mug = listed_product(&app, &seller, product_input("Mug", 900)).await;

    let index = sitemap_locs(&app, "/sitemap.xml").await;
    assert_eq!(
        index,
        [
            app.url("/sitemaps/pages.xml"),
            app.url("/sitemaps/shops-1.xml"),
            app.url("/sitemaps/products-1.xml"),
        ]
    );
    let mut products = sitemap_locs(&app, "/sitemaps/products-1.xml").await;
    products.sort();
    let mut expected = vec![
        app.url(&format!("/products/{lamp}")),
        app.url(&format!("/products/{mug}")),
    ];
    expected.sort();
    assert_eq!(products, expected);
    assert_eq!(sitemap_locs(&app, "/sitemaps/shops-1.xml").await.len(), 1);

    let archived = app
        .send_as(
            reqwest::Method::PATCH,
            &seller.token,
            &format!("/api/v1/products/{mug}"),
            &json!({ "status": "archived" }),
        )
        .await;
    assert_eq!(archived.status(), StatusCode::OK);
    assert_eq!(
        sitemap_locs(&app, "/sitemaps/products-1.xml").await,
        [app.url(&format!("/products/{lamp}"))]
    );
    assert_eq!(
        app.get("/sitemaps/products-2.xml").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/sitemaps/users-1.xml").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn pages_and_json_are_gzipped_for_clients_that_take_it_and_pictures_are_not() {
    let app = app_with_shell().await;
    let seller = app.active_seller("sam@example.com").await;
    let id = listed_product(&app, &seller, product_input("Lamp", 4250)).await;
    let product = app.get_json(&format!("/api/v1/products/{id}")).await;
    let picture = product["images"][0]["url"].as_str().unwrap().to_owned();

    let get = |url: String| {
        let http = app.http.clone();
        async move {
            http.get(url)
                .header("accept-encoding", "gzip")
                .send()
                .await
                .unwrap()
        }
    };
    for path in [format!("/products/{id}"), "/api/v1/products".to_owned()] {
        let response = get(app.url(&path)).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["content-encoding"], "gzip", "{path}");
        let plain = app.get(&path).await;
        assert!(!plain.headers().contains_key("content-encoding"), "{path}");
        let (zipped, plain) = (
            response.bytes().await.unwrap(),
            plain.bytes().await.unwrap(),
        );
        assert!(
            zipped.len() < plain.len(),
            "{path}: {} vs {}",
            zipped.len(),
            plain.len()
        );
    }
    let image = get(picture).await;
    assert_eq!(image.status(), StatusCode::OK);
    assert!(!image.headers().contains_key("content-encoding"));
}
