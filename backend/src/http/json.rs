//! A JSON body extractor whose errors say which field is wrong and why, as problem+json:
//! 415 for another content type, 413 past the size limit, 400 for JSON that does not parse,
//! 422 for well-formed JSON of the wrong shape (missing, unknown or mistyped fields).

use crate::AppState;
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use std::ops::Deref;

pub struct Json<T>(pub T);

impl<T> Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime == "application/json" || mime.ends_with("+json")
            });
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map_or(64 * 1024, |state| state.config.json_limit_bytes);
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType(
                    "send the body as JSON with Content-Type: application/json".to_owned(),
                ));
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| {
                    ApiError::BadRequest(format!("the body could not be read: {e}"))
                })?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge(format!(
                        "the JSON body is larger than {limit} bytes"
                    )));
                }
                body.extend_from_slice(&chunk);
            }
            parse(&body).map(Json)
        })
    }
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    // Every body of this API is an object; serde would also read a struct from an array.
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') {
        return Err(ApiError::invalid("body", "must be a JSON object"));
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    let error = match serde_path_to_error::deserialize(deserializer) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    // JSON has one kind of number, and to JSON Schema (so to the OpenAPI document) `2.0` is
    // the integer 2: read it as one before refusing.
    if let Some(value) = integral_floats_as_integers(body)
        && let Ok(read) = serde_json::from_value(value)
    {
        return Ok(read);
    }
    let path = error.path().to_string();
    let inner = error.into_inner();
    Err(match inner.classify() {
        serde_json::error::Category::Data => {
            let message = inner.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            let (field, message) = field_of(&path, message);
            ApiError::invalid(&field, message)
        }
        _ => ApiError::BadRequest(format!("the body is not valid JSON: {inner}")),
    })
}

/// The body with every float that is a whole number (`2.0`) made an integer, if it has any.
fn integral_floats_as_integers(body: &[u8]) -> Option<serde_json::Value> {
    fn walk(value: &mut serde_json::Value) -> bool {
        match value {
            serde_json::Value::Number(number) if number.is_f64() => {
                let float = number.as_f64().unwrap_or(f64::NAN);
                // Within ±2^53 a whole float is exactly that integer.
                if float.fract() == 0.0 && float.abs() < 9_007_199_254_740_992.0 {
                    *value = serde_json::Value::from(float as i64);
                    return true;
                }
                false
            }
            serde_json::Value::Array(items) => {
                let mut changed = false;
                for item in items {
                    changed |= walk(item);
                }
                changed
            }
            serde_json::Value::Object(fields) => {
                let mut changed = false;
                for field in fields.values_mut() {
                    changed |= walk(field);
                }
                changed
            }
            _ => false,
        }
    }
    let mut value: serde_json::Value = serde_json::from_slice(body).ok()?;
    walk(&mut value).then_some(value)
}

/// serde names missing and unknown fields in its message, one level below the path it
/// reports: lift the name out so the error lands on the field itself.
fn field_of(path: &str, message: &str) -> (String, String) {
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| rest.split('`').next());
    // For unknown fields the path already ends with the name; for missing ones it does not.
    let join = |name: &str| match path {
        "." => name.to_owned(),
        _ if path == name || path.ends_with(&format!(".{name}")) => path.to_owned(),
        _ => format!("{path}.{name}"),
    };
    match named {
        Some(name) if message.starts_with("missing") => (join(name), "is required".to_owned()),
        Some(name) => (join(name), "is not a known field".to_owned()),
        None if path == "." => ("body".to_owned(), message.to_owned()),
        None => (path.to_owned(), message.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_float_is_read_as_the_integer_it_is_and_a_fraction_is_not() {
        let quantity = |body: &str| parse::<bazaar_shared::cart::SetQuantity>(body.as_bytes());
        assert_eq!(quantity(r#"{"quantity": 3.0}"#).unwrap().quantity, 3);
        assert_eq!(quantity(r#"{"quantity": 3}"#).unwrap().quantity, 3);
        assert!(matches!(
            quantity(r#"{"quantity": 3.5}"#),
            Err(ApiError::Invalid(_))
        ));
    }
    use bazaar_shared::auth::SellerSignupRequest;

    fn errors(body: &str) -> ApiError {
        parse::<SellerSignupRequest>(body.as_bytes()).err().unwrap()
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused_even_where_serde_would_read_it() {
        let error = parse::<bazaar_shared::account::UpdateMe>(b" [null, null]").unwrap_err();
        assert!(
            matches!(&error, ApiError::Invalid(errors) if errors.get("body").is_some()),
            "{error:?}"
        );
        assert!(parse::<bazaar_shared::account::UpdateMe>(b"{}").is_ok());
    }

    fn field_errors(body: &str) -> Vec<(String, Vec<String>)> {
        match errors(body) {
            ApiError::Invalid(errors) => errors.0.into_iter().collect(),
            other => panic!("expected 422, got {other:?}"),
        }
    }

    #[test]
    fn missing_unknown_and_mistyped_fields_are_named() {
        assert_eq!(field_errors(r#"{"name":"a"}"#)[0].0, "email");
        assert_eq!(field_errors(r#"{"name":"a","nick":1}"#)[0].0, "nick");
        let nested = field_errors(r#"{"name":"a","email":"e","password":"p","shop":{"name":5}}"#);
        assert_eq!(nested[0].0, "shop.name");
        assert!(
            nested[0].1[0].contains("expected a string"),
            "{:?}",
            nested[0].1
        );
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        assert!(matches!(errors("{\"name\":"), ApiError::BadRequest(_)));
    }
}
