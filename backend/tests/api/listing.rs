use crate::helpers::{Account, TestApp, listed_product, product_input, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::HashSet;

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn product(
    app: &TestApp,
    seller: &Account,
    name: &str,
    description: &str,
    category: &str,
    price: i64,
    stock: i64,
) -> String {
    let mut input = product_input(name, price);
    input["description"] = json!(description);
    input["category"] = json!(category);
    input["stock"] = json!(stock);
    listed_product(app, seller, input).await
}

#[tokio::test]
async fn search_finds_words_in_names_and_descriptions_and_ranks_name_hits_first() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    product(
        &app,
        &sam,
        "Reading light",
        "A brass lamp for the desk, warm and dimmable",
        "home",
        2000,
        3,
    )
    .await;
    product(
        &app,
        &sam,
        "Brass desk lamp",
        "Solid and heavy",
        "home",
        3000,
        3,
    )
    .await;
    product(&app, &sam, "Tea cup", "Porcelain", "home", 900, 3).await;
    let found = app.get_json("/api/v1/products?q=lamp").await;
    assert_eq!(names(&found), ["Brass desk lamp", "Reading light"]);
    let prefix = app.get_json("/api/v1/products?q=porcel").await;
    assert_eq!(names(&prefix), ["Tea cup"]);
    let both_words = app.get_json("/api/v1/products?q=brass%20dimmable").await;
    assert_eq!(names(&both_words), ["Reading light"]);
    let nothing = app.get_json("/api/v1/products?q=submarine").await;
    assert!(names(&nothing).is_empty());
    let punctuation_only = app.get_json("/api/v1/products?q=%22*()").await;
    assert_eq!(
        names(&punctuation_only).len(),
        3,
        "a query without words lists everything"
    );
}

#[tokio::test]
async fn filters_combine() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let rita = app.active_seller("rita@example.com").await;
    product(&app, &sam, "Cheap lamp", "light", "home", 500, 2).await;
    product(&app, &sam, "Dear lamp", "light", "home", 9000, 2).await;
    product(&app, &sam, "Sold-out lamp", "light", "home", 700, 0).await;
    product(&app, &sam, "Laptop", "computer", "computers", 90000, 2).await;
    product(&app, &rita, "Rita's lamp", "light", "home", 600, 2).await;
    let sams_shop = app
        .get_as(&sam.token, "/api/v1/me/shop")
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .clone();
    let page = app
        .get_json(&format!(
            "/api/v1/products?category=home&shop_id={}&max_price=1000&in_stock=true&sort=price_asc",
            sams_shop.as_str().unwrap()
        ))
        .await;
    assert_eq!(names(&page), ["Cheap lamp"]);
    let by_price = app
        .get_json("/api/v1/products?category=home&min_price=550&max_price=9000&sort=price_desc")
        .await;
    assert_eq!(
        names(&by_price),
        ["Dear lamp", "Sold-out lamp", "Rita's lamp"]
    );
    let rated = app.get_json("/api/v1/products?min_rating=1").await;
    assert!(names(&rated).is_empty(), "nothing is reviewed yet");
}

#[tokio::test]
async fn every_product_appears_exactly_once_across_pages_in_every_sort() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    for i in 0..9 {
        // Prices repeat, so ties must be broken by id.
        product(
            &app,
            &sam,
            &format!("Mug {i}"),
            "ceramic mug",
            "home",
            1000 + (i % 3) * 100,
            4,
        )
        .await;
    }
    for sort in [
        "newest",
        "price_asc",
        "price_desc",
        "best_selling",
        "top_rated",
        "relevance",
    ] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = format!("/api/v1/products?q=mug&sort={sort}&limit=4");
            if let Some(cursor) = &cursor {
                path.push_str(&format!("&cursor={cursor}"));
            }
            let page = app.get_json(&path).await;
            seen.extend(names(&page));
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen.len(), 9, "{sort}: {seen:?}");
        assert_eq!(
            seen.iter().collect::<HashSet<_>>().len(),
            9,
            "{sort}: {seen:?}"
        );
    }
}

#[tokio::test]
async fn pages_stay_correct_while_products_are_added() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    for i in 0..4 {
        product(&app, &sam, &format!("Old {i}"), "thing", "home", 1000, 1).await;
    }
    let first = app.get_json("/api/v1/products?limit=2").await;
    assert_eq!(names(&first), ["Old 3", "Old 2"]);
    product(&app, &sam, "New arrival", "thing", "home", 1000, 1).await;
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app
        .get_json(&format!("/api/v1/products?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(names(&second), ["Old 1", "Old 0"]);
    assert_eq!(second["next_cursor"], Value::Null);
}

#[tokio::test]
async fn newest_first_is_the_default_order() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    product(&app, &sam, "First", "thing", "home", 1000, 1).await;
    product(&app, &sam, "Second", "thing", "home", 1000, 1).await;
    assert_eq!(
        names(&app.get_json("/api/v1/products").await),
        ["Second", "First"]
    );
}

#[tokio::test]
async fn bad_listing_parameters_are_named() {
    let app = spawn_app().await;
    for (query, field) in [
        ("limit=101", "limit"),
        ("min_price=-5", "min_price"),
        ("min_price=500&max_price=100", "max_price"),
        ("category=weapons", "category"),
        ("cursor=bm9wZQ", "cursor"),
    ] {
        let response = app.get(&format!("/api/v1/products?{query}")).await;
        crate::helpers::field_error(response, field).await;
    }
    let response = app.get("/api/v1/products?sort=cheapest").await;
    crate::helpers::problem(response, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn a_banned_sellers_products_leave_the_listing() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    product(&app, &sam, "Lamp", "light", "home", 1000, 1).await;
    sqlx::query("UPDATE users SET status = 'banned' WHERE email = 'sam@example.com'")
        .execute(&mut *app.state.db.writer().await.unwrap())
        .await
        .unwrap();
    assert!(names(&app.get_json("/api/v1/products").await).is_empty());
    let shut_out = app.get_as(&sam.token, "/api/v1/me").await;
    assert_eq!(
        shut_out.status(),
        StatusCode::UNAUTHORIZED,
        "a banned account's sessions end"
    );
}

#[tokio::test]
async fn the_best_deals_come_first_when_sorting_by_discount() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    for (name, price, original) in [
        ("Small deal", 900, 1000),
        ("No deal", 1000, 1000),
        ("Big deal", 500, 1000),
    ] {
        let mut input = product_input(name, price);
        input["original_price"]["amount"] = json!(original);
        listed_product(&app, &sam, input).await;
    }
    let page = app.get_json("/api/v1/products?sort=discount").await;
    assert_eq!(names(&page), ["Big deal", "Small deal", "No deal"]);
    assert_eq!(page["items"][0]["stock"], 5);
    assert_eq!(page["items"][0]["status"], "active");
}
