//! Shops: the seller's settings, the public page and the withdraw method.

use crate::catalog::Rating;
use crate::image::Image;
use crate::validate::{self, DESCRIPTION_MAX_CHARS, NAME_MAX_CHARS, SHORT_TEXT_MAX_CHARS};
use crate::{FieldErrors, ShopId, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The shop fields of seller sign-up and of opening a shop later.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShopInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub phone: String,
    pub address: String,
    pub postal_code: String,
}

impl ShopInput {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        validate::check_text(&mut errors, "name", &self.name, NAME_MAX_CHARS);
        validate::check_max(
            &mut errors,
            "description",
            &self.description,
            DESCRIPTION_MAX_CHARS,
        );
        validate::check_phone(&mut errors, "phone", &self.phone);
        validate::check_text(&mut errors, "address", &self.address, SHORT_TEXT_MAX_CHARS);
        validate::check_text(
            &mut errors,
            "postal_code",
            &self.postal_code,
            SHORT_TEXT_MAX_CHARS,
        );
        errors.into_result()
    }
}

/// PATCH /me/shop: fields left out stay as they are.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShopPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
}

impl ShopPatch {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Some(name) = &self.name {
            validate::check_text(&mut errors, "name", name, NAME_MAX_CHARS);
        }
        if let Some(description) = &self.description {
            validate::check_max(
                &mut errors,
                "description",
                description,
                DESCRIPTION_MAX_CHARS,
            );
        }
        if let Some(phone) = &self.phone {
            validate::check_phone(&mut errors, "phone", phone);
        }
        for (field, value) in [
            ("address", &self.address),
            ("postal_code", &self.postal_code),
        ] {
            if let Some(value) = value {
                validate::check_text(&mut errors, field, value, SHORT_TEXT_MAX_CHARS);
            }
        }
        errors.into_result()
    }
}

/// What anyone sees of a shop.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicShop {
    pub id: ShopId,
    pub name: String,
    pub description: String,
    pub avatar: Option<Image>,
    pub address: String,
    pub phone: String,
    /// Listed products.
    pub product_count: i64,
    /// The average over all reviews of the shop's products.
    pub rating: Rating,
    #[serde(with = "time::serde::rfc3339")]
    pub joined_at: OffsetDateTime,
}

/// The owner's view of the shop: the public part plus private settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(from = "crate::flat::FlatMyShop")]
pub struct MyShop {
    #[serde(flatten)]
    pub shop: PublicShop,
    pub owner_id: UserId,
    pub postal_code: String,
    pub withdraw_method: Option<WithdrawMethod>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WithdrawMethodInput {
    pub bank_name: String,
    pub bank_country: String,
    pub swift_code: String,
    pub account_number: String,
    pub holder_name: String,
    pub bank_address: String,
}

impl WithdrawMethodInput {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        for (field, value) in [
            ("bank_name", &self.bank_name),
            ("bank_country", &self.bank_country),
            ("holder_name", &self.holder_name),
            ("bank_address", &self.bank_address),
        ] {
            validate::check_text(&mut errors, field, value, SHORT_TEXT_MAX_CHARS);
        }
        // SWIFT/BIC: 4 bank letters, 2 country letters, 2 location, optional 3 branch.
        let swift = self.swift_code.trim();
        if !(swift.len() == 8 || swift.len() == 11)
            || !swift.chars().all(|c| c.is_ascii_alphanumeric())
        {
            errors.add("swift_code", "must be an 8 or 11 character SWIFT/BIC code");
        }
        let account = compact_account_number(&self.account_number);
        if !(6..=34).contains(&account.len()) || !account.chars().all(|c| c.is_ascii_alphanumeric())
        {
            errors.add(
                "account_number",
                "must be 6 to 34 letters and digits (IBAN or account number)",
            );
        }
        errors.into_result()
    }
}

/// An account number without the spaces people type into it.
pub fn compact_account_number(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// Shows only the last four characters: the full number never leaves the server.
pub fn mask_account_number(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    let visible = chars.len().min(4);
    let tail: String = chars[chars.len() - visible..].iter().collect();
    format!("{}{tail}", "•".repeat(chars.len() - visible))
}

/// The withdraw method as the API shows it, account number masked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawMethod {
    pub bank_name: String,
    pub bank_country: String,
    pub swift_code: String,
    pub account_number_masked: String,
    pub holder_name: String,
    pub bank_address: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_numbers_show_only_their_last_four() {
        assert_eq!(
            mask_account_number("DE89370400440532013000"),
            format!("{}3000", "•".repeat(18))
        );
        assert_eq!(mask_account_number("123"), "123");
    }

    #[test]
    fn account_numbers_lose_their_spaces() {
        assert_eq!(compact_account_number("de89 3704 0044"), "DE8937040044");
    }
}
