//! The one error type of the API, mapped to RFC 9457 problem+json in one place.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use bazaar_shared::{FieldErrors, Problem};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request could not be read: malformed JSON, a bad query string, a broken upload.
    #[error("{0}")]
    BadRequest(String),
    #[error("sign in to do this")]
    Unauthorized,
    /// Login failures never say which of the two was wrong.
    #[error("wrong e-mail or password")]
    BadCredentials,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A known path asked with a method it does not take; `allow` lists the ones it does.
    #[error("this path takes {allow}")]
    MethodNotAllowed { allow: String },
    /// The request is valid but clashes with what is stored: a taken e-mail, a wrong state.
    #[error("{detail}")]
    Conflict {
        detail: String,
        errors: Option<FieldErrors>,
    },
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("some fields are invalid")]
    Invalid(FieldErrors),
    #[error("too many requests; try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: u64 },
    /// A service we depend on (a payment provider) cannot be reached now; try again later.
    #[error("{0}")]
    Unavailable(String),
    /// Every core is busy with heavy work (decoding images, hashing passwords): the queue
    /// moves in moments, so the client is told to come back soon.
    #[error("the server is busy; try again in a moment")]
    Busy,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// A 422 for one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, message);
        Self::Invalid(errors)
    }

    /// A 409 that names the field at fault.
    pub fn conflict_on(field: &str, message: &str) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, message);
        Self::Conflict {
            detail: format!("{field} {message}"),
            errors: Some(errors),
        }
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::Conflict {
            detail: detail.into(),
            errors: None,
        }
    }

    /// The problem+json body that tells the client what went wrong.
    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let detail = match self {
            // The cause goes to the log, never to the client.
            Self::Internal(cause) => {
                tracing::error!(error = ?cause, "internal error");
                "internal error".to_owned()
            }
            other => other.to_string(),
        };
        let errors = match self {
            Self::Invalid(errors) => Some(errors.clone()),
            Self::Conflict { errors, .. } => errors.clone(),
            _ => None,
        };
        Problem {
            kind: format!("/problems/{}", self.code()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            errors,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad-request",
            Self::Unauthorized => "unauthorized",
            Self::BadCredentials => "bad-credentials",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not-found",
            Self::MethodNotAllowed { .. } => "method-not-allowed",
            Self::Conflict { .. } => "conflict",
            Self::PayloadTooLarge(_) => "payload-too-large",
            Self::UnsupportedMediaType(_) => "unsupported-media-type",
            Self::Invalid(_) => "validation",
            Self::RateLimited { .. } => "rate-limited",
            Self::Unavailable(_) => "unavailable",
            Self::Busy => "busy",
            Self::Internal(_) => "internal",
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> Self {
        Self::Invalid(errors)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized | Self::BadCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) | Self::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let problem = self.problem();
        let mut response = HttpResponse::build(status);
        response.content_type("application/problem+json");
        match self {
            Self::RateLimited { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from(*retry_after_secs)));
            }
            Self::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from(30u32)));
            }
            Self::MethodNotAllowed { allow } => {
                if let Ok(value) = HeaderValue::from_str(allow) {
                    response.insert_header((header::ALLOW, value));
                }
            }
            Self::Busy => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from(2u32)));
            }
            _ => {}
        }
        response.json(problem)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Turns a unique-index violation into the 409 it means, instead of racing a SELECT first.
pub trait OnConflict<T> {
    /// `table.column` names the unique column; both dialects name it in their own way.
    fn on_unique(self, table: &str, column: &str, to: impl FnOnce() -> ApiError) -> ApiResult<T>;
}

impl<T> OnConflict<T> for Result<T, sqlx::Error> {
    fn on_unique(self, table: &str, column: &str, to: impl FnOnce() -> ApiError) -> ApiResult<T> {
        match self {
            Err(sqlx::Error::Database(db)) if is_unique_violation(db.as_ref(), table, column) => {
                Err(to())
            }
            other => other.map_err(ApiError::from),
        }
    }
}

/// SQLite says "UNIQUE constraint failed: users.email"; PostgreSQL names the constraint
/// `users_email_key`, its default for a UNIQUE column.
fn is_unique_violation(error: &dyn sqlx::error::DatabaseError, table: &str, column: &str) -> bool {
    error.kind() == sqlx::error::ErrorKind::UniqueViolation
        && (error.constraint() == Some(&format!("{table}_{column}_key"))
            || error.message().contains(&format!("{table}.{column}")))
}
