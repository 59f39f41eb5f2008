//! The OpenAPI document as clients and fuzzers read it: generated from the handlers, with
//! error answers described as what they are on the wire.

use crate::config::Config;
use crate::error::ApiError;
use actix_web::http::Method;
use bazaar_shared::admin::{REASON_MAX_CHARS, SEARCH_MAX_CHARS};
use bazaar_shared::cart::MAX_QUANTITY;
use bazaar_shared::catalog::{
    CATEGORIES, MAX_PRICE, MAX_STOCK, MAX_TAGS, PRODUCT_DESCRIPTION_MAX_CHARS,
    PRODUCT_NAME_MAX_CHARS, TAG_MAX_CHARS,
};
use bazaar_shared::chat::MESSAGE_MAX_CHARS;
use bazaar_shared::coupon::{CODE_MAX_CHARS, CODE_MIN_CHARS};
use bazaar_shared::event::EVENT_NAME_MAX_CHARS;
use bazaar_shared::order::{MAX_COUPON_CODES, REFUND_REASON_MAX_CHARS};
use bazaar_shared::payout::WITHDRAWAL_NOTE_MAX_CHARS;
use bazaar_shared::review::COMMENT_MAX_CHARS;
use bazaar_shared::validate::{
    DESCRIPTION_MAX_CHARS, EMAIL_MAX_CHARS, MAX_COUNT_LIMIT, NAME_MAX_CHARS, PASSWORD_MAX_CHARS,
    PASSWORD_MIN_CHARS, SHORT_TEXT_MAX_CHARS,
};
use serde_json::{Value, json};
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

const PROBLEM_SCHEMA: &str = "#/components/schemas/Problem";

/// Error answers as they are sent: every one as `application/problem+json` (RFC 9457; the
/// handlers' `body = Problem` annotations say `application/json`), and the ones the
/// extractors give before any handler runs, which no handler lists.
pub fn describe_errors(api: &mut OpenApi) {
    for (path, item) in api.paths.paths.iter_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            document_extractor_errors(path, operation);
            retag(operation);
        }
    }
}

/// What the extractors answer before a handler runs, in one place for every route (see
/// `http::server`'s path and query error handlers and `http::json`): a malformed path id or
/// query string is a 400; a body can be malformed (400), too large (413) or of another
/// content type (415).
fn document_extractor_errors(path: &str, operation: &mut Operation) {
    let has_query =
        operation.parameters.iter().flatten().any(
            |parameter| matches!(parameter, RefOr::T(p) if p.parameter_in == ParameterIn::Query),
        );
    let mut answers = Vec::new();
    if path.contains('{') || has_query {
        answers.push(("400", "the path or query string is not valid"));
    }
    if operation.request_body.is_some() {
        answers.extend([
            ("400", "the body could not be read"),
            ("413", "the body is too large"),
            (
                "415",
                "the body is not of the content type this route takes",
            ),
        ]);
    }
    for (status, description) in answers {
        let problem = ContentBuilder::new()
            .schema(Some(RefOr::Ref(Ref::new(PROBLEM_SCHEMA))))
            .build();
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| {
                RefOr::T(
                    ResponseBuilder::new()
                        .description(description)
                        .content("application/json", problem)
                        .build(),
                )
            });
    }
}

/// The document as served: the generated one, plus what the handlers check beyond the
/// types' shapes (lengths, patterns, ranges, the categories, this deployment's currency,
/// payment methods and smallest withdrawal), so that a client or a fuzzer that keeps to the
/// document is not refused with a 422. What depends on stored data or the clock (a cursor
/// this server gave out, an unused token, an object of one's own, a time in the future, a
/// password not on the common list) no schema can say; those 422s stay.
pub fn served(api: &OpenApi, config: &Config) -> Value {
    let mut document = serde_json::to_value(api).unwrap_or_default();
    let schemas = &mut document["components"]["schemas"];
    for (schema, property, rule) in property_rules(config) {
        match schemas
            .get_mut(schema)
            .and_then(|s| s.get_mut("properties"))
            .and_then(|p| p.get_mut(property))
        {
            Some(target) => apply(target, rule),
            None => tracing::warn!(schema, property, "an OpenAPI rule names no property"),
        }
    }
    if let Some(Value::Array(required)) = schemas.pointer_mut("/NewMessage/required") {
        required.push(json!("text"));
    } else if let Some(message) = schemas.get_mut("NewMessage") {
        message["required"] = json!(["text"]);
    }
    sharpen_non_blank(schemas);
    if let Some(currency) = schemas.pointer_mut("/Money/properties/currency") {
        apply(currency, json!({ "enum": [config.currency] }));
    }
    let Some(paths) = document["paths"].as_object_mut() else {
        return document;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut() {
            describe_upload(operation);
            let Some(parameters) = operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
            else {
                continue;
            };
            for parameter in parameters {
                if parameter["in"] != "query" {
                    continue;
                }
                let name = parameter["name"].as_str().unwrap_or_default().to_owned();
                if let Some(rule) = query_rule(path, &name) {
                    apply(&mut parameter["schema"], rule);
                }
            }
        }
    }
    document
}

/// Merges `rule` into a property's schema; a `{"$replace": …}` rule replaces it. A nullable
/// property (`oneOf: [X, null]`) has the rule applied to X.
fn apply(target: &mut Value, rule: Value) {
    if let Some(Value::Array(choices)) = target.get_mut("oneOf")
        && let Some(choice) = choices.iter_mut().find(|c| c["type"] != "null")
    {
        return apply(choice, rule);
    }
    match rule {
        Value::Object(mut rule) => {
            if let Some(replacement) = rule.remove("$replace") {
                *target = replacement;
                return;
            }
            if let Some(target) = target.as_object_mut() {
                // A trimmed length is in the pattern: the raw one would be wrong both ways.
                if rule.contains_key("pattern") {
                    target.remove("minLength");
                    target.remove("maxLength");
                }
                target.extend(rule);
            }
        }
        other => *target = other,
    }
}

/// White space as Rust's `trim` and `char::is_whitespace` know it (Unicode's White_Space),
/// spelt out: a fuzzer's `\s` is not quite the same set.
const WS: &str =
    r"\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

/// Text whose trimmed form has `min_one` (1 or 0) to `max` characters: the length the
/// server checks is after trimming, so it is said by the pattern, not by `maxLength`.
fn trimmed(max: usize, required: bool) -> Value {
    let inner = max.saturating_sub(2);
    let optional = if required { "" } else { "?" };
    json!({
        "pattern": format!(
            r"^[{WS}]*([^{WS}]|[^{WS}][\s\S]{{0,{inner}}}[^{WS}]){optional}[{WS}]*$"
        )
    })
}

/// Required text: not blank, at most `max` characters once trimmed (`validate::check_text`).
fn text(max: usize) -> Value {
    trimmed(max, true)
}

/// Optional text: at most `max` characters once trimmed (`validate::check_max`).
fn at_most(max: usize) -> Value {
    trimmed(max, false)
}

/// Patterns the types declare as `\S` (not blank): say that as the server means it.
fn sharpen_non_blank(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                if key == "pattern" && field == r"\S" {
                    *field = json!(format!("[^{WS}]"));
                } else {
                    sharpen_non_blank(field);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(sharpen_non_blank),
        _ => {}
    }
}

/// One `@`, a local part, a dotted domain, no white space, 254 characters once trimmed
/// (`validate::check_email`).
fn email() -> Value {
    json!({
        "pattern": format!(
            r"^[{WS}]*(?=[^{WS}]{{1,{EMAIL_MAX_CHARS}}}[{WS}]*$)[^{WS}@]+@[^{WS}@.]+(\.[^{WS}@.]+)+[{WS}]*$"
        )
    })
}

/// Digits, a leading `+` and ` -().`; 6 to 20 digits, once trimmed (`validate::check_phone`).
fn phone_pattern() -> String {
    format!(r"^[{WS}]*\+?[ ().-]*([0-9][ ().-]*){{6,20}}[{WS}]*$")
}

fn phone() -> Value {
    json!({ "pattern": phone_pattern() })
}

fn password() -> Value {
    json!({ "minLength": PASSWORD_MIN_CHARS, "maxLength": PASSWORD_MAX_CHARS })
}

/// An amount of this deployment's currency between `min` and `max` minor units.
fn money(currency: &str, min: i64, max: i64) -> Value {
    json!({ "$replace": {
        "type": "object",
        "required": ["amount", "currency"],
        "properties": {
            "amount": { "type": "integer", "format": "int64", "minimum": min, "maximum": max },
            "currency": { "type": "string", "enum": [currency] },
        },
    }})
}

fn categories() -> Value {
    json!({ "enum": CATEGORIES.iter().map(|(slug, _)| *slug).collect::<Vec<_>>() })
}

fn property_rules(config: &Config) -> Vec<(&'static str, &'static str, Value)> {
    let currency = config.currency.as_str();
    let price = money(currency, 1, MAX_PRICE);
    let mut methods = vec!["cod"];
    if config.stripe.is_some() {
        methods.push("stripe");
    }
    if config.paypal.is_some() {
        methods.push("paypal");
    }
    let address = text(SHORT_TEXT_MAX_CHARS);
    let name = text(NAME_MAX_CHARS);
    let tags = json!({
        "maxItems": MAX_TAGS,
        "items": { "type": "string", "pattern": text(TAG_MAX_CHARS)["pattern"] },
    });
    let code = format!(r"^[{WS}]*[A-Za-z0-9_-]{{{CODE_MIN_CHARS},{CODE_MAX_CHARS}}}[{WS}]*$");
    let quantity = json!({ "minimum": 1, "maximum": MAX_QUANTITY });
    let count_limit = json!({ "minimum": 1, "maximum": MAX_COUNT_LIMIT });
    let mut rules = vec![
        ("SignupRequest", "name", name.clone()),
        ("SignupRequest", "email", email()),
        ("SignupRequest", "password", password()),
        ("SellerSignupRequest", "name", name.clone()),
        ("SellerSignupRequest", "email", email()),
        ("SellerSignupRequest", "password", password()),
        ("EmailRequest", "email", email()),
        ("ResetPasswordRequest", "password", password()),
        ("ChangePasswordRequest", "new_password", password()),
        ("UpdateMe", "name", name.clone()),
        (
            "UpdateMe",
            "phone",
            json!({ "pattern": format!("^[{WS}]*$|{}", phone_pattern()) }),
        ),
        ("ShopInput", "name", name.clone()),
        ("ShopInput", "description", at_most(DESCRIPTION_MAX_CHARS)),
        ("ShopInput", "phone", phone()),
        ("ShopInput", "address", address.clone()),
        ("ShopInput", "postal_code", address.clone()),
        ("ShopPatch", "name", name.clone()),
        ("ShopPatch", "description", at_most(DESCRIPTION_MAX_CHARS)),
        ("ShopPatch", "phone", phone()),
        ("ShopPatch", "address", address.clone()),
        ("ShopPatch", "postal_code", address.clone()),
        (
            "WithdrawMethodInput",
            "swift_code",
            json!({ "pattern": format!(r"^[{WS}]*([A-Za-z0-9]{{8}}|[A-Za-z0-9]{{11}})[{WS}]*$") }),
        ),
        (
            "WithdrawMethodInput",
            "account_number",
            json!({ "pattern": format!(r"^[{WS}]*([A-Za-z0-9][{WS}]*){{6,34}}$") }),
        ),
        ("WithdrawMethodInput", "bank_name", address.clone()),
        ("WithdrawMethodInput", "bank_country", address.clone()),
        ("WithdrawMethodInput", "holder_name", address.clone()),
        ("WithdrawMethodInput", "bank_address", address.clone()),
        (
            "WithdrawalInput",
            "amount",
            money(currency, config.min_withdrawal, i64::MAX),
        ),
        ("ProductInput", "name", text(PRODUCT_NAME_MAX_CHARS)),
        (
            "ProductInput",
            "description",
            at_most(PRODUCT_DESCRIPTION_MAX_CHARS),
        ),
        ("ProductInput", "category", categories()),
        ("ProductInput", "tags", tags.clone()),
        ("ProductInput", "price", price.clone()),
        ("ProductInput", "original_price", price.clone()),
        (
            "ProductInput",
            "stock",
            json!({ "minimum": 0, "maximum": MAX_STOCK }),
        ),
        ("ProductPatch", "name", text(PRODUCT_NAME_MAX_CHARS)),
        (
            "ProductPatch",
            "description",
            at_most(PRODUCT_DESCRIPTION_MAX_CHARS),
        ),
        ("ProductPatch", "category", categories()),
        ("ProductPatch", "tags", tags),
        ("ProductPatch", "price", price.clone()),
        ("ProductPatch", "original_price", price.clone()),
        (
            "ProductPatch",
            "stock",
            json!({ "minimum": 0, "maximum": MAX_STOCK }),
        ),
        ("EventInput", "name", text(EVENT_NAME_MAX_CHARS)),
        ("EventInput", "description", at_most(DESCRIPTION_MAX_CHARS)),
        ("EventInput", "event_price", price.clone()),
        ("EventInput", "unit_limit", count_limit.clone()),
        ("EventPatch", "name", text(EVENT_NAME_MAX_CHARS)),
        ("EventPatch", "description", at_most(DESCRIPTION_MAX_CHARS)),
        ("EventPatch", "event_price", price.clone()),
        ("EventPatch", "unit_limit", count_limit.clone()),
        ("CouponInput", "code", json!({ "pattern": code })),
        (
            "CouponInput",
            "percent_off",
            json!({ "minimum": 1, "maximum": 100 }),
        ),
        ("CouponInput", "usage_limit", count_limit),
        ("CouponInput", "min_subtotal", money(currency, 0, i64::MAX)),
        ("CouponInput", "max_discount", price),
        ("SetQuantity", "quantity", quantity.clone()),
        ("GuestItem", "quantity", quantity),
        ("MergeCart", "items", json!({ "maxItems": 100 })),
        (
            "CheckoutInput",
            "payment_method",
            json!({ "$replace": { "type": "string", "enum": methods } }),
        ),
        (
            "CheckoutInput",
            "coupon_codes",
            json!({ "maxItems": MAX_COUPON_CODES, "uniqueItems": true }),
        ),
        ("NewMessage", "text", text(MESSAGE_MAX_CHARS)),
    ];
    rules.push(("ReviewInput", "comment", at_most(COMMENT_MAX_CHARS)));
    for schema in ["BanChange", "HiddenChange", "DisputeMove", "ReviewRemoval"] {
        rules.push((schema, "reason", text(REASON_MAX_CHARS)));
    }
    rules.push(("RefundRequest", "reason", text(REFUND_REASON_MAX_CHARS)));
    rules.push((
        "WithdrawalDecision",
        "note",
        at_most(WITHDRAWAL_NOTE_MAX_CHARS),
    ));
    for schema in ["AddressInput", "AddressPatch"] {
        for field in ["country", "city", "line1", "postal_code"] {
            rules.push((schema, field, address.clone()));
        }
        rules.push((schema, "line2", at_most(SHORT_TEXT_MAX_CHARS)));
    }
    rules.push((
        "AddressPatch",
        "is_default",
        json!({ "enum": [true, null] }),
    ));
    rules
}

/// What the lists check of their query strings.
fn query_rule(path: &str, name: &str) -> Option<Value> {
    match name {
        // A conversation's history clamps its page size instead.
        "limit" if !path.starts_with("/api/v1/conversations") => {
            Some(json!({ "minimum": 1, "maximum": crate::pagination::MAX_LIMIT }))
        }
        "category" => Some(categories()),
        "min_price" | "max_price" => Some(json!({ "minimum": 0 })),
        "min_rating" => Some(json!({ "minimum": 0, "maximum": 5 })),
        "q" if path.starts_with("/api/v1/admin") => Some(at_most(SEARCH_MAX_CHARS)),
        _ => None,
    }
}

/// An upload is a form with `image` parts: say so, instead of any body at all (or none).
fn describe_upload(operation: &mut Value) {
    if let Some(form) = operation.pointer_mut("/requestBody/content/multipart~1form-data") {
        form["schema"] = json!({
            "type": "object",
            "required": ["image"],
            "properties": { "image": { "type": "string", "format": "binary" } },
            "additionalProperties": false,
        });
        operation["requestBody"]["required"] = json!(true);
    }
}

/// The methods the document declares on each of its paths, to answer a known path asked
/// with another method as what it is: 405 with `Allow`, not a 404.
pub struct Methods {
    paths: Vec<(Vec<Segment>, Vec<Method>)>,
}

enum Segment {
    Literal(String),
    /// `{id}`: any one non-empty segment.
    Parameter,
}

impl Methods {
    pub fn of(api: &OpenApi) -> Self {
        let paths = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path
                    .split('/')
                    .map(|segment| {
                        if segment.starts_with('{') && segment.ends_with('}') {
                            Segment::Parameter
                        } else {
                            Segment::Literal(segment.to_owned())
                        }
                    })
                    .collect();
                (segments, declared(item))
            })
            .collect();
        Self { paths }
    }

    /// The 405 for `method` on `path`, when the document knows the path (by its most
    /// specific templates) but not with this method.
    pub fn refusal(&self, method: &Method, path: &str) -> Option<ApiError> {
        // A literal segment wins over a parameter (`/images/order` over `/images/{id}`), as
        // in the document's own path matching.
        let literals = |template: &[Segment]| {
            template
                .iter()
                .filter(|s| matches!(s, Segment::Literal(_)))
                .count()
        };
        let matching: Vec<_> = self
            .paths
            .iter()
            .filter(|(template, _)| matches(template, path))
            .collect();
        let most = matching.iter().map(|(t, _)| literals(t)).max().unwrap_or(0);
        let mut allowed: Vec<&Method> = Vec::new();
        for (_, methods) in matching.iter().filter(|(t, _)| literals(t) == most) {
            for declared in methods {
                if !allowed.contains(&declared) {
                    allowed.push(declared);
                }
            }
        }
        if allowed.is_empty() || allowed.contains(&method) {
            return None;
        }
        let allow = allowed
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        Some(ApiError::MethodNotAllowed { allow })
    }
}

fn declared(item: &PathItem) -> Vec<Method> {
    [
        (&item.get, Method::GET),
        (&item.put, Method::PUT),
        (&item.post, Method::POST),
        (&item.delete, Method::DELETE),
        (&item.patch, Method::PATCH),
    ]
    .into_iter()
    .filter(|(operation, _)| operation.is_some())
    .map(|(_, method)| method)
    .collect()
}

fn matches(template: &[Segment], path: &str) -> bool {
    let mut segments = path.split('/');
    template.iter().all(|expected| {
        segments.next().is_some_and(|segment| match expected {
            Segment::Literal(literal) => literal == segment,
            Segment::Parameter => !segment.is_empty(),
        })
    }) && segments.next().is_none()
}

fn retag(operation: &mut Operation) {
    for response in operation.responses.responses.values_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        let is_problem = response.content.get("application/json").is_some_and(|content| {
            matches!(content, RefOr::T(c) if matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location == PROBLEM_SCHEMA))
        });
        if is_problem && let Some(content) = response.content.shift_remove("application/json") {
            response
                .content
                .insert("application/problem+json".to_owned(), content);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::Responses;

    #[test]
    fn problem_answers_are_documented_as_problem_json_and_others_stay() {
        let problem = ContentBuilder::new()
            .schema(Some(RefOr::Ref(Ref::new(PROBLEM_SCHEMA))))
            .build();
        let ok = ContentBuilder::new()
            .schema(Some(RefOr::Ref(Ref::new("#/components/schemas/Order"))))
            .build();
        let mut operation = Operation::new();
        let mut responses = Responses::new();
        responses.responses.insert(
            "404".into(),
            RefOr::T(
                ResponseBuilder::new()
                    .content("application/json", problem)
                    .build(),
            ),
        );
        responses.responses.insert(
            "200".into(),
            RefOr::T(
                ResponseBuilder::new()
                    .content("application/json", ok)
                    .build(),
            ),
        );
        operation.responses = responses;
        document_extractor_errors("/orders/{id}", &mut operation);
        retag(&mut operation);
        let content_types = |status: &str| match &operation.responses.responses[status] {
            RefOr::T(response) => response.content.keys().cloned().collect::<Vec<_>>(),
            RefOr::Ref(_) => Vec::new(),
        };
        assert_eq!(content_types("404"), ["application/problem+json"]);
        assert_eq!(content_types("200"), ["application/json"]);
        assert_eq!(
            content_types("400"),
            ["application/problem+json"],
            "a malformed path id is documented"
        );
    }

    #[test]
    fn a_known_path_with_another_method_is_refused_with_what_it_takes() {
        use utoipa::openapi::{HttpMethod, Info, Paths};
        let mut api = OpenApi::new(Info::new("test", "1"), Paths::new());
        let item = |method| PathItem::new(method, Operation::new());
        let mut product = item(HttpMethod::Get);
        product.patch = Some(Operation::new());
        let paths = &mut api.paths.paths;
        paths.insert("/api/v1/products/{id}".into(), product);
        paths.insert(
            "/api/v1/products/{id}/images/order".into(),
            item(HttpMethod::Put),
        );
        paths.insert(
            "/api/v1/products/{id}/images/{image_id}".into(),
            item(HttpMethod::Delete),
        );
        let methods = Methods::of(&api);
        let allow = |method: Method, path: &str| match methods.refusal(&method, path) {
            Some(ApiError::MethodNotAllowed { allow }) => Some(allow),
            _ => None,
        };
        assert_eq!(
            allow(Method::POST, "/api/v1/products/42").as_deref(),
            Some("GET, PATCH")
        );
        assert_eq!(allow(Method::GET, "/api/v1/products/42"), None, "declared");
        assert_eq!(
            allow(Method::GET, "/api/v1/products/42/images/order").as_deref(),
            Some("PUT"),
            "the literal segment wins"
        );
        assert_eq!(
            allow(Method::GET, "/api/v1/products/42/images/7").as_deref(),
            Some("DELETE")
        );
        assert_eq!(allow(Method::GET, "/api/v1/products"), None, "unknown");
        assert_eq!(allow(Method::GET, "/api/v1/products//images/x"), None);
        assert_eq!(allow(Method::GET, "/api/v1/products/1/2"), None);
    }
}
