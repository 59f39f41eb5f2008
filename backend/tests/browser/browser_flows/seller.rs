//! Sellers: sign-up with a shop, a product with pictures, an edit, an event with its price
//! and countdown on the product page; and the dashboard on a phone-sized screen.

use crate::harness::{App, Browser, Driver, PASSWORD, eventually, machine, png_files};
use fantoccini::Locator;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn a_seller_lists_a_product_edits_its_price_and_runs_an_event() {
    let Some(machine) = machine("a_seller_lists_a_product…") else {
        return;
    };
    let app = App::start(&machine).await;
    let mut driver = Driver::start(&machine).await;
    let browser = driver.browser(1280, 900).await;

    // Seller sign-up: account and shop in one form, then the activation link.
    browser.open(&app, "/sell").await;
    browser.fill("#field-name", "Sam Seller").await;
    browser.fill("#field-email", "sam@example.com").await;
    browser.fill("#field-password", PASSWORD).await;
    browser.fill("#field-shop-name", "Sam's Ceramics").await;
    browser.fill("#field-shop-phone", "+1 555 010 0200").await;
    browser.fill("#field-shop-address", "1 Market Street").await;
    browser.fill("#field-shop-postal_code", "12345").await;
    browser.click(".auth-card button[type='submit']").await;
    browser.sees("Check your e-mail").await;
    let token = app.token_from_mail("sam@example.com", "activate").await;
    browser
        .open(&app, &format!("/activate?token={token}"))
        .await;
    browser.sees("Welcome to Bazaar, Sam Seller!").await;

    // A product with two pictures, from the dashboard.
    browser.open(&app, "/shop").await;
    browser
        .find_with_text(".dashboard a", "Add a product")
        .await
        .click()
        .await
        .unwrap();
    browser.fill("#field-name", "Speckled mug").await;
    browser
        .fill("#field-description", "Stoneware, 350 ml.")
        .await;
    browser.choose("#field-category", "home").await;
    browser.fill("#field-original_price", "30").await;
    browser.fill("#field-price", "24.50").await;
    browser.fill("#field-stock", "12").await;
    browser
        .attach("#product-images", &png_files(app.dir.path(), 2))
        .await;
    eventually("two previews", || async {
        let previews = browser
            .client
            .find_all(Locator::Css(".image-previews img"))
            .await
            .ok()?;
        (previews.len() == 2).then_some(())
    })
    .await;
    browser.click(".product-form button[type='submit']").await;
    browser.sees("Speckled mug is listed.").await;
    browser.wait_for_url("/shop/products").await;
    browser
        .find_with_text(".product-table tr", "Speckled mug")
        .await;
    assert_eq!(app.count("product_images").await, 2);

    // Shoppers find it in the listing and on the shop page.
    browser.open(&app, "/products?q=speckled").await;
    let card = browser
        .find_with_text(".product-card", "Speckled mug")
        .await;
    assert!(card.text().await.unwrap().contains("$24.50"));
    card.find(Locator::Css(".product-card-shop a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.find_with_text("h1", "Sam's Ceramics").await;
    browser
        .find_with_text(".product-card", "Speckled mug")
        .await;

    // Edit the price.
    browser.open(&app, "/shop/products").await;
    browser
        .find_with_text(".product-table a", "Edit")
        .await
        .click()
        .await
        .unwrap();
    browser.find_with_text("h1", "Edit product").await;
    let price = browser.find("#field-price").await;
    eventually("the form filled from the product", || async {
        let value = price.prop("value").await.ok()??;
        (value == "24.50").then_some(())
    })
    .await;
    browser.fill("#field-price", "22").await;
    browser.click(".product-form button[type='submit']").await;
    browser.sees("Changes saved.").await;
    browser.open(&app, "/products?q=speckled").await;
    browser.find_with_text(".product-card", "$22.00").await;

    // An event for it, running from now: the product page shows its price and countdown.
    browser.open(&app, "/shop/events/new").await;
    let product_option = browser
        .find_with_text("#field-product_id option", "Speckled mug")
        .await;
    let product_id = product_option.attr("value").await.unwrap().unwrap();
    browser.choose("#field-product_id", &product_id).await;
    browser.fill("#field-name", "Spring sale").await;
    browser.fill("#field-event_price", "18").await;
    browser
        .click(".dashboard-main form button[type='submit']")
        .await;
    browser.sees("Spring sale is saved.").await;
    browser.find_with_text(".event-row", "Spring sale").await;

    browser.open(&app, &format!("/products/{product_id}")).await;
    let notice = browser
        .find_with_text("[data-testid='event-notice']", "Spring sale")
        .await;
    assert!(notice.text().await.unwrap().contains("$18.00"));
    let countdown = notice.find(Locator::Css(".countdown")).await.unwrap();
    let first = countdown.text().await.unwrap();
    assert!(
        first.starts_with("6d ") || first.starts_with("7d "),
        "a week-long countdown, got {first}"
    );
    eventually("the countdown to tick", || async {
        let now = countdown.text().await.ok()?;
        (now != first).then_some(())
    })
    .await;
    browser.find_with_text(".price-now", "$18.00").await;
    browser.client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn on_a_phone_a_seller_creates_a_product_from_the_dashboard() {
    let Some(machine) = machine("on_a_phone_a_seller_creates_a_product…") else {
        return;
    };
    let app = App::start(&machine).await;
    app.seller_through_api("pat@example.com", "Pat's Plants")
        .await;
    let mut driver = Driver::start(&machine).await;
    let phone = driver.phone().await;
    phone.open(&app, "/sign-in").await;
    let width = phone.script("return window.innerWidth;").await;
    assert_eq!(width.as_u64(), Some(390), "a 390px wide viewport");

    phone.fill("#field-email", "pat@example.com").await;
    phone.fill("#field-password", PASSWORD).await;
    phone.click(".auth-card button[type='submit']").await;
    phone.click(".user-menu-toggle").await;
    phone
        .find_with_text(".user-menu-list a", "My shop")
        .await
        .click()
        .await
        .unwrap();
    phone.find_with_text("nav.app-tabs a", "Products").await;
    phone.tap(".dashboard a", "Add a product").await;
    phone.fill("#field-name", "Potted fern").await;
    phone.choose("#field-category", "home").await;
    phone.fill("#field-original_price", "15").await;
    phone.fill("#field-price", "12").await;
    phone.fill("#field-stock", "4").await;
    phone
        .attach("#product-images", &png_files(app.dir.path(), 1))
        .await;
    phone.find(".image-previews img").await;
    phone
        .tap(".product-form button[type='submit']", "Create product")
        .await;
    phone.sees("Potted fern is listed.").await;
    phone
        .find_with_text(".product-table tr", "Potted fern")
        .await;

    // A phone widens its layout to fit whatever sticks out (and shows the page zoomed out):
    // the viewport is still the phone's width only when nothing does.
    let widths = phone
        .script("return [window.innerWidth, document.documentElement.scrollWidth];")
        .await;
    assert_eq!(widths, json!([390, 390]), "nothing sticks out sideways");
    phone.client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn on_a_phone_a_seller_creates_a_coupon_sees_it_listed_and_deletes_it() {
    let Some(machine) = machine("on_a_phone_a_seller_creates_a_coupon…") else {
        return;
    };
    let app = App::start(&machine).await;
    let token = app
        .seller_through_api("cory@example.com", "Cory's Candles")
        .await;
    app.product_through_api(&token, "Beeswax candle", "home", 1200)
        .await;
    let mut driver = Driver::start(&machine).await;
    let phone = driver.phone().await;
    phone.open(&app, "/sign-in").await;
    phone.fill("#field-email", "cory@example.com").await;
    phone.fill("#field-password", PASSWORD).await;
    phone.click(".auth-card button[type='submit']").await;
    phone.find(".user-menu-toggle").await;

    // The account menu closes on Escape and on a tap elsewhere.
    phone.open(&app, "/").await;
    let menu_closed = || async {
        let open = phone.client.find_all(Locator::Css(".user-menu-list")).await;
        open.ok()?.is_empty().then_some(())
    };
    phone.click(".user-menu-toggle").await;
    phone.find(".user-menu-list").await;
    phone
        .client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E00C}")
        .await
        .unwrap();
    eventually("the menu to close on Escape", menu_closed).await;
    phone.click(".user-menu-toggle").await;
    phone.find(".user-menu-list").await;
    // Somewhere the open menu does not cover (it reaches over the heading on a phone).
    phone.click(".site-footer").await;
    eventually("the menu to close on a tap elsewhere", menu_closed).await;

    phone.open(&app, "/shop").await;
    phone
        .find_with_text(".dashboard-nav a", "Coupons")
        .await
        .click()
        .await
        .unwrap();
    phone.sees("No coupons yet.").await;

    // A code that is too short is refused at its field, before anything is sent.
    phone.fill("#field-code", "x").await;
    phone.click(".coupon-form button[type='submit']").await;
    phone
        .find_with_text("#field-code-errors li", "letters, digits")
        .await;
    assert_eq!(app.count("coupons").await, 0);

    phone.fill("#field-code", "spring15").await;
    phone.fill("#field-percent_off", "15").await;
    phone.fill("#field-min_subtotal", "20").await;
    phone.fill("#field-max_discount", "5").await;
    let option = phone
        .find_with_text("#field-product_id option", "Beeswax candle")
        .await;
    let product_id = option.attr("value").await.unwrap().unwrap();
    phone.choose("#field-product_id", &product_id).await;
    phone.fill("#field-usage_limit", "3").await;
    phone.click(".coupon-form button[type='submit']").await;
    phone.sees("Coupon SPRING15 is ready to share.").await;
    let row = phone.find_with_text(".coupon-table tr", "SPRING15").await;
    let text = row.text().await.unwrap();
    for shown in [
        "15%",
        "$20.00",
        "$5.00",
        "Beeswax candle",
        "0 of 3",
        "Never",
    ] {
        assert!(text.contains(shown), "the row shows {shown}: {text}");
    }
    assert_eq!(app.count("coupons").await, 1);

    // The same code again: the server's conflict lands at the code field.
    dismiss_toasts(&phone).await;
    phone.fill("#field-code", "Spring15").await;
    phone.click(".coupon-form button[type='submit']").await;
    phone.find("#field-code-errors li").await;
    assert_eq!(app.count("coupons").await, 1);

    // Measured against the layout width, which leaves out a vertical scrollbar.
    let overflow = phone
        .script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        )
        .await;
    // Negative when a vertical scrollbar takes its width from the viewport.
    assert!(
        overflow.as_i64().is_some_and(|o| o <= 0),
        "nothing sticks out sideways: {overflow}"
    );

    // Delete asks first, then the row is gone.
    dismiss_toasts(&phone).await;
    row.find(Locator::Css(".button-danger-outline"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    phone
        .find_with_text(".coupon-table .confirm", "Delete coupon SPRING15?")
        .await;
    phone.click(".coupon-table .confirm .button-danger").await;
    phone.sees("Coupon SPRING15 deleted.").await;
    phone.sees("No coupons yet.").await;
    assert_eq!(app.count("coupons").await, 0);
    phone.client.close().await.unwrap();
}

/// Closes the toasts a phone shows over the bottom of the page, as a person would.
async fn dismiss_toasts(browser: &Browser) {
    let closes = browser
        .client
        .find_all(Locator::Css(".toast-close"))
        .await
        .unwrap();
    for close in closes {
        let _ = close.click().await;
    }
}
