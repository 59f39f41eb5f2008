//! Shoppers: sign-up and activation, search and filters, the cart across reloads, devices
//! and sign-in, and a weak password refused at its field.

use crate::harness::{App, Driver, PASSWORD, machine};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn a_new_buyer_finds_a_product_and_keeps_two_in_the_cart_on_every_device() {
    let Some(machine) = machine("a_new_buyer_finds_a_product…") else {
        return;
    };
    let app = App::start(&machine).await;
    let seller = app
        .seller_through_api("sam@example.com", "Lamp Works")
        .await;
    let lamp = app
        .product_through_api(&seller, "Brass desk lamp", "home", 3_500)
        .await;
    app.product_through_api(&seller, "Brass wall clock", "gifts", 2_000)
        .await;
    let mut driver = Driver::start(&machine).await;
    let browser = driver.browser(1280, 900).await;

    // Sign up, then open the activation link from the outbox: signed in.
    browser.open(&app, "/sign-up").await;
    browser.fill("#field-name", "Ann Buyer").await;
    browser.fill("#field-email", "ann@example.com").await;
    browser.fill("#field-password", PASSWORD).await;
    browser.click(".auth-card button[type='submit']").await;
    browser.sees("Check your e-mail").await;
    let token = app.token_from_mail("ann@example.com", "activate").await;
    browser
        .open(&app, &format!("/activate?token={token}"))
        .await;
    browser.sees("Welcome to Bazaar, Ann Buyer!").await;
    browser.find_with_text(".user-name", "Ann Buyer").await;

    // Search, then narrow to a category: only the lamp is left.
    browser.fill("#site-search", "brass").await;
    browser.click(".search-button").await;
    browser.wait_for_url("q=brass").await;
    browser
        .find_with_text(".product-card", "Brass wall clock")
        .await;
    browser.choose("#filter-category", "home").await;
    browser.click("#filter-in-stock").await;
    browser.click(".filter-panel button[type='submit']").await;
    browser.wait_for_url("category=home").await;
    browser
        .find_with_text(".result-count", "1 products shown")
        .await;
    assert!(browser.url().await.contains("in_stock=true"));

    // Back goes to the unfiltered search, forward to the filtered one.
    browser.client.back().await.unwrap();
    browser
        .find_with_text(".result-count", "2 products shown")
        .await;
    browser.client.forward().await.unwrap();
    browser
        .find_with_text(".result-count", "1 products shown")
        .await;

    // Open the lamp and put two in the cart.
    browser
        .find_with_text(".product-card-link", "Brass desk lamp")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_for_url(&format!("/products/{lamp}")).await;
    browser.find_with_text("h1", "Brass desk lamp").await;
    browser.fill("#quantity", "2").await;
    browser.click("#add-to-cart").await;
    browser.cart_count_is(2).await;

    // A reload keeps it: the cart lives on the server.
    browser.client.refresh().await.unwrap();
    browser.cart_count_is(2).await;

    // Another browser profile (another device) signs in and sees the same cart.
    let phone = driver.browser(1280, 900).await;
    phone.open(&app, "/sign-in").await;
    phone.fill("#field-email", "ann@example.com").await;
    phone.fill("#field-password", PASSWORD).await;
    phone.click(".auth-card button[type='submit']").await;
    phone.find_with_text(".user-name", "Ann Buyer").await;
    phone.cart_count_is(2).await;
    phone.click("#cart-link").await;
    phone.find_with_text(".cart-line", "Brass desk lamp").await;
    phone.find_with_text(".cart-shop-name", "Lamp Works").await;
    phone
        .find_with_text("[data-testid='cart-total']", "$70.00")
        .await;

    phone.client.close().await.unwrap();
    browser.client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn a_guest_cart_merges_into_the_account_cart_at_sign_in() {
    let Some(machine) = machine("a_guest_cart_merges…") else {
        return;
    };
    let app = App::start(&machine).await;
    let seller = app
        .seller_through_api("sam@example.com", "Tea Corner")
        .await;
    let teapot = app
        .product_through_api(&seller, "Cast iron teapot", "home", 4_000)
        .await;
    let cups = app
        .product_through_api(&seller, "Tea cups", "home", 1_200)
        .await;
    let buyer = app.buyer_through_api("bea@example.com").await;
    app.put_in_cart_through_api(&buyer, &cups, 2).await;

    let mut driver = Driver::start(&machine).await;
    let browser = driver.browser(1280, 900).await;
    browser.open(&app, &format!("/products/{teapot}")).await;
    browser.find_with_text("h1", "Cast iron teapot").await;
    browser.click("#add-to-cart").await;
    browser.cart_count_is(1).await;
    // Still there after a reload, from local storage.
    browser.client.refresh().await.unwrap();
    browser.cart_count_is(1).await;

    browser.open(&app, "/sign-in").await;
    browser.fill("#field-email", "bea@example.com").await;
    browser.fill("#field-password", PASSWORD).await;
    browser.click(".auth-card button[type='submit']").await;
    browser.cart_count_is(3).await;
    browser.click("#cart-link").await;
    browser
        .find_with_text(".cart-line", "Cast iron teapot")
        .await;
    browser.find_with_text(".cart-line", "Tea cups").await;
    assert_eq!(
        app.count("cart_items").await,
        2,
        "both lines are on the server"
    );
    let guest_cart = browser
        .script("return window.localStorage.getItem('bazaar.cart');")
        .await;
    assert!(
        guest_cart.is_null(),
        "the guest cart is emptied once merged"
    );
    browser.client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn a_weak_password_is_refused_at_its_field_and_nothing_is_created() {
    let Some(machine) = machine("a_weak_password_is_refused…") else {
        return;
    };
    let app = App::start(&machine).await;
    let mut driver = Driver::start(&machine).await;
    let browser = driver.browser(1280, 900).await;
    browser.open(&app, "/sign-up").await;
    browser.fill("#field-name", "Wes Weak").await;
    browser.fill("#field-email", "wes@example.com").await;
    browser.fill("#field-password", "password").await;
    browser.click(".auth-card button[type='submit']").await;

    let message = browser.find("#field-password-errors li").await;
    assert!(!message.text().await.unwrap().is_empty());
    let invalid = browser.find("#field-password").await;
    assert_eq!(
        invalid.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert!(browser.url().await.ends_with("/sign-up"));
    assert_eq!(app.count("users").await, 0, "no account was created");
    browser.client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn an_anonymous_visit_asks_for_no_session_and_a_signed_in_one_is_restored() {
    let Some(machine) = machine("an_anonymous_visit_asks_for_no_session…") else {
        return;
    };
    let app = App::start(&machine).await;
    let seller = app
        .seller_through_api("sam@example.com", "Lamp Works")
        .await;
    app.product_through_api(&seller, "Brass desk lamp", "home", 3_500)
        .await;
    app.buyer_through_api("bea@example.com").await;
    let mut driver = Driver::start(&machine).await;
    let browser = driver.browser(1280, 900).await;
    let asked_for_session = r#"return performance.getEntriesByType("resource")
        .some(e => new URL(e.name).pathname === "/api/v1/me");"#;

    // Nobody signed in here: the app does not ask who, so no refusal is logged.
    browser.open(&app, "/").await;
    browser
        .find_with_text(".product-card", "Brass desk lamp")
        .await;
    browser.find_with_text("a", "Sign in").await;
    assert_eq!(browser.script(asked_for_session).await, false);

    // Signed in, a reload restores the session.
    browser.sign_in(&app, "bea@example.com", "Bea Buyer").await;
    browser.client.refresh().await.unwrap();
    browser.find_with_text(".user-name", "Bea Buyer").await;
    assert_eq!(browser.script(asked_for_session).await, true);

    // A session that ended elsewhere: one refused question, then the hint is gone too.
    browser
        .client
        .delete_cookie("bazaar_session")
        .await
        .unwrap();
    browser.client.refresh().await.unwrap();
    browser.find_with_text("a", "Sign in").await;
    crate::harness::eventually("the signed-in hint to be dropped", || async {
        let cookies = browser.script("return document.cookie;").await;
        (!cookies.as_str()?.contains("bazaar_signed_in")).then_some(())
    })
    .await;
}
