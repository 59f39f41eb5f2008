//! The authorization matrix: every operation the OpenAPI document lists is called as each
//! kind of caller, and answers as its row says. A route without a row fails the test, so a
//! new route cannot ship without saying who may call it.
//!
//! Callers, one column each: nobody signed in; Ann, the buyer who owns the buyer's side
//! (her order, address, checkout, conversation); Bob, another buyer; Rita, a seller of
//! another shop; Sam, the seller who owns the shop, its products, events, coupons and the
//! order's sale; Ada, an admin. A banned account is called too, and must fare as nobody.
//!
//! Answers: `ok` lets the caller through (2xx, or a 400/409/422 about the request or the
//! object's state, which only a caller who got through can hear); `401`, `403`, `404` are
//! exactly that; `no` is a refusal that may be 403 or 404 (hiding that the object exists).

use crate::admin::Console;
use crate::helpers::{Account, listed_product, product_input, shop_input};
use crate::media::png;
use crate::orders::{Market, add_address, usd};
use reqwest::{Method, StatusCode, multipart};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

enum Body {
    None,
    Json(Value),
    /// A `multipart/form-data` upload of one `image` part.
    Image,
    /// No body; the token offered as the websocket subprotocol, as apps sign in to it.
    Socket,
}
use Body::{Image, None as NONE, Socket};

fn j(value: Value) -> Body {
    Body::Json(value)
}

/// Path parameters are named after the fixture's objects: `{lamp}` is Sam's product.
#[rustfmt::skip]
fn table() -> Vec<(&'static str, &'static str, Body, &'static str)> {
    vec![
        // method  path                                          body                      anon buyer other seller owner admin
        ("GET",    "/api/health",                                NONE,                     "ok   ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/config",                             NONE,                     "ok   ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/ws",                                 Socket,                    "401  ok    ok    ok     ok    ok"),

        // Accounts. Anyone may sign up, sign in and ask for links; the links are checked.
        ("POST",   "/api/v1/auth/signup",                        j(signup()),              "ok   ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/auth/seller-signup",                 j(seller_signup()),       "ok   ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/auth/activate",                      j(json!({"token": "x"})), "ok   ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/auth/resend-activation",             j(email()),               "ok   ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/auth/login",                         j(bobs_login()),          "ok   ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/auth/forgot-password",               j(email()),               "ok   ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/auth/reset-password",                j(reset()),               "ok   ok    ok    ok     ok    ok"),

        // The signed-in account's own things: anyone signed in, nobody else's.
        ("GET",    "/api/v1/me",                                 NONE,                     "401  ok    ok    ok     ok    ok"),
        ("PATCH",  "/api/v1/me",                                 j(json!({"phone": ""})),  "401  ok    ok    ok     ok    ok"),
        ("PUT",    "/api/v1/me/avatar",                          Image,                    "401  ok    ok    ok     ok    ok"),
        ("PUT",    "/api/v1/me/password",                        j(wrong_password()),      "401  ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/me/addresses",                       NONE,                     "401  ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/me/addresses",                       j(address()),             "401  ok    ok    ok     ok    ok"),
        ("PATCH",  "/api/v1/me/addresses/{address}",             j(json!({"city": "Ur"})), "401  ok    404   404    404   404"),
        ("DELETE", "/api/v1/me/addresses/{spare_address}",       NONE,                     "401  ok    404   404    404   404"),
        ("GET",    "/api/v1/me/wishlist",                        NONE,                     "401  ok    ok    ok     ok    ok"),
        ("PUT",    "/api/v1/me/wishlist/{lamp}",                 NONE,                     "401  ok    ok    ok     ok    ok"),
        ("DELETE", "/api/v1/me/wishlist/{lamp}",                 NONE,                     "401  ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/me/cart",                            NONE,                     "401  ok    ok    ok     ok    ok"),
        ("PUT",    "/api/v1/me/cart/items/{mug}",                j(json!({"quantity": 1})),"401  ok    ok    ok     ok    ok"),
        ("DELETE", "/api/v1/me/cart/items/{mug}",                NONE,                     "401  ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/me/cart/merge",                      j(json!({"items": []})),  "401  ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/users/{ann}",                        NONE,                     "ok   ok    ok    ok     ok    ok"),

        // Shops: anyone sees them; a seller keeps their own.
        ("GET",    "/api/v1/shops",                              NONE,                     "ok   ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/shops/{shop}",                       NONE,                     "ok   ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/shops",                              j(blank_shop()),          "401  ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/me/shop",                            NONE,                     "401  403   403   ok     ok    403"),
        ("PATCH",  "/api/v1/me/shop",                            j(json!({"phone": "+1 555 010 0200"})), "401  403   403   ok     ok    403"),
        ("PUT",    "/api/v1/me/shop/avatar",                     Image,                    "401  403   403   ok     ok    403"),
        ("PUT",    "/api/v1/me/shop/withdraw-method",            j(withdraw_method()),     "401  403   403   ok     ok    403"),
        ("DELETE", "/api/v1/me/shop/withdraw-method",            NONE,                     "401  403   403   ok     ok    403"),
        ("GET",    "/api/v1/me/shop/products",                   NONE,                     "401  403   403   ok     ok    403"),
        ("GET",    "/api/v1/me/shop/coupons",                    NONE,                     "401  403   403   ok     ok    403"),
        ("GET",    "/api/v1/me/shop/orders",                     NONE,                     "401  403   403   ok     ok    403"),
        ("GET",    "/api/v1/me/shop/balance",                    NONE,                     "401  403   403   ok     ok    403"),
        ("GET",    "/api/v1/me/shop/transactions",               NONE,                     "401  403   403   ok     ok    403"),
        ("GET",    "/api/v1/me/shop/withdrawals",                NONE,                     "401  403   403   ok     ok    403"),
        ("POST",   "/api/v1/me/shop/withdrawals",                j(json!({"amount": usd(1000)})), "401  403   403   ok     ok    403"),

        // The catalog: anyone reads it; a product's shop writes it, and so may an admin. An
        // admin's DELETE comes after the owner's, whose DELETE has taken the object.
        ("GET",    "/api/v1/categories",                         NONE,                     "ok   ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/products",                           NONE,                     "ok   ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/products/{lamp}",                    NONE,                     "ok   ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/products",                           j(product()),             "401  403   403   ok     ok    403"),
        ("PATCH",  "/api/v1/products/{lamp}",                    j(json!({"stock": 9})),   "401  no    no    no     ok    ok"),
        ("DELETE", "/api/v1/products/{spare_product}",           NONE,                     "401  no    no    no     ok    404"),
        ("POST",   "/api/v1/products/{lamp}/images",             Image,                    "401  no    no    no     ok    ok"),
        ("PUT",    "/api/v1/products/{lamp}/images/order",       j(image_order()),         "401  no    no    no     ok    ok"),
        ("DELETE", "/api/v1/products/{lamp}/images/{lamp_image}",NONE,                     "401  no    no    no     ok    404"),
        ("GET",    "/api/v1/products/{lamp}/reviews",            NONE,                     "ok   ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/products/{lamp}/reviews",            j(review()),              "401  ok    422   422    422   422"),

        // Events (flash sales) of a shop's products: as the products. Another shop's product
        // in the body is a field error.
        ("GET",    "/api/v1/events",                             NONE,                     "ok   ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/events/{event}",                     NONE,                     "ok   ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/events",                             j(lamp_event()),          "401  403   403   422    ok    403"),
        ("PATCH",  "/api/v1/events/{event}",                     j(json!({"name": "Lamp days"})), "401  no    no    no     ok    ok"),
        ("DELETE", "/api/v1/events/{spare_event}",               NONE,                     "401  no    no    no     ok    404"),
        ("POST",   "/api/v1/events/{event}/images",              Image,                    "401  no    no    no     ok    ok"),
        ("DELETE", "/api/v1/events/{event}/images/{banner}",     NONE,                     "401  no    no    no     ok    404"),

        // Coupons: a shop's own; anyone may check a code.
        ("POST",   "/api/v1/coupons",                            j(coupon()),              "401  403   403   ok     ok    403"),
        ("GET",    "/api/v1/coupons/{coupon_code}",              NONE,                     "ok   ok    ok    ok     ok    ok"),
        ("DELETE", "/api/v1/coupons/{spare_coupon}",             NONE,                     "401  no    no    no     ok    404"),

        // Checkout and the order's life: the buyer, the selling shop, the admin.
        ("POST",   "/api/v1/checkout/quote",                     j(cod()),                 "401  ok    404   404    404   404"),
        ("POST",   "/api/v1/checkout",                           j(cod()),                 "401  ok    404   404    404   404"),
        ("GET",    "/api/v1/checkouts/{checkout}",               NONE,                     "401  ok    404   404    404   404"),
        ("GET",    "/api/v1/payments/config",                    NONE,                     "ok   ok    ok    ok     ok    ok"),
        ("POST",   "/api/v1/payments/paypal/{checkout}/capture", NONE,                     "401  404   404   404    404   404"),
        // Stripe's signature decides, not the caller: nobody here signs like Stripe.
        ("POST",   "/api/v1/payments/stripe/webhook",            j(json!({})),             "400  400   400   400    400   400"),
        ("GET",    "/api/v1/me/orders",                          NONE,                     "401  ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/orders/{order}",                     NONE,                     "401  ok    no    no     ok    ok"),
        ("POST",   "/api/v1/orders/{order}/cancel",              NONE,                     "401  ok    no    no     ok    no"),
        ("POST",   "/api/v1/orders/{order}/refund-request",      j(json!({"reason": "Broken"})), "401  ok    no    no     no    no"),
        ("POST",   "/api/v1/orders/{order}/status",              j(json!({"status": "shipping"})), "401  no    no    no     ok    no"),
        ("POST",   "/api/v1/orders/{order}/refund",              j(json!({"approve": true})), "401  no    no    no     ok    no"),

        // Chat between a buyer and a shop: its two members only.
        ("POST",   "/api/v1/conversations",                      j(json!({"shop_id": "{shop}"})), "401  ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/conversations",                      NONE,                     "401  ok    ok    ok     ok    ok"),
        ("GET",    "/api/v1/conversations/{conversation}",       NONE,                     "401  ok    404   404    ok    404"),
        ("GET",    "/api/v1/conversations/{conversation}/messages", NONE,                  "401  ok    404   404    ok    404"),
        ("POST",   "/api/v1/conversations/{conversation}/messages", j(json!({"text": "Hi"})), "401  ok    404   404    ok    404"),
        ("POST",   "/api/v1/conversations/{conversation}/read",  NONE,                     "401  ok    404   404    ok    404"),

        // The admin console: admins only.
        ("GET",    "/api/v1/admin/stats",                        NONE,                     "401  403   403   403    403   ok"),
        ("GET",    "/api/v1/admin/users",                        NONE,                     "401  403   403   403    403   ok"),
        ("PATCH",  "/api/v1/admin/users/{banned}",               j(ban()),                 "401  403   403   403    403   ok"),
        ("GET",    "/api/v1/admin/shops",                        NONE,                     "401  403   403   403    403   ok"),
        ("GET",    "/api/v1/admin/products",                     NONE,                     "401  403   403   403    403   ok"),
        ("PATCH",  "/api/v1/admin/products/{lamp}",              j(unhide()),              "401  403   403   403    403   ok"),
        ("GET",    "/api/v1/admin/events",                       NONE,                     "401  403   403   403    403   ok"),
        ("PATCH",  "/api/v1/admin/events/{event}",               j(unhide()),              "401  403   403   403    403   ok"),
        ("GET",    "/api/v1/admin/orders",                       NONE,                     "401  403   403   403    403   ok"),
        ("POST",   "/api/v1/admin/orders/{delivered_order}/status", j(dispute()),          "401  403   403   403    403   ok"),
        ("GET",    "/api/v1/admin/reviews",                      NONE,                     "401  403   403   403    403   ok"),
        ("DELETE", "/api/v1/admin/reviews/{review}",             j(json!({"reason": "Spam"})), "401  403   403   403    403   ok"),
        ("GET",    "/api/v1/admin/audit",                        NONE,                     "401  403   403   403    403   ok"),
        ("GET",    "/api/v1/admin/withdrawals",                  NONE,                     "401  403   403   403    403   ok"),
        ("POST",   "/api/v1/admin/withdrawals/{withdrawal}",     j(json!({"approve": false})), "401  403   403   403    403   ok"),

        // Last: it ends the caller's session.
        ("POST",   "/api/v1/auth/logout",                        NONE,                     "401  ok    ok    ok     ok    ok"),
    ]
}

const CALLERS: [&str; 6] = [
    "anonymous",
    "buyer",
    "other buyer",
    "other seller",
    "owner",
    "admin",
];

#[tokio::test]
async fn every_route_answers_each_kind_of_caller_as_its_row_says() {
    let world = World::new().await;
    let table = table();

    let documented = world.documented_operations().await;
    let listed: BTreeSet<(String, String)> = table
        .iter()
        .map(|(method, path, _, _)| ((*method).to_owned(), template(path)))
        .collect();
    let mut wrong = Vec::new();
    for (method, path, body, expected) in &table {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let path = world.fill(path);
        let expected: Vec<&str> = expected.split_whitespace().collect();
        assert_eq!(
            expected.len(),
            CALLERS.len(),
            "{method} {path}: one answer per caller"
        );
        let mut calls = vec![("banned", Some(world.banned.token.as_str()), expected[0])];
        calls.extend(
            CALLERS
                .iter()
                .zip(world.tokens())
                .zip(&expected)
                .map(|((caller, token), expected)| (*caller, token, *expected)),
        );
        for (caller, token, expected) in calls {
            let status = world.call(&method, &path, body, token).await;
            if !answers(expected, status) {
                wrong.push(format!(
                    "{method} {path} as {caller}: {status}, expected {expected}"
                ));
            }
        }
    }
    let missing: Vec<_> = documented.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&documented).collect();
    assert!(
        missing.is_empty() && stale.is_empty() && wrong.is_empty(),
        "the table must list exactly the document's operations, and each must answer as its \
         row says\nwithout a row: {missing:?}\nnot in the document: {stale:?}\n\
         {} wrong answers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Whether `status` is of the answer class the table names.
fn answers(expected: &str, status: StatusCode) -> bool {
    match expected {
        "ok" => status.is_success() || matches!(status.as_u16(), 400 | 409 | 422),
        "no" => matches!(status.as_u16(), 403 | 404),
        code => code
            .parse::<u16>()
            .is_ok_and(|code| status.as_u16() == code),
    }
}

/// A path with every parameter written `{}`, so that a table row and the document's
/// template of the same route compare equal.
fn template(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The market of the orders' tests (Sam sells the lamp, Rita the mug, Ann buys), an admin,
/// another buyer, a banned account, and one of each object the table's paths name.
struct World {
    console: Console,
    bob: Account,
    banned: Account,
    ids: BTreeMap<&'static str, String>,
}

impl World {
    async fn new() -> Self {
        let console = Console::new().await;
        let market = &console.market;
        let app = &market.app;
        let (bob, _) = market.buyer("bob@example.com").await;
        let banned = app.active_buyer("banned@example.com").await;
        let mut ids = BTreeMap::new();

        // Ann's first lamp order is delivered and reviewed; Sam asks to be paid for it.
        let delivered = market.delivered_lamp_order().await;
        let delivered_order = delivered["id"].as_str().unwrap().to_owned();
        let review = market
            .post(
                &market.ann,
                &format!("/api/v1/products/{}/reviews", market.lamp),
                &review_of(&delivered_order),
            )
            .await;
        ids.insert("review", created(review).await);
        market.add_withdraw_method(&market.sam).await;
        let withdrawal = market
            .post(
                &market.sam,
                "/api/v1/me/shop/withdrawals",
                &json!({"amount": usd(2000)}),
            )
            .await;
        ids.insert("withdrawal", created(withdrawal).await);
        ids.insert("delivered_order", delivered_order);

        // Her second checkout is under way.
        let placed = market.place_cod().await;
        ids.insert(
            "checkout",
            placed["checkout_id"].as_str().unwrap().to_owned(),
        );
        let order = Market::order_with(&placed, &market.lamp)["id"]
            .as_str()
            .unwrap();
        ids.insert("order", order.to_owned());

        let lamp = market.product(&market.lamp).await;
        ids.insert(
            "lamp_image",
            lamp["images"][0]["id"].as_str().unwrap().to_owned(),
        );
        ids.insert("shop", lamp["shop"]["id"].as_str().unwrap().to_owned());
        let spare = listed_product(app, &market.sam, product_input("Spare bulb", 500)).await;

        let event = market
            .post(&market.sam, "/api/v1/events", &event_of(&market.lamp))
            .await;
        let event = created(event).await;
        let banners = app
            .upload_many_as(
                &market.sam.token,
                &format!("/api/v1/events/{event}/images"),
                vec![png(600, 200)],
            )
            .await;
        let banners: Value = banners.json().await.unwrap();
        ids.insert(
            "banner",
            banners["banners"][0]["id"].as_str().unwrap().to_owned(),
        );
        ids.insert("event", event);
        let spare_event = market
            .post(&market.sam, "/api/v1/events", &later_event_of(&market.lamp))
            .await;
        ids.insert("spare_event", created(spare_event).await);
        ids.insert("spare_product", spare);

        let coupon = market.post(&market.sam, "/api/v1/coupons", &coupon()).await;
        let coupon: Value = coupon.json().await.unwrap();
        ids.insert("coupon_code", coupon["code"].as_str().unwrap().to_owned());
        let spare_coupon = market
            .post(
                &market.sam,
                "/api/v1/coupons",
                &json!({"code": "SPARE", "percent_off": 5, "min_subtotal": usd(0)}),
            )
            .await;
        ids.insert("spare_coupon", created(spare_coupon).await);

        let conversation = market
            .post(
                &market.ann,
                "/api/v1/conversations",
                &json!({"shop_id": ids["shop"]}),
            )
            .await;
        ids.insert("conversation", created(conversation).await);
        ids.insert("address", market.address.clone());
        ids.insert("spare_address", add_address(app, &market.ann).await);
        ids.insert("lamp", market.lamp.clone());
        ids.insert("mug", market.mug.clone());
        ids.insert("ann", market.ann.id.clone());
        ids.insert("banned", banned.id.clone());

        console
            .set_banned(&banned, true, "Test of the matrix")
            .await;
        Self {
            console,
            bob,
            banned,
            ids,
        }
    }

    /// The tokens of `CALLERS`, in order.
    fn tokens(&self) -> [Option<&str>; 6] {
        let m = &self.console.market;
        [
            None,
            Some(&m.ann.token),
            Some(&self.bob.token),
            Some(&m.rita.token),
            Some(&m.sam.token),
            Some(&self.console.admin.token),
        ]
    }

    /// `text` with each `{name}` of a fixture object replaced by its id.
    fn fill(&self, text: &str) -> String {
        self.ids.iter().fold(text.to_owned(), |text, (name, id)| {
            text.replace(&format!("{{{name}}}"), id)
        })
    }

    /// Every operation of the served OpenAPI document, as (method, template).
    async fn documented_operations(&self) -> BTreeSet<(String, String)> {
        let document = self.console.market.app.get_json("/api/openapi.json").await;
        let mut operations = BTreeSet::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                if ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                    operations.insert((method.to_uppercase(), template(path)));
                }
            }
        }
        operations
    }

    async fn call(
        &self,
        method: &Method,
        path: &str,
        body: &Body,
        token: Option<&str>,
    ) -> StatusCode {
        let app = &self.console.market.app;
        let mut request = app
            .http
            .request(method.clone(), app.url(path))
            .header("Idempotency-Key", uuid::Uuid::now_v7().to_string());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request = match body {
            Body::None => request,
            Body::Socket => match token {
                Some(token) => request.header("Sec-WebSocket-Protocol", format!("bearer.{token}")),
                None => request,
            },
            Body::Json(value) => request
                .json(&serde_json::from_str::<Value>(&self.fill(&value.to_string())).unwrap()),
            Body::Image => {
                let part = multipart::Part::bytes(png(32, 32)).file_name("picture.png");
                request.multipart(multipart::Form::new().part("image", part))
            }
        };
        request.send().await.unwrap().status()
    }
}

/// The id of a 201's body, or a failure that shows what came instead.
async fn created(response: reqwest::Response) -> String {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    body["id"].as_str().unwrap().to_owned()
}

fn signup() -> Value {
    json!({"name": "Newcomer", "email": "new@example.com", "password": crate::helpers::PASSWORD})
}

fn seller_signup() -> Value {
    json!({"name": "New Seller", "email": "newshop@example.com", "password": crate::helpers::PASSWORD, "shop": shop_input("New Goods")})
}

fn email() -> Value {
    json!({"email": "bob@example.com"})
}

fn bobs_login() -> Value {
    json!({"email": "bob@example.com", "password": crate::helpers::PASSWORD})
}

fn reset() -> Value {
    json!({"token": "not-a-token", "password": "a new long passphrase"})
}

fn wrong_password() -> Value {
    json!({"current_password": "not the password", "new_password": "another long passphrase"})
}

fn address() -> Value {
    json!({"label": "office", "country": "US", "city": "Springfield", "line1": "2 Main St", "postal_code": "12345"})
}

fn withdraw_method() -> Value {
    crate::shops::withdraw_method()
}

fn product() -> Value {
    product_input("Table lamp", 4000)
}

fn image_order() -> Value {
    json!({"image_ids": ["{lamp_image}"]})
}

fn review_of(order: &str) -> Value {
    json!({"order_id": order, "rating": 4, "comment": "Warm light"})
}

fn review() -> Value {
    review_of("{delivered_order}")
}

fn at(offset: Duration) -> String {
    (OffsetDateTime::now_utc() + offset)
        .format(&Rfc3339)
        .unwrap()
}

/// A sale of `product` in three days, for a day: beside the running one.
fn later_event_of(product: &str) -> Value {
    json!({
        "product_id": product,
        "name": "Lamp weekend",
        "event_price": usd(250),
        "starts_at": at(Duration::days(3)),
        "ends_at": at(Duration::days(4)),
    })
}

/// A shop of the right shape, but nameless: refused after the caller is known.
fn blank_shop() -> Value {
    let mut shop = shop_input("New Goods");
    shop["name"] = json!(" ");
    shop
}

fn event_of(product: &str) -> Value {
    json!({
        "product_id": product,
        "name": "Lamp week",
        "event_price": usd(200),
        "starts_at": at(Duration::minutes(-1)),
        "ends_at": at(Duration::days(2)),
    })
}

fn lamp_event() -> Value {
    event_of("{lamp}")
}

fn coupon() -> Value {
    json!({"code": "LAMPS-10", "percent_off": 10, "min_subtotal": usd(1000)})
}

fn cod() -> Value {
    json!({"address_id": "{address}", "payment_method": "cod"})
}

fn ban() -> Value {
    json!({"banned": true, "reason": "Again"})
}

fn unhide() -> Value {
    json!({"hidden": false, "reason": "Fine as it is"})
}

fn dispute() -> Value {
    json!({"status": "refunded", "reason": "The lamp never worked"})
}
