//! A fake Stripe: PaymentIntents, cancellation, refunds, idempotency keys, and webhook events
//! signed the way Stripe signs them.

use super::{header, path_segment, random_hex, route};
use bazaar::config::StripeConfig;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};
use wiremock::{MockServer, Request, ResponseTemplate};

pub struct FakeStripe {
    server: MockServer,
    state: Arc<Mutex<State>>,
    pub secret_key: String,
    pub publishable_key: String,
    pub webhook_secret: String,
}

/// A PaymentIntent as the fake holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StripeIntent {
    pub id: String,
    pub client_secret: String,
    pub amount: i64,
    /// Lower-case, as Stripe keeps it.
    pub currency: String,
    pub checkout_id: Option<String>,
    /// `requires_payment_method`, `succeeded` or `canceled`.
    pub status: String,
    pub amount_refunded: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StripeRefund {
    pub id: String,
    pub intent_id: String,
    pub amount: i64,
}

struct State {
    secret_key: String,
    intents: Vec<StripeIntent>,
    refunds: Vec<StripeRefund>,
    cancelled: Vec<String>,
    /// Idempotency-Key → (the request it was first used for, the answer given).
    idempotent: HashMap<String, (String, ResponseTemplate)>,
}

impl FakeStripe {
    pub async fn start() -> Self {
        let secret_key = format!("sk_test_{}", random_hex());
        let state = Arc::new(Mutex::new(State {
            secret_key: secret_key.clone(),
            intents: Vec::new(),
            refunds: Vec::new(),
            cancelled: Vec::new(),
            idempotent: HashMap::new(),
        }));
        let server = MockServer::start().await;
        route(&server, "POST", "/v1/payment_intents", &state, |s, r| {
            s.idempotently(r, State::create_intent)
        })
        .await;
        route(
            &server,
            "POST",
            "/v1/payment_intents/[^/]+/cancel",
            &state,
            |s, r| s.idempotently(r, State::cancel_intent),
        )
        .await;
        route(&server, "POST", "/v1/refunds", &state, |s, r| {
            s.idempotently(r, State::refund)
        })
        .await;
        Self {
            server,
            state,
            secret_key,
            publishable_key: format!("pk_test_{}", random_hex()),
            webhook_secret: format!("whsec_{}", random_hex()),
        }
    }

    pub fn base_url(&self) -> String {
        self.server.uri()
    }

    /// The settings that point our Stripe client at this fake.
    pub fn config(&self) -> StripeConfig {
        StripeConfig {
            secret_key: self.secret_key.clone(),
            publishable_key: self.publishable_key.clone(),
            webhook_secret: self.webhook_secret.clone(),
            api_base: self.base_url(),
        }
    }

    /// Every intent created, oldest first.
    pub fn intents(&self) -> Vec<StripeIntent> {
        self.state.lock().unwrap().intents.clone()
    }

    pub fn intent(&self, intent_id: &str) -> Option<StripeIntent> {
        self.intents().into_iter().find(|i| i.id == intent_id)
    }

    /// The buyer pays: the intent succeeds (as it has when Stripe sends
    /// `payment_intent.succeeded`).
    pub fn pay(&self, intent_id: &str) {
        let mut state = self.state.lock().unwrap();
        let intent = state.intent_mut(intent_id).expect("no such intent");
        intent.status = "succeeded".to_owned();
    }

    pub fn refunds(&self) -> Vec<StripeRefund> {
        self.state.lock().unwrap().refunds.clone()
    }

    /// Ids of the intents cancelled, in order.
    pub fn cancelled(&self) -> Vec<String> {
        self.state.lock().unwrap().cancelled.clone()
    }

    /// A `payment_intent.*` event about `intent_id` (its currency and metadata when the fake
    /// created it), signed now with the webhook secret: (body, `Stripe-Signature` value).
    /// A `payment_intent.succeeded` event also marks the intent paid, as Stripe would have.
    pub fn signed_event(&self, kind: &str, intent_id: &str, amount: i64) -> (Vec<u8>, String) {
        self.signed_event_with_secret(kind, intent_id, amount, &self.webhook_secret)
    }

    /// The same, signed with another secret: what a forger without ours would send.
    pub fn signed_event_with_secret(
        &self,
        kind: &str,
        intent_id: &str,
        amount: i64,
        secret: &str,
    ) -> (Vec<u8>, String) {
        let body = self.event(kind, intent_id, amount);
        let signature = stripe_signature(&body, secret, unix_now());
        (body, signature)
    }

    /// The unsigned event body, for tests that sign it themselves (`stripe_signature`).
    pub fn event(&self, kind: &str, intent_id: &str, amount: i64) -> Vec<u8> {
        let mut state = self.state.lock().unwrap();
        let known = state.intent_mut(intent_id);
        let status = match kind {
            "payment_intent.succeeded" => "succeeded",
            "payment_intent.payment_failed" => "requires_payment_method",
            "payment_intent.canceled" => "canceled",
            "payment_intent.processing" => "processing",
            _ => "requires_confirmation",
        };
        let (currency, metadata, client_secret) = match known {
            Some(intent) => {
                if kind == "payment_intent.succeeded" {
                    intent.status = status.to_owned();
                }
                (
                    intent.currency.clone(),
                    json!({"checkout_id": intent.checkout_id}),
                    intent.client_secret.clone(),
                )
            }
            None => ("usd".to_owned(), json!({}), format!("{intent_id}_secret_x")),
        };
        let received = if status == "succeeded" { amount } else { 0 };
        let created = unix_now();
        serde_json::to_vec(&json!({
            "id": format!("evt_{}", random_hex()),
            "object": "event",
            "api_version": "2024-06-20",
            "created": created,
            "livemode": false,
            "pending_webhooks": 1,
            "request": {"id": null, "idempotency_key": null},
            "type": kind,
            "data": {"object": {
                "id": intent_id,
                "object": "payment_intent",
                "amount": amount,
                "amount_received": received,
                "currency": currency,
                "status": status,
                "client_secret": client_secret,
                "metadata": metadata,
                "livemode": false,
                "created": created,
            }},
        }))
        .unwrap()
    }
}

/// `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>`: Stripe's `Stripe-Signature`.
pub fn stripe_signature(payload: &[u8], secret: &str, timestamp: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(payload);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={timestamp},v1={hex}")
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .try_into()
        .unwrap()
}

/// Stripe's error body: `{"error": {"type", "code", "message"}}`.
fn stripe_error(status: u16, kind: &str, code: Option<&str>, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error": {"type": kind, "code": code, "message": message},
    }))
}

fn invalid(code: &str, message: &str) -> ResponseTemplate {
    stripe_error(400, "invalid_request_error", Some(code), message)
}

type Form = HashMap<String, String>;

impl State {
    /// Checks the key and the body, then answers a request once per Idempotency-Key: the same
    /// key again gets the first answer; with other parameters, an `idempotency_error`.
    fn idempotently(
        &mut self,
        request: &Request,
        answer: fn(&mut Self, &Request, &Form) -> ResponseTemplate,
    ) -> ResponseTemplate {
        if header(request, "authorization") != Some(format!("Bearer {}", self.secret_key)) {
            return stripe_error(
                401,
                "invalid_request_error",
                None,
                "Invalid API Key provided.",
            );
        }
        let content_type = header(request, "content-type").unwrap_or_default();
        if !content_type.starts_with("application/x-www-form-urlencoded") {
            return invalid(
                "parameter_invalid_content_type",
                "Stripe expects a form-encoded body.",
            );
        }
        let form: Form = form_urlencoded::parse(&request.body).into_owned().collect();
        let Some(key) = header(request, "idempotency-key") else {
            return answer(self, request, &form);
        };
        let fingerprint = format!("{} {:?}", request.url.path(), request.body);
        if let Some((first, response)) = self.idempotent.get(&key) {
            return if *first == fingerprint {
                response.clone()
            } else {
                stripe_error(
                    400,
                    "idempotency_error",
                    None,
                    "Keys for idempotent requests can only be used with the same parameters \
                     they were first used with.",
                )
            };
        }
        let response = answer(self, request, &form);
        self.idempotent.insert(key, (fingerprint, response.clone()));
        response
    }

    fn intent_mut(&mut self, id: &str) -> Option<&mut StripeIntent> {
        self.intents.iter_mut().find(|i| i.id == id)
    }

    fn create_intent(&mut self, _: &Request, form: &Form) -> ResponseTemplate {
        let Some(amount) = form.get("amount").and_then(|a| a.parse::<i64>().ok()) else {
            return invalid("parameter_invalid_integer", "Invalid integer: amount");
        };
        if amount < 1 {
            return invalid("parameter_invalid_integer", "Amount must be at least 1");
        }
        let currency = form.get("currency").cloned().unwrap_or_default();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_lowercase()) {
            return invalid("parameter_invalid_string", "Invalid currency");
        }
        let Some(checkout_id) = form.get("metadata[checkout_id]") else {
            return invalid("parameter_missing", "Missing metadata[checkout_id]");
        };
        if form
            .get("automatic_payment_methods[enabled]")
            .map(String::as_str)
            != Some("true")
        {
            return invalid(
                "parameter_missing",
                "Missing automatic_payment_methods[enabled]",
            );
        }
        let id = format!("pi_{}", random_hex());
        let intent = StripeIntent {
            client_secret: format!("{id}_secret_{}", random_hex()),
            id,
            amount,
            currency,
            checkout_id: Some(checkout_id.clone()),
            status: "requires_payment_method".to_owned(),
            amount_refunded: 0,
        };
        self.intents.push(intent.clone());
        ResponseTemplate::new(200).set_body_json(intent_json(&intent))
    }

    fn cancel_intent(&mut self, request: &Request, _: &Form) -> ResponseTemplate {
        let id = path_segment(request, 2);
        let Some(intent) = self.intent_mut(&id) else {
            return stripe_error(
                404,
                "invalid_request_error",
                Some("resource_missing"),
                &format!("No such payment_intent: '{id}'"),
            );
        };
        if intent.status == "succeeded" || intent.status == "canceled" {
            return invalid(
                "payment_intent_unexpected_state",
                &format!(
                    "You cannot cancel this PaymentIntent because it has a status of {}.",
                    intent.status
                ),
            );
        }
        intent.status = "canceled".to_owned();
        let body = intent_json(intent);
        self.cancelled.push(id);
        ResponseTemplate::new(200).set_body_json(body)
    }

    fn refund(&mut self, _: &Request, form: &Form) -> ResponseTemplate {
        let id = form.get("payment_intent").cloned().unwrap_or_default();
        let Some(intent) = self.intent_mut(&id) else {
            return stripe_error(
                404,
                "invalid_request_error",
                Some("resource_missing"),
                &format!("No such payment_intent: '{id}'"),
            );
        };
        if intent.status != "succeeded" {
            return invalid(
                "payment_intent_unexpected_state",
                "This PaymentIntent does not have a successful charge to refund.",
            );
        }
        let remaining = intent.amount - intent.amount_refunded;
        let amount = match form.get("amount").map(|a| a.parse::<i64>()) {
            None => remaining,
            Some(Ok(amount)) if amount >= 1 => amount,
            Some(_) => return invalid("parameter_invalid_integer", "Invalid integer: amount"),
        };
        if amount > remaining {
            return invalid(
                "amount_too_large",
                &format!(
                    "Refund amount ({amount}) is greater than unrefunded amount ({remaining})."
                ),
            );
        }
        intent.amount_refunded += amount;
        let currency = intent.currency.clone();
        let refund = StripeRefund {
            id: format!("re_{}", random_hex()),
            intent_id: id,
            amount,
        };
        let metadata: serde_json::Map<String, Value> = form
            .iter()
            .filter_map(|(k, v)| {
                let key = k.strip_prefix("metadata[")?.strip_suffix(']')?;
                Some((key.to_owned(), Value::from(v.as_str())))
            })
            .collect();
        self.refunds.push(refund.clone());
        ResponseTemplate::new(200).set_body_json(json!({
            "id": refund.id,
            "object": "refund",
            "amount": refund.amount,
            "currency": currency,
            "payment_intent": refund.intent_id,
            "status": "succeeded",
            "metadata": metadata,
        }))
    }
}

fn intent_json(intent: &StripeIntent) -> Value {
    json!({
        "id": intent.id,
        "object": "payment_intent",
        "amount": intent.amount,
        "amount_received": if intent.status == "succeeded" { intent.amount } else { 0 },
        "currency": intent.currency,
        "status": intent.status,
        "client_secret": intent.client_secret,
        "automatic_payment_methods": {"enabled": true},
        "metadata": {"checkout_id": intent.checkout_id},
        "livemode": false,
    })
}
