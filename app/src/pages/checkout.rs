//! Checkout: where it goes, how it is paid, the server's prices by shop with a coupon field
//! each, and the place-order button; then the payment step (Stripe's card form, or PayPal)
//! and the page that lists the orders placed.

use crate::action::use_action;
use crate::api::{self, ApiError};
use crate::cart::use_cart;
use crate::components::catalog::Thumbnail;
use crate::components::form::use_form;
use crate::components::order::{OrderCard, capitalized};
use crate::components::status::{EmptyState, LoadError, TextSkeleton, use_load};
use crate::components::title::PageTitle;
use crate::format;
use crate::pages::orders::SignedInOnly;
use crate::pages::profile::{AddressForm, label_text};
use crate::realtime::use_server_event;
use crate::routes::Route;
use bazaar_shared::account::Address;
use bazaar_shared::coupon::normalize_code;
use bazaar_shared::order::{CheckoutInput, CheckoutResult, PaymentMethod, PaymentStart, QuoteShop};
use bazaar_shared::realtime::ServerEvent;
use bazaar_shared::{AddressId, CheckoutId};
use dioxus::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

#[component]
pub fn Checkout() -> Element {
    rsx! {
        PageTitle { text: "Checkout · Bazaar" }
        section { class: "container section",
            h1 { "Checkout" }
            SignedInOnly { what: "checkout", CheckoutFlow {} }
        }
    }
}

#[component]
fn CheckoutFlow() -> Element {
    let mut addresses = use_load(|| async move { api::account::addresses().await });
    let config = use_load(|| async move { api::order::payments_config().await });
    let mut picked_address = use_signal(|| None::<AddressId>);
    let mut picked_method = use_signal(|| None::<PaymentMethod>);
    let codes = use_signal(Vec::<String>::new);
    let mut adding = use_signal(|| false);
    let paying = use_signal(|| None::<CheckoutResult>);

    // What the buyer chose, or what stands until they choose: the default address and the
    // first method offered.
    let input = use_memo(move || {
        let address_id = match &*addresses.read() {
            Some(Ok(list)) => picked_address()
                .filter(|id| list.iter().any(|a| a.id == *id))
                .or_else(|| list.iter().find(|a| a.is_default).map(|a| a.id))
                .or_else(|| list.first().map(|a| a.id)),
            _ => None,
        }?;
        let methods = match &*config.read() {
            Some(Ok(c)) => c.methods.clone(),
            _ => return None,
        };
        let payment_method = picked_method()
            .filter(|m| methods.contains(m))
            .or_else(|| methods.first().copied())?;
        Some(CheckoutInput {
            address_id,
            payment_method,
            coupon_codes: codes(),
        })
    });
    let quote = use_load(move || {
        let input = input();
        async move {
            match input {
                Some(input) => api::order::quote(&input).await.map(Some),
                None => Ok(None),
            }
        }
    });

    if let Some(result) = paying() {
        return rsx! { StripePayment { result } };
    }

    let address_list = match &*addresses.read() {
        None => rsx! { TextSkeleton { lines: 3 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(list)) => {
            let chosen = input().map(|i| i.address_id);
            rsx! {
                if list.is_empty() && !adding() {
                    p { class: "muted", "Where should your order go? Add an address to see the final price." }
                }
                div { class: "choice-list", role: "radiogroup", aria_label: "Delivery address",
                    for address in list.iter().cloned() {
                        AddressChoice {
                            key: "{address.id}",
                            checked: chosen == Some(address.id),
                            on_pick: move |id| picked_address.set(Some(id)),
                            address,
                        }
                    }
                }
            }
        }
    };
    let payment = match &*config.read() {
        None => rsx! { TextSkeleton { lines: 2 } },
        Some(Err(e)) => rsx! { LoadError { message: e.message() } },
        Some(Ok(c)) => {
            let chosen = input().map(|i| i.payment_method);
            rsx! {
                div { class: "choice-list", role: "radiogroup", aria_label: "Payment method",
                    for method in c.methods.iter().copied() {
                        label { key: "{method.as_str()}", class: "choice",
                            input {
                                r#type: "radio",
                                name: "payment-method",
                                value: method.as_str(),
                                checked: chosen == Some(method),
                                onchange: move |_| picked_method.set(Some(method)),
                            }
                            span { class: "choice-label", "{method.label()}" }
                        }
                    }
                }
                if c.methods == [PaymentMethod::Cod] {
                    p { class: "muted payment-note",
                        "You pay the courier when your order arrives. Card and PayPal payments are off on this marketplace: "
                        "an operator turns them on with the STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET "
                        "settings, or PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET (see the README)."
                    }
                }
            }
        }
    };
    let review = match &*quote.read() {
        None => rsx! { TextSkeleton { lines: 5 } },
        Some(Ok(None)) => rsx! {},
        Some(Err(e)) if e.status() == Some(409) => rsx! {
            EmptyState { title: "Your cart is empty.",
                Link { class: "button button-primary", to: Route::CartPage {}, "Back to your cart" }
            }
        },
        Some(Err(e)) => rsx! { QuoteError { error: e.clone(), codes } },
        Some(Ok(Some(q))) => rsx! {
            div { class: "cart-shops",
                for shop in q.shops.iter().cloned() {
                    CheckoutShop { key: "{shop.shop.id}", shop, input: input(), codes }
                }
            }
        },
    };
    let summary = match (&*quote.read(), input()) {
        (Some(Ok(Some(q))), Some(input)) => rsx! {
            CheckoutSummary {
                total: format::price(&q.total),
                can_place: q.can_place,
                input,
                paying,
                on_sold_out: move |_| { let mut quote = quote; quote.restart(); },
            }
        },
        _ => rsx! {},
    };
    rsx! {
        div { class: "cart-layout",
            div { class: "stack",
                section { class: "card", aria_labelledby: "checkout-address",
                    div { class: "section-head",
                        h2 { id: "checkout-address", "1. Delivery address" }
                        if !adding() {
                            button { class: "button button-secondary", r#type: "button", onclick: move |_| adding.set(true), "Add an address" }
                        }
                    }
                    {address_list}
                    if adding() {
                        AddressForm {
                            address: None,
                            on_done: move |saved: Option<Address>| {
                                adding.set(false);
                                if let Some(saved) = saved {
                                    picked_address.set(Some(saved.id));
                                    addresses.restart();
                                }
                            },
                        }
                    }
                }
                section { class: "card", aria_labelledby: "checkout-payment",
                    h2 { id: "checkout-payment", "2. Payment" }
                    {payment}
                }
                section { aria_labelledby: "checkout-review",
                    h2 { id: "checkout-review", "3. Your order" }
                    {review}
                }
            }
            {summary}
        }
    }
}

#[component]
fn AddressChoice(address: Address, checked: bool, on_pick: EventHandler<AddressId>) -> Element {
    let id = address.id;
    rsx! {
        label { class: "choice",
            input { r#type: "radio", name: "address", value: "{id}", checked, onchange: move |_| on_pick.call(id) }
            span { class: "choice-label",
                strong { "{label_text(address.label)}" }
                span { class: "address-lines",
                    " {address.line1}, "
                    if !address.line2.is_empty() { "{address.line2}, " }
                    "{address.postal_code} {address.city}, {address.country}"
                }
            }
        }
    }
}

/// The quote failed: say why, and offer to drop the coupons when they are the cause.
#[component]
fn QuoteError(error: ApiError, codes: Signal<Vec<String>>) -> Element {
    let coupon_trouble = !codes.read().is_empty()
        && error
            .field_errors()
            .0
            .keys()
            .any(|k| k.starts_with("coupon_codes"));
    let messages: Vec<String> = error.field_errors().0.into_values().flatten().collect();
    rsx! {
        div { class: "empty-state", role: "alert",
            p { class: "empty-title", "The prices could not be worked out." }
            p { class: "muted", "{error.message()}" }
            for message in messages {
                p { class: "field-errors", "{message}" }
            }
            if coupon_trouble {
                button { class: "button button-secondary", r#type: "button", onclick: move |_| codes.set(Vec::new()), "Remove the coupons" }
            }
        }
    }
}

/// One shop's part: its lines at today's prices, its coupon, its total.
#[component]
fn CheckoutShop(
    shop: QuoteShop,
    input: Option<CheckoutInput>,
    codes: Signal<Vec<String>>,
) -> Element {
    rsx! {
        section { class: "cart-shop", aria_label: "From {shop.shop.name}",
            h3 { class: "cart-shop-name", "{shop.shop.name}" }
            ul { class: "cart-lines",
                for line in shop.lines.iter().cloned() {
                    li { key: "{line.product_id}", class: "cart-line checkout-line", "data-product-id": "{line.product_id}",
                        Link { class: "cart-line-picture", to: Route::ProductPage { id: line.product_id },
                            Thumbnail { image: line.image.clone(), alt: line.name.clone() }
                        }
                        div { class: "cart-line-info",
                            Link { class: "cart-line-name", to: Route::ProductPage { id: line.product_id }, "{line.name}" }
                            p { class: "muted", "{line.quantity} × {format::price(&line.unit_price)}" }
                            if let Some(problem) = line.problem.as_ref() {
                                p { class: "field-errors", role: "alert", "{capitalized(problem)}" }
                            }
                        }
                        p { class: "cart-line-total", "{format::price(&line.line_total)}" }
                    }
                }
            }
            CouponField { shop: shop.clone(), input, codes }
            dl { class: "summary-rows shop-totals",
                dt { "Subtotal" }
                dd { "{format::price(&shop.subtotal)}" }
                if shop.discount.amount > 0 {
                    dt { "Coupon" }
                    dd { "−{format::price(&shop.discount)}" }
                }
                dt { "Total from {shop.shop.name}" }
                dd { "{format::price(&shop.total)}" }
            }
        }
    }
}

/// The shop's coupon: the code given and whether it takes anything off, or a field to give one.
/// A code is tried with a quote first, so one the server does not know is refused at the field.
#[component]
fn CouponField(
    shop: QuoteShop,
    input: Option<CheckoutInput>,
    codes: Signal<Vec<String>>,
) -> Element {
    let mut code = use_signal(String::new);
    let mut form = use_form();
    let id = format!("coupon-{}", shop.shop.id);
    if let Some(coupon) = shop.coupon.clone() {
        let given = normalize_code(&coupon.code);
        return rsx! {
            div { class: "coupon-applied",
                p {
                    "Coupon " code { class: "coupon-code", "{coupon.code}" }
                    if coupon.problem.is_none() { " takes {format::price(&shop.discount)} off." }
                }
                if let Some(problem) = coupon.problem.as_ref() {
                    p { class: "field-errors", role: "alert", "{capitalized(problem)}" }
                }
                button {
                    class: "button button-ghost",
                    r#type: "button",
                    onclick: move |_| codes.write().retain(|c| normalize_code(c) != given),
                    "Remove coupon"
                }
            }
        };
    }
    let Some(input) = input else {
        return rsx! {};
    };
    let onsubmit = move |e: FormEvent| {
        e.prevent_default();
        let typed = code().trim().to_string();
        if typed.is_empty() {
            return;
        }
        let mut tried = input.clone();
        tried.coupon_codes.push(typed.clone());
        let with_code = tried.coupon_codes.clone();
        form.submit(
            &["coupon_codes"],
            async move { api::order::quote(&tried).await },
            move |_| {
                code.set(String::new());
                codes.set(with_code);
            },
        );
    };
    let messages: Vec<String> = form
        .errors
        .read()
        .0
        .iter()
        .filter(|(field, _)| field.starts_with("coupon_codes"))
        .flat_map(|(_, m)| m.iter().cloned())
        .collect();
    let invalid = !messages.is_empty();
    rsx! {
        form { class: "coupon-form", onsubmit, novalidate: true,
            div { class: "field",
                label { r#for: "{id}", "Coupon for {shop.shop.name}" }
                div { class: "coupon-row",
                    input {
                        id: "{id}",
                        autocomplete: "off",
                        value: "{code}",
                        aria_invalid: invalid,
                        aria_describedby: "{id}-errors",
                        oninput: move |e| {
                            code.set(e.value());
                            form.errors.write().0.clear();
                        },
                    }
                    button { class: "button button-secondary", r#type: "submit", disabled: form.is_busy(), "Apply" }
                }
                ul { id: "{id}-errors", class: "field-errors",
                    for message in messages {
                        li { "{message}" }
                    }
                }
            }
        }
    }
}

/// The total and the place-order button. Each press of the button is one attempt with its own
/// idempotency key; pressing again after a lost answer retries the same attempt.
#[component]
fn CheckoutSummary(
    total: String,
    can_place: bool,
    input: CheckoutInput,
    paying: Signal<Option<CheckoutResult>>,
    on_sold_out: EventHandler<()>,
) -> Element {
    let cart = use_cart();
    let navigator = navigator();
    let form = use_form();
    let mut attempt = use_signal(|| None::<(CheckoutInput, String)>);
    let mut refusal = use_signal(|| None::<String>);
    let place = move |_| {
        let key = match &*attempt.peek() {
            Some((tried, key)) if *tried == input => key.clone(),
            _ => idempotency_key(),
        };
        attempt.set(Some((input.clone(), key.clone())));
        refusal.set(None);
        let input = input.clone();
        let request = async move {
            match api::order::place_order(&input, key).await {
                Ok(result) => Ok(Ok(result)),
                // The server decided: the next press is a new attempt.
                Err(e @ ApiError::Problem(_)) => {
                    attempt.set(None);
                    if e.status() == Some(409) {
                        Ok(Err(e.message()))
                    } else {
                        Err(e)
                    }
                }
                // No answer: the next press retries this attempt with the same key.
                Err(e) => Err(e),
            }
        };
        form.submit(
            &["address_id", "payment_method", "coupon_codes"],
            request,
            move |answer| match answer {
                Ok(result) => {
                    attempt.set(None);
                    cart.reload();
                    start_payment(result, paying, navigator);
                }
                Err(why) => {
                    refusal.set(Some(why));
                    on_sold_out.call(());
                }
            },
        );
    };
    let errors: Vec<String> = form.errors.read().0.values().flatten().cloned().collect();
    rsx! {
        aside { class: "cart-summary", aria_label: "Order summary",
            h2 { "Summary" }
            dl { class: "summary-rows",
                dt { "Total" }
                dd { class: "cart-total", "data-testid": "checkout-total", "{total}" }
            }
            if !can_place {
                p { class: "field-errors", role: "alert", "Some lines or coupons above need your attention before you can order." }
            }
            if let Some(why) = refusal() {
                p { class: "field-errors", role: "alert", "{capitalized(&why)}" }
            }
            for message in errors {
                p { class: "field-errors", role: "alert", "{message}" }
            }
            button {
                class: "button button-primary button-wide",
                id: "place-order",
                r#type: "button",
                disabled: form.is_busy() || !can_place,
                aria_busy: form.is_busy(),
                onclick: place,
                if form.is_busy() { "Placing your order…" } else { "Place order" }
            }
            p { class: "muted", "One order per shop. Prices are final once placed." }
        }
    }
}

/// What comes after placing: nothing for cash on delivery, the card form for Stripe, PayPal's
/// approval page for PayPal.
fn start_payment(
    result: CheckoutResult,
    mut paying: Signal<Option<CheckoutResult>>,
    navigator: dioxus::router::Navigator,
) {
    match &result.payment {
        PaymentStart::Cod => {
            navigator.push(Route::CheckoutDone {
                checkout_id: result.checkout_id.to_string(),
                redirect_status: String::new(),
            });
        }
        PaymentStart::Stripe { .. } => paying.set(Some(result)),
        PaymentStart::Paypal { approve_url, .. } => {
            if let Some(window) = crate::browser::window() {
                let _ = window.location().assign(approve_url);
            }
        }
    }
}

/// A fresh key for one checkout attempt: a random UUID (v4 layout).
fn idempotency_key() -> String {
    let mut hex = String::with_capacity(36);
    for i in 0..32 {
        if matches!(i, 8 | 12 | 16 | 20) {
            hex.push('-');
        }
        let digit = match i {
            12 => 4,
            16 => 8 + (js_sys::Math::random() * 4.0) as u32,
            _ => (js_sys::Math::random() * 16.0) as u32,
        };
        hex.push(char::from_digit(digit.min(15), 16).unwrap_or('0'));
    }
    hex
}

#[wasm_bindgen(inline_js = r#"
let stripe, elements;
function loadStripe() {
  if (window.Stripe) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "https://js.stripe.com/v3/";
    script.onload = () => resolve();
    script.onerror = () => reject("Stripe could not be reached. Check your connection and try again.");
    document.head.appendChild(script);
  });
}
export async function mountStripe(key, clientSecret, selector) {
  await loadStripe();
  stripe = window.Stripe(key);
  elements = stripe.elements({ clientSecret });
  elements.create("payment").mount(selector);
}
export async function confirmStripe(returnUrl) {
  const { error } = await stripe.confirmPayment({ elements, confirmParams: { return_url: returnUrl } });
  return error ? (error.message || "The payment did not go through.") : null;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = mountStripe, catch)]
    async fn mount_stripe(
        key: &str,
        client_secret: &str,
        selector: &str,
    ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
    #[wasm_bindgen(js_name = confirmStripe, catch)]
    async fn confirm_stripe(
        return_url: &str,
    ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

fn js_message(value: wasm_bindgen::JsValue) -> String {
    value
        .as_string()
        .unwrap_or_else(|| "The card form did not load.".to_string())
}

/// The card step: Stripe's Payment Element, loaded only here, and the pay button. Stripe sends
/// the buyer back to the success page once the payment is confirmed.
#[component]
fn StripePayment(result: CheckoutResult) -> Element {
    let PaymentStart::Stripe {
        client_secret,
        publishable_key,
        ..
    } = result.payment.clone()
    else {
        return rsx! {};
    };
    let mut ready = use_signal(|| false);
    let paying = use_action();
    let mut error = use_signal(|| None::<String>);
    use_effect(move || {
        let (key, secret) = (publishable_key.clone(), client_secret.clone());
        spawn(async move {
            match mount_stripe(&key, &secret, "#payment-element").await {
                Ok(_) => ready.set(true),
                Err(e) => error.set(Some(js_message(e))),
            }
        });
    });
    let checkout_id = result.checkout_id;
    let pay = move |e: FormEvent| {
        e.prevent_default();
        error.set(None);
        // On success the browser is on its way to the return URL; only failures answer here,
        // and they show under the card form.
        let confirming = async move {
            Ok(match confirm_stripe(&return_url(checkout_id)).await {
                Ok(message) => message.as_string(),
                Err(e) => Some(js_message(e)),
            })
        };
        paying.run(confirming, move |failure| error.set(failure));
    };
    let busy = paying.is_busy();
    let count = result.orders.len();
    rsx! {
        section { class: "card payment-step", aria_labelledby: "payment-title",
            h2 { id: "payment-title", "Pay {format::price(&result.total)} by card" }
            p { class: "muted",
                if count == 1 { "Your order is placed and waits for the payment." } else { "Your {count} orders are placed and wait for the payment." }
                " Unpaid orders are cancelled after 30 minutes."
            }
            form { class: "stack", onsubmit: pay,
                div { id: "payment-element", class: "payment-element",
                    if !ready() { TextSkeleton { lines: 3 } }
                }
                if let Some(why) = error() {
                    p { class: "field-errors", role: "alert", "{why}" }
                }
                button {
                    class: "button button-primary button-wide",
                    r#type: "submit",
                    disabled: busy || !ready(),
                    aria_busy: busy,
                    if busy { "Paying…" } else { "Pay {format::price(&result.total)}" }
                }
            }
        }
    }
}

/// Where Stripe sends the buyer back: this site's success page for the checkout.
fn return_url(checkout_id: CheckoutId) -> String {
    let origin = crate::browser::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    // Stripe adds `redirect_status` (and the intent's ids) itself.
    format!("{origin}/checkout/done?checkout_id={checkout_id}")
}

/// After checkout (and after Stripe's redirect): the orders placed, each with its link.
#[component]
pub fn CheckoutDone(checkout_id: String, redirect_status: String) -> Element {
    let failed = redirect_status == "failed";
    rsx! {
        PageTitle { text: "Thank you · Bazaar" }
        section { class: "container section narrow-wide",
            if failed {
                h1 { "Your payment did not go through" }
                p { class: "lead", "Your orders wait for the payment for 30 minutes, then they are cancelled and nothing is charged. You can check out again from your cart." }
            } else {
                h1 { "Thank you for your order" }
            }
            SignedInOnly { what: "your orders", PlacedOrders { checkout_id } }
        }
    }
}

/// PayPal sends the buyer back here: the payment they approved is captured, then the orders show.
#[component]
pub fn PaypalReturn(checkout_id: String) -> Element {
    let capture = use_load(use_reactive!(|checkout_id| async move {
        match checkout_id.parse::<CheckoutId>() {
            Ok(id) => api::order::capture_paypal(id).await,
            Err(_) => Err(ApiError::Unexpected(
                "the address has no checkout in it".into(),
            )),
        }
    }));
    let body = match &*capture.read() {
        None => rsx! {
            h1 { "Taking your PayPal payment…" }
            TextSkeleton { lines: 3 }
        },
        Some(Err(e)) => rsx! {
            h1 { "Your PayPal payment did not go through" }
            p { class: "field-errors", role: "alert", "{e.message()}" }
            p { "Your orders wait for the payment for 30 minutes, then they are cancelled and nothing is charged." }
            PlacedOrders { checkout_id: checkout_id.clone() }
        },
        Some(Ok(())) => rsx! {
            h1 { "Thank you: your payment is received" }
            PlacedOrders { checkout_id: checkout_id.clone() }
        },
    };
    rsx! {
        PageTitle { text: "PayPal · Bazaar" }
        section { class: "container section narrow-wide",
            SignedInOnly { what: "your orders", {body} }
        }
    }
}

/// The orders one checkout placed, kept live.
#[component]
fn PlacedOrders(checkout_id: String) -> Element {
    // The newest orders hold this checkout's: one per shop, placed together.
    let mut orders = use_load(|| async move { api::order::my_orders("").await });
    use_server_event(move |event| {
        if let ServerEvent::OrderUpdated { order } = event
            && let Some(Ok(page)) = &mut *orders.write()
            && let Some(shown) = page.items.iter_mut().find(|o| o.id == order.id)
        {
            *shown = *order;
        }
    });
    let placed: Vec<_> = match &*orders.read() {
        None => return rsx! { TextSkeleton { lines: 4 } },
        Some(Err(e)) => return rsx! { LoadError { message: e.message() } },
        Some(Ok(page)) => page
            .items
            .iter()
            .filter(|o| o.checkout_id.to_string() == checkout_id)
            .cloned()
            .collect(),
    };
    if placed.is_empty() {
        return rsx! {
            EmptyState { title: "These orders are not among yours.",
                Link { class: "button button-primary", to: Route::MyOrders {}, "See my orders" }
            }
        };
    }
    let count = placed.len();
    rsx! {
        p { class: "lead",
            if count == 1 { "One order is placed. " } else { "{count} orders are placed, one for each shop. " }
            "You can follow each of them here and in My orders."
        }
        ul { class: "order-list", "data-testid": "placed-orders",
            for order in placed {
                li { key: "{order.id}", class: "order-card",
                    OrderCard { to: Route::OrderPage { id: order.id }, order }
                }
            }
        }
        Link { class: "button button-secondary", to: Route::MyOrders {}, "All my orders" }
    }
}
