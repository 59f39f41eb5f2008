//! Why a call did not give its answer, and how the UI words it.

use bazaar_shared::{FieldErrors, Problem};

/// Why a call did not give its answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The input was checked here, before sending, and is wrong.
    Invalid(FieldErrors),
    /// The server said no, with a problem-details body.
    Problem(Problem),
    /// The request did not get an answer (offline, server down, CORS).
    Network(String),
    /// The answer was not what this client understands.
    Unexpected(String),
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Problem(p) => Some(p.status),
            _ => None,
        }
    }

    /// Messages to show next to the form fields they belong to.
    pub fn field_errors(&self) -> FieldErrors {
        match self {
            Self::Invalid(errors) => errors.clone(),
            Self::Problem(p) => p.errors.clone().unwrap_or_default(),
            _ => FieldErrors::new(),
        }
    }

    /// One sentence for a toast.
    pub fn message(&self) -> String {
        match self {
            Self::Invalid(_) => "Some fields need your attention.".to_string(),
            Self::Problem(p) if !p.detail.is_empty() => p.detail.clone(),
            Self::Problem(p) => p.title.clone(),
            Self::Network(_) => {
                "Could not reach Bazaar. Check your connection and try again.".to_string()
            }
            Self::Unexpected(why) => format!("Something went wrong: {why}"),
        }
    }
}

impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> Self {
        Self::Invalid(errors)
    }
}
