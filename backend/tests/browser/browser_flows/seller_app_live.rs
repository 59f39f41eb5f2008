//! The sellers' app at work on a phone (390×844): the tab bar under /shop with what waits on
//! its badges, the dashboard's first numbers, a new order arriving live while a buyer checks
//! out, and one tap to send it on.

use crate::harness::{App, Browser, Driver, eventually, machine};
use reqwest::Method;
use serde_json::{Value, json};

/// The text of the first element matching `css` as the DOM has it (visually hidden words
/// included, as a screen reader reads them), or `None` when there is none.
async fn text_of(browser: &Browser, css: &str) -> Option<String> {
    let text = browser
        .client
        .execute(
            "const e = document.querySelector(arguments[0]);
             return e ? e.textContent.replace(/\\s+/g, ' ').trim() : null;",
            vec![json!(css)],
        )
        .await
        .ok()?;
    text.as_str().map(str::to_owned)
}

/// Waits until the element matching `css` reads `expected`.
async fn reads(browser: &Browser, css: &str, expected: &str) {
    eventually(&format!("{css} to read {expected:?}"), || async {
        (text_of(browser, css).await.as_deref() == Some(expected)).then_some(())
    })
    .await;
}

/// Sam's shop with one lamp, and Bea, a buyer who has opened a conversation with it.
struct LampShop {
    seller: String,
    lamp: String,
    buyer: String,
    /// Where the conversation's messages are posted.
    messages: String,
}

async fn lamp_shop_and_a_buyer(app: &App) -> LampShop {
    let seller = app
        .seller_through_api("sam@example.com", "Lamp Works")
        .await;
    let lamp = app
        .product_through_api(&seller, "Brass desk lamp", "home", 3_500)
        .await;
    let me = app
        .api(Method::GET, &seller, "/api/v1/me", &Value::Null)
        .await;
    let buyer = app.buyer_through_api("bea@example.com").await;
    let conversation = app
        .api(
            Method::POST,
            &buyer,
            "/api/v1/conversations",
            &json!({ "shop_id": me["shop_id"] }),
        )
        .await;
    let messages = format!(
        "/api/v1/conversations/{}/messages",
        conversation["id"].as_str().unwrap()
    );
    LampShop {
        seller,
        lamp,
        buyer,
        messages,
    }
}

async fn figure(browser: &Browser, tile: &str, expected: &str) {
    reads(
        browser,
        &format!("[data-testid='{tile}'] .stat-value"),
        expected,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn a_seller_on_a_phone_gets_a_new_order_live_and_ships_it_with_one_tap() {
    let Some(machine) = machine("a_seller_on_a_phone_gets_a_new_order_live…") else {
        return;
    };
    let app = App::start(&machine).await;
    let LampShop {
        seller,
        lamp,
        buyer,
        messages,
    } = lamp_shop_and_a_buyer(&app).await;
    // A question waits in the inbox before the seller opens the app.
    app.api(
        Method::POST,
        &buyer,
        &messages,
        &json!({ "text": "Is the lamp still available?" }),
    )
    .await;

    let mut driver = Driver::start(&machine).await;
    let phone = driver.phone().await;
    phone.sign_in(&app, "sam@example.com", "Sam Seller").await;
    // The installed app's start URL.
    phone.open(&app, "/shop").await;
    phone.find_with_text(".dashboard-main h1", "My shop").await;

    // The tab bar: fixed to the bottom of the screen, four tabs, the shop's one current.
    let bar = phone
        .script(
            "const nav = document.querySelector('nav.app-tabs'); const box = nav.getBoundingClientRect();
             return { label: nav.getAttribute('aria-label'), position: getComputedStyle(nav).position,
                      at_bottom: Math.round(box.bottom) === window.innerHeight, spans: Math.round(box.width) === document.documentElement.clientWidth,
                      tabs: [...nav.querySelectorAll('a .app-tab-label')].map(t => t.textContent),
                      current: [...nav.querySelectorAll('a[aria-current=page]')].map(a => a.textContent.trim()) };",
        )
        .await;
    assert_eq!(
        bar,
        json!({"label": "Shop app", "position": "fixed", "at_bottom": true, "spans": true,
               "tabs": ["Orders", "Inbox", "Products", "Shop"], "current": ["Shop"]})
    );

    // The menu above keeps what the tab bar does not have.
    let menu = phone
        .script(
            "return [...document.querySelectorAll('.dashboard-nav a')]
                 .filter(a => a.offsetParent !== null).map(a => a.textContent.trim());",
        )
        .await;
    assert_eq!(menu, json!(["Events", "Coupons", "Balance", "Settings"]));

    // The numbers a seller checks first; the unread message on the inbox tab too.
    figure(&phone, "today-orders", "0").await;
    figure(&phone, "to-send", "0").await;
    figure(&phone, "unread-messages", "1").await;
    figure(&phone, "available-balance", "$0.00").await;
    reads(&phone, "[data-testid='tab-inbox-badge']", "1 unread").await;
    assert_eq!(
        text_of(&phone, "[data-testid='tab-orders-badge']").await,
        None
    );
    // Nothing asked the browser for notifications on load: that waits for the seller's tap.
    let asked = phone
        .script("return typeof Notification === 'undefined' ? 'none' : Notification.permission;")
        .await;
    assert_ne!(asked, json!("granted"));

    // A buyer checks out (cash on delivery) in another browser: the seller hears of it live.
    let order = app.order_through_api(&buyer, &lamp, 1).await;
    phone
        .find_with_text(".toast", "New order from Bea Buyer")
        .await;
    reads(&phone, "[data-testid='tab-orders-badge']", "1 to send").await;
    figure(&phone, "today-orders", "1").await;
    figure(&phone, "to-send", "1").await;

    // One tap on the tab, one on the order: sent on to the delivery partner.
    phone.click("[data-testid='tab-orders']").await;
    phone.wait_for_url("/shop/orders").await;
    reads(
        &phone,
        "nav.app-tabs a[aria-current=page] .app-tab-label",
        "Orders",
    )
    .await;
    let card = format!(".order-card[data-order-id='{order}']");
    phone.find_with_text(&card, "Bea Buyer").await;
    phone
        .click(&format!("{card} [data-testid='next-status']"))
        .await;
    phone
        .find_with_text(".toast", "Marked as with the delivery partner.")
        .await;
    eventually("the orders badge to go", || async {
        text_of(&phone, "[data-testid='tab-orders-badge']")
            .await
            .is_none()
            .then_some(())
    })
    .await;
    let sent = app
        .api(
            Method::GET,
            &seller,
            &format!("/api/v1/orders/{order}"),
            &Value::Null,
        )
        .await;
    assert_eq!(sent["status"], "transferred_to_delivery_partner");
    let sideways = phone
        .script("return document.documentElement.scrollWidth > window.innerWidth;")
        .await;
    assert_eq!(sideways, json!(false), "the orders page scrolls sideways");

    // Product photos: a phone's camera straight from the form.
    phone.open(&app, "/shop/products/new").await;
    let camera = phone.find("input[type=file][capture]").await;
    assert_eq!(
        camera.attr("accept").await.unwrap().as_deref(),
        Some("image/*")
    );
    assert_eq!(
        camera.attr("capture").await.unwrap().as_deref(),
        Some("environment")
    );

    phone.client.close().await.unwrap();

    // At desktop width the dashboard has its side menu and no tab bar.
    let desktop = driver.browser(1280, 900).await;
    desktop.sign_in(&app, "sam@example.com", "Sam Seller").await;
    desktop.open(&app, "/shop/orders").await;
    desktop.find_with_text(".dashboard-nav a", "Orders").await;
    let menu = desktop
        .script("return [...document.querySelectorAll('.dashboard-nav a')].filter(a => a.offsetParent !== null).length;")
        .await;
    assert_eq!(menu, json!(8), "the whole menu beside the screen");
    let shown = desktop
        .script("return getComputedStyle(document.querySelector('nav.app-tabs')).display;")
        .await;
    assert_eq!(shown, json!("none"));
    desktop.client.close().await.unwrap();
}

/// Stands in for the browser's Notifications API, which headless Chromium cannot show: it
/// records every notification, and says yes when asked.
const FAKE_NOTIFICATIONS: &str = "
    window.shownNotifications = [];
    class FakeNotification {
      constructor(title, options) {
        window.shownNotifications.push({ title, body: options.body });
      }
    }
    FakeNotification.permission = 'default';
    FakeNotification.requestPermission = () => {
      FakeNotification.permission = 'granted';
      return Promise.resolve('granted');
    };
    window.Notification = FakeNotification;";

async fn notifications(browser: &Browser) -> Value {
    browser.script("return window.shownNotifications;").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn once_allowed_new_orders_and_messages_notify_while_the_page_is_hidden() {
    let Some(machine) = machine("once_allowed_new_orders_and_messages_notify…") else {
        return;
    };
    let app = App::start(&machine).await;
    let LampShop {
        lamp,
        buyer,
        messages,
        ..
    } = lamp_shop_and_a_buyer(&app).await;

    let mut driver = Driver::start(&machine).await;
    let phone = driver.phone().await;
    phone.sign_in(&app, "sam@example.com", "Sam Seller").await;
    phone.open(&app, "/shop/products").await;
    phone.script(FAKE_NOTIFICATIONS).await;
    phone.click("[data-testid='tab-shop']").await;

    // Asked only when the seller taps the button.
    assert_eq!(
        phone.script("return Notification.permission;").await,
        json!("default")
    );
    phone.click("[data-testid='notifications'] button").await;
    phone
        .find_with_text("[data-testid='notifications']", "Notifications are on")
        .await;

    // Looking at the page: the toast says it, the system stays quiet.
    app.api(
        Method::POST,
        &buyer,
        &messages,
        &json!({ "text": "Is the lamp still available?" }),
    )
    .await;
    phone
        .find_with_text(".toast", "New message from Bea Buyer")
        .await;
    assert_eq!(notifications(&phone).await, json!([]));

    // In the background (another app in front): the system tells of the order and the message.
    phone
        .script(
            "Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });",
        )
        .await;
    app.order_through_api(&buyer, &lamp, 1).await;
    eventually("a notification of the order", || async {
        let shown = notifications(&phone).await;
        (shown.as_array()?.len() == 1).then_some(shown)
    })
    .await;
    app.api(
        Method::POST,
        &buyer,
        &messages,
        &json!({ "text": "I have just ordered it." }),
    )
    .await;
    let shown = eventually("a notification of the message", || async {
        let shown = notifications(&phone).await;
        (shown.as_array()?.len() == 2).then_some(shown)
    })
    .await;
    assert_eq!(
        shown,
        json!([
            {"title": "New order", "body": "Bea Buyer ordered $35.00."},
            {"title": "Bea Buyer", "body": "I have just ordered it."}
        ])
    );
    // The toast came all the same, for when the seller is back.
    phone
        .find_with_text(".toast", "New order from Bea Buyer")
        .await;
    phone.client.close().await.unwrap();
}
