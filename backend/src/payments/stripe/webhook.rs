//! Stripe's webhook deliveries: the signature checked the way Stripe's own libraries do, and
//! the event read as far as Bazaar needs it.

use super::{WebhookError, WebhookEvent};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// Stripe's own libraries accept a signature this many seconds old.
const TOLERANCE_SECS: i64 = 300;

/// Stripe's scheme: `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`, possibly several
/// `v1` (while a secret is being rolled); any one matching will do.
pub(super) fn verify_signature(
    payload: &[u8],
    header: &str,
    secret: &[u8],
    now: i64,
) -> Result<(), WebhookError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for item in header.split(',') {
        match item.trim().split_once('=') {
            Some(("t", value)) => {
                timestamp = Some(
                    value
                        .parse::<i64>()
                        .map_err(|_| WebhookError::MissingSignature)?,
                );
            }
            // A v1 that is not hex cannot match; the others still may.
            Some(("v1", value)) => signatures.extend(decode_hex(value)),
            _ => {}
        }
    }
    let (Some(timestamp), false) = (timestamp, signatures.is_empty()) else {
        return Err(WebhookError::MissingSignature);
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    // `verify_slice` compares in constant time.
    if !signatures
        .iter()
        .any(|signature| mac.clone().verify_slice(signature).is_ok())
    {
        return Err(WebhookError::BadSignature);
    }
    if (now - timestamp).abs() > TOLERANCE_SECS {
        return Err(WebhookError::Stale);
    }
    Ok(())
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

#[derive(Deserialize)]
struct RawEvent {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: RawEventData,
}

#[derive(Deserialize)]
struct RawEventData {
    object: RawObject,
}

/// The event's object: a PaymentIntent for `payment_intent.*`; for other kinds (a charge, a
/// refund) the intent is its `payment_intent` field.
#[derive(Deserialize)]
struct RawObject {
    id: String,
    #[serde(default)]
    object: String,
    payment_intent: Option<serde_json::Value>,
    #[serde(default)]
    amount: i64,
    amount_received: Option<i64>,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    metadata: RawMetadata,
}

#[derive(Default, Deserialize)]
struct RawMetadata {
    checkout_id: Option<String>,
}

pub(super) fn read_event(payload: &[u8]) -> Result<WebhookEvent, WebhookError> {
    let event: RawEvent =
        serde_json::from_slice(payload).map_err(|e| WebhookError::Malformed(e.to_string()))?;
    let object = event.data.object;
    let intent_id = match (object.object.as_str(), &object.payment_intent) {
        ("payment_intent", _) => object.id,
        (_, Some(serde_json::Value::String(id))) => id.clone(),
        (_, Some(expanded)) => expanded["id"].as_str().unwrap_or_default().to_owned(),
        (_, None) => object.id,
    };
    let amount = match object.amount_received {
        Some(received) if event.kind == "payment_intent.succeeded" => received,
        _ => object.amount,
    };
    Ok(WebhookEvent {
        id: event.id,
        kind: event.kind,
        intent_id,
        amount,
        currency: object.currency.to_uppercase(),
        checkout_id: object.metadata.checkout_id.and_then(|id| id.parse().ok()),
    })
}

#[cfg(test)]
mod tests {
    use super::super::Stripe;
    use super::*;
    use crate::config::StripeConfig;
    use time::OffsetDateTime;

    const SECRET: &str = "whsec_test_secret";
    const NOW: i64 = 1_780_000_000;

    fn stripe() -> Stripe {
        Stripe::new(StripeConfig {
            secret_key: "sk_test_x".to_owned(),
            publishable_key: "pk_test_x".to_owned(),
            webhook_secret: SECRET.to_owned(),
            api_base: "http://127.0.0.1:9".to_owned(),
        })
        .unwrap()
    }

    fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{timestamp}.").as_bytes());
        mac.update(payload);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn header(payload: &[u8], secret: &str, timestamp: i64) -> String {
        format!("t={timestamp},v1={}", sign(payload, secret, timestamp))
    }

    const CHECKOUT: &str = "0190f7a2-3c4d-7e8f-9a0b-1c2d3e4f5a6b";

    fn payload(kind: &str) -> Vec<u8> {
        serde_json::json!({
            "id": "evt_1",
            "object": "event",
            "type": kind,
            "data": {"object": {
                "id": "pi_123",
                "object": "payment_intent",
                "amount": 2500,
                "amount_received": 2400,
                "currency": "usd",
                "metadata": {"checkout_id": CHECKOUT},
            }},
        })
        .to_string()
        .into_bytes()
    }

    fn at(unix: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(unix).unwrap()
    }

    #[test]
    fn a_valid_signature_yields_the_intent_event() {
        let body = payload("payment_intent.succeeded");
        let event = stripe()
            .verify_webhook(&body, &header(&body, SECRET, NOW), at(NOW + 10))
            .unwrap();
        assert_eq!(event.id, "evt_1");
        assert_eq!(event.kind, "payment_intent.succeeded");
        assert_eq!(event.intent_id, "pi_123");
        assert_eq!(event.amount, 2400, "a success reports amount_received");
        assert_eq!(event.currency, "USD");
        assert_eq!(event.checkout_id, Some(CHECKOUT.parse().unwrap()));
    }

    #[test]
    fn a_failed_payment_reports_the_intended_amount() {
        let body = payload("payment_intent.payment_failed");
        let event = stripe()
            .verify_webhook(&body, &header(&body, SECRET, NOW), at(NOW))
            .unwrap();
        assert_eq!(event.amount, 2500);
    }

    #[test]
    fn a_signature_made_with_another_secret_is_refused() {
        let body = payload("payment_intent.succeeded");
        let result = stripe().verify_webhook(&body, &header(&body, "whsec_other", NOW), at(NOW));
        assert!(
            matches!(result, Err(WebhookError::BadSignature)),
            "{result:?}"
        );
    }

    #[test]
    fn a_tampered_payload_is_refused() {
        let body = payload("payment_intent.succeeded");
        let signature = header(&body, SECRET, NOW);
        let tampered = String::from_utf8(body).unwrap().replace("2400", "9400");
        let result = stripe().verify_webhook(tampered.as_bytes(), &signature, at(NOW));
        assert!(
            matches!(result, Err(WebhookError::BadSignature)),
            "{result:?}"
        );
    }

    #[test]
    fn a_signature_older_than_five_minutes_is_stale() {
        let body = payload("payment_intent.succeeded");
        let signature = header(&body, SECRET, NOW);
        assert!(
            stripe()
                .verify_webhook(&body, &signature, at(NOW + 300))
                .is_ok()
        );
        let result = stripe().verify_webhook(&body, &signature, at(NOW + 301));
        assert!(matches!(result, Err(WebhookError::Stale)), "{result:?}");
    }

    #[test]
    fn any_v1_signature_may_match() {
        let body = payload("payment_intent.succeeded");
        let good = sign(&body, SECRET, NOW);
        let bad = sign(&body, "whsec_old", NOW);
        for signature in [
            format!("t={NOW},v1={bad},v1={good}"),
            format!("t={NOW},v1={good},v1={bad}"),
            format!("t={NOW},v0=abc,v1=nothex,v1={good}"),
        ] {
            assert!(
                stripe().verify_webhook(&body, &signature, at(NOW)).is_ok(),
                "{signature}"
            );
        }
    }

    #[test]
    fn a_missing_or_malformed_header_is_refused_as_missing() {
        let body = payload("payment_intent.succeeded");
        let good = sign(&body, SECRET, NOW);
        for signature in [
            String::new(),
            format!("v1={good}"),
            format!("t={NOW}"),
            format!("t=yesterday,v1={good}"),
        ] {
            let result = stripe().verify_webhook(&body, &signature, at(NOW));
            assert!(
                matches!(result, Err(WebhookError::MissingSignature)),
                "{signature}: {result:?}"
            );
        }
    }

    #[test]
    fn a_signed_body_that_is_not_an_event_is_malformed() {
        let body = b"{\"id\": \"evt_1\"}";
        let result = stripe().verify_webhook(body, &header(body, SECRET, NOW), at(NOW));
        assert!(
            matches!(result, Err(WebhookError::Malformed(_))),
            "{result:?}"
        );
    }

    #[test]
    fn a_charge_event_names_its_payment_intent() {
        let body = serde_json::json!({
            "id": "evt_2",
            "type": "charge.refunded",
            "data": {"object": {
                "id": "ch_1", "object": "charge", "payment_intent": "pi_9",
                "amount": 700, "currency": "eur", "metadata": {},
            }},
        })
        .to_string();
        let event = stripe()
            .verify_webhook(
                body.as_bytes(),
                &header(body.as_bytes(), SECRET, NOW),
                at(NOW),
            )
            .unwrap();
        assert_eq!(event.intent_id, "pi_9");
        assert_eq!(event.amount, 700);
        assert_eq!(event.currency, "EUR");
        assert_eq!(event.checkout_id, None);
    }
}
