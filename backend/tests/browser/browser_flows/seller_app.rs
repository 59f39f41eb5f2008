//! The sellers' app as a phone gets it: the installable web app (manifest, icons, a service
//! worker that keeps the shell and says the shop needs a connection when the server is gone),
//! and what the desktop walk found: a toast that stayed, an inbox row that overflowed, a
//! scrollbar under the category bar on phones.

use crate::harness::{App, Browser, Driver, eventually, machine};
use fantoccini::Locator;
use serde_json::{Value, json};

/// A seller with a shop, signed in through the form in a phone-sized browser.
async fn signed_in_seller(app: &App, driver: &mut Driver) -> (String, Browser) {
    let token = app
        .seller_through_api("sam@example.com", "Sam's Ceramics")
        .await;
    let browser = driver.phone().await;
    browser.sign_in(app, "sam@example.com", "Sam Seller").await;
    (token, browser)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn the_sellers_app_installs_and_says_when_it_needs_a_connection() {
    let Some(machine) = machine("the_sellers_app_installs…") else {
        return;
    };
    let app = App::start(&machine).await;
    let mut driver = Driver::start(&machine).await;
    let (_, browser) = signed_in_seller(&app, &mut driver).await;

    // The page sees a phone: a touch screen, a phone's width and user agent.
    let phone = browser
        .script(
            "return [matchMedia('(pointer: coarse)').matches, innerWidth, /Mobile/.test(navigator.userAgent)];",
        )
        .await;
    assert_eq!(phone, json!([true, 390, true]));

    // The greeting goes by itself (it used to stay up after sign-in's navigation).
    eventually("the welcome toast to go", || async {
        let toasts = browser.client.find_all(Locator::Css(".toast")).await.ok()?;
        toasts.is_empty().then_some(())
    })
    .await;

    // On a phone the category bar scrolls sideways without showing a scrollbar.
    let bar = browser
        .script(
            "const row = document.querySelector('.category-row'); const style = getComputedStyle(row);
             return { scrollbar: style.scrollbarWidth, overflow: style.overflowX,
                      scrolls: row.scrollWidth > row.clientWidth };",
        )
        .await;
    assert_eq!(
        bar,
        json!({"scrollbar": "none", "overflow": "auto", "scrolls": true})
    );

    // The app's start URL is the shop's dashboard.
    browser.open(&app, "/shop").await;
    browser
        .find_with_text(".dashboard-main h1", "My shop")
        .await;

    // Linked manifest: the sellers' app, standalone, icons of 192 and 512 px and a maskable one.
    let href = browser
        .script("return document.querySelector('link[rel=manifest]').href;")
        .await;
    let href = href.as_str().expect("a manifest link").to_owned();
    assert_eq!(href, app.url("/manifest.webmanifest"));
    let response = app.http.get(&href).send().await.unwrap();
    assert!(response.status().is_success());
    assert_eq!(
        response.headers()["content-type"],
        "application/manifest+json"
    );
    let manifest: Value = response.json().await.unwrap();
    assert_eq!(manifest["start_url"], "/shop");
    assert_eq!(manifest["scope"], "/");
    assert_eq!(manifest["display"], "standalone");
    for field in ["name", "short_name", "theme_color", "background_color"] {
        assert!(
            manifest[field].as_str().is_some_and(|v| !v.is_empty()),
            "{field}"
        );
    }
    let icons = manifest["icons"].as_array().expect("icons");
    let mut kinds = Vec::new();
    for icon in icons {
        let sizes = icon["sizes"].as_str().unwrap();
        let purpose = icon["purpose"].as_str().unwrap_or("any");
        let response = app
            .http
            .get(app.url(icon["src"].as_str().unwrap()))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{icon}");
        assert_eq!(response.headers()["content-type"], "image/png", "{icon}");
        let png = response.bytes().await.unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{icon}");
        let side = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        assert_eq!(
            format!("{}x{}", side(16), side(20)),
            sizes,
            "{icon}: the file's size"
        );
        kinds.push(format!("{sizes} {purpose}"));
    }
    for wanted in ["192x192 any", "512x512 any", "512x512 maskable"] {
        assert!(kinds.iter().any(|k| k == wanted), "{wanted} in {kinds:?}");
    }

    // The service worker registers after the first screen and takes control of the page,
    // having kept the shell: index.html and this build's wasm.
    let worker = eventually("the service worker to control the page", || async {
        let url = browser
            .script(
                "const c = navigator.serviceWorker && navigator.serviceWorker.controller;
                 return c ? c.scriptURL : null;",
            )
            .await;
        url.as_str().map(str::to_owned)
    })
    .await;
    assert_eq!(worker, app.url("/sw.js"));
    let kept = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
               const names = await caches.keys();
               const urls = [];
               for (const name of names) {
                 for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
               }
               return { names, urls };
             })().then(done, (e) => done({ error: String(e) }));",
            Vec::new(),
        )
        .await
        .unwrap();
    let wasm = browser
        .script("return document.querySelector('link[as=fetch]').href;")
        .await;
    let urls: Vec<&str> = kept["urls"]
        .as_array()
        .unwrap_or_else(|| panic!("cache contents: {kept}"))
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(urls.contains(&app.url("/index.html").as_str()), "{kept}");
    assert!(urls.contains(&wasm.as_str().unwrap()), "{kept}");
    assert!(!urls.iter().any(|u| u.contains("/api/")), "{kept}");

    // The server goes away: a reload still opens the app, which says what it needs.
    app.stop().await;
    browser.client.refresh().await.unwrap();
    browser.sees("The shop needs a connection").await;
    browser
        .find_with_text("main button, main a", "Try again")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn a_long_last_message_ends_in_an_ellipsis_in_the_inbox_list() {
    let Some(machine) = machine("a_long_last_message_ends_in_an_ellipsis…") else {
        return;
    };
    let app = App::start(&machine).await;
    let mut driver = Driver::start(&machine).await;
    let seller = app
        .seller_through_api("sam@example.com", "Sam's Ceramics")
        .await;
    let me = app
        .api(reqwest::Method::GET, &seller, "/api/v1/me", &Value::Null)
        .await;
    let buyer = app.buyer_through_api("bea@example.com").await;
    let conversation = app
        .api(
            reqwest::Method::POST,
            &buyer,
            "/api/v1/conversations",
            &json!({ "shop_id": me["shop_id"] }),
        )
        .await;
    let long = "Hello! Could you tell me whether the large speckled serving bowl comes with a lid, \
                and whether it is safe for the dishwasher and the oven as well?";
    app.api(
        reqwest::Method::POST,
        &buyer,
        &format!(
            "/api/v1/conversations/{}/messages",
            conversation["id"].as_str().unwrap()
        ),
        &json!({ "text": long }),
    )
    .await;

    let browser = driver.browser(1280, 800).await;
    browser.sign_in(&app, "sam@example.com", "Sam Seller").await;
    browser.open(&app, "/inbox").await;
    browser
        .find_with_text(".conversation-preview", "Hello! Could you")
        .await;
    let layout = browser
        .script(
            "const list = document.querySelector('.conversation-list');
             const preview = document.querySelector('.conversation-preview');
             const time = document.querySelector('.conversation-time').getBoundingClientRect();
             const row = document.querySelector('.conversation-row').getBoundingClientRect();
             return { sideways: list.scrollWidth > list.clientWidth,
                      cut: preview.scrollWidth > preview.clientWidth,
                      ellipsis: getComputedStyle(preview).textOverflow,
                      time_inside: time.right <= row.right && time.width > 0 };",
        )
        .await;
    assert_eq!(
        layout,
        json!({"sideways": false, "cut": true, "ellipsis": "ellipsis", "time_inside": true})
    );
}

/// A finger pulling down `distance` px from the middle of the dashboard, as touch events;
/// returns what the indicator said just before letting go.
async fn pull(phone: &Browser, distance: u32) -> Value {
    phone
        .script(&format!(
            "const area = document.querySelector('.pull-refresh');
             const at = y => new Touch({{ identifier: 1, target: area, clientX: 180, clientY: y }});
             const send = (type, touches) => area.dispatchEvent(new TouchEvent(type,
                 {{ touches, targetTouches: touches, changedTouches: [at(200)], bubbles: true, cancelable: true }}));
             send('touchstart', [at(200)]);
             send('touchmove', [at(200 + {distance})]);
             await new Promise(done => setTimeout(done, 300));
             const said = document.querySelector('.pull-indicator')?.textContent ?? null;
             send('touchend', []);
             return said;"
        ))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn on_a_phone_pulling_the_orders_list_down_reloads_it() {
    let Some(machine) = machine("on_a_phone_pulling_the_orders_list_down…") else {
        return;
    };
    let app = App::start(&machine).await;
    let mut driver = Driver::start(&machine).await;
    let (_, phone) = signed_in_seller(&app, &mut driver).await;
    phone.open(&app, "/shop/orders").await;
    phone
        .find_with_text(".dashboard-main .empty-state", "No orders here yet.")
        .await;
    let fetches = "return performance.getEntriesByType('resource')
        .filter(e => new URL(e.name).pathname === '/api/v1/me/shop/orders').length;";
    let before = phone.script(fetches).await.as_u64().unwrap();
    assert!(before >= 1);
    phone
        .script("document.querySelector('.dashboard-main .empty-state').dataset.shown = 'before';")
        .await;

    // A short pull says how to go on and changes nothing.
    assert_eq!(pull(&phone, 40).await, json!("Pull to refresh"));
    assert_eq!(phone.script(fetches).await.as_u64(), Some(before));

    // A long one reloads the list: asked for again, drawn anew.
    assert_eq!(pull(&phone, 150).await, json!("Release to refresh"));
    eventually("the list to be asked for again", || async {
        (phone.script(fetches).await.as_u64()? > before).then_some(())
    })
    .await;
    eventually("the list to be drawn anew", || async {
        let shown = phone
            .script("const e = document.querySelector('.dashboard-main .empty-state'); return e ? (e.dataset.shown ?? 'new') : null;")
            .await;
        (shown == json!("new")).then_some(())
    })
    .await;
    assert!(
        phone
            .client
            .find(Locator::Css(".pull-indicator"))
            .await
            .is_err(),
        "the indicator goes once the finger is lifted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built UI, Chromium and chromedriver: `cargo xtask test` runs it"]
async fn on_a_phone_a_large_photo_is_shrunk_on_the_device_before_it_is_uploaded() {
    let Some(machine) = machine("on_a_phone_a_large_photo_is_shrunk…") else {
        return;
    };
    let app = App::start(&machine).await;
    let mut driver = Driver::start(&machine).await;
    let (token, phone) = signed_in_seller(&app, &mut driver).await;
    // A camera-sized picture: twice the 1600 px the server stores.
    let photo = app.dir.path().join("camera.jpg");
    image::RgbImage::from_fn(3200, 2400, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    })
    .save(&photo)
    .unwrap();

    phone.open(&app, "/shop/products/new").await;
    phone.fill("#field-name", "Glazed bowl").await;
    phone.choose("#field-category", "home").await;
    phone.fill("#field-original_price", "30").await;
    phone.fill("#field-price", "25").await;
    phone.fill("#field-stock", "3").await;
    phone.attach("#product-images", &[photo]).await;
    // The preview is of the file that will be sent: redrawn at 1600 × 1200, a JPEG still.
    let shrunk = eventually("the photo to be shrunk", || async {
        let size = phone
            .script(
                "const img = document.querySelector('.image-previews img');
                 return img && img.complete && img.naturalWidth ? [img.naturalWidth, img.naturalHeight] : null;",
            )
            .await;
        (size == json!([1600, 1200])).then_some(size)
    })
    .await;
    assert_eq!(shrunk, json!([1600, 1200]));
    phone
        .tap(".product-form button[type='submit']", "Create product")
        .await;
    phone.sees("Glazed bowl is listed.").await;
    let products = app
        .api(
            reqwest::Method::GET,
            &token,
            "/api/v1/me/shop/products",
            &Value::Null,
        )
        .await;
    let images = &products["items"][0]["thumbnail"];
    assert!(
        images.is_object(),
        "the product has its picture: {products}"
    );
}
