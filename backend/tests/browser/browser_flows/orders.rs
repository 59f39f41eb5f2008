//! Orders: a buyer checks out two shops' items cash on delivery; a seller on a phone moves an
//! order along to delivered while the buyer's open order page follows live; the buyer reviews
//! the delivered line; a refund asked for, approved, and seen by both.

use crate::harness::{App, Browser, Driver, eventually, machine};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn a_buyer_checks_out_two_shops_cash_on_delivery_and_sees_both_orders() {
    let Some(machine) = machine("a_buyer_checks_out_two_shops…") else {
        return;
    };
    let app = App::start(&machine).await;
    let lamps = app
        .seller_through_api("sam@example.com", "Lamp Works")
        .await;
    let lamp = app
        .product_through_api(&lamps, "Brass desk lamp", "home", 3_500)
        .await;
    let teas = app
        .seller_through_api("tia@example.com", "Tea Corner")
        .await;
    let teapot = app
        .product_through_api(&teas, "Cast iron teapot", "home", 4_000)
        .await;
    app.buyer_through_api("bea@example.com").await;
    let mut driver = Driver::start(&machine).await;
    let browser = driver.browser(1280, 900).await;
    browser.sign_in(&app, "bea@example.com", "Bea Buyer").await;

    // One item from each shop.
    browser.open(&app, &format!("/products/{lamp}")).await;
    browser.find_with_text("h1", "Brass desk lamp").await;
    browser.click("#add-to-cart").await;
    browser.cart_count_is(1).await;
    browser.open(&app, &format!("/products/{teapot}")).await;
    browser.find_with_text("h1", "Cast iron teapot").await;
    browser.click("#add-to-cart").await;
    browser.cart_count_is(2).await;

    browser.click("#cart-link").await;
    browser.click("#checkout-link").await;
    browser.wait_for_url("/checkout").await;
    browser.find_with_text("h1", "Checkout").await;

    // No address yet: add one, and it is the one chosen.
    browser
        .find_with_text("button", "Add an address")
        .await
        .click()
        .await
        .unwrap();
    browser.fill("#field-line1", "12 Elm Road").await;
    browser.fill("#field-postal_code", "12345").await;
    browser.fill("#field-city", "Springfield").await;
    browser.fill("#field-country", "United States").await;
    browser.click(".address-form button[type='submit']").await;
    let address = browser
        .find_with_text(".choice", "12 Elm Road")
        .await
        .find(Locator::Css("input[type='radio']"))
        .await
        .unwrap();
    eventually("the new address to be chosen", || async {
        address.is_selected().await.ok()?.then_some(())
    })
    .await;

    // Cash on delivery; the server's prices by shop, then place.
    browser
        .find_with_text(".choice", "Cash on delivery")
        .await
        .click()
        .await
        .unwrap();
    browser.find_with_text(".cart-shop", "Lamp Works").await;
    browser.find_with_text(".cart-shop", "Tea Corner").await;
    browser
        .find_with_text("[data-testid='checkout-total']", "$75.00")
        .await;
    browser.click("#place-order").await;

    // The success page lists both orders, one per shop.
    browser.wait_for_url("/checkout/done").await;
    browser
        .find_with_text("h1", "Thank you for your order")
        .await;
    browser
        .sees("2 orders are placed, one for each shop.")
        .await;
    let placed = browser.find("[data-testid='placed-orders']").await;
    eventually("both orders on the success page", || async {
        let text = placed.text().await.ok()?;
        (text.contains("Lamp Works")
            && text.contains("Brass desk lamp")
            && text.contains("Tea Corner")
            && text.contains("Cast iron teapot"))
        .then_some(())
    })
    .await;
    browser.cart_count_is(0).await;

    // And in My orders, both being processed (cash on delivery needs no payment first).
    browser
        .find_with_text("a.button", "All my orders")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_for_url("/orders").await;
    for shop in ["Lamp Works", "Tea Corner"] {
        let card = browser.find_with_text(".order-card", shop).await;
        let text = card.text().await.unwrap();
        assert!(text.contains("Processing"), "{shop}: {text}");
    }
    assert_eq!(app.count("orders").await, 2);
    browser.client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn on_a_phone_a_seller_delivers_an_order_and_the_buyers_open_page_follows_live() {
    let Some(machine) = machine("on_a_phone_a_seller_delivers_an_order…") else {
        return;
    };
    let app = App::start(&machine).await;
    let seller = app
        .seller_through_api("sam@example.com", "Lamp Works")
        .await;
    let lamp = app
        .product_through_api(&seller, "Brass desk lamp", "home", 3_500)
        .await;
    let buyer = app.buyer_through_api("bea@example.com").await;
    let order = app.order_through_api(&buyer, &lamp, 1).await;
    let mut driver = Driver::start(&machine).await;

    // The buyer has the order open, and never reloads it.
    let watcher = driver.browser(1280, 900).await;
    watcher.sign_in(&app, "bea@example.com", "Bea Buyer").await;
    watcher.open(&app, &format!("/orders/{order}")).await;
    status_is(&watcher, "Processing").await;
    watcher.script("window.stillTheSamePage = true;").await;

    // The seller, on a phone, finds it under "To send" through the app's tab bar.
    let phone = driver.phone().await;
    phone.sign_in(&app, "sam@example.com", "Sam Seller").await;
    phone.open(&app, "/shop").await;
    phone
        .find_with_text("nav.app-tabs a", "Orders")
        .await
        .click()
        .await
        .unwrap();
    phone.wait_for_url("/shop/orders").await;
    phone
        .find_with_text(".tab", "To send")
        .await
        .click()
        .await
        .unwrap();
    phone.wait_for_url("status=processing").await;
    let card = format!(".order-card[data-order-id='{order}']");
    phone.find_with_text(&card, "Bea Buyer").await;

    // One tap: with the delivery partner.
    phone
        .click(&format!("{card} [data-testid='next-status']"))
        .await;
    phone
        .find_with_text(".toast", "Marked as with the delivery partner.")
        .await;
    status_is(&watcher, "With the delivery partner").await;

    // Then straight on to delivered, from the same card.
    phone
        .find_with_text(&card, "With the delivery partner")
        .await;
    phone.choose(&format!("{card} select"), "delivered").await;
    phone.click(&format!("{card} .skip-ahead button")).await;
    phone.find_with_text(".toast", "Marked as delivered.").await;
    phone.find_with_text(&card, "Delivered").await;
    assert_no_sideways_overflow(&phone).await;

    // The buyer's page followed without a reload.
    status_is(&watcher, "Delivered").await;
    watcher
        .find_with_text("[data-testid='order-timeline'] .current", "Delivered")
        .await;
    let same_page = watcher
        .script("return window.stillTheSamePage === true;")
        .await;
    assert_eq!(
        same_page.as_bool(),
        Some(true),
        "the buyer's page never reloaded"
    );

    phone.client.close().await.unwrap();
    watcher.client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn a_buyer_reviews_a_delivered_line_and_the_review_shows_on_the_product_page() {
    let Some(machine) = machine("a_buyer_reviews_a_delivered_line…") else {
        return;
    };
    let app = App::start(&machine).await;
    let (lamp, order) = delivered_lamp(&app).await;
    let mut driver = Driver::start(&machine).await;
    let browser = driver.browser(1280, 900).await;
    browser.sign_in(&app, "bea@example.com", "Bea Buyer").await;

    browser.open(&app, &format!("/orders/{order}")).await;
    status_is(&browser, "Delivered").await;
    browser
        .find_with_text(".order-line button", "Write a review")
        .await
        .click()
        .await
        .unwrap();
    browser
        .find_with_text(".review-form legend", "Your rating of Brass desk lamp")
        .await;
    // The fourth star.
    browser.click(".star-choice:nth-child(4)").await;
    browser
        .fill(
            "#field-comment",
            "Bright, solid, and it arrived well packed.",
        )
        .await;
    browser
        .find_with_text(".review-form button[type='submit']", "Post review")
        .await
        .click()
        .await
        .unwrap();
    browser
        .find_with_text(".toast", "Thank you for your review.")
        .await;
    browser
        .find_with_text(".order-line", "You reviewed this.")
        .await;

    browser.open(&app, &format!("/products/{lamp}")).await;
    browser
        .find_with_text(".reviews", "Rated 4.0 out of 5 by 1 buyer.")
        .await;
    let review = browser
        .find_with_text("[data-testid='reviews'] .review", "Bea Buyer")
        .await;
    let text = review.text().await.unwrap();
    assert!(
        text.contains("Bright, solid, and it arrived well packed."),
        "the comment shows: {text}"
    );
    browser.client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn a_buyer_asks_for_a_refund_the_seller_approves_it_and_both_see_it_refunded() {
    let Some(machine) = machine("a_buyer_asks_for_a_refund…") else {
        return;
    };
    let app = App::start(&machine).await;
    let (_, order) = delivered_lamp(&app).await;
    let mut driver = Driver::start(&machine).await;

    let buyer = driver.browser(1280, 900).await;
    buyer.sign_in(&app, "bea@example.com", "Bea Buyer").await;
    buyer.open(&app, &format!("/orders/{order}")).await;
    status_is(&buyer, "Delivered").await;
    buyer
        .find_with_text("button", "Ask for a refund")
        .await
        .click()
        .await
        .unwrap();
    buyer
        .fill("#field-reason", "The shade arrived cracked.")
        .await;
    buyer
        .find_with_text("form button[type='submit']", "Send refund request")
        .await
        .click()
        .await
        .unwrap();
    buyer
        .find_with_text(".toast", "Your refund request is sent to the shop.")
        .await;
    status_is(&buyer, "Refund requested").await;

    // The seller reads the reason and approves, on a phone.
    let phone = driver.phone().await;
    phone.sign_in(&app, "sam@example.com", "Sam Seller").await;
    phone
        .open(&app, "/shop/orders?status=refund_requested")
        .await;
    let card = format!(".order-card[data-order-id='{order}']");
    phone
        .find_with_text(&format!("{card} a"), "From Bea Buyer")
        .await
        .click()
        .await
        .unwrap();
    phone.wait_for_url(&format!("/shop/orders/{order}")).await;
    phone
        .find_with_text(".refund-reason", "The shade arrived cracked.")
        .await;
    phone.tap("button", "Approve refund").await;
    phone.tap("button", "Yes, refund").await;
    phone.find_with_text(".toast", "Refund approved").await;
    status_is(&phone, "Refunded").await;
    assert_no_sideways_overflow(&phone).await;

    // The buyer's page, still open, says so too.
    status_is(&buyer, "Refunded").await;
    buyer.client.refresh().await.unwrap();
    status_is(&buyer, "Refunded").await;

    phone.client.close().await.unwrap();
    buyer.client.close().await.unwrap();
}

/// Waits until the order page's status badge reads `status`.
async fn status_is(browser: &Browser, status: &str) {
    let client = &browser.client;
    eventually(
        &format!("the order's status to read {status:?}"),
        || async move {
            let badge = client
                .find(Locator::Css(".section-head .badge"))
                .await
                .ok()?;
            (badge.text().await.ok()?.trim() == status).then_some(())
        },
    )
    .await;
}

async fn assert_no_sideways_overflow(phone: &Browser) {
    let overflow = phone
        .script("return document.documentElement.scrollWidth - window.innerWidth;")
        .await;
    // Negative when a vertical scrollbar takes its width from the viewport.
    assert!(
        overflow.as_i64().is_some_and(|o| o <= 0),
        "nothing sticks out sideways: {overflow}"
    );
}

/// Bea's order of Sam's brass desk lamp, placed and delivered through the API; (lamp, order).
async fn delivered_lamp(app: &App) -> (String, String) {
    let seller = app
        .seller_through_api("sam@example.com", "Lamp Works")
        .await;
    let lamp = app
        .product_through_api(&seller, "Brass desk lamp", "home", 3_500)
        .await;
    let buyer = app.buyer_through_api("bea@example.com").await;
    let order = app.order_through_api(&buyer, &lamp, 1).await;
    app.move_order_through_api(&seller, &order, "delivered")
        .await;
    (lamp, order)
}
