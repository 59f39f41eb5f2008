//! Sign-up, activation, login and password-reset bodies.

use crate::FieldErrors;
use crate::account::Me;
use crate::shop::ShopInput;
use crate::validate::{self, NAME_MAX_CHARS};
use serde::{Deserialize, Serialize};

/// A cookie the web UI can read, set beside the HttpOnly session cookie and ended with it:
/// it tells the app a session may exist, so an anonymous visit does not ask `GET /me` only
/// to be refused. It proves nothing; the session cookie does.
pub const SIGNED_IN_HINT_COOKIE: &str = "bazaar_signed_in";

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    pub name: String,
    pub email: String,
    pub password: String,
}

impl SignupRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        self.check(&mut errors);
        errors.into_result()
    }

    fn check(&self, errors: &mut FieldErrors) {
        check_account(errors, &self.name, &self.email, &self.password);
    }
}

fn check_account(errors: &mut FieldErrors, name: &str, email: &str, password: &str) {
    validate::check_text(errors, "name", name, NAME_MAX_CHARS);
    validate::check_email(errors, "email", email);
    validate::check_password(errors, "password", password);
}

/// A seller signs up with the account and the shop in one form.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SellerSignupRequest {
    pub name: String,
    pub email: String,
    pub password: String,
    pub shop: ShopInput,
}

impl SellerSignupRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_account(&mut errors, &self.name, &self.email, &self.password);
        if let Err(shop) = self.shop.validate() {
            errors.nest("shop", shop);
        }
        errors.into_result()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// The token from the e-mailed link.
    pub token: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EmailRequest {
    pub email: String,
}

impl EmailRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        validate::check_email(&mut errors, "email", &self.email);
        errors.into_result()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    pub token: String,
    pub password: String,
}

impl ResetPasswordRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        validate::check_password(&mut errors, "password", &self.password);
        errors.into_result()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

impl ChangePasswordRequest {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        validate::check_password(&mut errors, "new_password", &self.new_password);
        if self.new_password == self.current_password {
            errors.add("new_password", "must differ from the current password");
        }
        errors.into_result()
    }
}

/// Answer of login and activation: the account and a bearer token for apps
/// (the web build uses the HttpOnly cookie set alongside).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthResponse {
    pub user: Me,
    pub token: String,
}

/// Answer of sign-up: the account waits for its activation link.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupResponse {
    pub user: Me,
    pub message: String,
}

/// A plain confirmation, for endpoints that must not reveal whether an address exists.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub message: String,
}
