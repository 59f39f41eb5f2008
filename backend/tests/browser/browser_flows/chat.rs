//! Chat: a buyer asks a seller about a product and gets the answer, both live, in two
//! browsers that never reload; a picture travels as a thumbnail.

use crate::harness::{App, Browser, Driver, eventually, machine, png_files};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn a_buyer_asks_about_a_product_and_both_sides_see_the_messages_live() {
    let Some(machine) = machine("a_buyer_asks_about_a_product…") else {
        return;
    };
    let app = App::start(&machine).await;
    let seller_token = app
        .seller_through_api("sam@example.com", "Lamp Works")
        .await;
    let lamp = app
        .product_through_api(&seller_token, "Brass desk lamp", "home", 3_500)
        .await;
    app.buyer_through_api("bea@example.com").await;
    let mut driver = Driver::start(&machine).await;

    // The seller, on a wide screen, has the inbox open and nothing in it yet.
    let seller = driver.browser(1280, 900).await;
    seller.sign_in(&app, "sam@example.com", "Sam Seller").await;
    seller.open(&app, "/inbox").await;
    seller.sees("No conversations yet").await;
    seller.script("window.stillTheSamePage = true;").await;

    // The buyer, on a phone, asks from the product page; Enter sends.
    let buyer = driver.phone().await;
    buyer.sign_in(&app, "bea@example.com", "Bea Buyer").await;
    buyer.open(&app, &format!("/products/{lamp}")).await;
    buyer.find_with_text("h1", "Brass desk lamp").await;
    buyer
        .find_with_text("button.message-seller", "Message the seller")
        .await
        .click()
        .await
        .unwrap();
    buyer.wait_for_url("/inbox/").await;
    buyer
        .find_with_text(".conversation-who h2", "Lamp Works")
        .await;
    buyer.fill("#message-text", "Is it still available?").await;
    buyer.press_enter("#message-text").await;
    buyer
        .find_with_text(".message-group.mine", "Is it still available?")
        .await;
    let draft = buyer
        .find("#message-text")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(draft.as_deref(), Some(""), "the composer empties once sent");
    let overflow = buyer
        .script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        )
        .await;
    assert_eq!(overflow.as_i64(), Some(0), "nothing sticks out sideways");

    // The seller's open inbox shows it at once: who asks, what, unread, online.
    let row = seller
        .find_with_text(".conversation-row", "Is it still available?")
        .await;
    let row_text = row.text().await.unwrap();
    assert!(row_text.contains("Bea Buyer"), "{row_text}");
    assert!(row_text.contains("Online"), "{row_text}");
    seller
        .find_with_text("[data-testid='unread-badge']", "1")
        .await;
    seller
        .find_with_text("[data-testid='inbox-unread']", "1")
        .await;

    // Opening it shows the message and marks it read.
    row.click().await.unwrap();
    seller.wait_for_url("/inbox/").await;
    seller
        .find_with_text(".message-group.theirs", "Is it still available?")
        .await;
    gone(&seller, "[data-testid='unread-badge']").await;
    gone(&seller, "[data-testid='inbox-unread']").await;

    // The reply reaches the buyer's open conversation.
    seller
        .fill("#message-text", "Yes! It ships tomorrow.")
        .await;
    seller.click("#send-message").await;
    seller
        .find_with_text(".message-group.mine", "Yes! It ships tomorrow.")
        .await;
    buyer
        .find_with_text(".message-group.theirs", "Yes! It ships tomorrow.")
        .await;

    // A picture goes as a thumbnail that links to the full image.
    let picture = &png_files(app.dir.path(), 1)[0];
    buyer
        .attach("#message-picture", std::slice::from_ref(picture))
        .await;
    buyer.find(".composer-preview img").await;
    buyer.press_enter("#message-text").await;
    gone(&buyer, ".composer-preview").await;
    let thumbnail = seller
        .find(".message-group.theirs .message-picture img")
        .await;
    let link = seller.find(".message-group.theirs a.message-picture").await;
    let (src, href) = (
        thumbnail.attr("src").await.unwrap().unwrap(),
        link.attr("href").await.unwrap().unwrap(),
    );
    assert!(
        src.contains("/media/") && href.contains("/media/"),
        "{src} {href}"
    );
    assert_ne!(src, href, "the thumbnail links to the full picture");

    let same_page = seller
        .script("return window.stillTheSamePage === true;")
        .await;
    assert_eq!(same_page.as_bool(), Some(true), "the seller never reloaded");
    assert_eq!(app.count("messages").await, 3);

    buyer.client.close().await.unwrap();
    seller.client.close().await.unwrap();
}

/// Waits until nothing on the page matches `css`.
async fn gone(browser: &Browser, css: &str) {
    let client = &browser.client;
    eventually(&format!("no element matching {css}"), || async move {
        let found = client.find_all(Locator::Css(css)).await.ok()?;
        found.is_empty().then_some(())
    })
    .await;
}
