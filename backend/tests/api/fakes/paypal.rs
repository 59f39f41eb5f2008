//! A fake PayPal: OAuth client credentials, Orders v2 (create, buyer approval, capture) and
//! capture refunds, with PayPal-Request-Id idempotency and PayPal's error bodies.

use super::{header, path_segment, random_hex, route};
use bazaar::config::PayPalConfig;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use wiremock::{MockServer, Request, ResponseTemplate};

pub struct FakePayPal {
    server: MockServer,
    state: Arc<Mutex<State>>,
    pub client_id: String,
    pub client_secret: String,
}

/// An order as the fake holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayPalOrder {
    pub id: String,
    /// The decimal string PayPal received, e.g. `"12.34"`.
    pub value: String,
    pub currency: String,
    /// `purchase_units[0].custom_id`: our checkout id.
    pub custom_id: Option<String>,
    pub return_url: String,
    pub cancel_url: String,
    /// `PAYER_ACTION_REQUIRED`, `APPROVED` or `COMPLETED`.
    pub status: String,
    pub capture_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayPalRefund {
    pub id: String,
    pub capture_id: String,
    /// The decimal string PayPal received.
    pub value: String,
    pub currency: String,
}

struct State {
    base_url: String,
    basic_auth: String,
    token_lifetime_secs: u64,
    tokens: HashSet<String>,
    token_requests: usize,
    orders: Vec<PayPalOrder>,
    captures: usize,
    refunds: Vec<PayPalRefund>,
    /// PayPal-Request-Id → the first successful answer to it.
    answered: HashMap<String, Answer>,
}

impl FakePayPal {
    pub async fn start() -> Self {
        Self::start_with_token_lifetime(32_400).await
    }

    /// Tokens that PayPal says expire after `secs` (`expires_in`); the default is nine hours.
    pub async fn start_with_token_lifetime(secs: u64) -> Self {
        let server = MockServer::start().await;
        let client_id = format!("client-{}", random_hex());
        let client_secret = format!("secret-{}", random_hex());
        let state = Arc::new(Mutex::new(State {
            base_url: server.uri(),
            basic_auth: basic_auth(&client_id, &client_secret),
            token_lifetime_secs: secs,
            tokens: HashSet::new(),
            token_requests: 0,
            orders: Vec::new(),
            captures: 0,
            refunds: Vec::new(),
            answered: HashMap::new(),
        }));
        route(&server, "POST", "/v1/oauth2/token", &state, |s, r| {
            reply(s.token(r))
        })
        .await;
        route(&server, "POST", "/v2/checkout/orders", &state, |s, r| {
            s.authorized(r, State::create_order)
        })
        .await;
        route(
            &server,
            "POST",
            "/v2/checkout/orders/[^/]+/capture",
            &state,
            |s, r| s.authorized(r, State::capture),
        )
        .await;
        route(
            &server,
            "POST",
            "/v2/payments/captures/[^/]+/refund",
            &state,
            |s, r| s.authorized(r, State::refund),
        )
        .await;
        Self {
            server,
            state,
            client_id,
            client_secret,
        }
    }

    pub fn base_url(&self) -> String {
        self.server.uri()
    }

    /// The settings that point our PayPal client at this fake.
    pub fn config(&self) -> PayPalConfig {
        PayPalConfig {
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            api_base: self.base_url(),
        }
    }

    /// The buyer approves the order on PayPal's page.
    pub fn approve(&self, order_id: &str) {
        let mut state = self.state.lock().unwrap();
        let order = state.order_mut(order_id).expect("no such order");
        assert_eq!(
            order.status, "PAYER_ACTION_REQUIRED",
            "approving order {order_id}"
        );
        order.status = "APPROVED".to_owned();
    }

    pub fn orders(&self) -> Vec<PayPalOrder> {
        self.state.lock().unwrap().orders.clone()
    }

    pub fn order(&self, order_id: &str) -> Option<PayPalOrder> {
        self.orders().into_iter().find(|o| o.id == order_id)
    }

    /// How many captures moved money (answers replayed for a PayPal-Request-Id do not count).
    pub fn captures(&self) -> usize {
        self.state.lock().unwrap().captures
    }

    pub fn refunds(&self) -> Vec<PayPalRefund> {
        self.state.lock().unwrap().refunds.clone()
    }

    /// How many times a client asked for an access token.
    pub fn token_requests(&self) -> usize {
        self.state.lock().unwrap().token_requests
    }

    /// Every token given so far stops working (401), as when PayPal revokes one early.
    pub fn revoke_tokens(&self) {
        self.state.lock().unwrap().tokens.clear();
    }
}

/// A status and a JSON body.
type Answer = (u16, Value);

fn reply((status, body): Answer) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn basic_auth(user: &str, password: &str) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

/// PayPal's error body: `{name, message, details: [{issue, description}]}`.
fn paypal_error(status: u16, name: &str, issue: &str, description: &str) -> Answer {
    let message = match status {
        404 => "The specified resource does not exist.",
        422 => {
            "The requested action could not be performed, semantically incorrect, or failed business validation."
        }
        _ => "Request is not well-formed, syntactically incorrect, or violates schema.",
    };
    let body = json!({
        "name": name,
        "message": message,
        "debug_id": random_hex(),
        "details": [{"issue": issue, "description": description}],
    });
    (status, body)
}

fn invalid(issue: &str, description: &str) -> Answer {
    paypal_error(400, "INVALID_REQUEST", issue, description)
}

fn not_found(description: &str) -> Answer {
    paypal_error(
        404,
        "RESOURCE_NOT_FOUND",
        "INVALID_RESOURCE_ID",
        description,
    )
}

fn unprocessable(issue: &str, description: &str) -> Answer {
    paypal_error(422, "UNPROCESSABLE_ENTITY", issue, description)
}

/// PayPal takes up to two decimals for the currencies Bazaar uses.
fn valid_value(value: &str) -> bool {
    let (units, cents) = value.split_once('.').unwrap_or((value, "0"));
    !units.is_empty()
        && units.bytes().all(|b| b.is_ascii_digit())
        && (1..=2).contains(&cents.len())
        && cents.bytes().all(|b| b.is_ascii_digit())
}

/// `"12.34"` → 1234, for comparing amounts.
fn minor_units(value: &str) -> i64 {
    let (units, cents) = value.split_once('.').unwrap_or((value, "0"));
    units.parse::<i64>().unwrap() * 100 + format!("{cents:0<2}").parse::<i64>().unwrap()
}

/// PayPal's ids: 17 upper-case letters and digits.
fn paypal_id() -> String {
    let hex = random_hex().to_uppercase();
    hex[hex.len() - 17..].to_owned()
}

impl State {
    fn token(&mut self, request: &Request) -> Answer {
        self.token_requests += 1;
        if header(request, "authorization").as_deref() != Some(self.basic_auth.as_str()) {
            return (
                401,
                json!({
                    "error": "invalid_client",
                    "error_description": "Client Authentication failed",
                }),
            );
        }
        let form: HashMap<String, String> =
            form_urlencoded::parse(&request.body).into_owned().collect();
        if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
            return (
                400,
                json!({
                    "error": "unsupported_grant_type",
                    "error_description": "Grant Type is NULL",
                }),
            );
        }
        let token = format!("A21AA{}", random_hex());
        self.tokens.insert(token.clone());
        (
            200,
            json!({
                "scope": "https://uri.paypal.com/services/payments/payment",
                "access_token": token,
                "token_type": "Bearer",
                "app_id": "APP-80W284485P519543T",
                "expires_in": self.token_lifetime_secs,
                "nonce": random_hex(),
            }),
        )
    }

    /// Checks the bearer token and the JSON body, then answers once per PayPal-Request-Id:
    /// the same id again gets the first successful answer.
    fn authorized(
        &mut self,
        request: &Request,
        answer: fn(&mut Self, &Request, &Value) -> Answer,
    ) -> ResponseTemplate {
        let token = header(request, "authorization")
            .and_then(|h| h.strip_prefix("Bearer ").map(str::to_owned));
        if !token.is_some_and(|t| self.tokens.contains(&t)) {
            return reply((
                401,
                json!({
                    "error": "invalid_token",
                    "error_description": "Token signature verification failed",
                }),
            ));
        }
        let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
            return reply(invalid(
                "MALFORMED_REQUEST_JSON",
                "The request JSON is not well formed.",
            ));
        };
        let request_id =
            header(request, "paypal-request-id").map(|id| format!("{} {id}", request.url.path()));
        if let Some(first) = request_id.as_ref().and_then(|id| self.answered.get(id)) {
            return reply(first.clone());
        }
        let answer = answer(self, request, &body);
        if let Some(id) = request_id
            && (200..300).contains(&answer.0)
        {
            self.answered.insert(id, answer.clone());
        }
        reply(answer)
    }

    fn order_mut(&mut self, id: &str) -> Option<&mut PayPalOrder> {
        self.orders.iter_mut().find(|o| o.id == id)
    }

    fn create_order(&mut self, _: &Request, body: &Value) -> Answer {
        if body["intent"] != "CAPTURE" {
            return invalid("INVALID_PARAMETER_VALUE", "intent must be CAPTURE here");
        }
        let unit = &body["purchase_units"][0];
        let amount = &unit["amount"];
        let (Some(currency), Some(value)) =
            (amount["currency_code"].as_str(), amount["value"].as_str())
        else {
            return invalid(
                "MISSING_REQUIRED_PARAMETER",
                "purchase_units[0].amount is missing",
            );
        };
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return invalid("INVALID_CURRENCY_CODE", "Currency code is invalid.");
        }
        if !valid_value(value) || minor_units(value) == 0 {
            return invalid(
                "DECIMAL_PRECISION",
                "The value of the field should not be more than two decimals.",
            );
        }
        let (context, approve_rel) = match body["payment_source"]["paypal"]["experience_context"] {
            Value::Object(_) => (
                &body["payment_source"]["paypal"]["experience_context"],
                "payer-action",
            ),
            _ => (&body["application_context"], "approve"),
        };
        let (Some(return_url), Some(cancel_url)) = (
            context["return_url"].as_str(),
            context["cancel_url"].as_str(),
        ) else {
            return invalid(
                "MISSING_REQUIRED_PARAMETER",
                "return_url and cancel_url are required",
            );
        };
        let order = PayPalOrder {
            id: paypal_id(),
            value: value.to_owned(),
            currency: currency.to_owned(),
            custom_id: unit["custom_id"].as_str().map(str::to_owned),
            return_url: return_url.to_owned(),
            cancel_url: cancel_url.to_owned(),
            status: "PAYER_ACTION_REQUIRED".to_owned(),
            capture_id: None,
        };
        self.orders.push(order.clone());
        let self_href = format!("{}/v2/checkout/orders/{}", self.base_url, order.id);
        (
            200,
            json!({
                "id": order.id,
                "status": order.status,
                "payment_source": {"paypal": {}},
                "links": [
                    {"href": self_href, "rel": "self", "method": "GET"},
                    {
                        "href": format!("{}/checkoutnow?token={}", self.base_url, order.id),
                        "rel": approve_rel,
                        "method": "GET",
                    },
                ],
            }),
        )
    }

    fn capture(&mut self, request: &Request, _: &Value) -> Answer {
        let order_id = path_segment(request, 3);
        let Some(order) = self.order_mut(&order_id) else {
            return not_found(&format!("Specified resource ID {order_id} does not exist."));
        };
        match order.status.as_str() {
            "APPROVED" => {}
            "COMPLETED" => {
                return unprocessable(
                    "ORDER_ALREADY_CAPTURED",
                    "Order already captured. If 'intent=CAPTURE' only one capture per order is allowed.",
                );
            }
            _ => {
                return unprocessable(
                    "ORDER_NOT_APPROVED",
                    "Payer has not yet approved the Order for payment.",
                );
            }
        }
        let capture_id = paypal_id();
        order.status = "COMPLETED".to_owned();
        order.capture_id = Some(capture_id.clone());
        let order = order.clone();
        self.captures += 1;
        (
            201,
            json!({
                "id": order.id,
                "status": "COMPLETED",
                "purchase_units": [{
                    "reference_id": order.custom_id,
                    "payments": {"captures": [{
                        "id": capture_id,
                        "status": "COMPLETED",
                        "amount": {"currency_code": order.currency, "value": order.value},
                        "final_capture": true,
                        "custom_id": order.custom_id,
                    }]},
                }],
                "links": [{
                    "href": format!("{}/v2/checkout/orders/{}", self.base_url, order.id),
                    "rel": "self",
                    "method": "GET",
                }],
            }),
        )
    }

    fn refund(&mut self, request: &Request, body: &Value) -> Answer {
        let capture_id = path_segment(request, 3);
        let Some(order) = self
            .orders
            .iter()
            .find(|o| o.capture_id.as_deref() == Some(capture_id.as_str()))
        else {
            return not_found(&format!(
                "Specified resource ID {capture_id} does not exist."
            ));
        };
        let (value, currency) = match (
            body["amount"]["value"].as_str(),
            body["amount"]["currency_code"].as_str(),
        ) {
            (Some(value), Some(currency)) if valid_value(value) => (value, currency),
            (None, None) => (order.value.as_str(), order.currency.as_str()),
            _ => return invalid("INVALID_PARAMETER_VALUE", "amount is not valid"),
        };
        if currency != order.currency {
            return unprocessable(
                "REFUND_CURRENCY_MISMATCH",
                "Refund must be in the same currency as the capture.",
            );
        }
        let refunded: i64 = self
            .refunds
            .iter()
            .filter(|r| r.capture_id == capture_id)
            .map(|r| minor_units(&r.value))
            .sum();
        if refunded + minor_units(value) > minor_units(&order.value) {
            return unprocessable(
                "REFUND_AMOUNT_EXCEEDED",
                "The refund amount must be less than or equal to the capture amount that has not yet been refunded.",
            );
        }
        let refund = PayPalRefund {
            id: paypal_id(),
            capture_id,
            value: value.to_owned(),
            currency: currency.to_owned(),
        };
        self.refunds.push(refund.clone());
        (
            201,
            json!({
                "id": refund.id,
                "status": "COMPLETED",
                "amount": {"value": refund.value, "currency_code": refund.currency},
                "links": [],
            }),
        )
    }
}
