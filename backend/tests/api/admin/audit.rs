//! Every admin action leaves an entry in the audit log (who, what, on which record, when,
//! why), and nothing changes or removes an entry.

use super::{Console, ok};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn every_action_is_in_the_audit_log_newest_first() {
    let console = Console::new().await;
    let market = &console.market;
    let order = market.delivered_lamp_order().await;
    let order = order["id"].as_str().unwrap();
    let review = market
        .post(
            &market.ann,
            &format!("/api/v1/products/{}/reviews", market.lamp),
            &json!({"order_id": order, "rating": 1, "comment": "Rubbish, you crooks"}),
        )
        .await;
    let review: Value = review.json().await.unwrap();
    let review = review["id"].as_str().unwrap();
    market.add_withdraw_method(&market.sam).await;
    let withdrawal: Value = market
        .post(
            &market.sam,
            "/api/v1/me/shop/withdrawals",
            &json!({"amount": crate::orders::usd(1000)}),
        )
        .await
        .json()
        .await
        .unwrap();
    let event = super::moderation::running_event(market).await;

    console.set_banned(&market.rita, true, "spam").await;
    console.set_banned(&market.rita, false, "apologised").await;
    console
        .set_hidden("products", &market.mug, true, "fake")
        .await;
    console
        .set_hidden("products", &market.mug, false, "real")
        .await;
    console
        .set_hidden("events", &event, true, "misleading")
        .await;
    console.set_hidden("events", &event, false, "fixed").await;
    let removed = console
        .send(
            Method::DELETE,
            &format!("/api/v1/admin/reviews/{review}"),
            &json!({"reason": "insults"}),
        )
        .await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    ok(console
        .send(
            Method::POST,
            &format!(
                "/api/v1/admin/withdrawals/{}",
                withdrawal["id"].as_str().unwrap()
            ),
            &json!({"approve": false, "note": "wrong IBAN"}),
        )
        .await)
    .await;
    ok(console
        .send(
            Method::POST,
            &format!("/api/v1/admin/orders/{order}/status"),
            &json!({"status": "refunded", "reason": "broken on arrival"}),
        )
        .await)
    .await;

    let log = console.get("/api/v1/admin/audit").await;
    let entries = log["items"].as_array().unwrap();
    let summary: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["target"].as_str().unwrap(),
                e["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("change_order_status", "order", "broken on arrival"),
            ("reject_withdrawal", "withdrawal", "wrong IBAN"),
            ("remove_review", "review", "insults"),
            ("restore_event", "event", "fixed"),
            ("hide_event", "event", "misleading"),
            ("restore_product", "product", "real"),
            ("hide_product", "product", "fake"),
            ("unban", "user", "apologised"),
            ("ban", "user", "spam"),
        ]
    );
    for entry in entries {
        assert_eq!(entry["admin"]["id"], console.admin.id.as_str());
        assert_eq!(entry["admin"]["email"], "ada@example.com");
        assert!(entry["created_at"].is_string());
    }
    assert_eq!(entries[0]["target_id"], order);
    assert_eq!(entries[0]["detail"], "delivered → refunded");
    assert_eq!(entries[2]["target_id"], review);
    assert!(
        entries[2]["detail"]
            .as_str()
            .unwrap()
            .contains("Rubbish, you crooks"),
        "the removed review's words are kept"
    );
    assert_eq!(entries[8]["target_id"], market.rita.id.as_str());

    let bans = console.get("/api/v1/admin/audit?action=ban").await;
    assert_eq!(bans["items"].as_array().unwrap().len(), 1);
    let of_mug = console
        .get(&format!("/api/v1/admin/audit?target_id={}", market.mug))
        .await;
    assert_eq!(of_mug["items"].as_array().unwrap().len(), 2);
    let of_admin = console
        .get(&format!(
            "/api/v1/admin/audit?admin_id={}&limit=4",
            console.admin.id
        ))
        .await;
    assert_eq!(of_admin["items"].as_array().unwrap().len(), 4);
    let next = of_admin["next_cursor"].as_str().unwrap();
    let rest = console
        .get(&format!("/api/v1/admin/audit?limit=10&cursor={next}"))
        .await;
    assert_eq!(rest["items"][0]["action"], "hide_event");
    assert_eq!(rest["items"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn the_audit_log_is_append_only() {
    let console = Console::new().await;
    console.set_banned(&console.market.ann, true, "fraud").await;
    let before = console.get("/api/v1/admin/audit").await;
    let id = before["items"][0]["id"].as_str().unwrap().to_owned();
    for path in [
        "/api/v1/admin/audit".to_owned(),
        format!("/api/v1/admin/audit/{id}"),
    ] {
        for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            let response = console
                .send(method.clone(), &path, &json!({"reason": "tidy up"}))
                .await;
            assert!(
                matches!(
                    response.status(),
                    StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
                ),
                "{method} {path}: {}",
                response.status()
            );
        }
    }
    assert_eq!(console.get("/api/v1/admin/audit").await, before);

    // Not even the database lets an entry change or go.
    let mut writer = console.market.app.state.db.writer().await.unwrap();
    let update = sqlx::query("UPDATE audit_log SET reason = 'nothing' WHERE id = $1")
        .bind(&id)
        .execute(&mut *writer)
        .await;
    assert!(update.is_err(), "{update:?}");
    let delete = sqlx::query("DELETE FROM audit_log WHERE id = $1")
        .bind(&id)
        .execute(&mut *writer)
        .await;
    assert!(delete.is_err(), "{delete:?}");
    drop(writer);
    assert_eq!(console.get("/api/v1/admin/audit").await, before);
}
