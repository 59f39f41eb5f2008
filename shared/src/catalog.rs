//! Products, categories and the listing: what a shopper browses and a seller lists.

use crate::image::Image;
use crate::money::Money;
use crate::validate;
use crate::{EventId, FieldErrors, ImageId, ProductId, ShopId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub const PRODUCT_NAME_MAX_CHARS: usize = 120;
pub const PRODUCT_DESCRIPTION_MAX_CHARS: usize = 5_000;
pub const MAX_TAGS: usize = 10;
pub const TAG_MAX_CHARS: usize = 30;
pub const MAX_PRODUCT_IMAGES: usize = 10;
/// A sane ceiling for one price: 10 million in major units.
pub const MAX_PRICE: i64 = 1_000_000_000;
pub const MAX_STOCK: i64 = 1_000_000;

/// The fixed category list: (slug, name).
pub const CATEGORIES: &[(&str, &str)] = &[
    ("computers", "Computers and laptops"),
    ("phones", "Phones and tablets"),
    ("music-gaming", "Music and gaming"),
    ("accessories", "Accessories"),
    ("clothing", "Clothing"),
    ("shoes", "Shoes"),
    ("cosmetics", "Cosmetics and body care"),
    ("home", "Home and kitchen"),
    ("pets", "Pet care"),
    ("gifts", "Gifts"),
    ("other", "Other"),
];

pub fn is_category(slug: &str) -> bool {
    CATEGORIES.iter().any(|(s, _)| *s == slug)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    /// Listed (once it has an image).
    Active,
    /// Hidden from listings, kept for the seller and for past orders.
    Archived,
}

impl ProductStatus {
    pub const ALL: [Self; 2] = [Self::Active, Self::Archived];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Archived => "archived",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub category: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub original_price: Money,
    pub price: Money,
    pub stock: i64,
}

impl ProductInput {
    pub fn validate(&self, currency: &str) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_product(
            &mut errors,
            currency,
            ProductFields {
                name: Some(&self.name),
                description: Some(&self.description),
                category: Some(&self.category),
                tags: Some(&self.tags),
                original_price: Some(&self.original_price),
                price: Some(&self.price),
                stock: Some(self.stock),
            },
        );
        errors.into_result()
    }
}

/// PATCH /products/{id}: fields left out stay; `status` archives or re-activates.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub category: Option<String>,
    pub tags: Option<Vec<String>>,
    pub original_price: Option<Money>,
    pub price: Option<Money>,
    pub stock: Option<i64>,
    pub status: Option<ProductStatus>,
}

impl ProductPatch {
    /// Checks the fields given; the price rule is checked against the stored values too,
    /// by the server, once the patch is applied.
    pub fn validate(&self, currency: &str) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_product(
            &mut errors,
            currency,
            ProductFields {
                name: self.name.as_deref(),
                description: self.description.as_deref(),
                category: self.category.as_deref(),
                tags: self.tags.as_deref(),
                original_price: self.original_price.as_ref(),
                price: self.price.as_ref(),
                stock: self.stock,
            },
        );
        errors.into_result()
    }
}

struct ProductFields<'a> {
    name: Option<&'a str>,
    description: Option<&'a str>,
    category: Option<&'a str>,
    tags: Option<&'a [String]>,
    original_price: Option<&'a Money>,
    price: Option<&'a Money>,
    stock: Option<i64>,
}

fn check_product(errors: &mut FieldErrors, currency: &str, fields: ProductFields<'_>) {
    if let Some(name) = fields.name {
        validate::check_text(errors, "name", name, PRODUCT_NAME_MAX_CHARS);
    }
    if let Some(description) = fields.description {
        validate::check_max(
            errors,
            "description",
            description,
            PRODUCT_DESCRIPTION_MAX_CHARS,
        );
    }
    if let Some(category) = fields.category
        && !is_category(category)
    {
        errors.add(
            "category",
            "must be one of the categories GET /api/v1/categories lists",
        );
    }
    if let Some(tags) = fields.tags {
        if tags.len() > MAX_TAGS {
            errors.add("tags", format!("at most {MAX_TAGS} tags"));
        }
        if tags
            .iter()
            .any(|t| t.trim().is_empty() || t.chars().count() > TAG_MAX_CHARS)
        {
            errors.add(
                "tags",
                format!("each tag must be 1 to {TAG_MAX_CHARS} characters"),
            );
        }
    }
    for (field, money) in [
        ("original_price", fields.original_price),
        ("price", fields.price),
    ] {
        if let Some(money) = money {
            check_money(errors, field, money, currency);
        }
    }
    if let (Some(original), Some(price)) = (fields.original_price, fields.price)
        && price.amount > original.amount
    {
        errors.add("price", "must not exceed the original price");
    }
    if let Some(stock) = fields.stock
        && !(0..=MAX_STOCK).contains(&stock)
    {
        errors.add("stock", format!("must be between 0 and {MAX_STOCK}"));
    }
}

/// A price: in the deployment's currency, at least one cent, at most `MAX_PRICE`.
pub fn check_money(errors: &mut FieldErrors, field: &str, money: &Money, currency: &str) {
    if money.currency != currency {
        errors.add(field, format!("must be in {currency}"));
    } else if !(1..=MAX_PRICE).contains(&money.amount) {
        errors.add(
            field,
            format!("must be between 1 and {MAX_PRICE} minor units"),
        );
    }
}

/// Trims, lower-cases and de-duplicates tags, keeping their order.
pub fn normalize_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().to_lowercase();
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    /// 0 when there are no reviews yet; one decimal.
    pub average: f64,
    pub count: i64,
}

impl Rating {
    pub fn from_sum(sum: i64, count: i64) -> Self {
        let average = if count == 0 {
            0.0
        } else {
            (sum as f64 / count as f64 * 10.0).round() / 10.0
        };
        Self { average, count }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopSummary {
    pub id: ShopId,
    pub name: String,
}

/// The running sale of a product, as a card shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunningSale {
    pub event_id: EventId,
    pub price: Money,
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
}

/// What a product card shows, in listings and the wishlist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductCard {
    pub id: ProductId,
    pub name: String,
    pub shop: ShopSummary,
    /// What it sells for now: the running sale's price, else the regular price.
    pub effective_price: Money,
    pub price: Money,
    pub original_price: Money,
    pub sale: Option<RunningSale>,
    pub rating: Rating,
    pub thumbnail: Option<Image>,
    pub in_stock: bool,
    pub stock: i64,
    pub status: ProductStatus,
    pub sold_count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductImage {
    #[serde(flatten)]
    pub image: Image,
    pub position: u32,
}

/// Everything about one product.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(from = "crate::flat::FlatProduct")]
pub struct Product {
    #[serde(flatten)]
    pub card: ProductCard,
    pub description: String,
    pub category: String,
    pub tags: Vec<String>,
    pub images: Vec<Image>,
    pub shop_avatar: Option<Image>,
    /// The running event, or else the next upcoming one.
    pub event: Option<crate::event::EventSummary>,
    /// Set when an admin hid the product, and why: only its shop (and admins) see it then.
    pub hidden: Option<crate::admin::Hidden>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImageOrder {
    /// Every image of the product, in the new order.
    pub image_ids: Vec<ImageId>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProductSort {
    /// Best text match first (the default when searching).
    Relevance,
    /// The default without a search.
    #[default]
    Newest,
    PriceAsc,
    PriceDesc,
    BestSelling,
    TopRated,
    /// The largest share off the original price first: the best deals.
    Discount,
}

impl ProductSort {
    pub const ALL: [Self; 7] = [
        Self::Relevance,
        Self::Newest,
        Self::PriceAsc,
        Self::PriceDesc,
        Self::BestSelling,
        Self::TopRated,
        Self::Discount,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Newest => "newest",
            Self::PriceAsc => "price_asc",
            Self::PriceDesc => "price_desc",
            Self::BestSelling => "best_selling",
            Self::TopRated => "top_rated",
            Self::Discount => "discount",
        }
    }
}

/// One page of a list, and the cursor for the next (`None` on the last page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_statuses_read_back_and_unknown_ones_are_errors() {
        for status in ProductStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        // Once read as "active": a stored value we do not know must not list a product.
        assert!("deleted".parse::<ProductStatus>().is_err());
    }

    #[test]
    fn sorts_read_back_as_the_api_names_them() {
        for sort in ProductSort::ALL {
            assert_eq!(sort.as_str().parse(), Ok(sort));
            assert_eq!(serde_json::to_value(sort).unwrap(), sort.as_str());
        }
    }

    fn input() -> ProductInput {
        ProductInput {
            name: "Desk lamp".into(),
            description: "Warm light".into(),
            category: "home".into(),
            tags: vec!["Lamp".into(), "light".into()],
            original_price: Money::new(4_000, "USD"),
            price: Money::new(3_500, "USD"),
            stock: 3,
        }
    }

    #[test]
    fn a_price_above_the_original_price_is_refused() {
        let mut product = input();
        product.price.amount = 4_001;
        let errors = product.validate("USD").unwrap_err();
        assert_eq!(
            errors.get("price").unwrap(),
            ["must not exceed the original price"]
        );
    }

    #[test]
    fn prices_must_be_in_the_deployment_currency_and_positive() {
        let mut product = input();
        product.original_price.currency = "EUR".into();
        product.price.amount = 0;
        let errors = product.validate("USD").unwrap_err();
        assert!(errors.get("original_price").unwrap()[0].contains("USD"));
        assert!(errors.get("price").is_some());
    }

    #[test]
    fn categories_come_from_the_fixed_list_and_stock_is_not_negative() {
        let mut product = input();
        product.category = "weapons".into();
        product.stock = -1;
        let errors = product.validate("USD").unwrap_err();
        assert!(errors.get("category").is_some() && errors.get("stock").is_some());
        assert!(input().validate("USD").is_ok());
    }

    #[test]
    fn tags_are_trimmed_lowercased_and_unique() {
        let tags = ["  Lamp ", "lamp", "Desk", ""].map(String::from);
        assert_eq!(normalize_tags(&tags), ["lamp", "desk"]);
    }

    #[test]
    fn ratings_average_to_one_decimal() {
        assert_eq!(Rating::from_sum(14, 3).average, 4.7);
        assert_eq!(Rating::from_sum(0, 0).average, 0.0);
    }
}
