//! The admin console: an admin bans a seller from the users table and the seller's product
//! leaves the home page another shopper has open; the unban brings it back; a pending
//! withdrawal approved in the withdrawals table shows on the seller's balance page. A seller
//! whose product an admin hid reads why on that product's page.

use crate::harness::{App, Browser, Driver, eventually, machine};
use fantoccini::Locator;
use reqwest::Method;
use serde_json::json;

const FEATURED: &str = "section[aria-labelledby='featured-title']";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn an_admin_bans_and_unbans_a_seller_and_approves_their_withdrawal() {
    let Some(machine) = machine("an_admin_bans_and_unbans_a_seller…") else {
        return;
    };
    let app = App::start(&machine).await;
    // Sam sells the lamp and has earned from one delivered order; Tia's teapot stays listed
    // throughout, so the home page has something to show while the lamp is gone.
    let sam = app
        .seller_through_api("sam@example.com", "Lamp Works")
        .await;
    let lamp = app
        .product_through_api(&sam, "Brass desk lamp", "home", 3_500)
        .await;
    let tia = app
        .seller_through_api("tia@example.com", "Tea Corner")
        .await;
    app.product_through_api(&tia, "Cast iron teapot", "home", 4_000)
        .await;
    let buyer = app.buyer_through_api("bea@example.com").await;
    let order = app.order_through_api(&buyer, &lamp, 1).await;
    app.move_order_through_api(&sam, &order, "delivered").await;
    app.withdrawal_through_api(&sam, 1_000).await;
    app.admin("ada@example.com", "Ada Admin").await;

    let mut driver = Driver::start(&machine).await;
    let admin = driver.browser(1280, 900).await;
    admin.sign_in(&app, "ada@example.com", "Ada Admin").await;
    let shopper = driver.browser(1280, 900).await;
    shopper.open(&app, "/").await;
    featured_shows(&shopper, &["Brass desk lamp", "Cast iron teapot"], &[]).await;

    // The console is one click from the account menu.
    admin.click(".user-menu-toggle").await;
    admin
        .find_with_text(".user-menu-list a", "Admin")
        .await
        .click()
        .await
        .unwrap();
    admin.wait_for_url("/admin").await;
    admin.find("[data-testid='admin-stats']").await;
    admin
        .find_with_text(".dashboard-nav a", "Users")
        .await
        .click()
        .await
        .unwrap();
    admin.wait_for_url("/admin/users").await;

    // Ban Sam from the users table, with a reason.
    admin.fill("#admin-q", "sam@").await;
    admin.press_enter("#admin-q").await;
    admin.wait_for_url("q=sam%40").await;
    open_row(&admin, "Sam Seller").await;
    admin
        .find_with_text(".drawer button", "Ban")
        .await
        .click()
        .await
        .unwrap();
    admin.fill("#reason-ban", "Selling counterfeit lamps").await;
    admin
        .find_with_text(".drawer button[type='submit']", "Ban Sam Seller")
        .await
        .click()
        .await
        .unwrap();
    admin
        .find_with_text(".toast", "Sam Seller is banned.")
        .await;
    admin.find_with_text("tr.row-open", "banned").await;

    // The other shopper's home page, reloaded, no longer offers the lamp.
    shopper.client.refresh().await.unwrap();
    featured_shows(&shopper, &["Cast iron teapot"], &["Brass desk lamp"]).await;

    // The unban brings it back.
    admin
        .find_with_text(".drawer button", "Unban")
        .await
        .click()
        .await
        .unwrap();
    admin.fill("#reason-unban", "The lamps were genuine").await;
    admin
        .find_with_text(".drawer button[type='submit']", "Unban Sam Seller")
        .await
        .click()
        .await
        .unwrap();
    admin
        .find_with_text(".toast", "Sam Seller is unbanned.")
        .await;
    admin.find_with_text("tr.row-open", "active").await;
    shopper.client.refresh().await.unwrap();
    featured_shows(&shopper, &["Brass desk lamp", "Cast iron teapot"], &[]).await;

    // Sam's pending withdrawal, found by its status filter, approved with a note.
    admin
        .find_with_text(".dashboard-nav a", "Withdrawals")
        .await
        .click()
        .await
        .unwrap();
    admin.wait_for_url("/admin/withdrawals").await;
    admin.choose("#filter-status", "pending").await;
    admin.wait_for_url("status=pending").await;
    open_row(&admin, "Lamp Works").await;
    admin
        .find_with_text(".drawer button", "Approve")
        .await
        .click()
        .await
        .unwrap();
    admin.fill("#reason-approve", "Paid by bank transfer").await;
    admin
        .find_with_text(".drawer button[type='submit']", "Approve and pay out")
        .await
        .click()
        .await
        .unwrap();
    admin.find_with_text(".toast", "Withdrawal approved").await;
    admin.find_with_text("tr.row-open", "succeeded").await;
    // Escape closes the drawer and gives the focus back to the row that opened it.
    let escape = char::from(fantoccini::key::Key::Escape).to_string();
    admin
        .find("#drawer-title")
        .await
        .send_keys(&escape)
        .await
        .unwrap();
    eventually("the focus back on the row", || async {
        let focused = admin
            .script(
                "const e = document.activeElement; \
                 return !document.querySelector('.drawer') && e.matches('.admin-table .link-button') \
                 ? e.textContent : null;",
            )
            .await;
        (focused.as_str() == Some("Lamp Works")).then_some(())
    })
    .await;

    // Sam, signed in again after the ban, sees it paid out with the note.
    shopper.sign_in(&app, "sam@example.com", "Sam Seller").await;
    shopper.open(&app, "/shop/balance").await;
    let paid = shopper
        .find_with_text(".ledger-row", "Paid by bank transfer")
        .await;
    let text = paid.text().await.unwrap();
    assert!(
        text.contains("$10.00") && text.contains("Succeeded"),
        "{text}"
    );

    shopper.client.close().await.unwrap();
    admin.client.close().await.unwrap();
}

/// Opens the drawer of the table row naming `name`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn a_seller_sees_on_the_product_page_why_an_admin_hid_it() {
    let Some(machine) = machine("a_seller_sees_on_the_product_page_why…") else {
        return;
    };
    let app = App::start(&machine).await;
    let sam = app
        .seller_through_api("sam@example.com", "Lamp Works")
        .await;
    let lamp = app
        .product_through_api(&sam, "Brass desk lamp", "home", 3_500)
        .await;
    let ada = app.admin("ada@example.com", "Ada Admin").await;
    app.api(
        Method::PATCH,
        &ada,
        &format!("/api/v1/admin/products/{lamp}"),
        &json!({"hidden": true, "reason": "Counterfeit brand"}),
    )
    .await;

    let mut driver = Driver::start(&machine).await;
    let seller = driver.browser(1280, 900).await;
    seller.sign_in(&app, "sam@example.com", "Sam Seller").await;
    seller
        .open(&app, &format!("/shop/products/{lamp}/edit"))
        .await;
    let notice = seller.find("[data-testid='hidden-by-admin']").await;
    let text = notice.text().await.unwrap();
    assert!(text.contains("Hidden by an admin"), "{text}");
    assert!(text.contains("Counterfeit brand"), "{text}");
}

async fn open_row(admin: &Browser, name: &str) {
    admin
        .find_with_text(".admin-table .link-button", name)
        .await
        .click()
        .await
        .unwrap();
    admin.find_with_text("#drawer-title", name).await;
}

/// Waits until the home page's featured products show every one of `shown` and none of
/// `gone` (read together, so a page still loading cannot pass for one without them).
async fn featured_shows(shopper: &Browser, shown: &[&str], gone: &[&str]) {
    let client = &shopper.client;
    eventually(
        &format!("the featured products to show {shown:?} without {gone:?}"),
        || async move {
            let text = client
                .find(Locator::Css(FEATURED))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            (shown.iter().all(|p| text.contains(p)) && !gone.iter().any(|p| text.contains(p)))
                .then_some(())
        },
    )
    .await;
}
