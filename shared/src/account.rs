//! The signed-in account, its profile and its addresses.

use crate::image::Image;
use crate::validate::{self, NAME_MAX_CHARS, SHORT_TEXT_MAX_CHARS};
use crate::{AddressId, FieldErrors, ShopId, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Buyer,
    Seller,
    Admin,
}

impl Role {
    pub const ALL: [Self; 3] = [Self::Buyer, Self::Seller, Self::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Buyer => "buyer",
            Self::Seller => "seller",
            Self::Admin => "admin",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Pending,
    Active,
    Banned,
}

impl AccountStatus {
    pub const ALL: [Self; 3] = [Self::Pending, Self::Active, Self::Banned];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Banned => "banned",
        }
    }
}

/// The signed-in account as its owner sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub avatar: Option<Image>,
    /// Every account is a buyer; `seller` when it owns a shop; `admin` for admins.
    pub roles: Vec<Role>,
    pub status: AccountStatus,
    pub shop_id: Option<ShopId>,
    pub default_address_id: Option<AddressId>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// What anyone may see of an account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicProfile {
    pub id: UserId,
    pub name: String,
    pub avatar: Option<Image>,
    pub shop_id: Option<ShopId>,
    #[serde(with = "time::serde::rfc3339")]
    pub joined_at: OffsetDateTime,
}

/// PATCH /me: fields left out stay as they are; `phone: ""` clears the phone.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMe {
    pub name: Option<String>,
    pub phone: Option<String>,
}

impl UpdateMe {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Some(name) = &self.name {
            validate::check_text(&mut errors, "name", name, NAME_MAX_CHARS);
        }
        if let Some(phone) = self.phone.as_deref().filter(|p| !p.trim().is_empty()) {
            validate::check_phone(&mut errors, "phone", phone);
        }
        errors.into_result()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AddressLabel {
    Home,
    Office,
    Other,
}

impl AddressLabel {
    pub const ALL: [Self; 3] = [Self::Home, Self::Office, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Home => "home",
            Self::Office => "office",
            Self::Other => "other",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    pub id: AddressId,
    pub label: AddressLabel,
    pub country: String,
    pub city: String,
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
    pub is_default: bool,
}

/// POST /me/addresses. The first address becomes the default; `is_default: true` moves it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    pub label: AddressLabel,
    pub country: String,
    pub city: String,
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    pub postal_code: String,
    #[serde(default)]
    pub is_default: bool,
}

impl AddressInput {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_address_fields(
            &mut errors,
            [
                ("country", Some(&self.country)),
                ("city", Some(&self.city)),
                ("line1", Some(&self.line1)),
                ("postal_code", Some(&self.postal_code)),
            ],
        );
        validate::check_max(&mut errors, "line2", &self.line2, SHORT_TEXT_MAX_CHARS);
        errors.into_result()
    }
}

/// PATCH /me/addresses/{id}: fields left out stay as they are.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddressPatch {
    pub label: Option<AddressLabel>,
    pub country: Option<String>,
    pub city: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub postal_code: Option<String>,
    /// Only `true` means something: make this the default address.
    pub is_default: Option<bool>,
}

impl AddressPatch {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_address_fields(
            &mut errors,
            [
                ("country", self.country.as_ref()),
                ("city", self.city.as_ref()),
                ("line1", self.line1.as_ref()),
                ("postal_code", self.postal_code.as_ref()),
            ],
        );
        if let Some(line2) = &self.line2 {
            validate::check_max(&mut errors, "line2", line2, SHORT_TEXT_MAX_CHARS);
        }
        if self.is_default == Some(false) {
            errors.add("is_default", "choose another address as default instead");
        }
        errors.into_result()
    }
}

fn check_address_fields<'a>(
    errors: &mut FieldErrors,
    required: impl IntoIterator<Item = (&'a str, Option<&'a String>)>,
) {
    for (field, value) in required {
        if let Some(value) = value {
            validate::check_text(errors, field, value, SHORT_TEXT_MAX_CHARS);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UnknownValue;
    use std::str::FromStr;

    /// Every variant reads back from its stored text, which is also its JSON; others fail.
    fn reads_back<T>(all: &[T], as_str: fn(T) -> &'static str, unknown: &str)
    where
        T: Copy + PartialEq + std::fmt::Debug + Serialize + FromStr<Err = UnknownValue>,
    {
        for &value in all {
            assert_eq!(as_str(value).parse::<T>(), Ok(value));
            assert_eq!(serde_json::to_value(value).unwrap(), as_str(value));
        }
        assert_eq!(unknown.parse::<T>(), Err(UnknownValue(unknown.to_owned())));
    }

    #[test]
    fn roles_read_back_and_unknown_ones_are_errors() {
        reads_back(&Role::ALL, Role::as_str, "superuser");
    }

    #[test]
    fn account_statuses_read_back_and_unknown_ones_are_errors() {
        reads_back(&AccountStatus::ALL, AccountStatus::as_str, "Active");
    }

    #[test]
    fn address_labels_read_back_and_unknown_ones_are_errors() {
        reads_back(&AddressLabel::ALL, AddressLabel::as_str, "");
    }
}
