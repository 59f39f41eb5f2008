//! Only admins use the console: anonymous requests get 401, every other account 403, on
//! every route; and wrong input gets a 4xx naming what is wrong, never a 5xx.

use super::Console;
use crate::helpers::{field_error, problem};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Every admin route, with a body it would accept.
fn routes() -> Vec<(Method, String, Value)> {
    let id = uuid::Uuid::now_v7();
    let reason = json!({"reason": "a reason"});
    let mut routes: Vec<(Method, String, Value)> = [
        "stats",
        "users",
        "shops",
        "products",
        "events",
        "orders",
        "withdrawals",
        "reviews",
        "audit",
    ]
    .iter()
    .map(|list| (Method::GET, format!("/api/v1/admin/{list}"), Value::Null))
    .collect();
    routes.extend([
        (
            Method::PATCH,
            format!("/api/v1/admin/users/{id}"),
            json!({"banned": true, "reason": "spam"}),
        ),
        (
            Method::PATCH,
            format!("/api/v1/admin/products/{id}"),
            json!({"hidden": true, "reason": "fake"}),
        ),
        (
            Method::PATCH,
            format!("/api/v1/admin/events/{id}"),
            json!({"hidden": true, "reason": "fake"}),
        ),
        (
            Method::DELETE,
            format!("/api/v1/admin/reviews/{id}"),
            reason,
        ),
        (
            Method::POST,
            format!("/api/v1/admin/orders/{id}/status"),
            json!({"status": "cancelled", "reason": "lost"}),
        ),
        (
            Method::POST,
            format!("/api/v1/admin/withdrawals/{id}"),
            json!({"approve": true}),
        ),
    ]);
    routes
}

#[tokio::test]
async fn every_admin_route_refuses_the_anonymous_buyers_and_sellers() {
    let console = Console::new().await;
    let app = &console.market.app;
    for (method, path, body) in routes() {
        let anonymous = app
            .http
            .request(method.clone(), app.url(&path))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            anonymous.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {path}"
        );
        problem(anonymous, StatusCode::UNAUTHORIZED).await;
        for (who, account) in [
            ("buyer", &console.market.ann),
            ("seller", &console.market.sam),
        ] {
            let refused = app
                .send_as(method.clone(), &account.token, &path, &body)
                .await;
            assert_eq!(
                refused.status(),
                StatusCode::FORBIDDEN,
                "{method} {path} as the {who}"
            );
            problem(refused, StatusCode::FORBIDDEN).await;
        }
        let admin = console.send(method.clone(), &path, &body).await;
        assert!(
            !matches!(
                admin.status(),
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            ) && !admin.status().is_server_error(),
            "{method} {path} as the admin: {}",
            admin.status()
        );
    }
}

#[tokio::test]
async fn a_page_out_of_bounds_or_a_foreign_cursor_is_refused_at_the_field() {
    let console = Console::new().await;
    let lists = [
        "users",
        "shops",
        "products",
        "events",
        "orders",
        "withdrawals",
        "reviews",
        "audit",
    ];
    for list in lists {
        let path = format!("/api/v1/admin/{list}");
        let get = async |query: &str| {
            console
                .market
                .app
                .get_as(&console.admin.token, &format!("{path}?{query}"))
                .await
        };
        field_error(get("limit=0").await, "limit").await;
        field_error(get("limit=101").await, "limit").await;
        field_error(get("cursor=not-a-cursor").await, "cursor").await;
        problem(get("limit=many").await, StatusCode::BAD_REQUEST).await;
    }
    for list in ["users", "shops", "products", "events", "reviews"] {
        let long = "x".repeat(101);
        let response = console
            .market
            .app
            .get_as(
                &console.admin.token,
                &format!("/api/v1/admin/{list}?q={long}"),
            )
            .await;
        field_error(response, "q").await;
    }
    let get = async |path: &str| {
        console
            .market
            .app
            .get_as(&console.admin.token, &format!("/api/v1/admin/{path}"))
            .await
    };
    field_error(
        get("orders?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z").await,
        "to",
    )
    .await;
    field_error(get("products?category=weapons").await, "category").await;
    field_error(get("reviews?rating=6").await, "rating").await;
    problem(get("users?role=wizard").await, StatusCode::BAD_REQUEST).await;
    problem(get("orders?from=yesterday").await, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn an_action_needs_a_reason_and_well_formed_fields() {
    let console = Console::new().await;
    let sam = format!("/api/v1/admin/users/{}", console.market.sam.id);
    let lamp = format!("/api/v1/admin/products/{}", console.market.lamp);
    for (path, body, field) in [
        (&sam, json!({"banned": true}), "reason"),
        (&sam, json!({"banned": true, "reason": "   "}), "reason"),
        (&sam, json!({"banned": "yes", "reason": "spam"}), "banned"),
        (
            &sam,
            json!({"banned": true, "reason": "x".repeat(501)}),
            "reason",
        ),
        (
            &sam,
            json!({"banned": true, "reason": "spam", "until": "forever"}),
            "until",
        ),
        (&lamp, json!({"hidden": true, "reason": ""}), "reason"),
        (&lamp, json!({"reason": "fake"}), "hidden"),
    ] {
        field_error(console.send(Method::PATCH, path, &body).await, field).await;
    }
    let review = format!("/api/v1/admin/reviews/{}", uuid::Uuid::now_v7());
    field_error(
        console.send(Method::DELETE, &review, &json!({})).await,
        "reason",
    )
    .await;
    let order = format!("/api/v1/admin/orders/{}/status", uuid::Uuid::now_v7());
    field_error(
        console
            .send(
                Method::POST,
                &order,
                &json!({"status": "lost", "reason": "x"}),
            )
            .await,
        "status",
    )
    .await;
    problem(
        console
            .send(Method::PATCH, "/api/v1/admin/users/not-an-id", &json!({}))
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    for (path, body) in [
        (
            format!("/api/v1/admin/users/{}", uuid::Uuid::now_v7()),
            json!({"banned": true, "reason": "spam"}),
        ),
        (
            format!("/api/v1/admin/products/{}", uuid::Uuid::now_v7()),
            json!({"hidden": true, "reason": "fake"}),
        ),
        (
            format!("/api/v1/admin/events/{}", uuid::Uuid::now_v7()),
            json!({"hidden": true, "reason": "fake"}),
        ),
    ] {
        problem(
            console.send(Method::PATCH, &path, &body).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    problem(
        console
            .send(Method::DELETE, &review, &json!({"reason": "rude"}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        console
            .send(
                Method::POST,
                &order,
                &json!({"status": "cancelled", "reason": "lost"}),
            )
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn the_openapi_document_describes_every_admin_route() {
    let console = Console::new().await;
    let api = console.market.app.get_json("/api/openapi.json").await;
    for (method, path) in [
        ("get", "/api/v1/admin/stats"),
        ("get", "/api/v1/admin/users"),
        ("patch", "/api/v1/admin/users/{id}"),
        ("get", "/api/v1/admin/shops"),
        ("get", "/api/v1/admin/products"),
        ("patch", "/api/v1/admin/products/{id}"),
        ("get", "/api/v1/admin/events"),
        ("patch", "/api/v1/admin/events/{id}"),
        ("get", "/api/v1/admin/orders"),
        ("post", "/api/v1/admin/orders/{id}/status"),
        ("get", "/api/v1/admin/withdrawals"),
        ("post", "/api/v1/admin/withdrawals/{id}"),
        ("get", "/api/v1/admin/reviews"),
        ("delete", "/api/v1/admin/reviews/{id}"),
        ("get", "/api/v1/admin/audit"),
    ] {
        let operation = &api["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is not documented");
        for status in ["401", "403"] {
            assert_eq!(
                operation["responses"][status]["content"]["application/problem+json"]["schema"]["$ref"],
                "#/components/schemas/Problem",
                "{method} {path} {status}"
            );
        }
        let ok = if method == "delete" { "204" } else { "200" };
        assert!(
            operation["responses"][ok].is_object(),
            "{method} {path} {ok}"
        );
    }
    for schema in [
        "AdminStats",
        "AdminUser",
        "AdminShop",
        "AdminProduct",
        "AdminEvent",
        "AdminWithdrawal",
        "AdminReview",
        "AuditEntry",
        "BanChange",
        "HiddenChange",
        "ReviewRemoval",
        "DisputeMove",
    ] {
        assert!(
            api["components"]["schemas"][schema].is_object(),
            "{schema} is not in the document"
        );
    }
}
