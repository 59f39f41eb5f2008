//! The admin's lists: search, filters, sorts and keyset pages over everything, including
//! what the marketplace hides (banned shops, archived and hidden products, ended events).

use super::{Console, ids, ok};
use crate::helpers::{listed_product, product_input};
use crate::orders::usd;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Every item of a list, page by page with `limit` per page.
async fn every_page(console: &Console, path: &str, limit: usize) -> Vec<String> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("{path}{separator}limit={limit}");
        if let Some(cursor) = &cursor {
            url += &format!("&cursor={cursor}");
        }
        let page = console.get(&url).await;
        let items = ids(&page);
        assert!(items.len() <= limit);
        all.extend(items);
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return all,
        }
    }
}

#[tokio::test]
async fn accounts_are_searched_filtered_by_role_and_status_and_paged() {
    let console = Console::new().await;
    let market = &console.market;
    market.app.sign_up("pat@example.com").await;
    console.set_banned(&market.ann, true, "fraud").await;

    let newest = every_page(&console, "/api/v1/admin/users", 2).await;
    assert_eq!(newest.len(), 5, "Sam, Rita, Ann, Ada and Pat");
    let oldest = every_page(&console, "/api/v1/admin/users?sort=oldest", 2).await;
    assert_eq!(oldest, newest.iter().rev().cloned().collect::<Vec<_>>());
    assert_eq!(
        newest[1], console.admin.id,
        "the admin was made last but one"
    );

    let sellers = console.get("/api/v1/admin/users?role=seller").await;
    let mut emails: Vec<&str> = sellers["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    emails.sort();
    assert_eq!(emails, ["rita@example.com", "sam@example.com"]);
    assert_eq!(sellers["items"][0]["shop"]["name"], "Sam's Goods");
    assert_eq!(sellers["items"][0]["roles"], json!(["buyer", "seller"]));
    let buyers = console.get("/api/v1/admin/users?role=buyer").await;
    assert_eq!(buyers["items"].as_array().unwrap().len(), 2, "Ann and Pat");
    let admins = console.get("/api/v1/admin/users?role=admin").await;
    assert_eq!(ids(&admins), [console.admin.id.as_str()]);
    let banned = console.get("/api/v1/admin/users?status=banned").await;
    assert_eq!(ids(&banned), [market.ann.id.as_str()]);
    assert_eq!(banned["items"][0]["ban"]["reason"], "fraud");
    let pending = console.get("/api/v1/admin/users?status=pending").await;
    assert_eq!(pending["items"][0]["email"], "pat@example.com");
    let found = console.get("/api/v1/admin/users?q=RITA").await;
    assert_eq!(found["items"][0]["email"], "rita@example.com");
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let none = console.get("/api/v1/admin/users?q=%25").await;
    assert!(ids(&none).is_empty(), "% is matched as itself");
}

#[tokio::test]
async fn shops_are_listed_with_their_owner_figures_and_standing() {
    let console = Console::new().await;
    let market = &console.market;
    market.delivered_lamp_order().await;
    console.set_banned(&market.rita, true, "spam").await;

    let shops = console.get("/api/v1/admin/shops?sort=balance").await;
    let first = &shops["items"][0];
    assert_eq!(first["name"], "Sam's Goods");
    assert_eq!(first["owner"]["email"], "sam@example.com");
    assert_eq!(first["balance"], usd(5400));
    assert_eq!(first["product_count"], 1);
    assert_eq!(first["banned"], false);
    assert_eq!(shops["items"][1]["banned"], true);
    let banned = console.get("/api/v1/admin/shops?banned=true").await;
    assert_eq!(banned["items"].as_array().unwrap().len(), 1);
    assert_eq!(banned["items"][0]["owner"]["email"], "rita@example.com");
    let in_good_standing = console.get("/api/v1/admin/shops?banned=false&q=sam").await;
    assert_eq!(in_good_standing["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        every_page(&console, "/api/v1/admin/shops", 1).await.len(),
        2
    );
}

#[tokio::test]
async fn products_include_archived_hidden_and_banned_shops_ones() {
    let console = Console::new().await;
    let market = &console.market;
    let app = &market.app;
    let vase = listed_product(app, &market.sam, product_input("Glass vase", 1500)).await;
    let archived = app
        .send_as(
            Method::PATCH,
            &market.sam.token,
            &format!("/api/v1/products/{vase}"),
            &json!({"status": "archived"}),
        )
        .await;
    assert_eq!(archived.status(), StatusCode::OK);
    console
        .set_hidden("products", &market.lamp, true, "fake")
        .await;
    console.set_banned(&market.rita, true, "spam").await;
    assert!(ids(&app.get_json("/api/v1/products").await).is_empty());

    let all = every_page(&console, "/api/v1/admin/products", 2).await;
    assert_eq!(all.len(), 3);
    let by_price = console.get("/api/v1/admin/products?sort=price_asc").await;
    let prices: Vec<i64> = by_price["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["price"]["amount"].as_i64().unwrap())
        .collect();
    assert_eq!(prices, [900, 1500, 3000]);
    let mug = &by_price["items"][0];
    assert_eq!(mug["shop_banned"], true);
    assert!(mug["thumbnail"]["url"].is_string());
    let hidden = console.get("/api/v1/admin/products?hidden=true").await;
    assert_eq!(ids(&hidden), [market.lamp.as_str()]);
    assert_eq!(hidden["items"][0]["hidden"]["reason"], "fake");
    let archived = console.get("/api/v1/admin/products?status=archived").await;
    assert_eq!(ids(&archived), [vase]);
    let found = console.get("/api/v1/admin/products?q=desk").await;
    assert_eq!(ids(&found), [market.lamp.as_str()]);
    let of_shop = console
        .get(&format!(
            "/api/v1/admin/products?shop_id={}",
            mug["shop"]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(ids(&of_shop), [market.mug.as_str()]);
    let category = console.get("/api/v1/admin/products?category=home").await;
    assert_eq!(category["items"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn events_include_hidden_and_ended_ones() {
    let mut console = Console::new().await;
    let market = &console.market;
    let event = super::moderation::running_event(market).await;
    let listed = console.get("/api/v1/admin/events?status=running").await;
    assert_eq!(ids(&listed), [event.as_str()]);
    let item = &listed["items"][0];
    assert_eq!(item["product"]["id"], market.lamp.as_str());
    assert_eq!(item["event_price"], usd(1999));
    assert_eq!(item["units_sold"], 0);
    console.advance_days(3).await;
    assert!(ids(&console.market.app.get_json("/api/v1/events").await).is_empty());
    let ended = console
        .get("/api/v1/admin/events?status=ended&q=lamp")
        .await;
    assert_eq!(ids(&ended), [event]);
    assert_eq!(ended["items"][0]["status"], "ended");
    assert!(ids(&console.get("/api/v1/admin/events?hidden=true").await).is_empty());
}

#[tokio::test]
async fn withdrawals_show_their_shop_and_who_decided_them() {
    let console = Console::new().await;
    let market = &console.market;
    market.delivered_lamp_order().await;
    market.add_withdraw_method(&market.sam).await;
    let path = "/api/v1/me/shop/withdrawals";
    let mut made = Vec::new();
    for amount in [1000, 3000] {
        let response = market
            .post(&market.sam, path, &json!({"amount": usd(amount)}))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        made.push(
            response.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    ok(console
        .send(
            Method::POST,
            &format!("/api/v1/admin/withdrawals/{}", made[0]),
            &json!({"approve": true, "note": "sent"}),
        )
        .await)
    .await;

    let pending = console
        .get("/api/v1/admin/withdrawals?status=pending")
        .await;
    assert_eq!(ids(&pending), [made[1].as_str()]);
    let decided = console
        .get("/api/v1/admin/withdrawals?status=succeeded")
        .await;
    let item = &decided["items"][0];
    assert_eq!(item["shop"]["name"], "Sam's Goods");
    assert_eq!(item["shop_id"], item["shop"]["id"]);
    assert_eq!(item["decided_by"]["id"], console.admin.id.as_str());
    assert_eq!(item["note"], "sent");
    let largest = console
        .get("/api/v1/admin/withdrawals?sort=amount_desc")
        .await;
    assert_eq!(ids(&largest), [made[1].as_str(), made[0].as_str()]);
    let oldest = every_page(&console, "/api/v1/admin/withdrawals?sort=oldest", 1).await;
    assert_eq!(oldest, made);
    let shop = item["shop"]["id"].as_str().unwrap();
    let of_shop = console
        .get(&format!("/api/v1/admin/withdrawals?shop_id={shop}"))
        .await;
    assert_eq!(of_shop["items"].as_array().unwrap().len(), 2);
    let own = market.json_as(&market.sam, path).await;
    assert_eq!(
        own["items"].as_array().unwrap().len(),
        2,
        "the seller's list stays"
    );
}

#[tokio::test]
async fn reviews_are_searched_and_sorted_lowest_first() {
    let console = Console::new().await;
    let market = &console.market;
    for (rating, comment) in [(5, "Lovely light"), (2, "Arrived scratched")] {
        let order = market.delivered_lamp_order().await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let response = market
            .post(
                &market.ann,
                &format!("/api/v1/products/{}/reviews", market.lamp),
                &json!({"order_id": order, "rating": rating, "comment": comment}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let lowest = console.get("/api/v1/admin/reviews?sort=rating_asc").await;
    let ratings: Vec<i64> = lowest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rating"].as_i64().unwrap())
        .collect();
    assert_eq!(ratings, [2, 5]);
    let item = &lowest["items"][0];
    assert_eq!(item["product"]["name"], "Desk lamp");
    assert_eq!(item["shop"]["name"], "Sam's Goods");
    assert_eq!(item["author"]["id"], market.ann.id.as_str());
    let found = console.get("/api/v1/admin/reviews?q=scratch").await;
    assert_eq!(found["items"][0]["comment"], "Arrived scratched");
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let by_author = console
        .get(&format!(
            "/api/v1/admin/reviews?author_id={}",
            market.ann.id
        ))
        .await;
    assert_eq!(by_author["items"].as_array().unwrap().len(), 2);
    let of_mug = console
        .get(&format!("/api/v1/admin/reviews?product_id={}", market.mug))
        .await;
    assert!(ids(&of_mug).is_empty());
    assert_eq!(
        every_page(&console, "/api/v1/admin/reviews", 1).await.len(),
        2
    );
}
